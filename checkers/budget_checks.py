"""Budget checks: arithmetic, consistency of the total, the annual split, what is bought, and
the approval steps the total investment triggers. Each reads `doc.budget`, never the file."""

from __future__ import annotations

from decimal import Decimal

from docscreen.checkers.budget_reconcile import (
    DEFAULT_TOLERANCE,
    Reconciliation,
    annual_rows,
    capital_rows,
    table_rows,
    total_rows,
)
from docscreen.checkers.findings import rule_finding
from docscreen.checkers.rulebook import Rule
from docscreen.models import Document, Evidence, Finding
from docscreen.models.budget import LineRole, format_yuan

ITEM_CHECKS = ("items", "quantity_price")


def rule_tolerance(rule: Rule) -> Decimal:
    return Decimal(str(rule.params.get("tolerance_yuan", DEFAULT_TOLERANCE)))


def _compared(row: Reconciliation) -> str:
    return (
        f"{row.label}：列明 {format_yuan(row.stated)}，核算 {format_yuan(row.computed)}，"
        f"相差 {format_yuan(abs(row.difference))}"
    )


def check_items(doc: Document, rule: Rule) -> list[Finding]:
    tolerance = rule_tolerance(rule)
    findings = []
    for table in doc.budget.tables:
        for row in table_rows(table, tolerance):
            if row.check in ITEM_CHECKS and not row.ok:
                what = "数量×单价与金额不符" if row.check == "quantity_price" else "分项之和与合计不符"
                findings.append(
                    rule_finding(rule, "budget_items_mismatch", f"{what}。{_compared(row)}。",
                             [Evidence(page=row.page, text=row.quote, marks=row.marks)])
                )
    return findings


def check_total(doc: Document, rule: Rule) -> list[Finding]:
    tolerance = rule_tolerance(rule)
    findings = []
    conflicts = [row for row in total_rows(doc.budget, tolerance) if not row.ok]
    if conflicts:
        values = "、".join(dict.fromkeys(format_yuan(v) for v in [conflicts[0].computed, *(r.stated for r in conflicts)]))
        findings.append(
            rule_finding(rule, "budget_total_conflict", f"文中总投资前后不一致，出现 {values} 等不同数额。",
                     [Evidence(page=r.page, text=r.quote, marks=r.marks) for r in conflicts])
        )
    for row in capital_rows(doc.budget, tolerance):
        if not row.ok:
            findings.append(
                rule_finding(rule, "budget_total_conflict",
                         f"大写金额 {format_yuan(row.stated)} 与小写金额 {format_yuan(row.computed)} 不一致。",
                         [Evidence(page=row.page, text=row.quote, marks=row.marks)])
            )
    return findings


def check_annual(doc: Document, rule: Rule) -> list[Finding]:
    tolerance = rule_tolerance(rule)
    rows = list(annual_rows(doc.budget, tolerance))
    for table in doc.budget.tables:
        rows.extend(r for r in table_rows(table, tolerance) if r.check == "annual")
    return [
        rule_finding(rule, "budget_annual_mismatch", f"分年度投资与总投资不符。{_compared(row)}。",
                 [Evidence(page=row.page, text=row.quote, marks=row.marks)])
        for row in rows
        if not row.ok
    ]


def check_annual_split(doc: Document, rule: Rule) -> list[Finding]:
    """A project built over several years must state each year's share (静乐 第八条)."""
    budget = doc.budget
    period = budget.period
    if not doc.complete or period is None or not period.multi_year:
        return []
    if budget.annual() or any(t.year_columns or any(line.by_year for line in t.lines) for t in budget.tables):
        return []
    return [
        rule_finding(rule, "budget_annual_missing", "项目跨年度实施，但未明确分年度预算。",
                 [Evidence(page=period.where.page, text=period.text)])
    ]


def check_hardware(doc: Document, rule: Rule) -> list[Finding]:
    categories = set(rule.params.get("categories", ()))
    bought = [
        line
        for table in doc.budget.tables
        for line in table.lines
        if line.role is LineRole.ITEM and line.category in categories
        and (line.amount is None or line.amount.value > 0)
    ]
    if not bought:
        return []
    names = "、".join(dict.fromkeys(line.label for line in bought))
    return [
        rule_finding(rule, "hardware_procurement", f"投资中列有应由政务云提供或不得新建的内容：{names}。",
                 [Evidence(page=line.amount.where.page if line.amount else None,
                           text=f"{line.label} {line.amount.text if line.amount else ''}".strip(), marks=(line.label,))
                  for line in bought])
    ]


def check_threshold(doc: Document, rule: Rule) -> list[Finding]:
    total = doc.budget.total_yuan
    if total is None:
        return []
    below, at_least = rule.params.get("below_yuan"), rule.params.get("at_least_yuan")
    if below is not None and total >= Decimal(str(below)):
        return []
    if at_least is not None and total < Decimal(str(at_least)):
        return []
    statement = doc.budget.total_statements()[0]
    return [
        rule_finding(rule, "process_threshold", rule.params["message"].format(total=format_yuan(total)),
                 [Evidence(page=statement.where.page, text=statement.context or statement.text, marks=(statement.text,))])
    ]
