"""A single figure in a table cell or header: 1,234.56, 356.8万元, （12.5）, 两台, 单位：万元.

Apart from the running-text scanner (amount_text) because budget and PDF tables read cells
and headers, not sentences. Character-level and dependency-free (re + decimal); `fold` is the
1:1 full-width → ASCII normalisation the scanner shares.
"""

from __future__ import annotations

import re
from decimal import Decimal

from docscreen.extractors.chinese_numerals import parse_chinese_number

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "圆": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "百万元": Decimal(1000000),
    "千万元": Decimal(10000000),
    "亿元": Decimal(100000000),
    "万": Decimal(10000),
    "亿": Decimal(100000000),
}

# Full-width ASCII (digits, letters, ．％－～／) and the ideographic space fold to ASCII one char for
# one char; Chinese punctuation (，：（）) is kept, so "100，200万元" stays two clauses.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "．": ".",
        "％": "%",
        "－": "-",
        "−": "-",
        "～": "~",
        "／": "/",
        "￥": "¥",
        "\u3000": " ",
    }
)

UNIT_ALT = "百万元|千万元|千元|万元|亿元|元|圆|万|亿"
_EMPTY_CELL = re.compile(r"[-—–_/\\…·.。、\s]*")
_FIGURE = re.compile(
    r"(?P<sign>[-+])?[¥]?(?P<int>[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]+)?(?:\.(?P<frac>[0-9]*))?"
    rf"(?P<unit>{UNIT_ALT})?"
)
_HEADER_PATTERNS = (
    re.compile(rf"单位\s*[：:]?\s*(?:人民币)?\s*({UNIT_ALT})"),
    re.compile(rf"[（(]\s*(?:人民币)?\s*({UNIT_ALT})\s*(?:[/／][^）)]{{0,4}})?[)）]"),
    re.compile(rf"[/／]\s*(?:人民币)?\s*({UNIT_ALT})\s*$"),
    re.compile(rf"^\s*(?:人民币)?\s*({UNIT_ALT})\s*(?:[/／].{{0,3}})?$"),
)


# Between full-width digits, a full-width comma before three digits groups thousands (１，２３４).
_FULL_WIDTH_GROUP = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


def fold(text: str) -> str:
    """The text with full-width digits, letters and number signs as ASCII; same length, same offsets."""
    if "，" in text:
        text = _FULL_WIDTH_GROUP.sub(",", text)
    return text.translate(_FOLD)


def parse_figure(text: str, default_unit: str | None = None) -> tuple[Decimal, str, Decimal] | None:
    """A table cell or bare figure as (value in 元, unit applied, precision in 元), else None.

    The unit written in the cell wins over `default_unit` (the header's), which wins over 元.
    Separators, full-width digits and stray spaces ("231. 00") are read; a minus sign or
    accounting parentheses ("（12.5）") make the value negative. Empty cells and dashes, and
    cells with any other text ("2台", "详见附件", "20%"), give None.
    """
    cell = re.sub(r"\s+", "", fold(text))
    if _EMPTY_CELL.fullmatch(cell):
        return None
    negative = False
    if len(cell) > 2 and cell[0] in "(（" and cell[-1] in ")）":
        cell, negative = cell[1:-1], True
    if cell.startswith("人民币"):
        cell = cell[3:]
    match = _FIGURE.fullmatch(cell)
    if match is None or (match["int"] is None and not match["frac"]):
        return None
    digits = (match["int"] or "0").replace(",", "").replace("，", "") + "." + (match["frac"] or "")
    unit = match["unit"] or default_unit or "元"
    factor = UNIT_FACTORS.get(unit)
    if factor is None:
        return None
    number = Decimal(digits.rstrip("."))
    if negative or match["sign"] == "-":
        number = -number
    precision = Decimal(1).scaleb(-len(match["frac"] or "")) * factor
    return number * factor, unit, precision


def unit_in_header(text: str) -> str | None:
    """The money unit a table header or caption gives ("单位：万元", "金额（万元）", "投资额/万元").

    A bare 万/亿 in a unit slot means 万元/亿元; a header that names no money unit gives None.
    """
    folded = fold(text)
    for pattern in _HEADER_PATTERNS:
        match = pattern.search(folded)
        if match:
            unit = match.group(1)
            return unit + "元" if unit in ("万", "亿") else unit
    return None


_QUANTITY = re.compile(
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?P<measure>[^0-9]{0,4})"
)
_CN_QUANTITY = re.compile(r"(?P<num>[零〇一二两三四五六七八九十百千万]+)(?P<measure>[^0-9]{0,3})")


def parse_quantity(text: str) -> Decimal | None:
    """A 数量 cell: "2", "2台", "10套", "1项", "1,000", "两台" -> the count; money or words -> None."""
    cell = re.sub(r"\s+", "", fold(text))
    match = _QUANTITY.fullmatch(cell)
    if match is not None:
        number = Decimal(match["num"].replace(",", ""))
    else:
        match = _CN_QUANTITY.fullmatch(cell)
        cn = parse_chinese_number(match["num"]) if match else None
        if match is None or cn is None or not match["measure"]:
            return None
        number = cn
    measure = match["measure"]
    if any(c in measure for c in "元圆%％") or any(c.isdigit() for c in measure):
        return None
    if measure[:1] in ("万", "亿"):
        number *= UNIT_FACTORS[measure[0]]
    return number
