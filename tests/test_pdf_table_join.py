"""A ruled table that runs over a page break comes out of read_pdf as one table block.

The PDFs are drawn here with reportlab (STSong-Light, as in test_pdf_reader): every page has a
running header and a page number, so the join also proves furniture does not stand between
the two halves of a table.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from docscreen.extractors.pdf_reader import read_pdf
from docscreen.extractors.pdf_tables import FoundTable, join_tables
from docscreen.models.document import BlockKind, Cell, Table

SONG = "STSong-Light"
WIDTH, HEIGHT = A4
LEFT = 72.0
ROW = 22.0
THREE = [LEFT, LEFT + 60, LEFT + 300, LEFT + 420]
FOUR = [LEFT, LEFT + 60, LEFT + 200, LEFT + 320, LEFT + 420]
SAMPLE_PDF = Path(__file__).resolve().parents[1] / "samples" / "营口市" / "营口市一网统管平台可行性研究报告.pdf"

pdfmetrics.registerFont(UnicodeCIDFont(SONG))

HEADER = ["序号", "费用名称", "金额（万元）"]
FIRST_HALF = [[str(i), f"应用系统模块{i}", f"{10 * i}.00"] for i in range(1, 21)]
SECOND_HALF = [[str(i), f"应用系统模块{i}", f"{10 * i}.00"] for i in range(21, 26)] + [["", "合计", "3250.00"]]
LONG = [[str(i), f"设备{i}", f"{i}.00"] for i in range(1, 61)] + [["", "合计", "1830.00"]]


def _grid(c: canvas.Canvas, top: float, xs: list[float], rows: list[list[str]], heights: list[float] | None = None) -> float:
    """A fully ruled grid with text in every cell; returns the y of its bottom rule."""
    heights = heights or [ROW] * len(rows)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] - h)
    c.setLineWidth(0.8)
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    c.setFont(SONG, 10)
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            for k, part in enumerate(text.split("\n")):
                c.drawString(xs[col] + 4, ys[r] - 15 - 12 * k, part)
    return ys[-1]


def _page(c: canvas.Canvas, number: int) -> float:
    c.setFont(SONG, 9)
    c.drawCentredString(WIDTH / 2, HEIGHT - 40, "某某市政务信息化项目可行性研究报告")
    c.drawCentredString(WIDTH / 2, 30, f"- {number} -")
    return HEIGHT - 90


def _line(c: canvas.Canvas, y: float, text: str) -> float:
    c.setFont(SONG, 12)
    c.drawString(LEFT, y, text)
    return y - 30


def _build() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)

    y = _line(c, _page(c, 1), "表1 项目投资估算表")  # p1-2: a table running on, header repeated
    _grid(c, y, THREE, [HEADER, *FIRST_HALF])
    c.showPage()
    y = _grid(c, _page(c, 2), THREE, [HEADER, *SECOND_HALF])
    _line(c, y - 30, "以上投资均为财政资金。")
    c.showPage()

    y = _line(c, _page(c, 3), "表2 人员配置表")  # p3-4: different tables meet at the break
    _grid(c, y, THREE, [["序号", "岗位", "人数"], ["1", "项目经理", "1"], ["2", "开发工程师", "6"]])
    c.showPage()
    y = _grid(c, _page(c, 4), FOUR, [["序号", "阶段", "工作内容", "时间安排"], ["1", "需求调研", "完成需求说明书", "2025年1月"]])
    _line(c, y - 30, "进度安排如上。")
    c.showPage()

    y = _line(c, _page(c, 5), "表3 费用明细表")  # p5-6: a row cut by the break, 续表 above the rest
    _grid(c, y, THREE, [HEADER, ["1", "数据采集系统", "1,250,00\n0.00"], ["2", "数据治理", "73.70"]], [ROW, 34, ROW])
    c.showPage()
    y = _line(c, _page(c, 6), "续表3")
    _grid(c, y, THREE, [["", "与系统集成费", ""], ["3", "安全保障系统", "30.00"]])
    c.showPage()

    y = _line(c, _page(c, 7), "表4 设备清单")  # p7-8: a note after the table ends its page
    y = _grid(c, y, THREE, [["序号", "名称", "数量"], ["1", "密码钥匙", "60"]])
    _line(c, y - 30, "注：以上设备由政务云提供。")
    c.showPage()
    _grid(c, _page(c, 8), THREE, [["序号", "名称", "数量"], ["1", "签名验签服务器", "2"]])
    c.showPage()

    y = _line(c, _page(c, 9), "表5 设备明细表")  # p9-11: one table over three pages, the middle one full
    _grid(c, y, THREE, [HEADER, *LONG[:28]])
    c.showPage()
    for page, rows in ((10, LONG[28:58]), (11, LONG[58:])):
        _grid(c, _page(c, page), THREE, [HEADER, *rows])
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def doc():
    return read_pdf(_build(), "分页表格.pdf")


def _tables(doc, page):
    return [b for b in doc.tables() if b.page == page]


def test_table_over_two_pages_is_one_block_with_one_header(doc):
    [block] = _tables(doc, 1)
    assert not _tables(doc, 2)
    table = block.table
    assert table.pages == [1, 2] and block.page == 1
    assert (table.n_rows, table.n_cols) == (1 + 20 + 6, 3)
    assert table.grid() == [HEADER, *FIRST_HALF, *SECOND_HALF]
    assert sorted((c.row, c.col) for c in table.cells) == [(r, c) for r in range(27) for c in range(3)]
    assert "合计\t3250.00" in block.text


def test_blocks_keep_reading_order_after_the_join(doc):
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    i = next(i for i, b in enumerate(doc.blocks) if b.kind is BlockKind.TABLE)
    assert doc.blocks[i - 1].text == "表1 项目投资估算表"
    assert doc.blocks[i + 1].text == "以上投资均为财政资金。" and doc.blocks[i + 1].page == 2


def test_tables_with_different_columns_stay_apart(doc):
    [staff] = _tables(doc, 3)
    [schedule] = _tables(doc, 4)
    assert staff.table.pages == [3] and staff.table.n_cols == 3
    assert schedule.table.pages == [4] and schedule.table.n_cols == 4


def test_row_cut_by_the_page_break_is_whole_again(doc):
    """Also: a figure wrapped inside its narrow cell reads as one figure."""
    [block] = _tables(doc, 5)
    assert not _tables(doc, 6)
    assert block.table.pages == [5, 6]
    assert block.table.grid() == [
        HEADER, ["1", "数据采集系统", "1,250,000.00"], ["2", "数据治理与系统集成费", "73.70"], ["3", "安全保障系统", "30.00"]]
    assert not any(b.text.startswith("续表") for b in doc.blocks)


def test_table_over_three_pages_is_one_block(doc):
    [block] = _tables(doc, 9)
    assert block.table.pages == [9, 10, 11]
    assert block.table.grid() == [HEADER, *LONG]


def test_table_followed_by_a_note_is_not_continued(doc):
    [devices] = _tables(doc, 7)
    [next_page] = _tables(doc, 8)
    assert devices.table.pages == [7] and next_page.table.pages == [8]
    assert any(b.text.startswith("注：") and b.page == 7 for b in doc.blocks)


def _found(rows: list[list[str]], page: int, spans: dict[tuple[int, int], int] | None = None) -> FoundTable:
    """A found table from a grid; `spans` gives rowspans, the covered slots left out."""
    spans = spans or {}
    covered = {(r + k, c) for (r, c), n in spans.items() for k in range(1, n)}
    cells = [
        Cell(text, r, c, rowspan=spans.get((r, c), 1))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if (r, c) not in covered
    ]
    table = Table(cells, len(rows), len(rows[0]), pages=[page])
    return FoundTable(table, top=100.0, bbox=(72.0, 100.0, 500.0, 700.0), columns=(72.0, 200.0, 350.0, 500.0))


def test_two_row_header_repeated_is_dropped():
    head = [["序号", "项目", "金额（万元）"], ["", "", "2025年"]]
    joined = join_tables(_found([*head, ["1", "软件", "10"]], 3), _found([*head, ["2", "硬件", "20"]], 4))
    assert joined.table.grid() == [*head, ["1", "软件", "10"], ["2", "硬件", "20"]]
    assert joined.table.pages == [3, 4]


def test_vertical_merge_across_the_break_is_not_a_cut_row():
    """KPI table: 效益指标 spans rows on both pages; the next page's first row is a row of its own."""
    first = _found([["一级指标", "二级指标", "指标值"], ["效益指标", "社会效益", "≥30%"]], 5)
    nxt = _found([["", "可持续影响", "≥99.5%"], ["满意度指标", "用户满意度", "≥90%"]], 6)
    assert join_tables(first, nxt).table.grid() == [
        ["一级指标", "二级指标", "指标值"],
        ["效益指标", "社会效益", "≥30%"],
        ["", "可持续影响", "≥99.5%"],
        ["满意度指标", "用户满意度", "≥90%"],
    ]


def test_total_row_opening_the_next_page_stays_a_row():
    first = _found([["序号", "名称", "金额"], ["1", "软件开发", "10.00"]], 1)
    nxt = _found([["", "合计", "10.00"]], 2)
    assert join_tables(first, nxt).table.grid()[-1] == ["", "合计", "10.00"]


def test_sample_budget_table_over_two_pages_is_one_table():
    doc = read_pdf(SAMPLE_PDF.read_bytes(), SAMPLE_PDF.name)
    [block] = [b for b in doc.tables() if b.text.startswith("序号\t费用名称")]
    assert len(block.table.pages) == 2 and block.page == block.table.pages[0]
    grid = block.table.grid()
    assert sum(1 for r in grid if r[1] == "费用名称") == 1
    assert not [r for r in grid if not r[0] and r[1] != "合计"]  # no half row left at the break
    assert grid[-1][1] == "合计"


def test_figure_cut_by_the_break_is_joined_but_a_whole_one_is_not():
    first = _found([["序号", "名称", "金额"], ["1", "数据治理与迁移", "506,500."]], 1)
    cut = _found([["", "", "00"], ["2", "系统集成", "230,500.00"]], 2)
    assert join_tables(first, cut).table.grid()[1:] == [["1", "数据治理与迁移", "506,500.00"], ["2", "系统集成", "230,500.00"]]
    whole = _found([["", "", "230,500.00"]], 2)
    assert join_tables(first, whole).table.n_rows == 3
