"""Mandated chapters: present, substantive, or missing — judged from the classified outline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docscreen.checkers.rulebook import Rule
from docscreen.extractors.mention_context import clause_bounds
from docscreen.extractors.passages import body_blocks, chapter_sections, in_book_title, passages
from docscreen.models import BlockKind, Document, Evidence, Finding, Section, Severity
from docscreen.models.vocabulary import CHAPTER_TYPES

DEFAULT_MIN_CHARS = 120  # fewer characters of content than this is a bare heading or one sentence
ATTACHMENT_ONLY = re.compile(r"详见附件|见附件|详见附表|另行编制|另册|单独成册|另附")
ATTACHMENT_ONLY_MAX_CHARS = 300
EXCERPT_CHARS = 160
# only_if_mentions: what takes a mention back, or shows it is not about this project's mode
_MODE_NEGATED_BEFORE = re.compile(
    r"(?:不|未|没有|并未|无需)(?:宜|应|拟|会|再|需)?(?:涉及|采用|采取|实行|使用|通过|属于|包含|含|适用|考虑)[^，,；;。]{0,6}$")
_MODE_NEGATED_AFTER = re.compile(r"^[^，,；;。]{0,6}?[：:]\s*(?:否|无|不涉及|不采用)")
_MODE_GENERIC_AFTER = re.compile(r"^的(?:项目|单位|情形)")  # 涉及政府购买服务的项目应当…: the measure, quoted
# renting 政务云 resources is what intensive construction makes every project do, whatever it calls
# the fee: a sentence about cloud resources speaks of the mode only where its clause builds that way
_MODE_CLOUD = re.compile(r"云资源|云服务|政务云|云平台|云主机|云存储")
_MODE_BUILDS = re.compile(r"建设|建成|开发|实施|搭建")


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
    unsure: tuple[Section, ...] = ()  # when not present: sections only guessed to be the chapter


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


def chapter_status(doc: Document, chapter_type: str, min_chars: int = DEFAULT_MIN_CHARS) -> ChapterStatus:
    candidates = chapter_sections(doc, chapter_type)
    if not candidates:
        unsure = tuple(chapter_sections(doc, chapter_type, unsure=True))
        return ChapterStatus(chapter_type, present=None if not doc.complete else False, unsure=unsure)
    scored = [(s, section_content(doc, s)) for s in candidates]
    # an exact rule's heading speaks for the chapter before a model's guess; then the surest; then the fullest
    section, content = max(
        scored, key=lambda sc: (sc[0].method != "model", round(sc[0].confidence, 1), _content_chars(sc[1]))
    )
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


def _affirms_mode(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], a mode phrase, says the project works that way."""
    left, right = clause_bounds(text, start, end)
    negated = _MODE_NEGATED_BEFORE.search(text[left:start]) or _MODE_NEGATED_AFTER.search(text[end:right])
    quoted = _MODE_GENERIC_AFTER.search(text[end:]) or in_book_title(text, start)
    cloud_fee = _MODE_CLOUD.search(text) and not _MODE_BUILDS.search(text[left:right])
    return not (negated or quoted or cloud_fee)


def uses_mode(doc: Document, phrases: list[str]) -> bool:
    """Whether the body says the project itself works in a mode (政府购买服务): a phrase that is not
    negated (不涉及政府购买服务), not the measure quoted (涉及…的项目, 《…》), and not only about
    the 政务云 resources every project rents."""
    for passage in passages(doc, body_blocks(doc)):
        for phrase in phrases:
            for m in re.finditer(re.escape(phrase), passage.text):
                if _affirms_mode(passage.text, m.start(), m.end()):
                    return True
    return False


def rule_in_force(doc: Document, rule: Rule) -> bool:
    """False for a chapter required only of projects using a mode (`only_if_mentions`) the document
    does not say it uses. A cut-off document is held to what it says before the cut: a conditional
    chapter is not listed among those it leaves unjudged unless the read part names the mode."""
    phrases = rule.params.get("only_if_mentions")
    return not phrases or uses_mode(doc, [str(p) for p in phrases])


def check_chapter_required(doc: Document, rule: Rule) -> list[Finding]:
    if not rule_in_force(doc, rule):
        return []
    status = rule_status(doc, rule)
    name = CHAPTER_TYPES[status.chapter_type]
    where = f"{rule.citation.regulation}{rule.citation.article or ''}"
    if status.present is None:
        return []  # the incomplete-document finding speaks for every chapter it could not judge
    if not status.present:
        guesses = "、".join(f"「{u.heading}」（置信度{u.confidence:.2f}）" for u in status.unsure)
        doubt = f"{guesses}或为该章节，请人工核实。" if guesses else ""
        return [
            Finding(
                code="missing_chapter",
                severity=rule.severity,
                message=f"未找到「{name}」章节，{where}要求编制该内容。{doubt}",
                rule_id=rule.id,
                chapter_type=rule.chapter_type,
                citation=rule.citation,
                evidence=[Evidence(page=u.page, text=u.heading) for u in status.unsure],
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
