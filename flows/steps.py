"""The steps of screening one unit, as plain functions.

The command line calls them directly; the Prefect flows wrap the same functions as tasks, so
there is one code path and a single `docscreen screen` does not pay for an orchestration engine.
"""

from __future__ import annotations

from pathlib import Path

from docscreen.checkers.jurisdiction import detect_jurisdiction
from docscreen.checkers.rulebook import jurisdiction_ids, load_rulebook
from docscreen.checkers.screen import budget_reconciliation, chapters_summary, screen
from docscreen.extractors.pipeline import extract
from docscreen.models import Document
from docscreen.reports.json_report import Screening


def fetch(path: Path) -> bytes:
    """Read the original; it is opened read-only and never written."""
    return path.read_bytes()


def check(doc: Document, jurisdiction: str | None = None) -> Screening:
    """Resolve the jurisdiction (an explicit one wins), then apply its rulebook."""
    if jurisdiction is not None:
        if jurisdiction not in jurisdiction_ids():
            raise ValueError(f"unknown jurisdiction {jurisdiction!r}; known: {', '.join(jurisdiction_ids())}")
        chosen, confidence, source = jurisdiction, 1.0, "override"
    elif doc.readable:
        guess = detect_jurisdiction(doc)
        chosen, confidence, source = guess.id, guess.confidence, "detected" if guess.id else "none"
    else:
        chosen, confidence, source = None, 0.0, "none"
    rulebook = load_rulebook(chosen)
    findings = screen(doc, rulebook)
    chapters = chapters_summary(doc, rulebook) if doc.readable else {}
    reconciliation = budget_reconciliation(doc, rulebook) if doc.readable else []
    return Screening(
        doc, chosen, rulebook.jurisdiction.name, confidence, source, rulebook.version, findings, chapters,
        reconciliation,
    )


def screen_path(path: Path, jurisdiction: str | None = None) -> Screening:
    return check(extract(fetch(path), path.name), jurisdiction)
