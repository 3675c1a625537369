"""read_budget_tables: which tables are budgets, and their lines' levels, roles, units and categories.

Documents are built as readers build them (tests/_blocks.py), as DOCX files with merged cells
(python-docx), and read from the generated samples.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from docscreen.extractors.budget_items import classify_item
from docscreen.extractors.budget_tables import read_budget_tables
from docscreen.extractors.docx_reader import read_docx
from docscreen.extractors.pdf_reader import read_pdf
from docscreen.models.budget import LineRole, UnitSource
from docscreen.models.document import Block, BlockKind, Cell, Document, Table
from tests._blocks import make_doc
from tests.docx_builders import new_doc, to_bytes

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "营口市"
WAN = Decimal(10000)

ESTIMATE = [
    ["序号", "费用名称", "金额（万元）", "备注"],
    ["一", "工程费用", "300.00", ""],
    ["（一）", "硬件设备购置费", "200.00", ""],
    ["1", "服务器", "120.00", ""],
    ["1.1", "GPU服务器", "70.00", ""],
    ["1.2", "机架式服务器", "50.00", ""],
    ["2", "磁盘阵列", "80.00", ""],
    ["（二）", "软件开发费", "100.00", ""],
    ["1", "数据中台", "60.00", ""],
    ["2", "共享门户", "40.00", ""],
    ["", "小计", "100.00", ""],
    ["二", "工程建设其他费用", "20.00", ""],
    ["1", "工程监理费", "20.00", ""],
    ["", "合 计", "320.00", "按一、二项之和计"],
]


def _one(doc: Document):
    [table] = read_budget_tables(doc)
    return table


def _shape(table):
    return [(line.number, line.label, line.level, line.parent, line.role) for line in table.lines]


def test_estimate_levels_parents_and_roles():
    table = _one(make_doc(["本项目投资估算如下。", "表5-1 项目投资估算表（单位：万元）", {"table": ESTIMATE}]))
    I, S, T = LineRole.ITEM, LineRole.SUBTOTAL, LineRole.TOTAL
    assert _shape(table) == [
        ("一", "工程费用", 1, None, S),
        ("（一）", "硬件设备购置费", 2, 0, S),
        ("1", "服务器", 3, 1, S),
        ("1.1", "GPU服务器", 4, 2, I),
        ("1.2", "机架式服务器", 4, 2, I),
        ("2", "磁盘阵列", 3, 1, I),
        ("（二）", "软件开发费", 2, 0, S),
        ("1", "数据中台", 3, 9, I),  # summed by the 小计 below them
        ("2", "共享门户", 3, 9, I),
        ("", "小计", 3, 6, S),
        ("二", "工程建设其他费用", 1, None, S),
        ("1", "工程监理费", 3, 10, I),
        ("", "合 计", 0, None, T),
    ]
    assert table.caption == "表5-1 项目投资估算表（单位：万元）"
    assert (table.block, table.pages, table.joined_blocks) == (2, [1], [2])
    assert table.total_line is table.lines[-1]


def test_amounts_are_money_in_yuan_with_where_they_were_read():
    table = _one(make_doc(["表5-1 项目投资估算表（单位：万元）", {"table": ESTIMATE}]))
    first, total = table.lines[0].amount, table.total_line.amount
    assert (first.value, first.unit, first.unit_source) == (300 * WAN, "万元", UnitSource.HEADER)
    assert first.precision == Decimal("0.01") * WAN
    assert (first.where.block, first.where.page, first.where.row, first.where.col) == (1, 1, 1, 2)
    assert first.text == "300.00" and first.meaning == "item"
    assert total.value == 320 * WAN and total.meaning == "total_investment"
    assert (table.unit, table.unit_source) == ("万元", UnitSource.HEADER)
    top = [line.amount.value for line in table.lines if line.level == 1]
    assert sum(top) == total.value


def test_children_add_up_to_their_group():
    table = _one(make_doc(["表5-1 项目投资估算表（单位：万元）", {"table": ESTIMATE}]))
    for i, line in enumerate(table.lines):
        kids = table.children(i)
        if kids and line.role is not LineRole.TOTAL:
            assert sum(k.amount.value for k in kids) == line.amount.value, line.label


def _units_table(header: str, cell: str, before: list[str]) -> Document:
    rows = [["序号", "项目名称", header], ["1", "数据平台", cell], ["", "合计", cell]]
    return make_doc([*before, {"table": rows}])


@pytest.mark.parametrize(
    ("header", "cell", "before", "value", "unit", "source"),
    [
        ("金额（万元）", "12.5", [], Decimal(125000), "万元", UnitSource.HEADER),
        ("金额（元）", "125,000.00", ["表3 投资估算表（单位：万元）"], Decimal(125000), "元", UnitSource.HEADER),
        ("金额", "12.5", ["表3 投资估算表（单位：万元）"], Decimal(125000), "万元", UnitSource.HEADER),
        ("金额", "12.5", ["表3 投资估算表", "单位：万元"], Decimal(125000), "万元", UnitSource.HEADER),
        ("金额（元）", "12.5万元", [], Decimal(125000), "万元", UnitSource.TEXT),
        ("金额", "125000", ["表3 投资估算表"], Decimal(125000), "元", UnitSource.ASSUMED),
    ],
    ids=["header", "header-beats-caption", "caption", "unit-line", "cell-own-unit", "assumed"],
)
def test_unit_precedence(header, cell, before, value, unit, source):
    line = _one(_units_table(header, cell, before)).lines[0]
    assert (line.amount.value, line.amount.unit, line.amount.unit_source) == (value, unit, source)


def test_no_unit_anywhere_assumes_yuan_for_the_table():
    table = _one(_units_table("金额", "125000", []))
    assert (table.unit, table.unit_source) == ("元", UnitSource.ASSUMED)


def test_title_and_note_rows_across_the_table():
    rows = [["单位：万元", "", ""], ["序号", "建设内容", "投资"], ["1", "机房改造", "35.5"], ["", "合计", "35.5"],
            ["注：机房改造含精密空调和UPS。", "", ""]]
    doc = make_doc([{"table": rows}])
    table = doc.blocks[0].table
    table.cells = [c for c in table.cells if c.row not in (0, 4) or c.col == 0]
    for cell in table.cells:
        if cell.row in (0, 4):
            cell.colspan = 3
    table = _one(doc)
    assert [line.label for line in table.lines] == ["机房改造", "合计"]
    assert table.lines[0].amount.value == Decimal(355000)
    assert table.lines[0].category == "machine_room"


def test_quantity_times_unit_price():
    rows = [
        ["序号", "设备名称", "单位", "数量", "单价（元）", "金额（万元）"],
        ["1", "机架式服务器", "台", "2", "150,000.00", "30.00"],
        ["2", "智能密码钥匙", "个", "60", "500", "3.00"],
        ["", "合计", "", "", "", "33.00"],
    ]
    table = _one(make_doc(["表2 设备购置清单", {"table": rows}]))
    server, key, total = table.lines
    assert server.quantity == 2 and server.unit_price.value == Decimal(150000) and server.unit_price.unit == "元"
    assert server.amount.value == Decimal(300000) == server.quantity * server.unit_price.value
    assert key.quantity == 60 and key.quantity * key.unit_price.value == key.amount.value
    assert total.role is LineRole.TOTAL and total.amount.meaning == "item"  # a purchase list, not the investment


def test_year_rows_table():
    """Rows per year, one written as PDF text has it (2026 年): the total line carries the years."""
    rows = [["年度", "投资额（万元）", "占比"], ["2025年", "300.00", "60%"], ["2026 年", "200.00", "40%"], ["合计", "500.00", "100%"]]
    table = _one(make_doc(["表16-2 分年度投资计划表", {"table": rows}]))
    y25, y26, total = table.lines
    assert y25.amount.meaning == "annual" and y25.amount.year == 2025 and y26.amount.year == 2026
    assert total.role is LineRole.TOTAL and total.amount.meaning == "total_investment"
    assert {k: v.value for k, v in total.by_year.items()} == {"2025年": 300 * WAN, "2026年": 200 * WAN}
    assert not y25.by_year


def test_kpi_schedule_and_catalogue_tables_are_not_budgets():
    kpi = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "功能模块数量", "≥5个"], ["", "质量指标", "验收合格率", "100%"]]
    schedule = [["序号", "阶段", "工作内容", "时间安排"], ["1", "招标采购", "签订合同", "2025年1月—2025年3月"], ["2", "系统开发", "完成开发", "2025年4月—2025年12月"]]
    gantt = [["序号", "工作内容", "2025年", "2026年"], ["1", "需求调研", "√", ""], ["2", "系统开发", "√", "√"]]
    catalogue = [["序号", "信息资源名称", "提供方", "共享属性"], ["1", "城市部件信息", "住建局", "无条件共享"]]
    products = [["序号", "产品名称及型号", "数量", "安全可靠情况"], ["1", "服务器（政务云）", "10台", "国产"]]
    doc = make_doc([
        "表16-1 项目绩效指标表", {"table": kpi},
        "表13-1 项目实施进度计划表", {"table": schedule},
        "表13-2 项目进度安排", {"table": gantt},
        "表8-1 信息资源目录", {"table": catalogue},
        "表11-1 主要软硬件产品清单", {"table": products},
    ])
    assert read_budget_tables(doc) == []


def _docx_table(rows: list[list[str]], merges: list[tuple[int, int, int, int]], caption: str) -> bytes:
    """A DOCX with a caption and a table; each merge (r0, c0, r1, c1) keeps the top-left text."""
    d = new_doc()
    d.add_paragraph(caption)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        keep = rows[r0][c0]
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        merged.text = keep
    d.add_paragraph("以上投资均为财政资金。")
    return to_bytes(d)


def test_docx_merged_number_column_and_total_across_two_columns():
    rows = [
        ["序号", "费用名称", "数量", "金额（元）"],
        ["一", "硬件购置费", "", "600,000.00"],
        ["1", "应用服务器", "2", "400,000.00"],
        ["", "数据库服务器", "1", "200,000.00"],  # 序号 1 merged over both server rows
        ["二", "软件开发费", "", "300,000.00"],
        ["合计", "", "", "900,000.00"],  # 合计 merged over 序号 and 费用名称
    ]
    doc = read_docx(_docx_table(rows, [(2, 0, 3, 0), (5, 0, 5, 1)], "表6-1 投资估算表"), "合并单元格.docx")
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in doc.tables()[0].table.cells}
    assert spans[(2, 0)] == (2, 1) and spans[(5, 0)] == (1, 2)  # the reader saw the merges
    table = _one(doc)
    assert [(line.number, line.label, line.level, line.parent) for line in table.lines] == [
        ("一", "硬件购置费", 1, None),
        ("1", "应用服务器", 3, 0),
        ("", "数据库服务器", 3, 0),
        ("二", "软件开发费", 1, None),
        ("", "合计", 0, None),
    ]
    assert table.total_line.amount.value == Decimal(900000)
    assert [line.category for line in table.lines[:3]] == [None, "compute", "compute"]


def test_docx_two_row_header_with_year_columns():
    rows = [
        ["序号", "项目名称", "投资估算（万元）", "", ""],
        ["", "", "2025年", "2026年", "合计"],
        ["1", "平台建设", "100.00", "50.00", "150.00"],
        ["2", "数据治理", "30.00", "20.00", "50.00"],
        ["", "合计", "130.00", "70.00", "200.00"],
    ]
    doc = read_docx(_docx_table(rows, [(0, 2, 0, 4), (0, 0, 1, 0), (0, 1, 1, 1)], "表9 分年度投资表"), "分年度.docx")
    table = _one(doc)
    assert table.year_columns == ["2025年", "2026年"]
    platform, data, total = table.lines
    assert platform.amount.value == 150 * WAN and platform.amount.where.col == 4
    assert {k: v.value for k, v in platform.by_year.items()} == {"2025年": 100 * WAN, "2026年": 50 * WAN}
    assert platform.by_year["2025年"].meaning == "annual" and platform.by_year["2025年"].year == 2025
    assert sum(a.value for a in total.by_year.values()) == total.amount.value == 200 * WAN


def test_docx_table_continued_after_a_xubiao_line_is_one_table():
    d = new_doc()
    d.add_paragraph("表5-1 项目投资估算表（单位：万元）")
    parts = ([["序号", "费用名称", "金额"], ["1", "软件开发", "80"], ["2", "系统集成", "20"]],
             [["序号", "费用名称", "金额"], ["3", "监理", "10"], ["", "合计", "110"]])
    for i, rows in enumerate(parts):
        if i:
            d.add_paragraph("续表5-1")
        table = d.add_table(rows=len(rows), cols=3)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    doc = read_docx(to_bytes(d), "续表.docx")
    table = _one(doc)
    first, second = (b.index for b in doc.tables())
    assert table.joined_blocks == [first, second]
    assert [(line.row, line.label) for line in table.lines] == [(1, "软件开发"), (2, "系统集成"), (3, "监理"), (4, "合计")]
    assert table.lines[2].amount.where.block == second and table.lines[2].amount.where.row == 1
    assert table.total_line.amount.value == 110 * WAN


def test_numbering_from_label_prefixes_and_indentation():
    prefixed = [["费用名称", "金额（万元）"], ["一、工程费用", "90"], ["（一）软件开发", "60"], ["（二）系统集成", "30"],
                ["二、其他费用", "10"], ["合计", "100"]]
    table = _one(make_doc([{"table": prefixed}]))
    assert [(line.number, line.level, line.parent) for line in table.lines] == [
        ("一", 1, None), ("（一）", 2, 0), ("（二）", 2, 0), ("二", 1, None), ("", 0, None)]
    indented = [["费用名称", "金额（万元）"], ["工程费用", "90"], ["\u3000\u3000软件开发", "60"], ["\u3000\u3000系统集成", "30"],
                ["其他费用", "10"], ["合计", "100"]]
    table = _one(make_doc([{"table": indented}]))
    assert [(line.label, line.level, line.parent) for line in table.lines] == [
        ("工程费用", 1, None), ("软件开发", 2, 0), ("系统集成", 2, 0), ("其他费用", 1, None), ("合计", 0, None)]


def test_unnumbered_lines_under_a_numbered_group_that_they_add_up_to():
    rows = [["序号", "费用名称", "金额（万元）"], ["一", "工程费用", "90"], ["", "软件开发", "60"], ["", "系统集成", "30"],
            ["二", "预备费", "10"], ["", "合计", "100"]]
    table = _one(make_doc([{"table": rows}]))
    assert [(line.level, line.parent) for line in table.lines] == [(1, None), (2, 0), (2, 0), (1, None), (0, None)]
    flat = [["序号", "费用名称", "金额（万元）"], ["一", "工程费用", "90"], ["", "预备费", "10"], ["", "合计", "100"]]
    assert [(line.level, line.parent) for line in _one(make_doc([{"table": flat}])).lines] == [(1, None), (1, None), (0, None)]


def test_subtotals_of_a_flat_list_parent_their_runs():
    rows = [["序号", "费用名称", "金额（万元）"], ["1", "软件开发", "60"], ["2", "系统集成", "30"], ["", "工程费用小计", "90"],
            ["3", "监理", "6"], ["4", "咨询", "4"], ["", "小计", "10"], ["", "总计", "100"]]
    table = _one(make_doc([{"table": rows}]))
    assert [(line.role, line.parent) for line in table.lines] == [
        (LineRole.ITEM, 2), (LineRole.ITEM, 2), (LineRole.SUBTOTAL, None),
        (LineRole.ITEM, 5), (LineRole.ITEM, 5), (LineRole.SUBTOTAL, None), (LineRole.TOTAL, None)]


def test_hardware_categories_and_group_inheritance():
    rows = [["序号", "建设内容", "金额（万元）"], ["一", "机房建设", "50"], ["1", "装修工程", "30"], ["2", "精密空调", "20"],
            ["二", "云资源租用", "40"], ["1", "云服务器", "25"], ["2", "存储", "15"], ["", "合计", "90"]]
    table = _one(make_doc([{"table": rows}]))
    assert [line.category for line in table.lines] == ["machine_room", "machine_room", "machine_room", None, None, None, None]


@pytest.mark.parametrize(
    ("label", "category"),
    [
        ("刀片服务器", "compute"), ("GPU服务器", "compute"), ("超融合一体机", "compute"), ("数据库服务器", "compute"),
        ("小型机", "compute"), ("分布式存储", "storage"), ("磁盘阵列（存储设备）", "storage"), ("磁带库", "storage"),
        ("SAN存储交换机", "storage"), ("NAS", "storage"), ("机房改造（精密空调、UPS）", "machine_room"),
        ("服务器机柜", "machine_room"), ("动环监控系统", "machine_room"), ("视频监控专网建设", "private_network"),
        ("专线建设", "private_network"),
        # near misses: cloud resources, services, software, kiosks, crypto appliances
        ("政务云资源租用（首年）", None), ("云服务器租用", None), ("云存储服务", None), ("云主机", None),
        ("对象存储服务", None), ("存储扩容服务（云）", None), ("机房托管费", None), ("服务器操作系统", None),
        ("数据库服务", None), ("自助查询一体机", None), ("签名验签服务器", None), ("专线租用", None),
        ("数据治理与迁移", None), ("SANGFOR防火墙", None),
    ],
)
def test_item_categories(label, category):
    assert classify_item(label)[0] == category


def test_pdf_table_joined_across_pages_reads_as_one_budget():
    """A Table the PDF reader joined (pages [3, 4]) keeps its pages."""
    rows = [["序号", "费用名称", "金额（万元）"], ["1", "软件开发", "80"], ["2", "系统集成", "20"], ["", "合计", "100"]]
    cells = [Cell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)]
    block = Block(0, BlockKind.TABLE, "", page=3, table=Table(cells, 4, 3, pages=[3, 4]))
    table = _one(Document(name="x.pdf", format="pdf", blocks=[block]))
    assert table.pages == [3, 4] and table.joined_blocks == [0]


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_sample_investment_table_adds_up(suffix):
    path = SAMPLES / f"营口市一网统管平台可行性研究报告{suffix}"
    reader = read_docx if suffix == ".docx" else read_pdf
    doc = reader(path.read_bytes(), path.name)
    [table] = read_budget_tables(doc)
    assert "投资估算表" in table.caption
    total = table.total_line
    assert total is not None and total.amount.meaning == "total_investment"
    level1 = [line for line in table.lines if line.level == 1]
    assert [line.number for line in level1] == ["一", "二", "三"]
    assert sum(line.amount.value for line in level1) == total.amount.value
    assert all(line.parent is None for line in level1)
    if suffix == ".pdf":
        assert len(table.pages) == 2


def test_lines_summed_by_a_subtotal_take_the_category_of_its_group():
    rows = [["序号", "建设内容", "金额（万元）"], ["一", "机房改造", "50"], ["1", "装修工程", "30"], ["2", "配套工程", "20"],
            ["", "小计", "50"], ["", "合计", "50"]]
    table = _one(make_doc([{"table": rows}]))
    assert [(line.parent, line.category) for line in table.lines[1:4]] == [(3, "machine_room"), (3, "machine_room"), (0, "machine_room")]
