"""Word automatic numbering (numbering.xml) rendered the way Word shows it.

Headings in Chinese submissions are often numbered by Word (第一章, 1.1, 一、, （一）, ①)
with the label absent from the paragraph text, so the reader must replay the counters.
Counters live per abstract numbering definition: every w:num that points to the same
abstractNum continues the same sequence, and a deeper level restarts when a shallower
one advances (unless w:lvlRestart says otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from docscreen.extractors.docx_xml import W, child, int_val, on_off, val

_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_DIGITS = "〇一二三四五六七八九"
_THOUSAND_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_numeral(n: int, digits: str = _DIGITS, units: str = "十百千", tight_ten: bool = True) -> str:
    """1→一, 10→十, 11→十一, 20→二十, 101→一百〇一, 0→〇 (counting style, below 10 000).

    `tight_ten` drops the 一 of a leading ten (十一, not 一十一); legal numerals keep it (壹拾壹).
    """
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    zero_pending = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(digits[0])
            zero_pending = False
        if not (tight_ten and power == 10 and d == 1 and not parts):
            parts.append(digits[d])
        parts.append(unit)
    return "".join(parts)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in _ROMAN:
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)


def _letter(n: int) -> str:
    """Word's letters: A..Z, then AA, BB, ... (the letter repeats)."""
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


def _cycle(symbols: str) -> Callable[[int], str]:
    return lambda n: symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}),
    "decimalFullWidth2": lambda n: str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": _enclosed,
    "decimalEnclosedCircleChinese": _enclosed,
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}.",
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "chineseCounting": chinese_numeral,
    "chineseCountingThousand": lambda n: chinese_numeral(n, _THOUSAND_DIGITS),
    "japaneseCounting": chinese_numeral,
    "taiwaneseCounting": chinese_numeral,
    "taiwaneseCountingThousand": lambda n: chinese_numeral(n, _THOUSAND_DIGITS),
    "ideographDigital": lambda n: "".join(_DIGITS[int(c)] for c in str(n)) if n >= 0 else str(n),
    "chineseLegalSimplified": lambda n: chinese_numeral(n, _LEGAL_DIGITS, "拾佰仟", tight_ten=False),
    "ideographLegalTraditional": lambda n: chinese_numeral(n, _LEGAL_DIGITS, "拾佰仟", tight_ten=False),
    "ideographTraditional": _cycle(_HEAVENLY_STEMS),
    "ideographZodiac": _cycle(_EARTHLY_BRANCHES),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """One counter value in a w:numFmt; unknown formats fall back to decimal."""
    return _FORMATS.get(fmt, str)(n)


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText; None: the level shows nothing
    legal: bool = False  # w:isLgl
    restart: int | None = None  # w:lvlRestart (1-based level; 0 = never); None: after any shallower level
    style_id: str | None = None  # w:pStyle: the paragraph style bound to this level


@dataclass(slots=True)
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _parse_level(el: etree._Element) -> Level:
    lvl = Level()
    start = int_val(child(el, "start"))
    if start is not None:
        lvl.start = start
    fmt = val(child(el, "numFmt"))
    if fmt is not None:
        lvl.fmt = fmt
    text_el = child(el, "lvlText")
    if text_el is not None:
        lvl.text = val(text_el)
    legal = on_off(child(el, "isLgl"))
    if legal is not None:
        lvl.legal = legal
    restart = int_val(child(el, "lvlRestart"))
    if restart is not None:
        lvl.restart = restart
    style = val(child(el, "pStyle"))
    if style is not None:
        lvl.style_id = style
    return lvl


class Numbering:
    """Definitions from numbering.xml plus the running counters of one read."""

    def __init__(self, root: etree._Element | None, style_num_id: Callable[[str], int | None]) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._num_style_link: dict[str, str] = {}
        self._nums: dict[int, _Num] = {}
        self._style_num_id = style_num_id
        self._counters: dict[str, list[int | None]] = {}
        self._started_nums: set[int] = set()
        if root is None:
            return
        for el in root.iterfind(W + "abstractNum"):
            aid = el.get(W + "abstractNumId")
            if aid is None:
                continue
            levels: dict[int, Level] = {}
            for lvl_el in el.iterfind(W + "lvl"):
                ilvl = int_val(lvl_el, "ilvl")
                if ilvl is not None and 0 <= ilvl < _LEVELS:
                    levels[ilvl] = _parse_level(lvl_el)
            self._abstract[aid] = levels
            link = val(child(el, "numStyleLink"))
            if link:
                self._num_style_link[aid] = link
        for el in root.iterfind(W + "num"):
            num_id = int_val(el, "numId")
            aid = val(child(el, "abstractNumId"))
            if num_id is None or aid is None:
                continue
            num = _Num(aid)
            for ov in el.iterfind(W + "lvlOverride"):
                ilvl = int_val(ov, "ilvl")
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                start = int_val(child(ov, "startOverride"))
                if start is not None:
                    num.start_overrides[ilvl] = start
                lvl_el = ov.find(W + "lvl")
                if lvl_el is not None:
                    num.level_overrides[ilvl] = _parse_level(lvl_el)
            self._nums[num_id] = num

    def level_for_style(self, num_id: int, style_id: str) -> int | None:
        """The level whose w:pStyle names this style (style-bound numbering without w:ilvl)."""
        levels = self._levels(num_id)
        for ilvl, lvl in levels.items():
            if lvl.style_id == style_id:
                return ilvl
        return None

    def next_label(self, num_id: int, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and render its label; '' for bullets and unknown lists."""
        num = self._nums.get(num_id)
        if num is None or not 0 <= ilvl < _LEVELS:
            return ""
        aid = self._abstract_id(num)
        levels = self._levels(num_id)
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(aid, [None] * _LEVELS)
        if num_id not in self._started_nums:
            self._started_nums.add(num_id)
            for level in num.start_overrides:
                counters[level] = None
        start = self._start(num, levels, ilvl)
        current = counters[ilvl]
        counters[ilvl] = start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        lvl = levels[ilvl]
        if lvl.fmt == "bullet" or lvl.text is None:
            return ""

        def render(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            if k not in levels:
                return ""
            value = counters[k]
            if value is None:
                value = max(self._start(num, levels, k) - 1, 0)
            fmt = levels[k].fmt
            if lvl.legal and fmt != "none":
                fmt = "decimal"
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(render, lvl.text).strip()

    def _start(self, num: _Num, levels: dict[int, Level], ilvl: int) -> int:
        return num.start_overrides.get(ilvl, levels[ilvl].start)

    def _abstract_id(self, num: _Num, depth: int = 0) -> str:
        """Follow w:numStyleLink to the abstractNum that really holds the levels."""
        aid = num.abstract_id
        link = self._num_style_link.get(aid)
        if link is None or depth > 4:
            return aid
        linked_num = self._style_num_id(link)
        target = self._nums.get(linked_num) if linked_num is not None else None
        if target is None or target is num:
            return aid
        return self._abstract_id(target, depth + 1)

    def _levels(self, num_id: int) -> dict[int, Level]:
        num = self._nums.get(num_id)
        if num is None:
            return {}
        levels = self._abstract.get(self._abstract_id(num), {})
        if not num.level_overrides:
            return levels
        merged = dict(levels)
        for ilvl, override in num.level_overrides.items():
            merged[ilvl] = override
        return merged
