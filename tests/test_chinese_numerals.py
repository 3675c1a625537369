"""Chinese numerals: 大写 money read and written, 小写 numbers read."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docscreen.extractors.chinese_numerals import parse_capital, parse_chinese_number, to_capital

D = Decimal


# --- 大写 ------------------------------------------------------------------------------------

CAPITAL_CASES = [
    ("人民币叁佰伍拾陆万捌仟元整", D(3568000)),
    ("叁佰伍拾陆万捌仟元整", D(3568000)),
    ("贰拾叁万元整", D(230000)),
    ("壹佰捌拾万元整", D(1800000)),
    ("壹仟零贰拾万零伍佰元整", D(10200500)),
    ("壹亿贰仟万元整", D(120000000)),
    ("壹亿零伍佰万元整", D(105000000)),
    ("壹亿零伍佰元整", D(100000500)),
    ("壹仟万零壹元整", D(10000001)),
    ("壹万零壹元整", D(10001)),
    ("壹仟零壹元整", D(1001)),
    ("拾万元整", D(100000)),
    ("拾元整", D(10)),
    ("壹拾万元整", D(100000)),
    ("壹拾伍元整", D(15)),
    ("伍元零伍分", D("5.05")),
    ("叁角伍分", D("0.35")),
    ("伍分", D("0.05")),
    ("叁角", D("0.3")),
    ("捌仟元正", D(8000)),
    ("捌仟圆整", D(8000)),
    ("捌仟圆", D(8000)),
    ("壹仟〇贰拾元整", D(1020)),
    ("零元整", D(0)),
    ("人民币（大写）：壹佰万元整", D(1000000)),
    ("人民币(大写):壹佰万元整", D(1000000)),
    ("大写：贰拾叁万元整", D(230000)),
    ("壹元伍角", D("1.5")),
    ("壹元伍角整", D("1.5")),
    ("壹仟零贰拾元零伍角", D("1020.5")),
    ("叁佰元零角伍分", D("300.05")),
    ("壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹分", D("1234567890.01")),
    ("叁仟伍佰陆拾柒亿元整", D(356700000000)),
    ("壹佰拾元", D(110)),  # sloppy but unambiguous: a 拾 with no digit is 壹拾
]

CAPITAL_INVALID = ["", "叁佰万", "三百万元", "壹壹元", "元整", "拾佰元", "整", "356万元", "壹零元"]


@pytest.mark.parametrize(("text", "value"), CAPITAL_CASES)
def test_parse_capital(text: str, value: Decimal) -> None:
    assert parse_capital(text) == value


@pytest.mark.parametrize("text", CAPITAL_INVALID)
def test_parse_capital_rejects(text: str) -> None:
    assert parse_capital(text) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D(3568000), "叁佰伍拾陆万捌仟元整"),
        (D(100000), "壹拾万元整"),
        (D(10), "壹拾元整"),
        (D(230000), "贰拾叁万元整"),
        (D(10200500), "壹仟零贰拾万零伍佰元整"),
        (D(105000000), "壹亿零伍佰万元整"),
        (D(100000500), "壹亿零伍佰元整"),
        (D(120000000), "壹亿贰仟万元整"),
        (D(10001), "壹万零壹元整"),
        (D(1001), "壹仟零壹元整"),
        (D("5.05"), "伍元零伍分"),
        (D("0.35"), "叁角伍分"),
        (D("0.05"), "伍分"),
        (D("5.50"), "伍元伍角"),
        (D("1020.5"), "壹仟零贰拾元伍角"),
        (D(0), "零元整"),
        (D("1234567890.01"), "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹分"),
    ],
)
def test_to_capital(value: Decimal, text: str) -> None:
    assert to_capital(value) == text


def test_to_capital_rejects_negative() -> None:
    with pytest.raises(ValueError):
        to_capital(D(-1))


# --- 小写 Chinese numerals ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百二十", D(120)),
        ("两千", D(2000)),
        ("十五", D(15)),
        ("十", D(10)),
        ("二〇二五", D(2025)),
        ("二零二五", D(2025)),
        ("一点五", D("1.5")),
        ("零点五", D("0.5")),
        ("一百零八", D(108)),
        ("三千零五", D(3005)),
        ("一万二千", D(12000)),
        ("一万二", D(12000)),
        ("三千五", D(3500)),
        ("十八", D(18)),
        ("一亿二千万", D(120000000)),
        ("三点五亿", D(350000000)),
        ("零", D(0)),
        ("叁佰", D(300)),
    ],
)
def test_parse_chinese_number(text: str, value: Decimal) -> None:
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "万", "百分", "一点", "十百", "五五十", "abc"])
def test_parse_chinese_number_rejects(text: str) -> None:
    assert parse_chinese_number(text) is None


# --- properties ------------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=10**14 - 1).map(lambda c: Decimal(c) / 100)


@given(cents)
def test_capital_round_trip(value: Decimal) -> None:
    assert parse_capital(to_capital(value)) == value
