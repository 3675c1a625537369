"""Legacy Word (.doc) and WPS files to DOCX through LibreOffice, when it is installed.

The converter is optional and found at run time ($DOCSCREEN_SOFFICE, else `soffice` or
`libreoffice` on PATH). It works on a copy in a private temporary folder with its own profile,
so parallel conversions do not collide and the original is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docscreen.models import ReadError

CONVERT_SECONDS = 180
DEBIAN_PACKAGE = "libreoffice-writer-nogui"


def soffice() -> str | None:
    """The LibreOffice binary to use, or None; a configured path that does not exist is None."""
    configured = os.environ.get("DOCSCREEN_SOFFICE")
    if configured is not None:
        return configured if Path(configured).is_file() and os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, suffix: str) -> bytes | ReadError:
    """The DOCX LibreOffice makes of `data`, or why there is none."""
    binary = soffice()
    if binary is None:
        return ReadError(
            "converter_missing",
            f"旧版 Word（.doc）或 WPS 文件需要 LibreOffice 转换后才能审查，本机未安装 LibreOffice"
            f"（Debian/Ubuntu：apt-get install {DEBIAN_PACKAGE}）。",
        )
    with tempfile.TemporaryDirectory(prefix="docscreen-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        command = [
            binary, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", "docx", "--outdir", str(work / "out"), str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False, cwd=work)
        except subprocess.TimeoutExpired:
            return ReadError("conversion_failed", f"LibreOffice 转换超过 {CONVERT_SECONDS} 秒未完成，已放弃。")
        except OSError as exc:
            return ReadError("converter_missing", f"无法启动 LibreOffice（{binary}：{exc.strerror}）。")
        converted = work / "out" / "input.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            return ReadError("conversion_failed", "LibreOffice 未能转换此文件（文件可能已损坏或不是 Word/WPS 文档）。")
        return converted.read_bytes()
