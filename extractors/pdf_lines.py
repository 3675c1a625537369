"""Text lines of a PDF page from pdfium, with the few font facts a heading detector needs.

Speed matters more than precision here: the page text comes from one `FPDFText_GetText`
call, and font size, weight, name and position are asked for once per line (its first and
last visible characters), never per character. pdfium's text index equals its char index
(generated spaces and line breaks included) when the lengths agree; `page_lines` checks that.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demi|黑体|hei|simhei|heiti|zhongsong|中宋", re.IGNORECASE)
_BOLD_WEIGHT = 600
# Two boxes of a doubled pair must overlap by this share of the narrower box: WPS draws fake
# bold at an offset of a fraction of a glyph, a real "谢谢" sits side by side.
_FAKE_BOLD_OVERLAP = 0.3


@dataclass(slots=True)
class Line:
    """One visual line; coordinates are top-down (0 = top of the page), in points."""

    text: str
    page: int  # 1-based
    top: float
    bottom: float  # baseline
    left: float
    right: float
    size: float
    bold: bool


class CharQuery:
    """Reusable ctypes buffers: allocating them per call costs more than the pdfium call."""

    __slots__ = ("l", "r", "b", "t", "x", "y", "name", "flags", "_fonts")

    def __init__(self) -> None:
        self.l, self.r, self.b, self.t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self._fonts: dict[bytes, bool] = {}

    def box(self, textpage: object, index: int) -> tuple[float, float, float, float] | None:
        """Tight box (left, bottom, right, top) in PDF space, or None for a char without one."""
        if not pdfium_c.FPDFText_GetCharBox(textpage, index, self.l, self.r, self.b, self.t):
            return None
        return self.l.value, self.b.value, self.r.value, self.t.value

    def bold(self, textpage: object, index: int) -> bool:
        """A bold name (黑体, …Bold) or a heavy weight; the name first, which settles 黑体 in one call."""
        if pdfium_c.FPDFText_GetFontInfo(textpage, index, self.name, 128, self.flags):
            name = self.name.value
            known = self._fonts.get(name)
            if known is None:
                known = self._fonts[name] = bool(_BOLD_NAME.search(name.decode("latin-1")))
            if known:
                return True
        return pdfium_c.FPDFText_GetFontWeight(textpage, index) >= _BOLD_WEIGHT


def page_text(textpage: object, n_chars: int) -> str:
    """The page text with index i holding char i; rebuilt char by char if pdfium's text differs."""
    if n_chars <= 0:
        return ""
    buffer = (ctypes.c_ushort * (n_chars + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, n_chars, buffer)
    text = bytes(memoryview(buffer)[: max(written - 1, 0)]).decode("utf-16-le", errors="replace")
    if len(text) == n_chars:
        return text
    get = pdfium_c.FPDFText_GetUnicode
    return "".join(chr(min(get(textpage, i), 0x10FFFF)) for i in range(n_chars))


_BLANK = " \r\t\u3000\xa0"


def page_lines(textpage: object, text: str, page_no: int, page_height: float, query: CharQuery) -> list[Line]:
    """Split the page text at pdfium's line breaks and measure each line once.

    The loop body is the reader's hottest Python (one pass per line of every page): the pdfium
    calls are bound to locals and the line is built positionally.
    """
    get_origin, get_size = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetFontSize
    get_box = pdfium_c.FPDFText_GetCharBox
    x, y, left, right, bottom, top = query.x, query.y, query.l, query.r, query.b, query.t
    bold = query.bold
    lines: list[Line] = []
    start = 0
    for piece in text.split("\n"):
        offset, start = start, start + len(piece) + 1
        raw = piece.strip(_BLANK)
        if not raw:
            continue
        first = offset + len(piece) - len(piece.lstrip(_BLANK))
        if not get_origin(textpage, first, x, y):
            continue
        size = round(get_size(textpage, first), 1)
        last = first + len(raw) - 1
        line_right = right.value if get_box(textpage, last, left, right, bottom, top) else x.value + size * len(raw)
        if _looks_doubled(raw):
            raw = _collapse_fake_bold(textpage, raw, first, query)
        baseline = page_height - y.value
        lines.append(Line(raw, page_no, baseline - size, baseline, x.value, line_right, size, bold(textpage, first)))
    return lines


def _looks_doubled(text: str) -> bool:
    """Cheap pre-check: every visible char is followed by the same char ("解解决决方方案案")."""
    chars = text.replace(" ", "")
    return len(chars) >= 4 and len(chars) % 2 == 0 and chars[0::2] == chars[1::2]


def _collapse_fake_bold(textpage: object, text: str, offset: int, query: CharQuery) -> str:
    """Drop the second char of each doubled pair whose boxes overlap; keep real repeats."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == " ":
            i += 1
            continue
        j = i + 1
        while j < n and text[j] == " ":
            j += 1
        if j < n and text[j] == ch and _overlap(query.box(textpage, offset + i), query.box(textpage, offset + j)):
            out.append(ch)
            i = j + 1
        else:
            out.append(ch)
            i += 1
        if i < n and text[i] == " " and out and out[-1] != " " and _ascii_word_gap(text, i):
            out.append(" ")
    return "".join(out)


def _ascii_word_gap(text: str, i: int) -> bool:
    """A space between two Latin words is content; a space pdfium put between doubled CJK pairs is not."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before.isascii() and after.isascii() and before.isalnum() and after.isalnum()


def _overlap(a: tuple[float, float, float, float] | None, b: tuple[float, float, float, float] | None) -> bool:
    if a is None or b is None:
        return False
    width = min(a[2] - a[0], b[2] - b[0])
    if width <= 0:
        return abs(a[0] - b[0]) < 1.0
    shared = min(a[2], b[2]) - max(a[0], b[0])
    return shared >= _FAKE_BOLD_OVERLAP * width
