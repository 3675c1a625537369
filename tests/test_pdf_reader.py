"""read_pdf on PDFs built here with reportlab (Chinese via the built-in CID font STSong-Light).

pypdfium2 extracts STSong-Light text correctly (non-embedded, Adobe-GB1 with a UCS-2 CMap).
pdfium already merges a glyph drawn twice at almost the same spot; WPS-style doubled text
survives pdfium only when the copy is shifted by about half a glyph, so the fake-bold line
here is drawn that way.
"""

from __future__ import annotations

import copy
import io
import pickle
import re

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import cidfonts, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from docscreen.extractors.pdf_reader import read_pdf
from docscreen.models.document import BlockKind, PageStatus

SONG = "STSong-Light"
SONG_BOLD = "STSong-Light-Bold"
WIDTH, HEIGHT = A4
LEFT, RIGHT = 72.0, WIDTH - 72.0
HEADER = "某某市政务信息化项目可行性研究报告"
BODY = (
    "本项目依托全市统一的电子政务外网和政务云平台建设，按照集约化建设的要求，整合各部门已有的数据资源，"
    "形成覆盖人口、法人、空间地理和电子证照的基础数据库，支撑跨部门业务协同和数据共享交换。"
)
SECOND = "项目建设内容包括数据共享交换平台、数据治理系统和安全保障体系，建设周期为十二个月。"


class _BoldSong(UnicodeCIDFont):
    """STSong-Light under the BaseFont name "STSong-Light,Bold": a bold font pdfium reports as such."""

    def __init__(self) -> None:
        super().__init__(SONG)
        self.name = self.fontName = SONG_BOLD

    def addObjects(self, doc: object) -> None:
        saved = cidfonts.CIDFontInfo[SONG]
        info = copy.deepcopy(saved)
        info["BaseFont"] = "/STSong-Light,Bold"
        info["DescendantFonts"][0]["BaseFont"] = "/STSong-Light,Bold"
        cidfonts.CIDFontInfo[SONG] = info
        try:
            super().addObjects(doc)
        finally:
            cidfonts.CIDFontInfo[SONG] = saved


pdfmetrics.registerFont(UnicodeCIDFont(SONG))
pdfmetrics.registerFont(_BoldSong())


def _wrap(text: str, size: float, first_indent: float = 0.0) -> list[tuple[float, str]]:
    """Lines of fixed-width CJK text filling LEFT..RIGHT, with their x position."""
    out: list[tuple[float, str]] = []
    x = LEFT + first_indent
    while text:
        n = int((RIGHT - x) // size)
        out.append((x, text[:n]))
        text, x = text[n:], LEFT
    return out


class _Writer:
    def __init__(self, c: canvas.Canvas) -> None:
        self.c = c
        self.y = HEIGHT - 90

    def line(self, text: str, size: float = 12, font: str = SONG, x: float = LEFT) -> None:
        self.c.setFont(font, size)
        self.c.drawString(x, self.y, text)
        self.y -= size * 1.5

    def paragraph(self, text: str, size: float = 12) -> None:
        for x, part in _wrap(text, size, first_indent=2 * size):
            self.line(part, size, x=x)


def _furniture(c: canvas.Canvas, page: int) -> None:
    c.setFont(SONG, 9)
    c.drawCentredString(WIDTH / 2, HEIGHT - 40, HEADER)
    c.drawCentredString(WIDTH / 2, 30, f"- {page} -")


def _ruled_table(c: canvas.Canvas, top: float) -> float:
    """3 columns × 4 rows; row 0 has "建设内容" spanning columns 0–1, column 2 rows 2–3 merged."""
    xs = [LEFT, LEFT + 150, LEFT + 300, LEFT + 420]
    ys = [top - 24 * i for i in range(5)]
    c.setLineWidth(0.8)
    for y in (ys[0], ys[1], ys[2], ys[4]):
        c.line(xs[0], y, xs[3], y)
    c.line(xs[0], ys[3], xs[2], ys[3])  # row 2/3 border stops short of the merged column
    for x in (xs[0], xs[3]):
        c.line(x, ys[0], x, ys[4])
    c.line(xs[1], ys[1], xs[1], ys[4])  # no border between columns 0 and 1 in the header row
    c.line(xs[2], ys[0], xs[2], ys[4])
    cells = {
        (0, 0): "建设内容",
        (0, 2): "金额（万元）",
        (1, 0): "数据共享平台",
        (1, 1): "软件开发",
        (1, 2): "120.00",
        (2, 0): "安全保障体系",
        (2, 1): "等级保护测评",
        (2, 2): "80.00",
        (3, 0): "运行维护",
        (3, 1): "年度运维",
    }
    c.setFont(SONG, 10)
    for (r, col), text in cells.items():
        c.drawString(xs[col] + 4, ys[r] - 16, text)
    return ys[4]


def _report_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(SONG, 22)
    c.drawCentredString(WIDTH / 2, 600, HEADER)
    c.setFont(SONG, 14)
    c.drawCentredString(WIDTH / 2, 560, "某某市大数据管理局")
    c.showPage()

    w = _Writer(c)  # page 2: TOC
    _furniture(c, 2)
    c.setFont(SONG, 16)
    c.drawCentredString(WIDTH / 2, w.y, "目 录")
    w.y -= 30
    for entry, page in [("第一章 总论", 4), ("1.1 项目概况", 4), ("1.2 建设内容", 4), ("第二章 建设方案", 5)]:
        w.line(f"{entry} {'.' * 40} {page}")
    c.showPage()

    w = _Writer(c)  # page 3: TOC continued, no title
    _furniture(c, 3)
    for entry, page in [("2.1 总体架构", 5), ("2.2 投资估算", 5), ("第三章 运行维护", 7), ("附件 设备清单", 7)]:
        w.line(f"{entry} {'.' * 40} {page}")
    c.showPage()

    w = _Writer(c)  # page 4: headings, paragraphs, fake bold, 谢谢
    _furniture(c, 4)
    c.bookmarkPage("ch1")
    c.addOutlineEntry("第一章 总论", "ch1", level=0)
    c.bookmarkPage("s1.1")
    c.addOutlineEntry("1.1 项目概况", "s1.1", level=1)
    w.line("第一章 总论", 16, SONG_BOLD)
    w.line("1.1 项目概况", 14, SONG_BOLD)
    w.paragraph(BODY)
    w.paragraph(SECOND)
    c.setFont(SONG, 12)
    for i, ch in enumerate("总体解决方案"):  # WPS fake bold: each glyph twice, half a glyph apart
        c.drawString(LEFT + 12 * i, w.y, ch)
        c.drawString(LEFT + 12 * i + 6, w.y, ch)
    w.y -= 18
    w.line("感谢各单位的大力支持，谢谢。")
    c.showPage()

    w = _Writer(c)  # page 5: a ruled table between two paragraphs
    _furniture(c, 5)
    c.bookmarkPage("ch2")
    c.addOutlineEntry("第二章 建设方案", "ch2", level=0)
    w.line("第二章 建设方案", 16, SONG_BOLD)
    w.line("表1 投资构成如下：")
    w.y = _ruled_table(c, w.y) - 30
    w.line("以上投资均为财政资金。")
    c.showPage()

    _furniture(c, 6)  # page 6: a scanned page, furniture printed over the image
    image = Image.new("RGB", (200, 280), (250, 250, 240))
    c.drawImage(ImageReader(image), LEFT, 200, width=400, height=560)
    c.showPage()

    w = _Writer(c)  # page 7
    _furniture(c, 7)
    w.line("第三章 运行维护", 16, SONG_BOLD)
    w.paragraph(BODY)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def report():
    return read_pdf(_report_pdf(), "报告.pdf")


def _texts(doc, page=None):
    return [b.text for b in doc.blocks if b.kind is BlockKind.PARAGRAPH and (page is None or b.page == page)]


def test_document_basics(report):
    assert report.format == "pdf"
    assert report.pages == 7 and not report.pages_estimated
    assert report.readable
    assert len(report.sha256) == 64 and report.size_bytes > 0
    assert [p.number for p in report.page_info] == list(range(1, 8))
    assert report.title == HEADER


def test_running_header_and_page_numbers_are_removed(report):
    for page in range(2, 8):
        for text in _texts(report, page):
            assert HEADER not in text
            assert not re.fullmatch(r"[-\s\d]+", text)
    assert _texts(report, 1)[0] == HEADER  # the cover title is no header: it is not in the band


def test_toc_pages_feed_document_toc(report):
    toc_blocks = [b for b in report.blocks if b.in_toc]
    assert {b.page for b in toc_blocks} == {2, 3}
    assert report.toc == [
        "第一章 总论",
        "1.1 项目概况",
        "1.2 建设内容",
        "第二章 建设方案",
        "2.1 总体架构",
        "2.2 投资估算",
        "第三章 运行维护",
        "附件 设备清单",
    ]
    assert not any(b.in_toc for b in report.blocks if b.page not in (2, 3))


def test_headings_carry_size_and_bold(report):
    by_text = {b.text: b for b in report.blocks if b.kind is BlockKind.PARAGRAPH and not b.in_toc}
    assert by_text["第一章 总论"].size == 16 and by_text["第一章 总论"].bold
    assert by_text["1.1 项目概况"].size == 14 and by_text["1.1 项目概况"].bold
    assert by_text[BODY].size == 12 and not by_text[BODY].bold


def test_wrapped_lines_become_one_paragraph(report):
    page4 = _texts(report, 4)
    assert BODY in page4 and SECOND in page4
    assert page4.index(SECOND) == page4.index(BODY) + 1


def test_fake_bold_collapses_but_real_repeats_survive(report):
    page4 = _texts(report, 4)
    assert "总体解决方案" in page4
    assert not any("解解" in t for t in page4)
    assert "感谢各单位的大力支持，谢谢。" in page4


def test_ruled_table_with_merged_cells(report):
    tables = report.tables()
    assert len(tables) == 1
    block = tables[0]
    table = block.table
    assert block.page == 5 and table.pages == [5]
    assert (table.n_rows, table.n_cols) == (4, 3)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells}
    assert spans[(0, 0)] == (1, 2)
    assert spans[(2, 2)] == (2, 1)
    assert (0, 1) not in spans and (3, 2) not in spans
    assert table.grid() == [
        ["建设内容", "", "金额（万元）"],
        ["数据共享平台", "软件开发", "120.00"],
        ["安全保障体系", "等级保护测评", "80.00"],
        ["运行维护", "年度运维", ""],
    ]
    page5 = [b for b in report.blocks if b.page == 5]
    assert [b.kind for b in page5] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH, BlockKind.TABLE, BlockKind.PARAGRAPH]
    assert not any("软件开发" in t for t in _texts(report, 5))


def test_scanned_page_is_flagged_not_fatal(report):
    status = {p.number: p.status for p in report.page_info}
    assert status[6] is PageStatus.NO_TEXT_LAYER
    assert status[4] is PageStatus.TEXT
    assert [(e.code, e.page) for e in report.errors] == [("page_no_text_layer", 6)]
    assert _texts(report, 6) == []


def test_bookmarks(report):
    assert [(b.title, b.level, b.page) for b in report.bookmarks] == [
        ("第一章 总论", 1, 4),
        ("1.1 项目概况", 2, 4),
        ("第二章 建设方案", 1, 5),
    ]


def test_blocks_are_indexed_in_reading_order(report):
    assert [b.index for b in report.blocks] == list(range(len(report.blocks)))
    pages = [b.page for b in report.blocks]
    assert pages == sorted(pages)


def _small_pdf(text: str = "正文内容", **kwargs) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, **kwargs)
    c.setFont(SONG, 12)
    c.drawString(LEFT, 700, text)
    c.save()
    return buf.getvalue()


def test_user_password_is_encrypted():
    doc = read_pdf(_small_pdf(encrypt=StandardEncryption("user", "owner")), "x.pdf")
    assert [e.code for e in doc.errors] == ["encrypted"]
    assert not doc.readable and doc.blocks == []


def test_owner_password_only_is_read():
    doc = read_pdf(_small_pdf("仅设置了权限密码", encrypt=StandardEncryption("", "owner")), "x.pdf")
    assert doc.errors == []
    assert _texts(doc) == ["仅设置了权限密码"]


def test_all_scanned_document_has_no_text_layer():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(2):
        c.drawImage(ImageReader(Image.new("L", (50, 70), 200)), 50, 50, width=500, height=700)
        c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), "scan.pdf")
    assert [e.code for e in doc.errors] == ["no_text_layer"]
    assert "扫描件" in doc.errors[0].message
    assert {p.status for p in doc.page_info} == {PageStatus.NO_TEXT_LAYER}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"this is not a pdf at all", "corrupt"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog", "corrupt"),
    ],
)
def test_bad_bytes_become_errors(data, code):
    doc = read_pdf(data, "bad.pdf")
    assert [e.code for e in doc.errors] == [code]
    assert doc.errors[0].message
    assert not doc.readable


def test_truncated_pdf_is_corrupt():
    data = _report_pdf()
    doc = read_pdf(data[: len(data) // 2], "cut.pdf")
    assert [e.code for e in doc.errors] == ["corrupt"]
    assert doc.pages is None and doc.blocks == []


def test_zero_page_pdf_is_empty():
    buf = io.BytesIO()
    pdfium.PdfDocument.new().save(buf)
    doc = read_pdf(buf.getvalue(), "zero.pdf")
    assert [e.code for e in doc.errors] == ["empty"]


def test_read_document_survives_a_pipe(report):
    """A read document crosses a process pipe as a pickle (the watchdog's child read): every block,
    table and page fact comes back equal."""
    back = pickle.loads(pickle.dumps(report, pickle.HIGHEST_PROTOCOL))
    assert back == report
    assert [b.table for b in back.blocks if b.table] and back.page_info and back.bookmarks
