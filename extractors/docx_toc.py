"""Recognising table-of-contents lines in DOCX paragraphs.

Field- and content-control TOCs are found structurally by the reader; this module holds
the text rules for what is left: TOC styles, the 目录 title, and manual entries that end
in a page number after dot leaders, tabs or spaces ("第一章 总论……1", "1.1 项目名称\t3").
"""

from __future__ import annotations

import re

_TITLE = re.compile(r"^(?:目\s*录|目\s*次|contents|table\s+of\s+contents)$", re.IGNORECASE)
_STYLE = re.compile(r"^(?:toc|目录)\s*(?:[1-9]|heading|标题)", re.IGNORECASE)
_LEADERS = ".．。·•…⋯_—\\-"
# title, then leaders / a tab / several spaces, then an arabic or roman page number
_LED_ENTRY = re.compile(
    rf"^(?P<title>.*?\S)\s*(?:[{_LEADERS}\s]{{2,}}|[…⋯\t])\s*(?P<page>\d{{1,4}}|[ivxlIVXL]{{1,6}})$"
)
# a page number right after the title (leaders lost or a single space): title must not end in a digit
_BARE_ENTRY = re.compile(rf"^(?P<title>.*[^\d\s{_LEADERS}])[{_LEADERS}\s]*(?P<page>\d{{1,3}})$")


def is_toc_title(text: str) -> bool:
    return bool(_TITLE.match(text.strip()))


def is_toc_style(style_name: str) -> bool:
    return bool(_STYLE.match(style_name.strip()))


def toc_entry(text: str) -> str | None:
    """The entry's title without leaders and page number, or None when the line has no page number."""
    line = text.strip()
    match = _LED_ENTRY.match(line) or _BARE_ENTRY.match(line)
    if match is None:
        return None
    title = match.group("title").rstrip(_LEADERS.replace("\\", "") + " \t")
    return title or None
