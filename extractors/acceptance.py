"""Which acceptance document types a file holds, told by its content and never by its name.

A file IS a type when a title line on its cover (or the reader's title) names it; it HOLDS a type
as a chapter when one of its headings does (验收申请报告 whose 第二章 is the 项目建设总结). A line
that cites a document (附件3：审计报告, 已完成等保测评) names nothing. Patterns live in
`data/acceptance_lexicon.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from docscreen.extractors.data_files import load_yaml
from docscreen.extractors.outline import cover_blocks
from docscreen.models.document import Document
from docscreen.models.vocabulary import ACCEPTANCE_TYPES

HEADING_LEVELS = 2  # a held type is a chapter or a section, not a deep subsection
ACCEPTANCE_KIND_CONFIDENCE = 0.9  # a cover that names an acceptance document type


@dataclass(frozen=True, slots=True)
class _Lexicon:
    title: dict[str, tuple[re.Pattern[str], ...]]
    heading: dict[str, tuple[re.Pattern[str], ...]]
    citation: tuple[str, ...]


@cache
def acceptance_lexicon() -> _Lexicon:
    raw = load_yaml("acceptance_lexicon.yaml")
    unknown = set(raw["types"]) - set(ACCEPTANCE_TYPES)
    if unknown:
        raise ValueError(f"acceptance_lexicon.yaml names unknown types: {sorted(unknown)}")
    return _Lexicon(
        title={t: tuple(re.compile(p) for p in v["title"]) for t, v in raw["types"].items()},
        heading={t: tuple(re.compile(p) for p in v["heading"]) for t, v in raw["types"].items()},
        citation=tuple(raw["citation"]),
    )


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _matches(line: str, patterns: dict[str, tuple[re.Pattern[str], ...]]) -> list[str]:
    lex = acceptance_lexicon()
    text = _compact(line)
    if not text or any(c in text for c in lex.citation):
        return []
    return [t for t, pats in patterns.items() if any(p.search(text) for p in pats)]


def title_types(doc: Document) -> list[str]:
    """The types the cover's title lines (or the reader's title) say the file is."""
    found: list[str] = []
    for line in [doc.title, *(b.text for b in cover_blocks(doc))]:
        found += [t for t in _matches(line, acceptance_lexicon().title) if t not in found]
    return found


def chapter_types(doc: Document) -> list[str]:
    found: list[str] = []
    for section in doc.outline:
        if section.level <= HEADING_LEVELS:
            found += [t for t in _matches(section.title, acceptance_lexicon().heading) if t not in found]
    return found


def classify_acceptance(doc: Document) -> list[str]:
    """Sets and returns `doc.acceptance_types`: the types the file is, then the ones it holds.
    A file the kind lexicon left unknown but that is an acceptance document (a 审计报告, a 测评报告)
    becomes an `acceptance_report`, so the acceptance rules reach it."""
    types = title_types(doc)
    held = [t for t in chapter_types(doc) if t not in types]
    doc.acceptance_types = types + held
    if doc.kind == "unknown" and types:
        doc.kind, doc.kind_confidence = "acceptance_report", ACCEPTANCE_KIND_CONFIDENCE
    return doc.acceptance_types
