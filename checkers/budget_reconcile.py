"""Stated against computed: every sum a budget can be checked by, with the difference.

The checks turn the rows outside their tolerance into findings; the report shows all rows, so a
reviewer sees what was verified as well as what failed. A tolerance covers honest rounding: the
larger of the rulebook's (e.g. 0.01万元) and half a step of the figures' written precision.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from docscreen.models.budget import Amount, Budget, BudgetLine, BudgetTable, LineRole

DEFAULT_TOLERANCE = Decimal(100)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    check: str  # items | quantity_price | total | annual | capital
    label: str  # what was compared, as a reviewer names it
    stated: Decimal
    computed: Decimal
    tolerance: Decimal
    page: int | None
    quote: str  # the stated figure as written, or the sentence it stands in
    marks: tuple[str, ...] = ()  # the stated amounts as written in the quote

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance


def summed_children(table: BudgetTable, index: int) -> list[BudgetLine]:
    """The lines a line's amount must equal the sum of: its children, or for a total line
    without children, every top-level line that is not itself a total."""
    kids = table.children(index)
    if kids or table.lines[index].role is not LineRole.TOTAL:
        return kids
    return [line for line in table.lines if line.parent is None and line.role is not LineRole.TOTAL]


def _table_name(table: BudgetTable) -> str:
    return table.caption or "投资表"


def _line_name(line: BudgetLine) -> str:
    return f"{line.number} {line.label}".strip()


def table_rows(table: BudgetTable, tolerance: Decimal) -> Iterator[Reconciliation]:
    for i, line in enumerate(table.lines):
        if line.amount is None:
            continue
        kids = [k.amount for k in summed_children(table, i) if k.amount is not None]
        if kids:
            slack = sum((k.precision for k in kids), line.amount.precision) / 2
            yield Reconciliation(
                "items", f"{_table_name(table)}：{_line_name(line)}", line.amount.value,
                sum((k.value for k in kids), Decimal(0)), max(tolerance, slack),
                line.amount.where.page, f"{_line_name(line)}：{line.amount.text}", (line.amount.text,),
            )
        if line.quantity is not None and line.unit_price is not None:
            slack = (line.amount.precision + line.quantity * line.unit_price.precision) / 2
            yield Reconciliation(
                "quantity_price", f"{_table_name(table)}：{_line_name(line)}（数量×单价）", line.amount.value,
                line.quantity * line.unit_price.value, max(tolerance, slack), line.amount.where.page,
                f"{_line_name(line)}：数量 {line.quantity}，单价 {line.unit_price.text}，金额 {line.amount.text}",
                (line.amount.text,),
            )
        if line.by_year:
            years = list(line.by_year.values())
            yield Reconciliation(
                "annual", f"{_table_name(table)}：{_line_name(line)}（分年度合计）", line.amount.value,
                sum((a.value for a in years), Decimal(0)),
                max(tolerance, sum((a.precision for a in years), line.amount.precision) / 2),
                line.amount.where.page,
                f"{_line_name(line)}：{line.amount.text}（" + "；".join(f"{k} {a.text}" for k, a in line.by_year.items()) + "）",
                (line.amount.text,),
            )


def _agree(a: Amount, b: Amount, tolerance: Decimal) -> bool:
    """Equal up to one step of the coarser figure: 约356万元 agrees with 356.80万元."""
    return abs(a.value - b.value) <= max(tolerance, a.precision, b.precision)


def _by_value(statements: list[Amount]) -> list[list[Amount]]:
    """Statements grouped by the value they state, in the order each value first appears:
    a long document restates its total hundreds of times, with a handful of distinct values."""
    groups: dict[Decimal, list[Amount]] = {}
    for s in statements:
        groups.setdefault(s.value, []).append(s)
    return list(groups.values())


def reference_total(statements: list[Amount], tolerance: Decimal) -> Amount | None:
    """The figure most statements agree with; the first one stated when they tie."""
    groups = _by_value(statements)
    if not groups:
        return None
    best = max(groups, key=lambda g: sum(len(o) for o in groups if _agree(g[0], o[0], tolerance)))
    return best[0]


def total_rows(budget: Budget, tolerance: Decimal) -> Iterator[Reconciliation]:
    """Each value the total is stated with, against the figure most statements agree on. A 大写
    amount written beside its 小写 is judged against that one (`capital_rows`), not counted twice."""
    paired = {id(p.capital) for p in budget.pairs}
    statements = [s for s in budget.total_statements() if id(s) not in paired]
    reference = reference_total(statements, tolerance)
    if reference is None:
        return
    for group in _by_value(statements):
        first = group[0]
        where = f"（共{len(group)}处）" if len(group) > 1 else ""
        yield Reconciliation(
            "total", "总投资", first.value, reference.value,
            max(tolerance, max(s.precision for s in group), reference.precision), first.where.page,
            f"{first.context or first.text}{where}", (first.text,),
        )


def capital_rows(budget: Budget, tolerance: Decimal) -> Iterator[Reconciliation]:
    for pair in budget.pairs:
        yield Reconciliation(
            "capital", "大写金额与小写金额", pair.capital.value, pair.figures.value,
            pair.figures.precision / 2, pair.capital.where.page, pair.capital.context or pair.capital.text,
            (pair.capital.text, pair.figures.text),
        )


def annual_amounts(budget: Budget) -> dict[int, Amount]:
    """The first amount stated for each year: a year restated later is the same money."""
    years: dict[int, Amount] = {}
    for amount in budget.annual():
        if amount.year is not None:
            years.setdefault(amount.year, amount)
    return years


def annual_rows(budget: Budget, tolerance: Decimal) -> Iterator[Reconciliation]:
    years = annual_amounts(budget)
    reference = reference_total(budget.total_statements(), tolerance)
    if len(years) >= 2 and reference is not None:
        parts = list(years.values())
        yield Reconciliation(
            "annual", "分年度投资合计与总投资", sum((a.value for a in parts), Decimal(0)), reference.value,
            max(tolerance, sum((a.precision for a in parts), reference.precision) / 2),
            parts[0].where.page, "；".join(f"{y}年 {a.text}" for y, a in sorted(years.items())),
            tuple(a.text for a in parts),
        )


def reconcile(budget: Budget, tolerance: Decimal = DEFAULT_TOLERANCE) -> list[Reconciliation]:
    rows: list[Reconciliation] = []
    for table in budget.tables:
        rows.extend(table_rows(table, tolerance))
    rows.extend(total_rows(budget, tolerance))
    rows.extend(capital_rows(budget, tolerance))
    rows.extend(annual_rows(budget, tolerance))
    return rows
