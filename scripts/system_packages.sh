#!/usr/bin/env bash
# The Debian packages the tests drive, installed only when missing: Chromium for the browser
# tests (through playwright, never `playwright install`), LibreOffice (.doc/.wps) and tesseract
# chi_sim (scanned PDFs), which tests/test_bad_inputs.py exercises both present and absent.
# docscreen itself runs without any of them.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || missing+=(tesseract-ocr-chi-sim)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
