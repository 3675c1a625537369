"""Apply a rulebook to one analysed document: the rule's `check` names the function that judges it."""

from __future__ import annotations

from collections.abc import Callable

from docscreen.checkers.acceptance_checks import check_adjustment, check_overrun
from docscreen.checkers.budget_checks import (
    check_annual,
    check_annual_split,
    check_hardware,
    check_items,
    check_threshold,
    check_total,
    rule_tolerance,
)
from docscreen.checkers.budget_reconcile import DEFAULT_TOLERANCE, Reconciliation, reconcile
from docscreen.checkers.chapter_checks import ChapterStatus, check_chapter_required, rule_in_force, rule_status
from docscreen.checkers.content_checks import (
    check_catalogue_fields,
    check_crypto_compliance,
    check_secure_products,
    check_sharing_elements,
)
from docscreen.checkers.rulebook import Rule, Rulebook
from docscreen.models import Document, Evidence, Finding, Severity
from docscreen.models.document import FATAL_READ_ERRORS
from docscreen.models.vocabulary import CHAPTER_TYPES

Check = Callable[[Document, Rule], list[Finding]]

CHECKS: dict[str, Check] = {
    "chapter_required": check_chapter_required,
    "budget_overrun": check_overrun,
    "budget_adjustment": check_adjustment,
    "budget_items": check_items,
    "budget_total": check_total,
    "budget_annual": check_annual,
    "budget_annual_split": check_annual_split,
    "hardware_procurement": check_hardware,
    "process_threshold": check_threshold,
    "secure_products": check_secure_products,
    "crypto_compliance": check_crypto_compliance,
    "catalogue_fields": check_catalogue_fields,
    "sharing_elements": check_sharing_elements,
}


def unreadable_findings(doc: Document) -> list[Finding]:
    """A fatal read error ends screening with one error; page-level losses are warnings."""
    findings = []
    for error in doc.errors:
        fatal = error.code in FATAL_READ_ERRORS
        if fatal or error.page is not None:
            findings.append(
                Finding(
                    code="unreadable",
                    severity=Severity.ERROR if fatal else Severity.WARNING,
                    message=error.message,
                    evidence=[Evidence(page=error.page, text=error.code)] if error.page else [],
                )
            )
    return findings


def mandated_chapters(rulebook: Rulebook, kind: str) -> list[Rule]:
    return [r for r in rulebook.for_kind(kind) if r.check == "chapter_required"]


def chapters_summary(doc: Document, rulebook: Rulebook) -> dict[str, ChapterStatus]:
    """The report's chapter table, judged exactly as the findings are (a chapter required only of
    projects that use a mode the document does not use is not listed)."""
    return {
        r.chapter_type: rule_status(doc, r)
        for r in mandated_chapters(rulebook, doc.kind)
        if r.chapter_type and rule_in_force(doc, r)
    }


def budget_reconciliation(doc: Document, rulebook: Rulebook) -> list[Reconciliation]:
    """The report's reconciliation table, with the tolerance the budget rules apply."""
    rule = next((r for r in rulebook.for_kind(doc.kind) if r.check == "budget_items"), None)
    return reconcile(doc.budget, rule_tolerance(rule) if rule else DEFAULT_TOLERANCE)


def incomplete_finding(doc: Document, rulebook: Rulebook) -> list[Finding]:
    if doc.complete:
        return []
    unjudged = [
        CHAPTER_TYPES[t] for t, status in chapters_summary(doc, rulebook).items() if status.present is None
    ]
    tail = f"，以下必备章节无法判断：{'、'.join(unjudged)}" if unjudged else ""
    return [
        Finding(
            code="incomplete_document",
            severity=Severity.WARNING,
            message=f"文档不完整（{doc.incomplete_reason}）{tail}。",
        )
    ]


def screen(doc: Document, rulebook: Rulebook, skip_checks: frozenset[str] = frozenset()) -> list[Finding]:
    """All findings for `doc`, most severe first; an unreadable document gets only why. A package
    passes the checks it judges over all its files as `skip_checks`."""
    findings = unreadable_findings(doc)
    if not doc.readable:
        return findings
    for rule in rulebook.for_kind(doc.kind):
        if rule.check not in skip_checks:
            findings.extend(CHECKS[rule.check](doc, rule))
    findings.extend(incomplete_finding(doc, rulebook))
    return sorted(findings, key=lambda f: -f.severity.rank)
