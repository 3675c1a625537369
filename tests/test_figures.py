"""A single figure in a table cell or header: figures, units, quantities."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docscreen.extractors.chinese_numerals import parse_capital, parse_chinese_number
from docscreen.extractors.figures import UNIT_FACTORS, parse_figure, parse_quantity, unit_in_header

D = Decimal


# --- table cells and headers -----------------------------------------------------------------

FIGURE_CASES = [
    ("1,234.56", None, (D("1234.56"), "元", D("0.01"))),
    ("３５６．８", None, (D("356.8"), "元", D("0.1"))),
    ("231. 00", None, (D("231"), "元", D("0.01"))),
    ("231. 00", "万元", (D(2310000), "万元", D(100))),
    ("356.8万元", None, (D(3568000), "万元", D(1000))),
    ("356.8万元", "元", (D(3568000), "万元", D(1000))),  # the written unit wins
    ("356.8", "万元", (D(3568000), "万元", D(1000))),
    ("3.5亿", None, (D(350000000), "亿", D(10000000))),
    ("12千元", None, (D(12000), "千元", D(1000))),
    ("-12.5", None, (D("-12.5"), "元", D("0.1"))),
    ("（12.5）", None, (D("-12.5"), "元", D("0.1"))),
    ("(12.5)", "万元", (D(-125000), "万元", D(1000))),
    ("2", None, (D(2), "元", D(1))),
    ("0", "万元", (D(0), "万元", D(10000))),
    ("0.00", None, (D(0), "元", D("0.01"))),
    ("¥1,234", None, (D(1234), "元", D(1))),
    ("￥1,234.00", None, (D(1234), "元", D("0.01"))),
    (" 1 234.5 ", None, (D("1234.5"), "元", D("0.1"))),
    ("3，568，000", None, (D(3568000), "元", D(1))),
    ("3,568,000元", "万元", (D(3568000), "元", D(1))),
    ("1409205.4", None, (D("1409205.4"), "元", D("0.1"))),
    ("5", "千元", (D(5000), "千元", D(1000))),
]


@pytest.mark.parametrize(("text", "default_unit", "expected"), FIGURE_CASES)
def test_parse_figure(text: str, default_unit: str | None, expected: tuple[Decimal, str, Decimal]) -> None:
    assert parse_figure(text, default_unit) == expected


@pytest.mark.parametrize(
    "text", ["—", "-", "", "——", "/", " ", "…", "2台", "详见附件", "20%", "XXX", "12,34", "1.2.3", "合计"]
)
def test_parse_figure_rejects(text: str) -> None:
    assert parse_figure(text) is None


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("单位：万元", "万元"),
        ("（单位：元）", "元"),
        ("(单位:元)", "元"),
        ("金额（万元）", "万元"),
        ("金额(万元)", "万元"),
        ("投资额/万元", "万元"),
        ("单价（元）", "元"),
        ("万元", "万元"),
        ("元", "元"),
        ("单位：万", "万元"),
        ("单位：人民币万元", "万元"),
        ("表3-1 项目总投资估算表  单位：万元", "万元"),
        ("单价（万元/台）", "万元"),
        ("2025年（万元）", "万元"),
        ("金额（亿元）", "亿元"),
        ("金额（千元）", "千元"),
        ("金额（ 万元 ）", "万元"),
        ("单位：元/台", "元"),
    ],
)
def test_unit_in_header(text: str, unit: str) -> None:
    assert unit_in_header(text) == unit


@pytest.mark.parametrize("text", ["数量（台）", "占比（%）", "总投资356.8万元", "序号", "建设内容", "金额", "计量单位"])
def test_unit_in_header_none(text: str) -> None:
    assert unit_in_header(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("2", D(2)), ("2台", D(2)), ("10套", D(10)), ("1项", D(1)), ("1,000", D(1000)), ("两台", D(2)),
     ("１２ 套", D(12)), ("3.5TB", D("3.5")), ("1.2万套", D(12000))],
)  # fmt: skip
def test_parse_quantity(text: str, value: Decimal) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text", ["", "—", "详见附件", "若干", "2万元", "20%", "一"])
def test_parse_quantity_rejects(text: str) -> None:
    assert parse_quantity(text) is None


def test_unit_factors() -> None:
    assert {u: UNIT_FACTORS[u] for u in ("元", "千元", "万元", "百万元", "千万元", "亿元", "万", "亿")} == {
        "元": 1, "千元": 1000, "万元": 10**4, "百万元": 10**6, "千万元": 10**7, "亿元": 10**8, "万": 10**4, "亿": 10**8,
    }  # fmt: skip
    assert UNIT_FACTORS["圆"] == 1


# --- properties ------------------------------------------------------------------------------

amountish = st.text(alphabet="0123456789.,，%％年月个天日万亿元整零壹贰叁拾佰仟一二十百千点 -—~至第XIO人", max_size=40)


@given(amountish)
def test_cell_readers_never_raise(text: str) -> None:
    figure = parse_figure(text)
    assert figure is None or isinstance(figure[0], Decimal)
    assert parse_quantity(text) is None or isinstance(parse_quantity(text), Decimal)
    assert parse_capital(text) is None or isinstance(parse_capital(text), Decimal)
    assert parse_chinese_number(text) is None or isinstance(parse_chinese_number(text), Decimal)
    assert unit_in_header(text) in (None, *UNIT_FACTORS)
