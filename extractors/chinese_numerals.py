"""大写 and 小写 Chinese numerals: 叁佰伍拾陆万捌仟元整, 一百二十, 二〇二五, 三点五亿.

Apart from the running-text scanner (amount_text) because the cell readers (figures) read
them too, and to_capital writes them. Dependency-free (re + decimal).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "貳": 2, "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CAPITAL_CHARS = "零〇壹贰貳叁參肆伍陆陸柒捌玖拾佰仟万萬亿億"
_CAPITAL_AMOUNT = re.compile(
    rf"(?:(?P<int>[{CAPITAL_CHARS}]+)[元圆圓])?"
    r"(?:[零〇]?(?P<jiao>[壹贰貳叁參肆伍陆陸柒捌玖])角|[零〇]角)?"
    r"(?:[零〇]?(?P<fen>[壹贰貳叁參肆伍陆陸柒捌玖])分)?"
    r"(?P<whole>[整正])?"
)
_CAPITAL_PREFIX = re.compile(r"^(?:人民币)?[（(]?(?:大写)?[)）]?[：:]?")


def _cn_integer(text: str, *, positional: bool, colloquial: bool) -> int | None:
    """An integer in Chinese numerals, 小写 or 大写.

    `positional` reads a run of bare digits digit by digit (二〇二五); `colloquial` reads a
    digit right after a unit as the next place down (三千五 = 3500, 一万二 = 12000).
    """
    if not text or any(c not in _CN_DIGITS and c not in _CN_SMALL and c not in CN_BIG for c in text):
        return None
    if positional and len(text) > 1 and all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total = section = 0
    digit: int | None = None
    last_small: int | None = None
    prev_unit: int | None = None  # the unit read just before this char
    digit_unit: int | None = None  # the unit read just before the pending digit
    for char in text:
        if char in _CN_DIGITS:
            value = _CN_DIGITS[char]
            if digit is not None:
                return None  # two digits with no unit between them
            if value:
                digit, digit_unit = value, prev_unit
            prev_unit = None
            continue
        if char in _CN_SMALL:
            unit = _CN_SMALL[char]
            if last_small is not None and unit >= last_small:
                return None
            section += (1 if digit is None else digit) * unit
            last_small = prev_unit = unit
        else:
            big = CN_BIG[char]
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * big if big > 10**4 else total + section * big
            section, last_small, prev_unit = 0, None, big
        digit = None
    if digit is not None:
        section += digit * digit_unit // 10 if colloquial and digit_unit else digit
    return total + section


def parse_chinese_number(text: str) -> Decimal | None:
    """小写 (or 大写) Chinese numerals: 一百二十, 两千, 十五, 二〇二五 (digit by digit), 一点五, 三点五亿."""
    text = text.strip()
    if "点" not in text:
        value = _cn_integer(text, positional=True, colloquial=True)
        return None if value is None else Decimal(value)
    head, _, tail = text.partition("点")
    factor = 1
    while tail and tail[-1] in CN_BIG:
        factor *= CN_BIG[tail[-1]]
        tail = tail[:-1]
    whole = _cn_integer(head, positional=True, colloquial=False)
    if whole is None or not tail or any(c not in _CN_DIGITS for c in tail):
        return None
    return Decimal(f"{whole}.{''.join(str(_CN_DIGITS[c]) for c in tail)}") * factor


def parse_capital(text: str) -> Decimal | None:
    """大写 money in 元: "人民币叁佰伍拾陆万捌仟元整" -> 3568000, "伍元零伍分" -> 5.05.

    Needs 元/圆 or 角/分; a leading 拾 is 壹拾; 零 and 〇 are placeholders wherever they stand.
    """
    body = _CAPITAL_PREFIX.sub("", re.sub(r"\s+", "", text))
    match = _CAPITAL_AMOUNT.fullmatch(body)
    if match is None or not (match["int"] or match["jiao"] or match["fen"]):
        return None
    whole = 0
    if match["int"]:
        parsed = _cn_integer(match["int"], positional=False, colloquial=False)
        if parsed is None:
            return None
        whole = parsed
    value = Decimal(whole)
    if match["jiao"]:
        value += Decimal(_CN_DIGITS[match["jiao"]]) / 10
    if match["fen"]:
        value += Decimal(_CN_DIGITS[match["fen"]]) / 100
    return value


def _capital_group(number: int) -> str:
    """0 < number < 10000, with 零 for inner zeros and nothing for trailing ones."""
    out, zero, started = "", False, False
    for power, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = number // power % 10
        if digit == 0:
            zero = zero or started
            continue
        if zero:
            out += "零"
        out += _CAPITAL_DIGITS[digit] + unit
        zero, started = False, True
    return out


def _capital_integer(number: int) -> str:
    for size, name, lead in ((10**8, "亿", 10**7), (10**4, "万", 1000)):
        if number >= size:
            high, low = divmod(number, size)
            head = (_capital_integer(high) if size == 10**8 else _capital_group(high)) + name
            if not low:
                return head
            return head + ("零" if low < lead else "") + _capital_integer(low)
    return _capital_group(number)


def to_capital(value: Decimal) -> str:
    """The standard 大写 form of an amount in 元, rounded to the 分.

    壹拾 is written in full, one 零 stands for any run of zeros inside the number, 整 closes an
    amount that ends at 元, and nothing closes one ending in 角 or 分: "叁佰伍拾陆万捌仟元整",
    "壹亿零伍佰万元整", "伍元零伍分", "叁角伍分", "零元整".
    """
    cents = int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if cents < 0:
        raise ValueError(f"no 大写 form for a negative amount: {value}")
    whole, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    if not cents:
        return "零元整"
    out = _capital_integer(whole) + "元" if whole else ""
    if not rest:
        return out + "整"
    if jiao:
        out += _CAPITAL_DIGITS[jiao] + "角"
    elif whole:
        out += "零"
    if fen:
        out += _CAPITAL_DIGITS[fen] + "分"
    return out
