"""The steps of screening one unit, as plain functions.

The command line calls them directly; the Prefect flows wrap the same functions as tasks, so
there is one code path and a single `docscreen screen` does not pay for an orchestration engine.
A unit is a file (one document) or a folder or .zip (one package screened together).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docscreen.checkers.jurisdiction import detect_jurisdiction
from docscreen.checkers.package_screen import attachments_summary, package_level_checks, screen_package
from docscreen.checkers.rulebook import jurisdiction_ids, load_rulebook
from docscreen.checkers.screen import budget_reconciliation, chapters_summary, screen
from docscreen.extractors.package_reader import read_package, read_zip
from docscreen.extractors.pipeline import analyse, warm_analysis
from docscreen.extractors.read import sniff
from docscreen.flows.bounded_read import DEFAULT_BUDGET, PendingRead, UnitBudget, start_read
from docscreen.flows.forked import aside_for_this_process
from docscreen.flows.units import fetch, names_archive
from docscreen.models import Document
from docscreen.models.package import Package
from docscreen.reports.json_report import Screening
from docscreen.reports.package_report import PackageScreening


@dataclass(frozen=True, slots=True)
class JurisdictionChoice:
    id: str | None
    confidence: float
    source: str  # detected | override | none


def resolve_jurisdiction(docs: list[Document], jurisdiction: str | None = None) -> JurisdictionChoice:
    """An explicit jurisdiction wins; otherwise the surest guess over the documents."""
    if jurisdiction is not None:
        if jurisdiction not in jurisdiction_ids():
            raise ValueError(f"unknown jurisdiction {jurisdiction!r}; known: {', '.join(jurisdiction_ids())}")
        return JurisdictionChoice(jurisdiction, 1.0, "override")
    guesses = [g for g in (detect_jurisdiction(d) for d in docs if d.readable) if g.id]
    if not guesses:
        return JurisdictionChoice(None, 0.0, "none")
    best = max(guesses, key=lambda g: g.confidence)
    return JurisdictionChoice(best.id, best.confidence, "detected")


def apply_rules(doc: Document, chosen: JurisdictionChoice, skip_checks: frozenset[str] = frozenset()) -> Screening:
    rulebook = load_rulebook(chosen.id)
    findings = screen(doc, rulebook, skip_checks)
    chapters = chapters_summary(doc, rulebook) if doc.readable else {}
    reconciliation = budget_reconciliation(doc, rulebook) if doc.readable else []
    return Screening(
        doc, chosen.id, rulebook.jurisdiction.name, chosen.confidence, chosen.source, rulebook.version, findings,
        chapters, reconciliation,
    )


def check(doc: Document, jurisdiction: str | None = None) -> Screening:
    return apply_rules(doc, resolve_jurisdiction([doc], jurisdiction))


def extract_bounded(data: bytes, name: str, budget: UnitBudget = DEFAULT_BUDGET) -> Document:
    """Read in a child held to `budget` (flows/bounded_read.py), then analyse here."""
    return finish_read(start_read(data, name, budget))


def finish_read(pending: PendingRead) -> Document:
    """While the child reads, this process loads what analysis needs (spaCy's amount pipeline, the
    classifiers, the lexicons: once per process), so a single run pays for the larger of the two."""
    warm_analysis()
    return analyse(pending.document(), aside_for_this_process())


def extract_members(package: Package, budget: UnitBudget = DEFAULT_BUDGET) -> Package:
    """Read and analyse every file the package reader let through, each under its own budget."""
    for member in package.members:
        if member.data is not None:
            member.document = extract_bounded(member.data, member.path, budget)
    return package


def check_package(package: Package, jurisdiction: str | None = None) -> PackageScreening:
    """Each readable file under the package's jurisdiction, then the package's own rules. A check
    the package judges over all its files (spending, adjustments) is not repeated file by file; a
    file that could not be read is reported once, by the package."""
    chosen = resolve_jurisdiction(package.documents, jurisdiction)
    rulebook = load_rulebook(chosen.id)
    skip = package_level_checks(rulebook)
    members = [apply_rules(doc, chosen, skip) for doc in package.documents if doc.readable]
    return PackageScreening(
        package, chosen.id, rulebook.jurisdiction.name, chosen.confidence, chosen.source, rulebook.version,
        screen_package(package, rulebook), attachments_summary(package, rulebook), members,
    )


def screen_path(
    path: Path, jurisdiction: str | None = None, budget: UnitBudget = DEFAULT_BUDGET
) -> Screening | PackageScreening:
    """A folder or a .zip archive is a package; any other file is one document (a zip named
    报告.docx is a document that is not a Word file, and is reported as such)."""
    if path.is_dir():
        return check_package(extract_members(read_package(path), budget), jurisdiction)
    data = fetch(path)
    if names_archive(path.name) and sniff(data) == "zip":
        return check_package(extract_members(read_zip(data, path.name), budget), jurisdiction)
    return check(extract_bounded(data, path.name, budget), jurisdiction)
