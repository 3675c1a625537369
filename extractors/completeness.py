"""Visibly incomplete documents: the 目录 promises chapters the body never reaches.

Many public copies are a cover and a 目录, or stop after a few chapters. Marking them incomplete
lets checks say they could not judge instead of reporting every later chapter as missing. The TOC
is messy (lost dots, glued page numbers), so entries are matched to body headings by number or by
a tolerant title comparison, and only a *tail* of absent top-level entries counts as truncation:
one renamed chapter in the middle is a mismatch, not a cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from docscreen.extractors.outline import Numbering, build_outline, normalize_title, parse_numbering
from docscreen.models.document import BlockKind, Document, Section

MIN_TAIL = 2  # absent trailing chapters needed to call a document cut off
MIN_TAIL_SHARE = 0.25  # …and their share of the announced chapters
MIN_CHARS_PER_CHAPTER = 100  # below this much body text per announced chapter, the body is a stub
MIN_CHAPTERS_FOR_STUB = 5
TITLE_SIMILARITY = 0.8
_TOC_TITLE = re.compile(r"^目\s*录$")
_TRAILING_PAGE = re.compile(r"^(.*?[^\d\s.．])[\s.…·•_\-]*(\d{1,3})\s*$")
_LEADER = re.compile(r"[\s.…·•_\-]{2,}$")
_NUMBERED_SCHEMES = ("chapter", "part", "section")
_TOP_ORDER = ("chapter", "part", "cn_dun", "dec1", "section", "cn_paren")


@dataclass(frozen=True, slots=True)
class TocEntry:
    text: str  # as printed, without dot leaders and page number
    numbering: Numbering | None
    title: str  # normalised, for matching
    page: int | None

    @property
    def label(self) -> str:
        """How a reason names the entry: 第四章 when it has a chapter number, else the quoted text."""
        if self.numbering is not None and self.numbering.scheme in _NUMBERED_SCHEMES:
            return self.numbering.label
        return f"「{self.text}」"


def parse_toc(doc: Document) -> list[TocEntry]:
    """Entries of `doc.toc` (or of the blocks marked `in_toc`), cleaned of leaders and page numbers."""
    lines = doc.toc or [b.full_text for b in doc.blocks if b.kind is BlockKind.PARAGRAPH and b.in_toc]
    entries = []
    for line in lines:
        text = line.strip()
        if not text or _TOC_TITLE.match(text):
            continue
        page = None
        m = _TRAILING_PAGE.match(text)
        if m:
            text, page = _LEADER.sub("", m.group(1)).strip(), int(m.group(2))
        numbering = parse_numbering(text)
        title = normalize_title(numbering.title if numbering else text)
        if title:
            entries.append(TocEntry(text, numbering, title, page))
    return entries


def _same_title(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and short in long_:
        return True
    return SequenceMatcher(None, a, b).ratio() >= TITLE_SIMILARITY


def _matches(entry: TocEntry, sections: list[Section]) -> bool:
    for s in sections:
        if _same_title(entry.title, normalize_title(s.title)):
            return True
        n = parse_numbering(s.heading) if s.number else None
        if (
            entry.numbering is not None
            and entry.numbering.scheme in _NUMBERED_SCHEMES
            and n is not None
            and (n.scheme, n.ordinals) == (entry.numbering.scheme, entry.numbering.ordinals)
        ):
            return True
    return False


def _outline(doc: Document) -> list[Section]:
    return doc.outline or build_outline(doc)


def announced_but_absent(doc: Document) -> list[str]:
    """TOC entries (cleaned text) with no matching body heading. Builds the outline if not yet built."""
    sections = _outline(doc)
    return [e.text for e in parse_toc(doc) if not _matches(e, sections)]


def _top_entries(entries: list[TocEntry]) -> list[TocEntry]:
    """The announced chapters: entries of the most senior numbering scheme the TOC uses twice or more.

    A fixed order is safe here (unlike body headings) because only the top level is needed, and
    glued TOC numbers ("11项目名称" for 1.1) must not outrank real 第X章 entries."""
    keys = [e.numbering.key for e in entries if e.numbering is not None]
    top = next((k for k in _TOP_ORDER if keys.count(k) >= 2), None)
    if top is None:
        return entries if not keys else [e for e in entries if e.numbering is not None]
    return [e for e in entries if e.numbering is not None and e.numbering.key == top]


def _body_chars(doc: Document, sections: list[Section]) -> int:
    start = sections[0].first_block if sections else len(doc.blocks)
    return sum(
        len(b.text.strip()) for b in doc.blocks[start:] if b.kind is BlockKind.PARAGRAPH and not b.in_toc
    )


def incompleteness(doc: Document) -> str | None:
    """Why the document is visibly incomplete (one Chinese phrase), or None when nothing shows it."""
    sections = _outline(doc)
    top = _top_entries(parse_toc(doc))
    if not top:
        return None
    if not sections:
        return f"仅见封面和目录，目录所列{len(top)}章均未见正文"
    present = [_matches(e, sections) for e in top]
    if any(present):
        last = max(i for i, p in enumerate(present) if p)
        tail = top[last + 1 :]
        if len(tail) >= MIN_TAIL and len(tail) >= MIN_TAIL_SHARE * len(top):
            return f"正文在{top[last].label}后中断，目录所列{tail[0].label}至{tail[-1].label}未见正文"
    chars = _body_chars(doc, sections)
    if len(top) >= MIN_CHAPTERS_FOR_STUB and chars < MIN_CHARS_PER_CHAPTER * len(top):
        return f"正文仅约{chars}字，远少于目录所列{len(top)}章应有的篇幅"
    return None


def assess_completeness(doc: Document) -> None:
    """Set `doc.complete` and `doc.incomplete_reason` (builds the outline if not yet built)."""
    reason = incompleteness(doc)
    doc.complete = reason is None
    doc.incomplete_reason = reason or ""
