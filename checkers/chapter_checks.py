"""Mandated chapters: present, substantive, or missing — judged from the classified outline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docscreen.checkers.rulebook import Rule
from docscreen.models import BlockKind, Document, Evidence, Finding, Section, Severity
from docscreen.models.vocabulary import CHAPTER_TYPES

DEFAULT_MIN_CHARS = 120  # fewer characters of content than this is a bare heading or one sentence
ATTACHMENT_ONLY = re.compile(r"详见附件|见附件|详见附表|另行编制|另册|单独成册|另附")
ATTACHMENT_ONLY_MAX_CHARS = 300
EXCERPT_CHARS = 160


@dataclass(frozen=True, slots=True)
class ChapterStatus:
    """How a chapter type stands in one document; `present` is None when it could not be judged."""

    chapter_type: str
    present: bool | None
    substantive: bool = False
    title: str = ""
    pages: tuple[int, int] | None = None
    chars: int = 0
    excerpt: str = ""
    section: Section | None = None


def section_content(doc: Document, section: Section) -> str:
    """Everything under a heading, sub-sections and table cells included."""
    parts = []
    for block in doc.blocks[section.first_block + 1 : section.end_block]:
        if block.kind is BlockKind.TABLE and block.table is not None:
            parts.extend(c.text for c in block.table.cells)
        else:
            parts.append(block.full_text)
    return "\n".join(parts)


def _content_chars(text: str) -> int:
    return len("".join(text.split()))


def _outermost(indices: list[int], doc: Document) -> list[Section]:
    """Sections of a type not nested in another of the same type: 8 安全设计 speaks for its 8.1."""
    chosen = set(indices)

    def nested(i: int) -> bool:
        parent = doc.outline[i].parent
        while parent is not None:
            if parent in chosen:
                return True
            parent = doc.outline[parent].parent
        return False

    return [doc.outline[i] for i in indices if not nested(i)]


def chapter_status(doc: Document, chapter_type: str, min_chars: int = DEFAULT_MIN_CHARS) -> ChapterStatus:
    candidates = _outermost([i for i, s in enumerate(doc.outline) if s.chapter_type == chapter_type], doc)
    if not candidates:
        return ChapterStatus(chapter_type, present=None if not doc.complete else False)
    scored = [(s, section_content(doc, s)) for s in candidates]
    # the surest heading speaks for the chapter; among equally sure ones, the fullest
    section, content = max(scored, key=lambda sc: (round(sc[0].confidence, 1), _content_chars(sc[1])))
    chars = _content_chars(content)
    only_reference = bool(ATTACHMENT_ONLY.search(content)) and chars < ATTACHMENT_ONLY_MAX_CHARS
    start = section.page
    end = section.page_end if section.page_end is not None else start
    return ChapterStatus(
        chapter_type=chapter_type,
        present=True,
        substantive=chars >= min_chars and not only_reference,
        title=section.heading,
        pages=(start, end) if start is not None else None,
        chars=chars,
        excerpt=" ".join(content.split())[:EXCERPT_CHARS],
        section=section,
    )


def rule_status(doc: Document, rule: Rule) -> ChapterStatus:
    """The chapter as a `chapter_required` rule judges it (its own `min_chars` included)."""
    assert rule.chapter_type is not None, f"rule {rule.id} names no chapter_type"
    return chapter_status(doc, rule.chapter_type, int(rule.params.get("min_chars", DEFAULT_MIN_CHARS)))


def check_chapter_required(doc: Document, rule: Rule) -> list[Finding]:
    status = rule_status(doc, rule)
    name = CHAPTER_TYPES[status.chapter_type]
    where = f"{rule.citation.regulation}{rule.citation.article or ''}"
    if status.present is None:
        return []  # the incomplete-document finding speaks for every chapter it could not judge
    if not status.present:
        return [
            Finding(
                code="missing_chapter",
                severity=rule.severity,
                message=f"未找到「{name}」章节，{where}要求编制该内容。",
                rule_id=rule.id,
                chapter_type=rule.chapter_type,
                citation=rule.citation,
            )
        ]
    if not status.substantive:
        page = status.pages[0] if status.pages else None
        return [
            Finding(
                code="thin_chapter",
                severity=Severity.WARNING,
                message=f"「{status.title}」仅有{status.chars}字，未实质说明{name}（{where}）。",
                rule_id=rule.id,
                chapter_type=rule.chapter_type,
                citation=rule.citation,
                evidence=[Evidence(page=page, text=f"{status.title} {status.excerpt}".strip())],
            )
        ]
    return []
