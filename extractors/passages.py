"""The text units the content extractors read: sentences of paragraphs and rows of tables, each
with its page, taken from the chapters of one type or from the whole body.

A chapter is every outermost section of its type (one not nested in another of the same type):
a PDF whose outline puts 密码应用方案 and its 5.2 … 5.4 side by side still reads as one chapter.
Full-width letters, digits and ／－＋ (ＳＭ４, Ｏｒａｃｌｅ, ＧＢ／Ｔ) read as ASCII; Chinese punctuation stays,
so quotes read as the document does and positions match it character for character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from docscreen.models.document import BlockKind, Document, Section

_HALF_WIDTH = str.maketrans(
    {**{chr(c): chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))},
     "／": "/", "－": "-", "＋": "+", "　": " "})
_SENTENCE_END = re.compile(r"(?<=[。！？；;!?])|\n")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of a paragraph, or one row of a table (its cells joined by ，)."""

    text: str
    page: int | None
    block: int
    row: int | None = None  # None for a sentence


def normalize(text: str) -> str:
    return text.translate(_HALF_WIDTH)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(normalize(text)) if s and s.strip()]


def name_pattern(name: str) -> str:
    """A regular expression for a product or algorithm name: Latin names as whole words (no letter
    or digit before, no letter after a final letter, no digit after a final digit), any spacing
    between words and where Chinese meets Latin (统信UOS = 统信 UOS)."""
    parts = re.findall(r"[A-Za-z0-9][A-Za-z0-9.\-+]*|[^\sA-Za-z0-9]+", name)  # 华为TaiShan → 华为, TaiShan
    body = r"\s*".join(re.escape(part) for part in parts)
    if re.match(r"[A-Za-z0-9]", name):
        body = rf"(?<![A-Za-z0-9]){body}"
    if re.search(r"[A-Za-z]$", name):
        body = rf"{body}(?![A-Za-z])"
    elif re.search(r"[0-9]$", name):
        body = rf"{body}(?![0-9])"
    return body


class NameMatcher(Generic[T]):
    """Finds names (each standing for a value) in text, leftmost-longest and never overlapping:
    中标麒麟操作系统 is 中标麒麟, not also its 麒麟; 3DES is not also a DES. Case-insensitive.

    One alternation of hundreds of names is tried name by name at every character (~30 µs per
    char); so a character class finds where a name may start and only the names that begin with
    that character are tried there. Same matches as the whole alternation's `finditer`."""

    def __init__(self, names: Iterable[tuple[str, T]]) -> None:
        ordered = sorted(names, key=lambda nv: -len(nv[0]))  # at one position the longest alternative wins
        self._values = [value for _, value in ordered]
        self._names = [name for name, _ in ordered]
        by_first: dict[str, list[tuple[int, str]]] = {}
        for i, (name, _) in enumerate(ordered):
            by_first.setdefault(name[0].lower(), []).append((i, name))
        self._by_first = {first: _alternation(group) for first, group in by_first.items()}
        self._starts = re.compile(f"[{''.join(re.escape(first) for first in by_first)}]", re.IGNORECASE)

    def find(self, text: str) -> list[tuple[int, int, T]]:
        found: list[tuple[int, int, T]] = []
        pos = 0
        while (start := self._starts.search(text, pos)) is not None:
            at = start.start()
            m = (self._by_first.get(text[at].lower()) or self._whole).match(text, at)
            if m is None:
                pos = at + 1
                continue
            found.append((at, m.end(), self._values[int(str(m.lastgroup)[1:])]))
            pos = m.end()
        return found

    @cached_property
    def _whole(self) -> re.Pattern[str]:
        """Every name: for the rare character that folds to a first letter under another key (K → k)."""
        return _alternation(list(enumerate(self._names)))


def _alternation(names: list[tuple[int, str]]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<n{i}>{name_pattern(name)})" for i, name in names), re.IGNORECASE)


def chapter_sections(doc: Document, chapter_type: str, unsure: bool = False) -> list[Section]:
    """The outermost sections surely of a type, in reading order; with `unsure`, those only guessed
    to be (under LOW_CONFIDENCE), which a reviewer should look at."""
    typed = {i for i, s in enumerate(doc.outline) if s.chapter_type == chapter_type and s.low_confidence == unsure}

    def nested(i: int) -> bool:
        parent = doc.outline[i].parent
        while parent is not None:
            if parent in typed:
                return True
            parent = doc.outline[parent].parent
        return False

    return [doc.outline[i] for i in sorted(typed) if not nested(i)]


def chapter_blocks(doc: Document, chapter_type: str) -> list[int]:
    """Indices of the blocks under the chapters of a type (their own headings excluded)."""
    return [i for s in chapter_sections(doc, chapter_type) for i in range(s.first_block + 1, s.end_block)]


def body_blocks(doc: Document) -> list[int]:
    """Every block from the first heading on, table-of-contents lines excluded."""
    start = doc.outline[0].first_block if doc.outline else 0
    return [i for i in range(start, len(doc.blocks)) if not doc.blocks[i].in_toc]


def table_rows(doc: Document, index: int) -> list[tuple[str, ...]]:
    block = doc.blocks[index]
    if block.table is None:
        return []
    return [tuple(normalize(cell).strip() for cell in row) for row in block.table.grid()]


def passages(doc: Document, blocks: Iterable[int]) -> Iterator[Passage]:
    """Sentences of the paragraphs and rows of the tables among `blocks`, in order."""
    for i in blocks:
        block = doc.blocks[i]
        if block.kind is BlockKind.TABLE:
            for r, cells in enumerate(table_rows(doc, i)):
                if any(cells):
                    yield Passage("，".join(c for c in cells if c), block.page, i, r)
        else:
            for sentence in sentences(block.full_text):
                yield Passage(sentence, block.page, i)


def enclosing_titles(doc: Document) -> list[str]:
    """For each block, the title of the innermost section holding it ('' before the first heading);
    of two equally deep sections holding it, the first. One pass, not one scan of the outline per block."""
    titles = [""] * len(doc.blocks)
    depth = [-1] * len(doc.blocks)
    for s in doc.outline:
        for i in range(max(s.first_block, 0), min(s.end_block, len(doc.blocks))):
            if s.level > depth[i]:
                titles[i], depth[i] = s.title, s.level
    return titles


def in_book_title(text: str, position: int) -> bool:
    """Inside 《…》: the name of a regulation or standard, not a statement of the plan."""
    return text.rfind("《", 0, position) > text.rfind("》", 0, position)


def excerpt(text: str, start: int, end: int, width: int = 60) -> str:
    """The text around [start, end), at most `width` characters either side, with … where cut."""
    left, right = max(0, start - width), min(len(text), end + width)
    return f"{'…' if left else ''}{text[left:right]}{'…' if right < len(text) else ''}"
