"""Apply a rulebook to a submission package: the package-level rules (which documents it must
hold, spending and adjustments across all its files), and what could not be read inside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docscreen.checkers.acceptance_checks import check_attachments, check_package_adjustment, check_package_overrun
from docscreen.checkers.rulebook import Rule, Rulebook
from docscreen.models import Evidence, Finding, Severity
from docscreen.models.document import FATAL_READ_ERRORS
from docscreen.models.package import Package

PACKAGE_KIND = "acceptance_package"

PackageCheck = Callable[[Package, Rule], list[Finding]]

PACKAGE_CHECKS: dict[str, PackageCheck] = {
    "attachments_required": check_attachments,
    "budget_overrun": check_package_overrun,
    "budget_adjustment": check_package_adjustment,
}


@dataclass(frozen=True, slots=True)
class AttachmentStatus:
    present: bool
    files: list[str]


def package_rules(rulebook: Rulebook) -> list[Rule]:
    return rulebook.for_kind(PACKAGE_KIND)


def package_level_checks(rulebook: Rulebook) -> frozenset[str]:
    """Checks judged once over the whole package, so its files do not each repeat them."""
    return frozenset(r.check for r in package_rules(rulebook))


def attachments_summary(package: Package, rulebook: Rulebook) -> dict[str, AttachmentStatus]:
    """Every document type the jurisdiction requires, present or not, with the files holding it."""
    summary: dict[str, AttachmentStatus] = {}
    for rule in package_rules(rulebook):
        if rule.check == "attachments_required":
            for doc_type in rule.params.get("types", ()):
                files = [m.path for m in package.holding(doc_type)]
                summary[doc_type] = AttachmentStatus(bool(files), files)
    return summary


NOT_DOCUMENTS = frozenset({"unsupported_format"})  # a listing, a photo: not a document to screen


def unreadable_members(package: Package) -> list[Finding]:
    """The package itself unreadable is an error; a damaged or refused file inside it, a warning
    each; files that are not documents at all (目录.txt, a photo), one note naming them."""
    findings = [
        Finding(code="unreadable", severity=Severity.ERROR if e.code in FATAL_READ_ERRORS else Severity.WARNING,
                message=e.message)
        for e in package.errors
    ]
    not_documents = []
    for member in package.members:
        error = member.error
        if error is None and member.document is not None and not member.document.readable:
            error = next(e for e in member.document.errors if e.code in FATAL_READ_ERRORS)
        if error is None:
            continue
        if error.code in NOT_DOCUMENTS:
            not_documents.append(member.path)
            continue
        message = error.message if member.path in error.message else f"“{member.path}”：{error.message}"
        findings.append(Finding(code="unreadable", severity=Severity.WARNING, message=message,
                                evidence=[Evidence(page=None, text=member.path)]))
    if not_documents:
        findings.append(
            Finding(code="unreadable", severity=Severity.INFO,
                    message="以下文件不是 DOCX 或 PDF 文档，未审查：" + "、".join(not_documents) + "。",
                    evidence=[Evidence(page=None, text=path) for path in not_documents])
        )
    return findings


def screen_package(package: Package, rulebook: Rulebook) -> list[Finding]:
    findings = unreadable_members(package)
    if any(f.severity is Severity.ERROR for f in findings):
        return findings
    for rule in package_rules(rulebook):
        findings.extend(PACKAGE_CHECKS[rule.check](package, rule))
    return sorted(findings, key=lambda f: -f.severity.rank)
