"""Acceptance documents: their types told by content, the package's required documents, and the
spending and adjustment facts judged across a package's files."""

from decimal import Decimal

import pytest
from _blocks import h, make_doc

from docscreen.checkers.acceptance_checks import adjustment_findings, overrun_findings
from docscreen.checkers.package_screen import attachments_summary, screen_package
from docscreen.checkers.rulebook import load_rulebook
from docscreen.extractors.acceptance import classify_acceptance
from docscreen.extractors.pipeline import analyse
from docscreen.models.budget import Amount, Budget, Quantity, Where
from docscreen.models.document import Document
from docscreen.models.package import Member, Package


def acceptance_doc(cover: list[str], headings: tuple[str, ...] = (), name: str = "附件3.docx") -> Document:
    lines: list = [{"text": line, "size": 22.0, "bold": True, "centered": True} for line in cover]
    for n, title in enumerate(headings, 1):
        lines += [h(f"第{n}章 {title}", page=n + 1), "本章说明有关情况。" * 8]
    return analyse(make_doc(lines or ["正文。"], name=name))


@pytest.mark.parametrize(
    ("cover", "types"),
    [
        (["营口市一网统管平台项目", "竣工验收申请报告"], ["acceptance_application"]),
        (["新干县智慧党建平台", "项目建设总结报告"], ["construction_summary"]),
        (["关于山东省电子证照共享服务系统项目", "竣工决算的审计报告"], ["audit_report"]),
        (["武陟县政务数据共享交换平台", "财务决算报告"], ["financial_report"]),
        (["XX平台项目", "监理总结报告"], ["supervision_report"]),
        (["网络安全等级保护测评报告"], ["security_assessment"]),
        (["商用密码应用安全性评估报告"], ["crypto_assessment"]),
        (["集约化建设和信息资源共享评估报告"], ["sharing_assessment"]),
        (["数据共享完成确认意见"], ["sharing_confirmation"]),
        (["附件3：审计报告", "（另册提供）"], []),  # a line that cites a document names nothing
        (["营口市一网统管平台可行性研究报告"], []),
    ],
)
def test_the_cover_says_what_the_file_is_whatever_its_name(cover: list[str], types: list[str]) -> None:
    assert classify_acceptance(acceptance_doc(cover)) == types


def test_a_file_can_hold_a_type_as_a_chapter() -> None:
    doc = acceptance_doc(["某平台项目", "竣工验收申请报告"], headings=("项目概况", "项目建设总结", "财务报告"))
    assert doc.acceptance_types == ["acceptance_application", "construction_summary", "financial_report"]


def test_an_unknown_kind_that_is_an_acceptance_document_becomes_an_acceptance_report() -> None:
    doc = acceptance_doc(["某平台项目", "竣工决算审计报告"])
    assert doc.kind == "acceptance_report"


def package_of(*docs: Document) -> Package:
    return Package("验收材料", "folder", members=[Member(d.name, 1, b"x", document=d) for d in docs])


def test_missing_documents_are_named_with_the_article() -> None:
    package = package_of(
        acceptance_doc(["某项目", "竣工验收申请报告"], headings=("项目建设总结",), name="a.docx"),
        acceptance_doc(["财务决算报告"], name="b.docx"),
        acceptance_doc(["网络安全等级保护测评报告"], name="材料二.docx"),
    )
    book = load_rulebook("yingkou")
    findings = screen_package(package, book)
    assert sorted(f.chapter_type for f in findings if f.code == "missing_attachment") == [
        "crypto_assessment", "supervision_report"
    ]
    assert {f.citation.article for f in findings} == {"第十九条"}
    summary = attachments_summary(package, book)
    assert summary["construction_summary"].files == ["a.docx"]
    assert summary["security_assessment"].files == ["材料二.docx"]
    assert not summary["supervision_report"].present


def test_an_unreadable_package_says_why_and_judges_nothing_else() -> None:
    from docscreen.models.document import ReadError

    package = Package("坏.zip", "zip", errors=[ReadError("corrupt", "压缩包已损坏，无法打开。")])
    findings = screen_package(package, load_rulebook("yingkou"))
    assert [(f.code, f.severity.value) for f in findings] == [("unreadable", "error")]


def money(wan: str, meaning: str) -> Amount:
    return Amount(Quantity.MONEY, Decimal(wan) * 10000, f"{wan}万元", Where(0, 2), unit="万元",
                  precision=Decimal(100), meaning=meaning, context=f"……{wan}万元……")


def rule(jurisdiction: str, check: str):
    return next(r for r in load_rulebook(jurisdiction).rules if r.check == check)


def test_spending_over_the_approved_total_is_an_overrun_across_files() -> None:
    approved = Budget(amounts=[money("595", "approved")])
    spent = Budget(amounts=[money("620", "actual_spend")])
    findings = overrun_findings([approved, spent], rule("shandong", "budget_overrun"))
    assert [f.code for f in findings] == ["budget_overrun"]
    assert findings[0].citation.article == "第十七条"
    assert "25.00万元" in findings[0].message
    assert overrun_findings([approved, Budget(amounts=[money("462", "actual_spend")])],
                            rule("shandong", "budget_overrun")) == []


def test_an_adjustment_over_fifteen_percent_needs_approval_in_yingkou() -> None:
    r = rule("yingkou", "budget_adjustment")
    approved = money("500", "approved")
    assert adjustment_findings([Budget(amounts=[approved, money("75", "adjustment")])], r) == []  # 15% exactly
    over = adjustment_findings([Budget(amounts=[approved, money("75.01", "adjustment")])], r)
    assert [f.code for f in over] == ["budget_adjustment_over_limit"]
    assert [f.code for f in adjustment_findings([Budget(amounts=[approved, money("420", "adjusted")])], r)] == [  # 16%
        "budget_adjustment_over_limit"
    ]
    assert adjustment_findings([Budget(amounts=[money("80", "adjustment")])], r) == []  # nothing to compare with
