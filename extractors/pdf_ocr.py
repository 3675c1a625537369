"""Scanned PDF pages to text through tesseract (chi_sim), when it is installed.

The PDF reader marks pages that hold images and no text layer; this renders each of them with
PDFium and recognises it, page by page, so a partly scanned document keeps its typed pages as
they are. The blocks it adds say `ocr=True` and the document lists the pages in `ocr_pages`.
Without tesseract or its Chinese model the reader's "no text layer" errors stay, naming what to
install. Found at run time: $DOCSCREEN_TESSERACT, else `tesseract` on PATH.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

from docscreen.models.document import Block, BlockKind, Document, PageStatus, ReadError

OCR_DPI = 250
OCR_SECONDS_PER_PAGE = 120
LANGUAGE = "chi_sim"
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-chi-sim"
_SCAN_ERRORS = frozenset({"no_text_layer", "page_no_text_layer"})
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SHORT_LINE = 0.8


def tesseract() -> str | None:
    """The tesseract binary, if it exists and has the Chinese model; a configured path that does
    not exist is None."""
    configured = os.environ.get("DOCSCREEN_TESSERACT")
    binary = configured if configured is not None else shutil.which("tesseract")
    if binary is None or not (Path(binary).is_file() and os.access(binary, os.X_OK)):
        return None
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return binary if LANGUAGE in listed.stdout.split() else None


def recognise_scanned_pages(data: bytes, doc: Document) -> Document:
    """OCR every page the reader found scanned; without a usable tesseract, say what is missing."""
    scanned = [p.number for p in doc.page_info if p.status is PageStatus.NO_TEXT_LAYER]
    if not scanned:
        return doc
    binary = tesseract()
    if binary is None:
        hint = f"（本机未安装 OCR：tesseract 及其中文模型，Debian/Ubuntu：apt-get install {DEBIAN_PACKAGES}）"
        for e in doc.errors:
            if e.code in _SCAN_ERRORS:
                e.message = e.message.rstrip("。") + hint + "。"
        return doc
    texts = _recognise(data, scanned, binary, doc)
    if not texts:
        return doc
    _merge(doc, texts)
    return doc


def _recognise(data: bytes, pages: list[int], binary: str, doc: Document) -> dict[int, str]:
    import pypdfium2 as pdfium

    from docscreen.extractors.pdfium_lock import PDFIUM_LOCK

    texts: dict[int, str] = {}
    for number in pages:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                image = pdf[number - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            finally:
                pdf.close()
        png = io.BytesIO()
        image.save(png, format="PNG")
        try:
            done = subprocess.run(
                [binary, "-", "-", "-l", LANGUAGE], input=png.getvalue(), capture_output=True,
                timeout=OCR_SECONDS_PER_PAGE, check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            doc.errors.append(ReadError("page_ocr_failed", f"第 {number} 页 OCR 识别失败或超时。", page=number))
            continue
        text = done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else ""
        if text:
            texts[number] = text
        else:
            doc.errors.append(ReadError("page_ocr_failed", f"第 {number} 页 OCR 未识别出文字。", page=number))
    return texts


def _paragraphs(text: str) -> list[str]:
    """Paragraphs from tesseract's blank-line-separated blocks: within one, a line that stops well
    short of the longest ends its paragraph (a heading, a paragraph's last line). Tesseract also
    spaces out CJK characters."""
    found = []
    for chunk in _BLANK_LINES.split(text):
        lines = [_CJK_GAP.sub("", line.strip()) for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        full = max(len(line) for line in lines)
        current = ""
        for line in lines:
            current += line
            if len(line) < _SHORT_LINE * full:
                found.append(current)
                current = ""
        if current:
            found.append(current)
    return found


def _merge(doc: Document, texts: dict[int, str]) -> None:
    """The recognised paragraphs in page order among the read blocks; the pages' scan errors go."""
    added = [
        Block(index=0, kind=BlockKind.PARAGRAPH, text=para, page=number, ocr=True)
        for number, text in sorted(texts.items())
        for para in _paragraphs(text)
    ]
    doc.blocks = sorted(doc.blocks + added, key=lambda b: b.page or 0)  # stable: a page keeps its order
    for i, block in enumerate(doc.blocks):
        block.index = i
    doc.ocr_pages = sorted(texts)
    for info in doc.page_info:
        if info.number in texts:
            info.status = PageStatus.TEXT
            info.chars = len(texts[info.number])
    doc.errors = [e for e in doc.errors if not _cleared(e, texts)]
    doc.errors.append(
        ReadError("ocr", f"第 {_page_list(doc.ocr_pages)} 页为扫描图像，文字经 OCR 识别，可能有误，请核对原件。")
    )


def _cleared(error: ReadError, texts: dict[int, str]) -> bool:
    if error.code == "page_no_text_layer":
        return error.page in texts
    return error.code == "no_text_layer"


def _page_list(pages: list[int]) -> str:
    """1-3, 7 rather than 1, 2, 3, 7."""
    runs: list[list[int]] = []
    for n in pages:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)
