"""The running-text amount scanner on the forms real submitted documents use."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docscreen.extractors.amount_text import scan
from docscreen.extractors.chinese_numerals import to_capital
from docscreen.extractors.figures import parse_figure
from docscreen.models.budget import Quantity

MONEY, PERCENT, YEAR, DURATION = Quantity.MONEY, Quantity.PERCENT, Quantity.YEAR, Quantity.DURATION
D = Decimal


def readings(text: str) -> list[tuple[str, Quantity, Decimal]]:
    return [(m.text, m.quantity, m.value) for m in scan(text)]


# --- scan: what is read, as (matched text, quantity, value) ---------------------------------

SCAN_CASES = [
    # Arabic money
    ("项目总投资356.8万元，其中", [("356.8万元", MONEY, D(3568000))]),
    ("总投资356.80 万元", [("356.80 万元", MONEY, D(3568000))]),
    ("合计3,568,000元", [("3,568,000元", MONEY, D(3568000))]),
    ("合计3,568,000.00元", [("3,568,000.00元", MONEY, D(3568000))]),
    ("1,234.56万元", [("1,234.56万元", MONEY, D("12345600"))]),
    ("３５６．８万元", [("３５６．８万元", MONEY, D(3568000))]),
    ("共计１，２３４元", [("１，２３４元", MONEY, D(1234))]),  # full-width digits, full-width grouping
    ("分别为100，200万元", [("200万元", MONEY, D(2000000))]),  # a clause comma between ASCII digits
    ("小写：231. 00万元）", [("231. 00万元", MONEY, D(2310000))]),
    ("3.5亿元", [("3.5亿元", MONEY, D(350000000))]),
    ("12千元", [("12千元", MONEY, D(12000))]),
    ("2.5百万元", [("2.5百万元", MONEY, D(2500000))]),
    ("5千万元", [("5千万元", MONEY, D(50000000))]),
    ("人民币356.8万元", [("356.8万元", MONEY, D(3568000))]),
    ("￥3,568,000.00", [("￥3,568,000.00", MONEY, D(3568000))]),
    ("¥3,568,000.00", [("¥3,568,000.00", MONEY, D(3568000))]),
    ("¥ 356万元", [("¥ 356万元", MONEY, D(3560000))]),
    ("约356万元", [("356万元", MONEY, D(3560000))]),
    ("0.05万元", [("0.05万元", MONEY, D(500))]),
    ("实际支出1409205.4元", [("1409205.4元", MONEY, D("1409205.4"))]),
    ("1700000元和170万元", [("1700000元", MONEY, D(1700000)), ("170万元", MONEY, D(1700000))]),
    ("分别为100万元,200万元", [("100万元", MONEY, D(1000000)), ("200万元", MONEY, D(2000000))]),
    ("单价20元/台", [("20元", MONEY, D(20))]),
    ("（356.8万元）", [("356.8万元", MONEY, D(3568000))]),
    ("10000圆", [("10000圆", MONEY, D(10000))]),
    ("总投资约1.2亿元人民币", [("1.2亿元", MONEY, D(120000000))]),
    ("3 万元", [("3 万元", MONEY, D(30000))]),
    ("1. 500万元用于购置设备", [("500万元", MONEY, D(5000000))]),
    ("1. 50万元用于购置设备", [("50万元", MONEY, D(500000))]),
    ("（小写：231. 00万元）", [("231. 00万元", MONEY, D(2310000))]),
    # bare 万/亿
    ("中标价为310万，", [("310万", MONEY, D(3100000))]),
    ("约3.5亿", [("3.5亿", MONEY, D(350000000))]),
    ("投资额在1000万以上", [("1000万", MONEY, D(10000000))]),
    # 大写
    ("人民币叁佰伍拾陆万捌仟元整", [("叁佰伍拾陆万捌仟元整", MONEY, D(3568000))]),
    ("贰拾叁万元整（小写：231. 00万元）", [("贰拾叁万元整", MONEY, D(230000)), ("231. 00万元", MONEY, D(2310000))]),
    ("壹佰捌拾万元整（小写：184.8万元）", [("壹佰捌拾万元整", MONEY, D(1800000)), ("184.8万元", MONEY, D(1848000))]),
    ("壹仟零贰拾万零伍佰元整", [("壹仟零贰拾万零伍佰元整", MONEY, D(10200500))]),
    ("壹亿贰仟万元整", [("壹亿贰仟万元整", MONEY, D(120000000))]),
    ("壹亿零伍佰万元整", [("壹亿零伍佰万元整", MONEY, D(105000000))]),
    ("拾万元整", [("拾万元整", MONEY, D(100000))]),
    ("壹拾万元整", [("壹拾万元整", MONEY, D(100000))]),
    ("伍元零伍分", [("伍元零伍分", MONEY, D("5.05"))]),
    ("叁角伍分", [("叁角伍分", MONEY, D("0.35"))]),
    ("捌仟元正", [("捌仟元正", MONEY, D(8000))]),
    ("壹万圆整", [("壹万圆整", MONEY, D(10000))]),
    ("壹仟〇贰拾元整", [("壹仟〇贰拾元整", MONEY, D(1020))]),
    ("人民币（大写）：壹佰万元整", [("壹佰万元整", MONEY, D(1000000))]),
    ("大写：零元整", [("零元整", MONEY, D(0))]),
    ("壹仟零贰拾元零伍角", [("壹仟零贰拾元零伍角", MONEY, D("1020.5"))]),
    # 小写 Chinese numerals
    ("一百二十万元", [("一百二十万元", MONEY, D(1200000))]),
    ("两千元", [("两千元", MONEY, D(2000))]),
    ("一点五亿元", [("一点五亿元", MONEY, D(150000000))]),
    ("补助五万元", [("五万元", MONEY, D(50000))]),
    # percent
    ("占总投资20.6%", [("20.6%", PERCENT, D("20.6"))]),
    ("20.6 %", [("20.6 %", PERCENT, D("20.6"))]),
    ("２０％", [("２０％", PERCENT, D(20))]),
    ("百分之十五", [("百分之十五", PERCENT, D(15))]),
    ("百分之二十点五", [("百分之二十点五", PERCENT, D("20.5"))]),
    ("百分之百", [("百分之百", PERCENT, D(100))]),
    ("百分之15", [("百分之15", PERCENT, D(15))]),
    ("提高15个百分点", [("15个百分点", PERCENT, D(15))]),
    ("下降零点五个百分点", [("零点五个百分点", PERCENT, D("0.5"))]),
    ("按50%、40%、10%支付", [("50%", PERCENT, D(50)), ("40%", PERCENT, D(40)), ("10%", PERCENT, D(10))]),
    ("50%-60%", [("50%", PERCENT, D(50)), ("60%", PERCENT, D(60))]),
    ("50-60%", [("50", PERCENT, D(50)), ("60%", PERCENT, D(60))]),
    ("环保投资10万元，占总投资20.6%", [("10万元", MONEY, D(100000)), ("20.6%", PERCENT, D("20.6"))]),
    # years
    ("2025年", [("2025年", YEAR, D(2025))]),
    ("2025年度预算", [("2025年度", YEAR, D(2025))]),
    ("二〇二五年", [("二〇二五年", YEAR, D(2025))]),
    ("二零二五年", [("二零二五年", YEAR, D(2025))]),
    ("一九九九年", [("一九九九年", YEAR, D(1999))]),
    ("2025—2026年", [("2025", YEAR, D(2025)), ("2026年", YEAR, D(2026))]),
    ("2025-2026年", [("2025", YEAR, D(2025)), ("2026年", YEAR, D(2026))]),
    ("2025~2026年", [("2025", YEAR, D(2025)), ("2026年", YEAR, D(2026))]),
    ("2025至2026年", [("2025", YEAR, D(2025)), ("2026年", YEAR, D(2026))]),
    ("2025——2027年度", [("2025", YEAR, D(2025)), ("2027年度", YEAR, D(2027))]),
    ("二〇二五至二〇二六年", [("二〇二五", YEAR, D(2025)), ("二〇二六年", YEAR, D(2026))]),
    ("2025年1月", [("2025年", YEAR, D(2025))]),
    ("2025年3月15日", [("2025年", YEAR, D(2025))]),
    ("2024年至2025年", [("2024年", YEAR, D(2024)), ("2025年", YEAR, D(2025))]),
    ("2025年-2026年", [("2025年", YEAR, D(2025)), ("2026年", YEAR, D(2026))]),
    ("1999年", [("1999年", YEAR, D(1999))]),
    ("2099年", [("2099年", YEAR, D(2099))]),
    # durations: months, years × 12, days
    ("建设期18个月", [("18个月", DURATION, D(18))]),
    ("建设期十八个月", [("十八个月", DURATION, D(18))]),
    ("工期为两个月", [("两个月", DURATION, D(2))]),
    ("建设周期2年", [("2年", DURATION, D(24))]),
    ("建设期两年", [("两年", DURATION, D(24))]),
    ("工期一年半", [("一年半", DURATION, D(18))]),
    ("工期1年半", [("1年半", DURATION, D(18))]),
    ("工期1.5年", [("1.5年", DURATION, D(18))]),
    ("近3年", [("3年", DURATION, D(36))]),
    ("90天", [("90天", DURATION, D(90))]),
    ("90日内完成", [("90日", DURATION, D(90))]),
    ("30个工作日内", [("30个工作日", DURATION, D(30))]),
    ("90日历天", [("90日历天", DURATION, D(90))]),
    ("三十天", [("三十天", DURATION, D(30))]),
    ("自收到之日起十五日内", [("十五日", DURATION, D(15))]),
    (
        "建设期为2025年1月至2026年6月，共18个月",
        [("2025年", YEAR, D(2025)), ("2026年", YEAR, D(2026)), ("18个月", DURATION, D(18))],
    ),
]

# --- near misses: nothing is read ------------------------------------------------------------

NO_MATCH = [
    "XXX万元",
    "××万元",
    "*万元",
    "XX.XX万元",
    "IO0%",
    "-12.5万元",
    "减少－12.5万元",
    "100-200万元",
    "100至200万元",
    "20万人",
    "3万条",
    "10万平方米",
    "5万次",
    "1.2万个",
    "5万余人",
    "3万多家企业",
    "10万kb",
    "3亿美元",
    "1万次/秒",
    "数十万元",
    "几百万元",
    "上百万元",
    "3.2.1",
    "第3条",
    "5G",
    "1:500",
    "IPv6",
    "GB/T 22239-2019",
    "GB/T 39786-2021",
    "GB/T 22239-2019年版",
    "等保三级",
    "2025号",
    "联系电话13812345678",
    "0571-88886666",
    "1989年",
    "2100年",
    "3周",
    "3月",
    "3月 15日",
    "每月15日前报送",
    "25年12月",
    "第2年",
    "第二年",
    "第18个月",
    "3年级",
    "90年代",
    "同一年",
    "统一年度计划",
    "统一日志平台",
    "天然气",
    "12-18个月",
    "一元化管理",
    "二元结构",
    "第十四个五年规划",
    "v2.0%",
    "1.2.3%",
    "-5%",
    "万元",
    "（单位：万元）",
]


@pytest.mark.parametrize(("text", "expected"), SCAN_CASES)
def test_scan_reads(text: str, expected: list[tuple[str, Quantity, Decimal]]) -> None:
    assert readings(text) == expected


@pytest.mark.parametrize("text", NO_MATCH)
def test_scan_ignores_near_misses(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize("text", [t for t, _ in SCAN_CASES])
def test_positions_slice_the_original(text: str) -> None:
    head = "项目说明：\n"  # a new line, so a list item "1. 50万元" stays one
    found = scan(head + text)
    assert [(m.start - len(head), m.end - len(head)) for m in found] == [(m.start, m.end) for m in scan(text)]
    assert all((head + text)[m.start : m.end] == m.text for m in found)


# --- units, precision, flags -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "precision"),
    [
        ("356.8万元", "万元", D(1000)),
        ("3.5亿", "亿", D(10000000)),
        ("3.5亿元", "亿元", D(10000000)),
        ("231.00万元", "万元", D(100)),
        ("231. 00万元", "万元", D(100)),
        ("3,568,000元", "元", D(1)),
        ("3,568,000.00元", "元", D("0.01")),
        ("12千元", "千元", D(1000)),
        ("2.5百万元", "百万元", D(100000)),
        ("5千万元", "千万元", D(10000000)),
        ("356万元", "万元", D(10000)),
        ("¥3,568,000.00", "元", D("0.01")),
        ("壹佰捌拾万元整", "元", D(1)),
        ("伍元零伍分", "元", D("0.01")),
        ("壹仟零贰拾元零伍角", "元", D("0.1")),
        ("壹万圆整", "圆", D(1)),
        ("一百二十万元", "元", D(100000)),
        ("一点五亿元", "元", D(10000000)),
        ("20.6%", "%", D("0.1")),
        ("15个百分点", "个百分点", D(1)),
        ("18个月", "个月", D(1)),
        ("2年", "年", D(12)),
        ("一年半", "年", D(6)),
        ("90天", "天", D(1)),
        ("2025年", "", D(1)),
    ],
)
def test_unit_and_precision(text: str, unit: str, precision: Decimal) -> None:
    (m,) = scan(text)
    assert (m.unit, m.precision) == (unit, precision)


@pytest.mark.parametrize(
    ("text", "capital", "bare"),
    [
        ("中标价为310万", False, True),
        ("3.5亿", False, True),
        ("3.5亿元", False, False),
        ("¥356万", False, False),
        ("贰拾叁万元整", True, False),
        ("一百二十万元", False, False),
        ("356.8万元", False, False),
    ],
)
def test_capital_and_bare_flags(text: str, capital: bool, bare: bool) -> None:
    (m,) = scan(text)
    assert (m.capital, m.bare) == (capital, bare)


def test_scan_keeps_reading_order_and_offsets() -> None:
    text = "本项目总投资356.8万元（大写：叁佰伍拾陆万捌仟元整），2025年投资200万元，占56.1%。"
    found = scan(text)
    assert [m.quantity for m in found] == [MONEY, MONEY, YEAR, MONEY, PERCENT]
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert found[0].start == text.index("356.8")
    assert found[1].start == text.index("叁佰") and found[1].capital
    assert all(text[m.start : m.end] == m.text for m in found)


# --- properties ------------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=10**14 - 1).map(lambda c: Decimal(c) / 100)


@given(cents)
def test_capital_round_trip_through_scan(value: Decimal) -> None:
    (m,) = scan(f"人民币{to_capital(value)}（小写略）")
    assert (m.value, m.capital) == (value, True)


@given(cents)
def test_wan_yuan_round_trip(value: Decimal) -> None:
    wan = (value / 10000).quantize(Decimal("0.01"))
    written = f"{wan:,.2f}万元"
    (m,) = scan(f"项目总投资{written}，")
    assert (m.text, m.value, m.unit, m.precision) == (written, wan * 10000, "万元", Decimal(100))
    assert parse_figure(f"{wan:,.2f}", "万元") == (wan * 10000, "万元", Decimal(100))
    assert parse_figure(written) == (wan * 10000, "万元", Decimal(100))


@given(cents)
def test_yuan_round_trip(value: Decimal) -> None:
    for written in (f"{value:,.2f}元", f"{value:.2f}元", f"￥{value:,.2f}"):
        (m,) = scan(f"合同价{written}。")
        assert (m.text, m.value) == (written, value)
    assert parse_figure(f"{value:,.2f}") == (value, "元", Decimal("0.01"))


@given(st.text())
def test_scan_never_raises_and_spans_are_clean(text: str) -> None:
    found = scan(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    for left, right in zip(found, found[1:]):
        assert left.end <= right.start


amountish = st.text(alphabet="0123456789.,，%％年月个天日万亿元整零壹贰叁拾佰仟一二十百千点 -—~至第XIO人", max_size=40)


@given(amountish)
def test_scan_never_raises_on_amount_like_text(text: str) -> None:
    found = scan(text)
    assert all(text[m.start : m.end] == m.text for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
