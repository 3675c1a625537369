"""Running headers, footers and page numbers, and table-of-contents pages.

Furniture is whatever sits in the top or bottom band of a page and either repeats on many
pages (digits ignored, so "第 3 页" and "第 4 页" count as one) or is a page number. It must
not reach the blocks: a header repeated 100 times would swamp every text check.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from docscreen.extractors.pdf_lines import Line

BAND = 0.08  # share of the page height at the top and at the bottom
_REPEAT_SHARE = 0.3
_REPEAT_MIN = 3

_PAGE_NUMBER = re.compile(
    r"^(?:"
    r"[-—–－~～\s]*\d{1,4}[-—–－~～\s]*"  # 3 · - 3 - · —3—
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第 3 页 · 第3页 共120页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/120
    r"|(?:page|p\.?)\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|[-—–\s]*[IVXLCivxlc]{1,7}[-—–\s]*"  # III
    r")$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")

_TOC_TITLE = re.compile(r"^(?:目\s*录|目\s*次|contents)$", re.IGNORECASE)
_LEADER_NUMBER = re.compile(r"(?:[.．·…‥・_\-—]{2,}|\s{2,}|\s*…+)\s*(?:\d{1,4}|[IVXivx]{1,6})\s*$")
_TRAILING_NUMBER = re.compile(r"\D\s*\d{1,4}\s*$")
_ENTRY_TAIL = re.compile(r"(?:[\s.．·…‥・_\-—]*\d{1,4}|[\s.．·…‥・_\-—]+[IVXivx]{1,6}|[\s.．·…‥・_\-—]+)\s*$")
_TOC_HEAD_LINES = 5


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _key(text: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub("", text))


def _in_band(line: Line, height: float) -> bool:
    return line.bottom <= height * BAND or line.top >= height * (1 - BAND)


def remove_furniture(pages: Sequence[list[Line]], heights: Sequence[float]) -> list[list[Line]]:
    """The pages' lines without running headers, footers and page numbers."""
    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights):
        counts.update({_key(ln.text) for ln in lines if _in_band(ln, height)})
    threshold = max(_REPEAT_MIN, _REPEAT_SHARE * len(pages))
    repeated = {k for k, n in counts.items() if n >= threshold}
    kept: list[list[Line]] = []
    for lines, height in zip(pages, heights):
        kept.append(
            [
                ln
                for ln in lines
                if not (_in_band(ln, height) and (_key(ln.text) in repeated or is_page_number(ln.text)))
            ]
        )
    return kept


def _toc_like(lines: Sequence[Line]) -> bool:
    """Most lines end in a page number, after dot leaders or a gap: a TOC page without its title."""
    if len(lines) < 4:
        return False
    leaders = sum(1 for ln in lines if _LEADER_NUMBER.search(ln.text))
    numbered = sum(1 for ln in lines if _TRAILING_NUMBER.search(ln.text))
    return leaders >= 0.5 * len(lines) or numbered >= 0.7 * len(lines)


def _has_toc_title(lines: Sequence[Line]) -> bool:
    return any(_TOC_TITLE.match(ln.text.strip()) for ln in lines[:_TOC_HEAD_LINES])


def toc_pages(pages: Sequence[list[Line]]) -> set[int]:
    """Indexes of TOC pages: a titled 目录 page, and the pages after it that still look like one."""
    found: set[int] = set()
    in_toc = False
    for i, lines in enumerate(pages):
        if _has_toc_title(lines):
            in_toc = True
        elif in_toc and lines and _toc_like(lines):
            pass
        elif i < 0.2 * len(pages) + 3 and _toc_like(lines):
            in_toc = True
        else:
            in_toc = False
        if in_toc:
            found.add(i)
    return found


def is_toc_title(text: str) -> bool:
    return bool(_TOC_TITLE.match(text.strip()))


def toc_entry(text: str) -> str:
    """The entry as printed, without dot leaders and page number; real TOCs stay messy."""
    return _ENTRY_TAIL.sub("", text).strip() or text.strip()
