"""What an amount means: the spaCy pipeline over real-world sentences.

A project legitimately states many different sums (申请财政资金, 中标价, 5年总成本 …); only amounts
of the same meaning may be compared, so each sentence here pins the meaning of every amount in it.
"""

from decimal import Decimal

import pytest

from docscreen.extractors.amount_nlp import amount_nlp, describe, pairs


def read(text: str) -> list[tuple[str, str | None, int | None]]:
    return [(d["text"], d["meaning"], d["year"]) for d in describe(amount_nlp()(text)) if d["quantity"] == "money"]


def meanings(text: str) -> list[str | None]:
    return [m for _, m, _ in read(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("经估算，项目总投资356.80万元。", ["total_investment"]),
        ("本项目总投资为356.8万元，资金来源为县级财政资金。", ["total_investment"]),
        ("项目总投资356.80万元，其中申请财政资金200.00万元，单位自筹156.80万元。",
         ["total_investment", "fiscal_funds", "self_funded"]),
        ("项目投资估算总额为3,568,000.00元。", ["total_investment"]),
        ("概算总投资1,234.56万元。", ["total_investment"]),
        ("其中：工程费用300.00万元，占总投资的84.08%；预备费10.39万元。", ["item", "item"]),
        ("经公开招标，中标价为310万，合同金额310.00万元。", ["bid_price", "contract_price"]),
        ("项目初始批复595万元，调整后预算531万元，实际支出462万元。", ["approved", "adjusted", "actual_spend"]),
        ("截至目前到账资金300万元。", ["received"]),
        # an elliptical clause stays "other": inheriting the cue would make 已完成50万元 after a total a conflict
        ("自建模式五年总成本约为517.36万元，购买服务模式约为578.02万元。", ["lifecycle_cost", "other"]),
        ("项目总投资356.80万元，已完成50万元。", ["total_investment", "other"]),
        ("系统运行维护费每年约35万元，纳入部门预算。", ["operations"]),
        ("本年度预算120万元。", ["current_year_budget"]),
        ("通过复用已建能力，项目节约建设投资约40万元。", ["other"]),
        ("采购预算在100万元以上的内容采用公开招标方式。", ["other"]),
        ("环保投资10万元，占总投资20.6%。", ["other"]),
    ],
)
def test_each_amount_gets_the_meaning_of_its_cue(text: str, expected: list[str]) -> None:
    assert meanings(text) == expected


def test_annual_amounts_carry_their_year() -> None:
    text = "项目跨年度实施，分年度资金安排为：2025年安排213.60万元，2026年安排143.20万元。"
    assert read(text) == [("213.60万元", "annual", 2025), ("143.20万元", "annual", 2026)]


def test_a_year_continues_the_split_without_repeating_the_cue() -> None:
    assert read("2025年投资200万元，2026年156.8万元。") == [("200万元", "annual", 2025), ("156.8万元", "annual", 2026)]


def test_a_year_in_another_role_does_not_make_an_annual_amount() -> None:
    assert meanings("项目已纳入2025年度政务信息化项目计划，总投资356.8万元。") == ["total_investment"]


def test_bare_wan_without_a_money_word_is_not_money() -> None:
    assert read("平台服务人口约20万，日均访问3万次。") == []


def test_capital_and_figures_side_by_side_form_a_pair_with_one_meaning() -> None:
    doc = amount_nlp()("项目总投资为人民币叁佰伍拾陆万捌仟元整（小写：356.80万元）。")
    assert [d["meaning"] for d in describe(doc)] == ["total_investment", "total_investment"]
    (capital, figures), = list(pairs(doc))
    assert capital._.reading.value == figures._.reading.value == Decimal(3568000)


def test_a_disagreeing_pair_is_still_paired() -> None:
    doc = amount_nlp()("合同金额贰拾叁万元整（小写：231. 00万元）。")
    (capital, figures), = list(pairs(doc))
    assert capital._.reading.value == Decimal(230000)
    assert figures._.reading.value == Decimal(2310000)


def test_the_construction_period_is_marked() -> None:
    spans = describe(amount_nlp()("项目建设周期为18个月，计划2025年3月开工。"))
    assert [(d["text"], d["period"]) for d in spans if d["quantity"] == "duration"] == [("18个月", True)]
    spans = describe(amount_nlp()("建设期限：2025年—2026年。"))
    assert [d["value"] for d in spans if d["period"]] == [Decimal(2025), Decimal(2026)]
