"""Money, percentages, years and durations as Chinese government documents write them.

Character-level and dependency-free (re + decimal): one sentence of running text in, typed
values out. Everything is matched on a 1:1 normalised copy of the text (full-width digits,
letters and ．％￥ folded to ASCII), so offsets stay valid in the original. A single table cell
or header is read by `figures`, Chinese numerals by `chinese_numerals`.

Values: money in 元 (356.8万元 -> 3568000), percentages in points, years as the year, durations
in months (18个月 -> 18, 2年 -> 24, 一年半 -> 18) except days (90天 -> 90, unit 天).
What is deliberately not read: negative amounts and ranges of money (100-200万元), vague
amounts (数十万元, 300余万元), counts written with 万 (20万人), placeholders (XXX万元), ordinals
(第2年) and numbers glued to identifiers (3.2.1, IPv6, GB/T 22239-2019, IO0%).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from docscreen.extractors.chinese_numerals import CAPITAL_CHARS, CN_BIG, parse_capital, parse_chinese_number
from docscreen.extractors.figures import UNIT_ALT, UNIT_FACTORS, fold
from docscreen.models.budget import Quantity

@dataclass(frozen=True, slots=True)
class Match:
    """One amount in a scanned text; text[start:end] == self.text.

    value: money in 元 with the unit applied; a percentage in points; a year as the year; a
    duration in months (个月, 年: years × 12, 一年半 = 18), except days (天/日), which stay days.
    precision: the value of one step of the last written digit, in the value's own unit
    (356.8万元 -> 1000 元); 大写 money is exact to the 元 unless 角/分 are written.
    unit: money as written (元, 万元, 亿, …; 元 for Chinese numerals, whose 万/亿 are part of
    the numeral); percent "%" or "个百分点"; year ""; duration 个月 / 年 / 天.
    """

    start: int
    end: int
    quantity: Quantity
    value: Decimal
    text: str
    unit: str
    precision: Decimal
    capital: bool = False
    bare: bool = False


# A stray space after the point only before two decimals (231. 00万元): "1. 500万元" is a list item.
_NUM = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+|\.[ \t][0-9]{2}(?![0-9]))?"
_YEAR4 = r"(?:199[0-9]|20[0-9][0-9])"
_CN_YEAR = r"(?:一九九[〇零○一二三四五六七八九]|二[〇零○][〇零○一二三四五六七八九]{2})"
_CN_RUN = r"(?:零点[零〇一二三四五六七八九]+|[一二两三四五六七八九十][零〇一二两三四五六七八九十百千点]*)"
_DASH = r"(?:[-~—–]{1,2}|至|到)"
_CAP_DIGIT = "壹贰貳叁參肆伍陆陸柒捌玖"

_TRIGGER = re.compile(rf"[0-9零一二两三四五六七八九十百{_CAP_DIGIT}拾]")
_MONEY = re.compile(rf"(?P<num>{_NUM})[ ]?(?P<unit>{UNIT_ALT})")
_YEN = re.compile(rf"¥[ ]?(?P<num>{_NUM})(?:[ ]?(?P<unit>{UNIT_ALT}))?")
_CN_MONEY = re.compile(r"(?P<num>[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿点]*)(?P<unit>[元圆])")
_CAPITAL = re.compile(
    rf"(?:(?:[{_CAP_DIGIT}拾][{CAPITAL_CHARS}]*|零)[元圆圓]"
    rf"(?:[零〇]?[{_CAP_DIGIT}]角|[零〇]角)?(?:[零〇]?[{_CAP_DIGIT}]分)?"
    rf"|[{_CAP_DIGIT}]角(?:[零〇]?[{_CAP_DIGIT}]分)?|[{_CAP_DIGIT}]分)[整正]?"
)
_PERCENT = re.compile(rf"(?P<num>{_NUM})[ ]?%")
_PERCENT_RANGE = re.compile(rf"(?P<a>{_NUM})[ ]?{_DASH}[ ]?(?P<b>{_NUM})[ ]?%")
_PERCENT_WORDS = re.compile(rf"百分之(?:(?P<num>{_NUM})|(?P<cn>[零〇一二两三四五六七八九十百千点]+))")
_POINTS = re.compile(rf"(?:(?P<num>{_NUM})|(?P<cn>{_CN_RUN}))[ ]?个百分点")
_YEAR = re.compile(rf"(?P<a>{_YEAR4})[ ]?年(?:度)?")
_YEAR_RANGE = re.compile(rf"(?P<a>{_YEAR4})[ ]?{_DASH}[ ]?(?P<b>{_YEAR4})[ ]?年(?:度)?")
_CN_YEARS = re.compile(rf"(?P<a>{_CN_YEAR})(?:{_DASH}(?P<b>{_CN_YEAR}))?年(?:度)?")
_MONTHS = re.compile(rf"(?:(?P<num>[0-9]{{1,3}}(?:\.[0-9]+)?)|(?P<cn>{_CN_RUN}))[ ]?个[ ]?月")
_YEARS = re.compile(rf"(?:(?P<num>[0-9]{{1,2}}(?:\.[0-9]+)?)|(?P<cn>{_CN_RUN}))[ ]?年(?P<half>半)?")
_DAYS = re.compile(
    rf"(?:(?P<num>[0-9]{{1,4}})|(?P<cn>{_CN_RUN}))[ ]?个?(?P<unit>工作日|自然日|日历天|日历日|天|日)"
)

# After 万/亿 with no 元, a measure word or noun: 20万人, 3万条, 10万平方米, 1.2万个 are counts.
_COUNT_AFTER = frozenset(
    "人条次个件户名张台套平亩千公米册份项字行页吨辆家所座株头只本篇部批位例起余多方立度瓦兆像"
    "美港欧英日韩镑斤升架艘块根片盏路门间栋幢层处村镇级码帧点秒分小天年月周种类款宗笔单票卡"
    "颗粒枚支把首卷倍万亿+"
)
_NOT_AFTER_YEARS = frozenset("级代度份初底末")
_NOT_AFTER_DAY = frozenset("然气津线地下空网河翼")
_DAY_WORD_AFTER = frozenset("内起后前以")
_CN_NUMERAL_CHARS = frozenset("零〇○一二两三四五六七八九十百千万亿点")
_VAGUE_BEFORE = frozenset("数几上成多余第每单")
# A lone numeral (一, 两) after one of these is a count, not part of a word (统一, 同一).
_LONE_NUMERAL_AFTER = frozenset("近约为用需满达共历经期限计时至后前的是在内逾超过余")
_RANGE_BEFORE = re.compile(rf"[0-9][ ]?{_DASH}[ ]?$")
_HYPHENS = "-~—–"
_MONTH_AFTER = re.compile(r"[0-9]{1,2}月")


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _glued(text: str, start: int) -> bool:
    """The number at `start` continues an identifier or another number (3.2.1, 1,234, IPv6, IO0%)."""
    if start == 0:
        return False
    before = text[start - 1]
    if before.isascii() and (before.isalnum() or before in "_/\\:#@"):
        return True
    return before in ".," and start > 1 and text[start - 2].isascii() and text[start - 2].isalnum()


def _signed_or_ranged(text: str, start: int) -> bool:
    """A minus sign or the second half of a range (100-200万元, 12~18个月) stands before `start`."""
    if start == 0:
        return False
    return text[start - 1] in _HYPHENS or _RANGE_BEFORE.search(text, max(0, start - 6), start) is not None


def _joins_identifier(text: str, start: int) -> bool:
    """A hyphen joins the number to a code before it (GB/T 22239-2019年)."""
    return (
        start > 1
        and text[start - 1] in _HYPHENS
        and text[start - 2].isascii()
        and text[start - 2].isalnum()
    )


def _decimal(number: str) -> tuple[Decimal, int]:
    """An Arabic number as written (separators and stray spaces dropped) and its decimal places."""
    digits = number.replace(",", "").replace(" ", "").replace("\t", "")
    _, _, frac = digits.partition(".")
    return Decimal(digits), len(frac)


def _cn_start_ok(text: str, start: int, length: int) -> bool:
    """A Chinese-numeral count stands on its own: not inside a longer numeral, not vague (数十万)."""
    if start == 0:
        return True
    before = text[start - 1]
    if before in _CN_NUMERAL_CHARS or before in _VAGUE_BEFORE:
        return False
    return length > 1 or not _is_cjk(before) or before in _LONE_NUMERAL_AFTER


def _cn_money_precision(run: str, value: Decimal) -> Decimal:
    """One step of the last digit written in Chinese numerals: 一百二十万 -> 100000, 一点五亿 -> 10000000."""
    if "点" in run:
        tail = run.partition("点")[2]
        digits = tail.rstrip("万亿")
        factor = Decimal(1)
        for char in tail[len(digits) :]:
            factor *= CN_BIG[char]
        return Decimal(1).scaleb(-len(digits)) * factor
    step, whole = Decimal(1), int(value)
    while whole and whole % 10 == 0:
        whole //= 10
        step *= 10
    return step


def _money(text: str, m: re.Match[str], *, yen: bool) -> list[Match]:
    start, num_start = m.start(), m.start("num")
    if _glued(text, num_start) or (not yen and _signed_or_ranged(text, num_start)):
        return []
    if yen and start > 0 and text[start - 1] in _HYPHENS:
        return []
    line_start = num_start == 0 or text[num_start - 1] == "\n"
    if line_start and " " in m["num"] and len(m["num"].split(".")[0]) <= 2:
        return []  # "1. 50万元" at a line start is a list item, not 1.5
    unit = m["unit"] or ""
    bare = unit in ("万", "亿") and not yen
    if bare:
        after = text[m.end() : m.end() + 1]
        if after and (after in _COUNT_AFTER or (after.isascii() and after.isalpha())):
            return []
    number, places = _decimal(m["num"])
    factor = UNIT_FACTORS[unit or "元"]
    precision = Decimal(1).scaleb(-places) * factor
    return [_match(text, start, m.end(), Quantity.MONEY, number * factor, unit or "元", precision, bare=bare)]


def _match(
    text: str,
    start: int,
    end: int,
    quantity: Quantity,
    value: Decimal,
    unit: str,
    precision: Decimal,
    *,
    capital: bool = False,
    bare: bool = False,
) -> Match:
    return Match(start, end, quantity, value, text[start:end], unit, precision, capital, bare)


def _find_money(text: str, m: re.Match[str]) -> list[Match]:
    return _money(text, m, yen=False)


def _find_yen(text: str, m: re.Match[str]) -> list[Match]:
    return _money(text, m, yen=True)


def _find_cn_money(text: str, m: re.Match[str]) -> list[Match]:
    run = m["num"]
    if not _cn_start_ok(text, m.start(), 2) or not any(c in "十百千万亿" for c in run):
        return []
    value = parse_chinese_number(run)
    if value is None:
        return []
    step = _cn_money_precision(run, value)
    return [_match(text, m.start(), m.end(), Quantity.MONEY, value, m["unit"], step)]


def _find_capital(text: str, m: re.Match[str]) -> list[Match]:
    if m.start() > 0 and text[m.start() - 1] in CAPITAL_CHARS:
        return []
    written = m.group()
    value = parse_capital(written)
    if value is None or (value == 0 and written[-1] not in "整正"):
        return []
    precision = Decimal("0.01") if "分" in written else Decimal("0.1") if "角" in written else Decimal(1)
    unit = "圆" if "圆" in written or "圓" in written else "元"
    return [_match(text, m.start(), m.end(), Quantity.MONEY, value, unit, precision, capital=True)]


def _percent_value(text: str, m: re.Match[str]) -> tuple[Decimal, Decimal] | None:
    """The number of a percent-like match (Arabic `num` or Chinese `cn`) and its precision."""
    if m["num"] is not None:
        if _glued(text, m.start("num")):
            return None
        number, places = _decimal(m["num"])
        return number, Decimal(1).scaleb(-places)
    value = parse_chinese_number(m["cn"])
    if value is None:
        return None
    places = len(m["cn"].partition("点")[2])
    return value, Decimal(1).scaleb(-places)


def _find_percent(text: str, m: re.Match[str]) -> list[Match]:
    start = m.start()
    if _glued(text, start):
        return []
    if start > 0 and text[start - 1] in _HYPHENS and not (start > 1 and text[start - 2] in "0123456789%"):
        return []  # -5% is signed; the 60% of 50%-60% is not
    number, places = _decimal(m["num"])
    return [_match(text, start, m.end(), Quantity.PERCENT, number, "%", Decimal(1).scaleb(-places))]


def _find_percent_range(text: str, m: re.Match[str]) -> list[Match]:
    if _glued(text, m.start()) or _signed_or_ranged(text, m.start()):
        return []
    low, low_places = _decimal(m["a"])
    high, high_places = _decimal(m["b"])
    return [
        _match(text, m.start("a"), m.end("a"), Quantity.PERCENT, low, "%", Decimal(1).scaleb(-low_places)),
        _match(text, m.start("b"), m.end(), Quantity.PERCENT, high, "%", Decimal(1).scaleb(-high_places)),
    ]


def _find_percent_words(text: str, m: re.Match[str]) -> list[Match]:
    read = _percent_value(text, m)
    if read is None:
        return []
    return [_match(text, m.start(), m.end(), Quantity.PERCENT, read[0], "%", read[1])]


def _find_points(text: str, m: re.Match[str]) -> list[Match]:
    if m["cn"] is not None and not _cn_start_ok(text, m.start(), len(m["cn"])):
        return []
    if m["num"] is not None and _signed_or_ranged(text, m.start()):
        return []
    read = _percent_value(text, m)
    if read is None:
        return []
    return [_match(text, m.start(), m.end(), Quantity.PERCENT, read[0], "个百分点", read[1])]


def _find_year(text: str, m: re.Match[str]) -> list[Match]:
    start = m.start()
    if _glued(text, start) or _joins_identifier(text, start):
        return []
    return [_match(text, start, m.end(), Quantity.YEAR, Decimal(m["a"]), "", Decimal(1))]


def _find_year_range(text: str, m: re.Match[str]) -> list[Match]:
    if _glued(text, m.start()) or _joins_identifier(text, m.start()) or int(m["b"]) < int(m["a"]):
        return []
    return [
        _match(text, m.start("a"), m.end("a"), Quantity.YEAR, Decimal(m["a"]), "", Decimal(1)),
        _match(text, m.start("b"), m.end(), Quantity.YEAR, Decimal(m["b"]), "", Decimal(1)),
    ]


def _find_cn_years(text: str, m: re.Match[str]) -> list[Match]:
    if m.start() > 0 and text[m.start() - 1] in _CN_NUMERAL_CHARS:
        return []
    first = parse_chinese_number(m["a"])
    if first is None:
        return []
    if m["b"] is None:
        return [_match(text, m.start(), m.end(), Quantity.YEAR, first, "", Decimal(1))]
    second = parse_chinese_number(m["b"])
    if second is None or second < first:
        return []
    return [
        _match(text, m.start("a"), m.end("a"), Quantity.YEAR, first, "", Decimal(1)),
        _match(text, m.start("b"), m.end(), Quantity.YEAR, second, "", Decimal(1)),
    ]


def _duration_number(text: str, m: re.Match[str]) -> tuple[Decimal, int] | None:
    """The count of a duration match, or None when it is an ordinal, a range end or a word part."""
    start = m.start()
    if start > 0 and text[start - 1] == "第":
        return None
    if m["num"] is not None:
        if _glued(text, start) or _signed_or_ranged(text, start):
            return None
        return _decimal(m["num"])
    run = m["cn"]
    if not _cn_start_ok(text, start, len(run)):
        return None
    value = parse_chinese_number(run)
    if value is None:
        return None
    return value, len(run.partition("点")[2])


def _find_months(text: str, m: re.Match[str]) -> list[Match]:
    read = _duration_number(text, m)
    if read is None:
        return []
    return [_match(text, m.start(), m.end(), Quantity.DURATION, read[0], "个月", Decimal(1).scaleb(-read[1]))]


def _find_years(text: str, m: re.Match[str]) -> list[Match]:
    after = text[m.end() : m.end() + 1]
    if after in _NOT_AFTER_YEARS:
        return []
    if m["num"] is not None and _MONTH_AFTER.match(text, m.end()):
        return []  # 25年12月: a two-digit year in a date
    read = _duration_number(text, m)
    if read is None or read[0] > 100:
        return []
    months = read[0] * 12 + (6 if m["half"] else 0)
    precision = Decimal(6) if m["half"] else Decimal(12).scaleb(-read[1])
    return [_match(text, m.start(), m.end(), Quantity.DURATION, months, "年", precision)]


def _find_days(text: str, m: re.Match[str]) -> list[Match]:
    after = text[m.end() : m.end() + 1]
    unit = m["unit"]
    if unit == "天" and after in _NOT_AFTER_DAY:
        return []
    if unit == "日":
        i = m.start() - 1
        while i >= 0 and text[i] == " ":
            i -= 1
        if (i >= 0 and text[i] == "月") or (m["cn"] is not None and after not in _DAY_WORD_AFTER):
            return []  # 3月15日 is a date; 统一日志 is no duration
    read = _duration_number(text, m)
    if read is None:
        return []
    return [_match(text, m.start(), m.end(), Quantity.DURATION, read[0], "天", Decimal(1))]


_Finder = Callable[[str, re.Match[str]], list[Match]]

# Earlier finders win when two readings cover the same characters.
_FINDERS: tuple[tuple[re.Pattern[str], _Finder], ...] = (
    (_CAPITAL, _find_capital),
    (_YEN, _find_yen),
    (_MONEY, _find_money),
    (_CN_MONEY, _find_cn_money),
    (_PERCENT_RANGE, _find_percent_range),
    (_PERCENT, _find_percent),
    (_PERCENT_WORDS, _find_percent_words),
    (_POINTS, _find_points),
    (_YEAR_RANGE, _find_year_range),
    (_YEAR, _find_year),
    (_CN_YEARS, _find_cn_years),
    (_MONTHS, _find_months),
    (_YEARS, _find_years),
    (_DAYS, _find_days),
)


def _candidates(folded: str, original: str) -> Iterator[tuple[int, Match]]:
    for rank, (pattern, finder) in enumerate(_FINDERS):
        pos = 0
        while (m := pattern.search(folded, pos)) is not None:
            found = finder(folded, m)
            if not found:
                pos = m.start() + 1
                continue
            for match in found:
                if folded != original:
                    match = replace(match, text=original[match.start : match.end])
                yield rank, match
            pos = m.end()


def scan(text: str) -> list[Match]:
    """Every money, percent, year and duration mention in `text`, in order, none overlapping.

    Where readings overlap, the one starting first wins, then the longer, then the finder
    listed first (大写 money before 小写, a year range before its years).
    """
    folded = fold(text)
    if not _TRIGGER.search(folded):
        return []
    ordered = sorted(_candidates(folded, text), key=lambda c: (c[1].start, c[1].start - c[1].end, c[0]))
    kept: list[Match] = []
    end = 0
    for _, match in ordered:
        if match.start >= end:
            kept.append(match)
            end = match.end
    return kept
