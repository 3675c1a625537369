"""The budget checks on hand-built budgets: what the budget reader hands them, nothing more."""

from decimal import Decimal

import pytest

from docscreen.checkers.budget_reconcile import reconcile, reference_total
from docscreen.checkers.rulebook import load_rulebook
from docscreen.checkers.screen import screen
from docscreen.models import Document
from docscreen.models.budget import (
    Amount,
    AmountPair,
    Budget,
    BudgetLine,
    BudgetTable,
    ConstructionPeriod,
    LineRole,
    Quantity,
    UnitSource,
    Where,
)

W = Decimal(10000)


def money(wan: str, meaning: str = "other", page: int = 3, *, year: int | None = None, capital: bool = False,
          precision: str = "100", row: int | None = None) -> Amount:
    value = Decimal(wan) * W
    return Amount(Quantity.MONEY, value, f"{wan}万元", Where(0, page, row, None), unit="万元",
                  precision=Decimal(precision), capital=capital, meaning=meaning, year=year,
                  context=f"……{wan}万元……")


def line(row: int, number: str, label: str, level: int, wan: str | None, role: LineRole = LineRole.ITEM,
         parent: int | None = None, **kw) -> BudgetLine:
    return BudgetLine(row, number, label, level, role, money(wan, "item", row=row) if wan else None,
                      parent=parent, **kw)


def estimate_table(eng: str = "300", software: str = "200", total: str = "356.8") -> BudgetTable:
    lines = [
        line(1, "一", "工程费用", 1, eng, LineRole.SUBTOTAL),
        line(2, "1", "应用软件开发费", 3, software, parent=0),
        line(3, "2", "政务云资源租用", 3, "100", parent=0),
        line(4, "二", "工程建设其他费用", 1, "46.8", LineRole.SUBTOTAL),
        line(5, "1", "监理费", 3, "46.8", parent=3),
        line(6, "三", "预备费", 1, "10"),
        line(7, "", "合计", 0, total, LineRole.TOTAL),
    ]
    lines[-1].amount.meaning = "total_investment"
    return BudgetTable(block=5, pages=[4], caption="项目投资估算表", unit="万元", unit_source=UnitSource.HEADER,
                       lines=lines)


def doc_with(budget: Budget, kind: str = "feasibility_report", complete: bool = True) -> Document:
    return Document(name="t.docx", format="docx", kind=kind, budget=budget, complete=complete)


def codes(doc: Document, jurisdiction: str | None) -> list[str]:
    return sorted(f.code for f in screen(doc, load_rulebook(jurisdiction)) if f.code.startswith(("budget", "hard", "proc")))


def test_a_table_that_adds_up_gives_no_finding_and_every_sum_is_reconciled() -> None:
    budget = Budget(amounts=[money("356.80", "total_investment")], tables=[estimate_table()])
    assert codes(doc_with(budget), None) == []
    rows = reconcile(budget)
    assert {r.check for r in rows} == {"items", "total"}
    assert all(r.ok for r in rows)


def test_a_line_edited_without_its_group_line_is_an_items_mismatch() -> None:
    budget = Budget(tables=[estimate_table(software="210")])
    findings = [f for f in screen(doc_with(budget), load_rulebook(None)) if f.code == "budget_items_mismatch"]
    assert len(findings) == 1
    assert "工程费用" in findings[0].message and "10.00万元" in findings[0].message
    assert findings[0].evidence[0].page == 3


def test_rounding_within_the_written_precision_is_not_a_mismatch() -> None:
    table = estimate_table(eng="300.01")
    assert codes(doc_with(Budget(tables=[table])), None) == []


def test_quantity_times_unit_price_is_checked() -> None:
    table = estimate_table()
    table.lines[2].quantity = Decimal(10)
    table.lines[2].unit_price = money("1.2", "item")
    mismatch = [r for r in reconcile(Budget(tables=[table])) if r.check == "quantity_price"]
    assert len(mismatch) == 1 and not mismatch[0].ok
    assert mismatch[0].computed == Decimal(120000)
    table.lines[2].unit_price = money("10", "item")
    assert codes(doc_with(Budget(tables=[table])), None) == []


def test_totals_stated_differently_conflict_but_rounding_and_units_do_not() -> None:
    same = Budget(amounts=[money("356.80", "total_investment"),
                           Amount(Quantity.MONEY, Decimal(3568000), "3,568,000元", Where(9, 8), unit="元",
                                  precision=Decimal("1"), meaning="total_investment"),
                           money("356", "total_investment", precision="10000")],
                  tables=[estimate_table()])
    assert codes(doc_with(same), None) == []
    different = Budget(amounts=[money("356.80", "total_investment"), money("366.80", "total_investment", page=9)],
                       tables=[estimate_table()])
    findings = [f for f in screen(doc_with(different), load_rulebook(None)) if f.code == "budget_total_conflict"]
    assert len(findings) == 1
    assert "366.80万元" in findings[0].message and "356.80万元" in findings[0].message
    assert findings[0].evidence[0].page == 9  # the odd one out, not the figure most places agree on


def test_other_meanings_never_conflict_with_the_total() -> None:
    budget = Budget(amounts=[money("356.80", "total_investment"), money("200", "fiscal_funds"),
                             money("310", "bid_price"), money("517.36", "lifecycle_cost")],
                    tables=[estimate_table()])
    assert codes(doc_with(budget), None) == []


def test_a_capital_amount_that_disagrees_with_its_figures_is_a_total_conflict() -> None:
    capital = Amount(Quantity.MONEY, Decimal(230000), "贰拾叁万元整", Where(2, 5), unit="元", precision=Decimal(1),
                     capital=True, context="贰拾叁万元整（小写：231.00万元）")
    figures = money("231.00", page=5)
    budget = Budget(amounts=[capital, figures], pairs=[AmountPair(capital, figures)])
    findings = [f for f in screen(doc_with(budget), load_rulebook(None)) if f.code == "budget_total_conflict"]
    assert len(findings) == 1 and "大写" in findings[0].message
    budget.pairs = [AmountPair(capital, money("23.00"))]
    assert codes(doc_with(budget), None) == []


def test_annual_amounts_must_add_up_to_the_total() -> None:
    total = money("356.80", "total_investment")
    good = Budget(amounts=[total, money("213.60", "annual", year=2025), money("143.20", "annual", year=2026)])
    assert codes(doc_with(good), "jingle") == []
    bad = Budget(amounts=[total, money("213.60", "annual", year=2025), money("153.20", "annual", year=2026)])
    findings = [f for f in screen(doc_with(bad), load_rulebook("jingle")) if f.code == "budget_annual_mismatch"]
    assert len(findings) == 1
    assert findings[0].citation.article == "第八条"


def test_one_year_stated_alone_is_not_an_annual_split() -> None:
    budget = Budget(amounts=[money("356.80", "total_investment"), money("100", "annual", year=2025)])
    assert codes(doc_with(budget), "jingle") == []


def period(months: int | None = None, start: int | None = None, end: int | None = None) -> ConstructionPeriod:
    return ConstructionPeriod("项目建设周期为18个月", Where(1, 6), months, start, end)


@pytest.mark.parametrize(
    ("p", "multi"),
    [(period(18), True), (period(12), False), (period(start=2025, end=2026), True), (period(start=2025, end=2025), False)],
)
def test_a_multi_year_project_in_jingle_needs_an_annual_split(p: ConstructionPeriod, multi: bool) -> None:
    budget = Budget(amounts=[money("356.80", "total_investment")], period=p)
    assert codes(doc_with(budget), "jingle") == (["budget_annual_missing"] if multi else [])
    assert codes(doc_with(budget), "yingkou") == []  # only 静乐 第八条 asks for it
    assert codes(doc_with(budget, complete=False), "jingle") == []  # a cut-off copy may have lost it


def test_an_annual_split_in_a_table_counts() -> None:
    table = estimate_table()
    table.year_columns = ["2025年", "2026年"]
    budget = Budget(amounts=[money("356.80", "total_investment")], period=period(18), tables=[table])
    assert codes(doc_with(budget), "jingle") == []


def hardware_table() -> BudgetTable:
    table = estimate_table()
    table.lines[2].category = "compute"
    table.lines[2].label = "机架式服务器"
    return table


def test_servers_are_flagged_where_the_cloud_is_mandated_with_the_article() -> None:
    budget = Budget(tables=[hardware_table()])
    findings = [f for f in screen(doc_with(budget), load_rulebook("xingan")) if f.code == "hardware_procurement"]
    assert len(findings) == 1
    assert findings[0].citation.article == "第九条（一）"
    assert "机架式服务器" in findings[0].message
    assert codes(doc_with(budget), "wuzhi") == []  # 武陟 第四条 forbids 机房 and 专网, not servers
    assert codes(doc_with(budget), "yingkou") == []


def test_a_machine_room_is_flagged_in_wuzhi() -> None:
    table = estimate_table()
    table.lines[5].category = "machine_room"
    findings = [f for f in screen(doc_with(Budget(tables=[table])), load_rulebook("wuzhi"))
                if f.code == "hardware_procurement"]
    assert [f.citation.article for f in findings] == ["第四条"]


@pytest.mark.parametrize(
    ("jurisdiction", "kind", "wan", "articles"),
    [
        ("yingkou", "proposal", "150", ["第十一条"]),
        ("yingkou", "proposal", "200", []),
        ("yingkou", "feasibility_report", "150", []),
        ("xingan", "feasibility_report", "356.8", ["第八条"]),
        ("xingan", "feasibility_report", "500", ["第八条"]),
        ("xingan", "proposal", "1000", ["第七条", "第八条"]),
        ("xingan", "preliminary_design", "1200", ["第八条"]),
        ("jingle", "proposal", "150", []),
    ],
)
def test_process_thresholds(jurisdiction: str, kind: str, wan: str, articles: list[str]) -> None:
    budget = Budget(amounts=[money(wan, "total_investment")])
    findings = [f for f in screen(doc_with(budget, kind=kind), load_rulebook(jurisdiction)) if f.code == "process_threshold"]
    assert sorted(f.citation.article for f in findings) == articles
    assert all(f.severity.value == "info" for f in findings)


def test_the_reference_total_is_the_figure_most_statements_agree_on() -> None:
    a, b, c = money("356.80", "total_investment"), money("366.80", "total_investment"), money("356.8", "total_investment")
    assert reference_total([b, a, c], Decimal(100)) is a
