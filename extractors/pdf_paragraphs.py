"""Lines of one page to paragraphs.

A PDF has no paragraphs, only lines. A line continues the previous one when it looks like
the same paragraph: same font size and weight, a normal line gap, the previous line running
to the right edge of the text, and no heading number or first-line indent at its start.
A paragraph that runs over a page break stays split in two blocks, one per page: joining
across pages would need the furniture between them to be gone for sure, and a split
paragraph costs later stages nothing.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from docscreen.extractors.pdf_lines import Line

_HEADING_START = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节篇部分条]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+(?:\.\d+)+\.?(?!\s*[\d%％万亿元年月日个倍])"
    r"|\d+[.．、](?!\s*[\d%％万亿元年月日个倍])"
    r"|[①-⑳]"
    r"|附件|附录|附表)"
)
_LATIN_END = frozenset(string.ascii_letters + string.digits + ",;:")  # a line ending so runs on with a space
_LATIN_START = re.compile(r"^[A-Za-z0-9(]")
_MAX_GAP = 2.2  # baseline distance, in font sizes, still read as the next line of a paragraph
_RIGHT_SLACK = 2.0  # font sizes short of the right edge that still count as a full line
_INDENT = 0.8  # font sizes of extra left indent that mark a new paragraph


@dataclass(slots=True)
class Paragraph:
    text: str
    page: int
    top: float
    size: float
    bold: bool
    centered: bool


def body_size(pages: Sequence[Sequence[Line]]) -> float:
    """The font size that carries the most characters: what a body line looks like."""
    weight: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            weight[ln.size] += len(ln.text)
    return weight.most_common(1)[0][0] if weight else 0.0


def starts_heading(text: str) -> bool:
    return bool(_HEADING_START.match(text))


def paragraphs(lines: Sequence[Line], page_width: float) -> list[Paragraph]:
    """Group a page's lines (in reading order) into paragraphs."""
    if not lines:
        return []
    left_edge = min(ln.left for ln in lines)
    right_edge = max(ln.right for ln in lines)
    out: list[Paragraph] = []
    group: list[Line] = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        if _continues(prev, line, right_edge):
            group.append(line)
        else:
            out.append(_paragraph(group, left_edge, right_edge, page_width))
            group = [line]
    out.append(_paragraph(group, left_edge, right_edge, page_width))
    return out


def _continues(prev: Line, line: Line, right_edge: float) -> bool:
    size = prev.size or 1.0
    if abs(line.size - prev.size) > 0.5 or line.bold != prev.bold:
        return False
    gap = line.bottom - prev.bottom
    if gap <= 0 or gap > _MAX_GAP * size:
        return False
    if prev.right < right_edge - _RIGHT_SLACK * size:
        return False
    if line.left > prev.left + _INDENT * size and line.left > prev.left:
        return False
    return not starts_heading(line.text)


def _paragraph(group: list[Line], left_edge: float, right_edge: float, page_width: float) -> Paragraph:
    first = group[0]
    if len(group) == 1:
        return Paragraph(first.text, first.page, first.top, first.size, first.bold, _centered(first, left_edge, right_edge, page_width))
    parts = [first.text]
    for prev, ln in zip(group, group[1:]):
        if prev.text[-1] in _LATIN_END and _LATIN_START.match(ln.text):  # a line holds no line break
            parts.append(" ")
        parts.append(ln.text)
    return Paragraph("".join(parts), first.page, first.top, first.size, all(ln.bold for ln in group), False)


def _centered(line: Line, left_edge: float, right_edge: float, page_width: float) -> bool:
    """Indented on both sides by about the same amount, and clearly not a full-width line."""
    if line.left < left_edge + 2 * line.size:
        return False
    middle = (line.left + line.right) / 2
    area_middle = (left_edge + right_edge) / 2 if right_edge - left_edge > 0.5 * page_width else page_width / 2
    return abs(middle - area_middle) < 0.05 * page_width
