"""Rulebooks as data: one YAML file per jurisdiction over a national baseline.

A jurisdiction's file is complete for what it regulates: when a document's jurisdiction is
known, its rules apply, plus the baseline rules marked `scope: all`. The baseline's other
rules (`scope: fallback`, the default there) stand in only when the jurisdiction is unknown.
A jurisdiction rule with the same key (check + chapter type) as a baseline rule replaces it.
Adding a county means adding a file here; no code changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from docscreen.extractors.data_files import parse_yaml
from docscreen.models import Citation, Severity

BASELINE = "national"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    check: str
    applies_to: tuple[str, ...]
    citation: Citation
    severity: Severity
    chapter_type: str | None = None
    basis: str = ""  # where the baseline's requirement is carried by local articles
    scope: str = "jurisdiction"  # jurisdiction | fallback | all
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.check, self.chapter_type)

    def applies(self, kind: str) -> bool:
        return kind in self.applies_to


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    id: str
    name: str
    regulation: str
    document_no: str
    strong_places: tuple[str, ...]
    weak_places: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rulebook:
    """The rules in force for one jurisdiction (or the baseline), merged and ready to apply."""

    jurisdiction: Jurisdiction
    rules: tuple[Rule, ...]
    version: str

    def for_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.applies(kind)]


def _rulebook_files() -> dict[str, str]:
    folder = resources.files("docscreen.checkers") / "rulebooks"
    return {
        entry.name.removesuffix(".yaml"): entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


@cache
def _raw_books() -> dict[str, dict[str, Any]]:
    return {name: parse_yaml(text) for name, text in _rulebook_files().items()}


@cache
def rules_version() -> str:
    """A digest of every rulebook file: any edit re-screens everything cached under the old one."""
    digest = hashlib.sha256()
    for name, text in sorted(_rulebook_files().items()):
        digest.update(name.encode())
        digest.update(text.encode())
    return digest.hexdigest()[:12]


def jurisdiction_ids() -> list[str]:
    return sorted(name for name in _raw_books() if name != BASELINE)


def jurisdictions() -> list[Jurisdiction]:
    return [_jurisdiction(_raw_books()[j]) for j in jurisdiction_ids()]


def _jurisdiction(raw: dict[str, Any]) -> Jurisdiction:
    places = raw.get("places") or {}
    return Jurisdiction(
        id=raw["id"],
        name=raw["name"],
        regulation=raw["regulation"],
        document_no=raw.get("document_no") or "",
        strong_places=tuple(places.get("strong", ())) if isinstance(places, dict) else (),
        weak_places=tuple(places.get("weak", ())) if isinstance(places, dict) else (),
    )


def _rules(raw: dict[str, Any], default_scope: str) -> list[Rule]:
    articles: dict[str, str] = raw.get("articles") or {}
    rules = []
    for r in raw.get("rules") or []:
        article = r.get("article")
        quote = r.get("quote") or (articles.get(article, "") if article else "")
        citation = Citation(
            regulation=r.get("regulation") or raw["regulation"],  # a rule may rest on a companion measure
            article=f"{article}{r.get('clause', '')}" if article else None,
            text=" ".join(quote.split()),
            document_no=raw.get("document_no") or "",
        )
        rules.append(
            Rule(
                id=r["id"],
                check=r["check"],
                applies_to=tuple(r["applies_to"]),
                citation=citation,
                severity=Severity(r.get("severity", "error")),
                chapter_type=r.get("chapter_type"),
                basis=r.get("basis", ""),
                scope=r.get("scope", default_scope),
                params=dict(r.get("params") or {}),
            )
        )
    return rules


@cache
def load_rulebook(jurisdiction: str | None) -> Rulebook:
    """The merged rules for `jurisdiction` (None or unknown id: the national baseline alone)."""
    books = _raw_books()
    baseline = _rules(books[BASELINE], default_scope="fallback")
    if jurisdiction is None or jurisdiction not in books or jurisdiction == BASELINE:
        return Rulebook(_jurisdiction(books[BASELINE]), tuple(baseline), rules_version())
    own = _rules(books[jurisdiction], default_scope="jurisdiction")
    own_keys = {r.key for r in own}
    shared = [r for r in baseline if r.scope == "all" and r.key not in own_keys]
    return Rulebook(_jurisdiction(books[jurisdiction]), tuple(shared + own), rules_version())
