"""The bad-input corpus, made from the committed samples and by hand: damaged, encrypted, hostile,
huge and misnamed files, each as (file name, bytes)."""

from __future__ import annotations

import io
import random
import time
import zipfile
from functools import cache
from pathlib import Path

import msoffcrypto.format.ooxml
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from docscreen.extractors import pdf_reader
from docscreen.models import Document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SAMPLE_DOCX = SAMPLES / "山东省" / "山东省公共数据开放平台二期项目建设方案.docx"
SAMPLE_PDF = SAMPLES / "山东省" / "山东省电子证照共享服务系统项目建议书.pdf"
SONG = "STSong-Light"
MB = 1024 * 1024
pdfmetrics.registerFont(UnicodeCIDFont(SONG))


def truncated(data: bytes, keep: float) -> bytes:
    return data[: int(len(data) * keep)]


def bit_flipped(data: bytes, seed: int, flips: int = 40) -> bytes:
    """`flips` single-bit errors past the first 64 bytes (the magic survives, so the reader is tried)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        at = rng.randrange(64, len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def text_pdf(pages: int, lines: list[str], encrypt: StandardEncryption | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for n in range(1, pages + 1):
        c.setFont(SONG, 12)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 18 * i, line.format(n=n))
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    """Encrypted with an owner password; with a user password too when one is given."""
    return text_pdf(1, ["第一章 项目概况", "本项目总投资 100 万元。"], StandardEncryption(user_password, "owner-secret"))


@cache
def thousands_of_pages(pages: int = 2000) -> bytes:
    return text_pdf(pages, ["第 {n} 页 附件：设备清单与技术参数说明", "本页列出采购设备的型号、数量与单价，合计金额见汇总表。"])


def scanned_pdf(lines: list[str]) -> bytes:
    """A one-page PDF that is only an image of typed text, as a scanner makes it."""
    typed = pdfium.PdfDocument(text_pdf(1, lines))
    image = typed[0].render(scale=200 / 72, grayscale=True).to_pil()
    typed.close()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(image), 0, 0, width=595, height=842)
    c.showPage()
    c.save()
    return buf.getvalue()


def blank_scan_pdf() -> bytes:
    """An image with nothing on it: scanned, and nothing for OCR to find."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(Image.new("L", (60, 80), 235)), 50, 50, width=500, height=700)
    c.showPage()
    c.save()
    return buf.getvalue()


def password_docx(data: bytes) -> bytes:
    """The DOCX encrypted as Word does it (ECMA-376 agile encryption in an OLE container)."""
    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def _with_entry(data: bytes, name: str, content: bytes) -> bytes:
    """The zip with one entry's content replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == name else src.read(info))
    return out.getvalue()


def billion_laughs_docx(data: bytes) -> bytes:
    """word/document.xml replaced by ten levels of entities, each ten of the one before (10^10 "lol")."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 11)
    ]
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [' + "".join(levels) + "]>"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol10;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _with_entry(data, "word/document.xml", xml.encode())


def _raw_pdf(objects: list[str], root: int = 1) -> bytes:
    """A PDF from object bodies numbered from 1, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def looping_pdf() -> bytes:
    """A page tree whose /Pages node lists itself among its kids, and an outline whose items point
    at each other in a ring."""
    stream = "BT /F1 24 Tf 72 720 Td (Loop) Tj ET"
    return _raw_pdf([
        "<< /Type /Catalog /Pages 2 0 R /Outlines 5 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Outlines /First 6 0 R /Last 7 0 R /Count 2 >>",
        "<< /Title (A) /Parent 5 0 R /Next 7 0 R /Prev 7 0 R /First 7 0 R /Dest [3 0 R /Fit] >>",
        "<< /Title (B) /Parent 5 0 R /Next 6 0 R /Prev 6 0 R /First 6 0 R /Dest [3 0 R /Fit] >>",
    ])


@cache
def zeros_zip(megabytes: int, member: str, compresslevel: int) -> bytes:
    """A zip of one `member` holding `megabytes` MB of zeros, written a megabyte at a time
    (deflated about 230:1 at level 1, 1000:1 at level 9)."""
    buf = io.BytesIO()
    zeros = bytes(MB)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        with zf.open(member, "w") as w:
            for _ in range(megabytes):
                w.write(zeros)
    return buf.getvalue()


def zip_bomb(megabytes: int = 300) -> bytes:
    """Zeros named like a document."""
    return zeros_zip(megabytes, "附件.pdf", 9)


ODD_NAMES = (
    "-开头是减号 的文件.docx",
    "带 空格；分号;和'单引号\"双引号 🚀.pdf",
    "很长的文件名" * 13 + ".docx",
)


@cache
def corpus() -> dict[str, bytes]:
    """Every bad input by the name it is screened under."""
    docx, pdf = SAMPLE_DOCX.read_bytes(), SAMPLE_PDF.read_bytes()
    return {
        "零字节.docx": b"",
        "零字节.pdf": b"",
        "截断一半.docx": truncated(docx, 0.5),
        "截断一半.pdf": truncated(pdf, 0.5),
        "只剩开头.pdf": truncated(pdf, 0.02),
        "位翻转.docx": bit_flipped(docx, 1),
        "位翻转.pdf": bit_flipped(pdf, 1),
        "加密-打开密码.pdf": encrypted_pdf("user-secret"),
        "加密-仅权限密码.pdf": encrypted_pdf(""),
        "有密码.docx": password_docx(docx),
        "实体膨胀.docx": billion_laughs_docx(docx),
        "循环引用.pdf": looping_pdf(),
        "两千页.pdf": thousands_of_pages(),
        "压缩炸弹.zip": zip_bomb(),
        "其实是DOCX.pdf": docx,
        "其实是PDF.docx": pdf,
        ODD_NAMES[0]: docx,
        ODD_NAMES[1]: pdf,
        ODD_NAMES[2]: docx,
    }


def hang_on_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDF reading that never ends, as a hostile file can make it (the forked child inherits it)."""

    def hang(data: bytes, name: str) -> Document:
        time.sleep(3600)
        raise AssertionError("the watchdog let a read run for an hour")

    monkeypatch.setattr(pdf_reader, "read_pdf", hang)
