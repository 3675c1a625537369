"""Bytes to a `Document`: tell the format from the bytes themselves, never from the file name."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib

from docscreen.extractors.gc_pause import gc_paused
from docscreen.extractors.package_reader import ZIP_ERRORS
from docscreen.models import Document, ReadError

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"{\\rtf", "rtf"),
)
IMAGE_FORMATS = {"png", "jpeg", "gif", "tiff"}
_XML_HEAD = 4096


def sniff(data: bytes) -> str:
    """The container format: pdf, docx, zip, ole (legacy .doc or encrypted .docx), an image, or unknown."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for magic, fmt in MAGIC:
        if data.startswith(magic):
            return _zip_kind(data) if fmt == "zip" else fmt
    return "unknown"


def _zip_kind(data: bytes) -> str:
    """A DOCX is a zip whose own entries are an Office package; a zip of DOCX files is not one
    (its stored members carry word/ names in their bytes, so the bytes alone cannot tell)."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except ZIP_ERRORS:  # a damaged zip can raise more than BadZipFile (a bogus version: NotImplementedError)
        head = data[:65536]
        return "docx" if b"word/" in head or b"[Content_Types].xml" in head else "zip"
    return "docx" if "[Content_Types].xml" in names or any(n.startswith("word/") for n in names) else "zip"


def _declares_entities(data: bytes) -> bool:
    """An XML part with a DTD: the opening of an entity-expansion ("billion laughs") attack. Only
    each part's first bytes are inflated; a zip too damaged to list is left to the reader."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        head = part.read(_XML_HEAD)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        return True
    except (*ZIP_ERRORS, zlib.error, RuntimeError):
        return False
    return False


def _failed(data: bytes, name: str, fmt: str, error: ReadError) -> Document:
    return Document(
        name=name,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        errors=[error],
    )


def _legacy_word(data: bytes, name: str) -> Document:
    """A .doc or .wps (an OLE file that is not an encrypted DOCX), read as LibreOffice's DOCX of it."""
    from docscreen.extractors.docx_reader import read_docx
    from docscreen.extractors.office_convert import convert_to_docx

    fmt = "wps" if name.lower().endswith((".wps", ".wpt")) else "doc"
    converted = convert_to_docx(data, f".{fmt}")
    if isinstance(converted, ReadError):
        return _failed(data, name, fmt, converted)
    doc = read_docx(converted, name)
    doc.format, doc.sha256, doc.size_bytes = fmt, hashlib.sha256(data).hexdigest(), len(data)
    doc.errors.append(ReadError("converted", f"旧版 {fmt.upper()} 文件，经 LibreOffice 转换为 DOCX 后审查。"))
    return doc


@gc_paused()
def read_document(data: bytes, name: str) -> Document:
    """Read any supported input; what cannot be read still comes back as a Document saying why."""
    if not data:
        return _failed(data, name, "unknown", ReadError("empty", "文件为空（0 字节），没有可审查的内容。"))
    fmt = sniff(data)
    if fmt == "pdf":
        from docscreen.extractors.pdf_ocr import recognise_scanned_pages
        from docscreen.extractors.pdf_reader import read_pdf

        return recognise_scanned_pages(data, read_pdf(data, name))
    if fmt in {"docx", "ole"}:
        from docscreen.extractors.docx_reader import read_docx

        if fmt == "docx" and _declares_entities(data):
            message = "文档的 XML 部件声明了实体（DOCTYPE/ENTITY），Word 从不这样写，疑似实体膨胀攻击，未读取。"
            return _failed(data, name, fmt, ReadError("corrupt", message))
        doc = read_docx(data, name)
        if fmt == "ole" and any(e.code == "unsupported_format" for e in doc.errors):
            return _legacy_word(data, name)
        return doc
    if fmt in IMAGE_FORMATS:
        message = f"这是一张图片（{fmt.upper()}），不是 Word 或 PDF 文档；请提交文档原件或可检索的 PDF。"
        return _failed(data, name, fmt, ReadError("unsupported_format", message))
    if fmt == "zip":
        message = "这是一个压缩包而不是单个文档；请作为材料包提交（整个 .zip 作为一个审查单元）。"
        return _failed(data, name, fmt, ReadError("unsupported_format", message))
    message = "无法识别的文件格式：不是 DOCX 或 PDF 文档。"
    return _failed(data, name, fmt, ReadError("unsupported_format", message))
