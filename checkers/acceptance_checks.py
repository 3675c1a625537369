"""Acceptance facts: spending against the approved budget (超支), adjustments against what the
unit may decide alone (营口 第十七条: 15% of the total), and the documents an acceptance package
must hold. The fact checks read budgets, so the same functions judge one acceptance report or
every file of a package together."""

from __future__ import annotations

from decimal import Decimal

from docscreen.checkers.budget_checks import rule_tolerance
from docscreen.checkers.budget_reconcile import reference_total
from docscreen.checkers.findings import rule_finding
from docscreen.checkers.rulebook import Rule
from docscreen.models import Document, Evidence, Finding
from docscreen.models.budget import Amount, Budget, format_yuan
from docscreen.models.package import Package
from docscreen.models.vocabulary import ACCEPTANCE_TYPES

DEFAULT_LIMIT_RATIO = Decimal("0.15")


def _stated(budgets: list[Budget], meaning: str) -> list[Amount]:
    return [a for b in budgets for a in b.stated(meaning)]


def _evidence(a: Amount) -> Evidence:
    return Evidence(page=a.where.page, text=a.context or a.text, marks=(a.text,))


def overrun_findings(budgets: list[Budget], rule: Rule) -> list[Finding]:
    """The largest actual spend stated against the approved total most statements agree on."""
    tolerance = rule_tolerance(rule)
    approved = reference_total(_stated(budgets, "approved"), tolerance)
    spent = _stated(budgets, "actual_spend")
    if approved is None or not spent:
        return []
    most = max(spent, key=lambda a: a.value)
    if most.value - approved.value <= max(tolerance, most.precision, approved.precision):
        return []
    over = most.value - approved.value
    return [
        rule_finding(rule, "budget_overrun",
                 f"实际支出 {format_yuan(most.value)} 超出批复投资 {format_yuan(approved.value)}，"
                 f"超支 {format_yuan(over)}（{over / approved.value:.1%}）。",
                 [_evidence(approved), _evidence(most)])
    ]


def adjustment_findings(budgets: list[Budget], rule: Rule) -> list[Finding]:
    """An adjustment larger than the share of the approved total the unit may decide alone:
    stated as an amount (调整金额), or as an adjusted budget against the approved one."""
    limit = Decimal(str(rule.params.get("limit_ratio", DEFAULT_LIMIT_RATIO)))
    approved = reference_total(_stated(budgets, "approved"), rule_tolerance(rule))
    if approved is None or approved.value <= 0:
        return []
    changes = [(abs(a.value), a) for a in _stated(budgets, "adjustment")]
    changes += [(abs(a.value - approved.value), a) for a in _stated(budgets, "adjusted")]
    if not changes:
        return []
    size, where = max(changes, key=lambda c: c[0])
    if size <= approved.value * limit:
        return []
    return [
        rule_finding(rule, "budget_adjustment_over_limit",
                 f"投资调整 {format_yuan(size)}，占批复总投资 {format_yuan(approved.value)} 的 {size / approved.value:.1%}，"
                 f"超过 {limit:.0%}，不能由项目单位自行调整。",
                 [_evidence(approved), _evidence(where)])
    ]


def check_overrun(doc: Document, rule: Rule) -> list[Finding]:
    return overrun_findings([doc.budget], rule)


def check_adjustment(doc: Document, rule: Rule) -> list[Finding]:
    return adjustment_findings([doc.budget], rule)


def check_package_overrun(package: Package, rule: Rule) -> list[Finding]:
    return overrun_findings([d.budget for d in package.documents], rule)


def check_package_adjustment(package: Package, rule: Rule) -> list[Finding]:
    return adjustment_findings([d.budget for d in package.documents], rule)


def check_attachments(package: Package, rule: Rule) -> list[Finding]:
    """One `missing_attachment` per required type no file holds, whatever the files are called."""
    findings = []
    where = f"{rule.citation.regulation}{rule.citation.article or ''}"
    for doc_type in rule.params.get("types", ()):
        if not package.holding(doc_type):
            findings.append(
                rule_finding(rule, "missing_attachment",
                         f"验收材料中未找到「{ACCEPTANCE_TYPES[doc_type]}」，{where}要求一并提交。", [], doc_type)
            )
    return findings
