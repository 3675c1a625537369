"""The budget a real DOCX yields, end to end: reader, outline, amount pipeline, budget tables."""

from decimal import Decimal

import docx

from docscreen.checkers.rulebook import load_rulebook
from docscreen.checkers.screen import screen
from docscreen.extractors.pipeline import extract
from docscreen.models import Document
from tests.docx_builders import to_bytes

TABLE = [
    ["序号", "费用名称", "金额（元）"],
    ["一", "工程费用", "3,100,000.00"],
    ["1", "应用软件开发费", "2,100,000.00"],
    ["2", "政务云资源租用", "1,000,000.00"],
    ["二", "工程建设其他费用", "468,000.00"],
    ["", "合计", "3,568,000.00"],
]


def build(prose: list[str], table: list[list[str]] = TABLE, caption: str = "表5-1 项目投资估算表") -> Document:
    d = docx.Document()
    d.add_heading("第五章 投资估算及资金来源", level=1)
    for text in prose:
        d.add_paragraph(text)
    d.add_paragraph(caption)
    t = d.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    doc = extract(to_bytes(d), "预算.docx")
    doc.kind = "feasibility_report"  # a fragment: the budget rules apply to plan documents
    return doc


def budget_codes(doc: Document, jurisdiction: str | None = None) -> list[str]:
    return sorted({f.code for f in screen(doc, load_rulebook(jurisdiction)) if f.code.startswith("budget")})


def test_fiscal_funds_are_not_the_total() -> None:
    doc = build(["本项目总投资356.80万元，其中申请财政资金200.00万元，单位自筹156.80万元。"])
    assert doc.budget.total_yuan == Decimal(3568000)
    assert [a.value for a in doc.budget.stated("fiscal_funds")] == [Decimal(2000000)]
    assert budget_codes(doc) == []


def test_a_yuan_table_under_wan_prose_agrees() -> None:
    doc = build(["经估算，项目总投资356.80万元（大写：人民币叁佰伍拾陆万捌仟元整）。"])
    table = doc.budget.tables[0]
    assert table.unit == "元"
    assert table.total_line is not None and table.total_line.amount.value == Decimal(3568000)
    assert len(doc.budget.total_statements()) == 3  # prose, 大写, the table's 合计 line
    assert len(doc.budget.pairs) == 1
    assert budget_codes(doc) == []


def test_a_total_restated_differently_conflicts() -> None:
    doc = build(["经估算，项目总投资356.80万元。", "本项目总投资为366.80万元，资金来源为财政资金。"])
    assert budget_codes(doc) == ["budget_total_conflict"]


def test_an_edited_line_breaks_its_group() -> None:
    table = [row[:] for row in TABLE]
    table[2][2] = "2,200,000.00"
    doc = build(["经估算，项目总投资356.80万元。"], table)
    assert budget_codes(doc) == ["budget_items_mismatch"]


def test_annual_split_in_prose_is_reconciled_with_the_total() -> None:
    ok = build(["项目总投资356.80万元。", "分年度资金安排为：2025年安排213.60万元，2026年安排143.20万元。"])
    assert budget_codes(ok, "jingle") == []
    bad = build(["项目总投资356.80万元。", "分年度资金安排为：2025年安排213.60万元，2026年安排153.20万元。"])
    assert budget_codes(bad, "jingle") == ["budget_annual_mismatch"]


def test_a_multi_year_project_without_a_split_in_jingle() -> None:
    doc = build(["项目总投资356.80万元，建设周期为18个月，资金在建设期内一次性安排。"])
    assert doc.budget.period is not None and doc.budget.period.months == 18
    assert budget_codes(doc, "jingle") == ["budget_annual_missing"]
    assert budget_codes(doc, "xingan") == []


def test_a_key_value_table_states_the_total_with_its_cell() -> None:
    table = [["项目名称", "某平台"], ["项目总投资", "356.80万元"], ["建设周期", "2025年—2026年"]]
    doc = build([], table, caption="项目基本情况表")
    (total,) = doc.budget.total_statements()
    assert total.value == Decimal(3568000)
    assert (total.where.row, total.where.col) == (1, 1)
    assert doc.budget.period is not None and doc.budget.period.multi_year


def test_spacy_is_imported_by_the_first_budget_read_or_by_warming_not_by_the_screening_modules() -> None:
    """The CLI can read a file in a child process while the parent warms spaCy, only if importing
    the screening steps leaves spaCy out."""
    import subprocess
    import sys

    probe = (
        "import sys; import docscreen.flows.screen_command, docscreen.flows.steps; "
        "before = 'spacy' in sys.modules; "
        "from docscreen.extractors.budget import warm_amount_pipeline; warm_amount_pipeline(); "
        "print(before, 'spacy' in sys.modules, 'pkg_resources' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "False"]
