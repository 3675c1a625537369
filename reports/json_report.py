"""The JSON report of CONTRACT.md, built from an analysed document and its findings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from json.encoder import c_make_encoder, encode_basestring
from importlib.metadata import version
from typing import Any

from docscreen.checkers.budget_reconcile import Reconciliation
from docscreen.checkers.chapter_checks import ChapterStatus
from docscreen.models import Document, Finding
from docscreen.models.vocabulary import CHAPTER_TYPES, KINDS, SCHEMA
from docscreen.reports.budget_json import budget_json, yuan


@dataclass(frozen=True, slots=True)
class Screening:
    """Everything one screening concluded about one document, before it is written anywhere."""

    document: Document
    jurisdiction: str | None
    jurisdiction_name: str  # 营口市; the baseline's name when no jurisdiction is told
    jurisdiction_confidence: float
    jurisdiction_source: str  # detected | override | none
    rules_version: str
    findings: list[Finding]
    chapters: dict[str, ChapterStatus]
    reconciliation: list[Reconciliation] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity.value == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity.value == "warning")


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "chapter_type": f.chapter_type,
        "rule_id": f.rule_id or None,
        "citation": None
        if f.citation is None
        else {
            "regulation": f.citation.regulation,
            "document_no": f.citation.document_no or None,
            "article": f.citation.article,
            "text": f.citation.text or None,
        },
        "evidence": [{"page": e.page, "text": e.text, "marks": list(e.marks)} for e in f.evidence],
    }


def _chapter(status: ChapterStatus) -> dict[str, Any]:
    return {
        "label": CHAPTER_TYPES[status.chapter_type],
        "present": status.present,
        "substantive": status.substantive if status.present else False,
        "title": status.title or None,
        "pages": list(status.pages) if status.pages else None,
        "chars": status.chars,
        "excerpt": status.excerpt or None,
        "method": (status.section.method or None) if status.section else None,
        "confidence": round(status.section.confidence, 2) if status.section else None,
        "low_confidence": status.section.low_confidence if status.section else False,
    }


def build_report(s: Screening) -> dict[str, Any]:
    doc = s.document
    return {
        "schema": SCHEMA,
        "document": {
            "name": doc.name,
            "sha256": doc.sha256,
            "size_bytes": doc.size_bytes,
            "format": doc.format,
            "pages": doc.pages,
            "pages_estimated": doc.pages_estimated,
            "ocr_pages": doc.ocr_pages,
            "kind": doc.kind,
            "kind_label": KINDS.get(doc.kind, doc.kind),
            "kind_confidence": round(doc.kind_confidence, 2),
            "kind_method": doc.kind_method or None,
            "kind_low_confidence": doc.kind_low_confidence,
            "title": doc.title or None,
            "jurisdiction": s.jurisdiction,
            "jurisdiction_name": s.jurisdiction_name,
            "jurisdiction_confidence": round(s.jurisdiction_confidence, 2),
            "jurisdiction_source": s.jurisdiction_source,
            "complete": doc.complete,
            "incomplete_reason": doc.incomplete_reason or None,
            "total_investment_yuan": yuan(doc.budget.total_yuan),
        },
        "outline": [
            {
                "number": sec.number,
                "title": sec.title,
                "level": sec.level,
                "page": sec.page,
                "page_end": sec.page_end,
                "chapter_type": sec.chapter_type,
                "confidence": round(sec.confidence, 2),
                "method": sec.method or None,
                "low_confidence": sec.low_confidence,
            }
            for sec in doc.outline
        ],
        "chapters": {t: _chapter(st) for t, st in s.chapters.items()},
        "budget": budget_json(doc.budget, s.reconciliation),
        "findings": [finding_json(f) for f in s.findings],
        "errors": [{"code": e.code, "message": e.message, "page": e.page} for e in doc.errors],
        "screening": {
            "docscreen_version": version("docscreen"),
            "rules_version": s.rules_version,
            "models": dict(sorted(doc.models.items())),
            "errors": s.errors,
            "warnings": s.warnings,
        },
    }


def dumps(report: dict[str, Any]) -> str:
    """Objects indented, and each entry of a list (an amount, a finding, a heading) on one line: as
    easy to read and to grep, and each line goes through json's C encoder, which `indent=2` gives up. The pieces are joined once: a long report runs to megabytes."""
    out: list[str] = []
    _write(report, 0, out)
    return "".join(out)


def _write(value: Any, level: int, out: list[str]) -> None:
    if not value or not isinstance(value, (dict, list)):
        out.append(_compact(value))
        return
    inner = "\n" + "  " * (level + 1)
    if isinstance(value, dict):
        out.append("{")
        for i, (k, v) in enumerate(value.items()):
            out.append(f"{',' if i else ''}{inner}{_compact(k)}: ")
            _write(v, level + 1, out)
        out.append("\n" + "  " * level + "}")
        return
    out.append("[" + inner)
    out.append(("," + inner).join([_compact(v) for v in value]))
    out.append("\n" + "  " * level + "]")


_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)
# json.dumps builds an encoder per call; a long report has tens of thousands of entries
_C_ENCODE = (
    c_make_encoder(None, _ENCODER.default, encode_basestring, None, ": ", ", ", False, False, True)
    if c_make_encoder is not None
    else None
)


def _compact(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`, with one encoder for the whole report."""
    return "".join(_C_ENCODE(value, 0)) if _C_ENCODE is not None else _ENCODER.encode(value)
