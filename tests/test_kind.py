import pytest

from docscreen.extractors.kind import detect_kind
from docscreen.extractors.outline import build_outline
from docscreen.models.document import Document

from _blocks import h, make_doc

PROJECT = {"text": "某某市政务服务一体化平台建设项目", "size": 22, "bold": True, "centered": True}


def _cover(kind_line: str) -> list[dict]:
    return [
        PROJECT,
        {"text": kind_line, "size": 26, "bold": True, "centered": True},
        {"text": "编制单位：某某市大数据管理局", "size": 16, "centered": True},
        {"text": "二〇二三年六月", "size": 16, "centered": True},
    ]


def _doc(cover: list[dict], body: list) -> Document:
    doc = make_doc(cover + [{"text": "目  录", "page": 2, "size": 16}] + body, name="报送材料.docx")
    build_outline(doc)
    return doc


BODY = [
    h("第一章 总论", page=3),
    "本项目依托市政务云建设，整合现有政务服务系统，实现一网通办。",
    h("第二章 技术方案"),
    "平台采用微服务架构，统一身份认证，统一电子证照。",
]


@pytest.mark.parametrize(
    ("kind_line", "expected"),
    [
        ("项目建议书", "proposal"),
        ("可行性研究报告", "feasibility_report"),
        ("可研报告", "feasibility_report"),
        ("初步设计及投资概算", "preliminary_design"),
        ("初步设计方案", "preliminary_design"),
        ("建设方案", "construction_plan"),
        ("实施方案", "construction_plan"),
        ("技术方案", "construction_plan"),
        ("竣工验收申请报告", "acceptance_report"),
        ("项目建设总结报告", "acceptance_report"),
    ],
)
def test_cover_line_decides_the_kind(kind_line, expected):
    doc = _doc(_cover(kind_line), BODY)
    kind, confidence = detect_kind(doc)
    assert (kind, doc.kind) == (expected, expected)
    assert confidence >= 0.9 and doc.kind_confidence == confidence


def test_feasibility_report_that_cites_its_proposal_approval_stays_feasibility():
    body = [
        h("第一章 总论", page=3),
        "根据《某某市发展和改革委员会关于某某市政务服务一体化平台建设项目建议书的批复》（某发改审批〔2022〕118号），"
        "项目建设单位组织编制了本可行性研究报告。",
        h("1.1 编制依据", size=14),
        "1.项目建议书批复；",
        "2.《某某市政务信息化项目管理办法》。",
        "项目建议书批复明确了建设内容和投资规模。",
    ]
    doc = _doc(_cover("可行性研究报告"), body)
    assert detect_kind(doc)[0] == "feasibility_report"
    assert doc.title == "某某市政务服务一体化平台建设项目可行性研究报告"


def test_running_text_self_reference_decides_without_a_cover():
    doc = make_doc(
        [
            h("一、项目概况"),
            "本项目建议书依据国家和省有关政务信息化项目管理规定编制。",
            h("二、建设必要性"),
            "本项目建议书提出的建设内容与已建系统不重复。",
        ],
        name="材料1.docx",
    )
    build_outline(doc)
    kind, confidence = detect_kind(doc)
    assert kind == "proposal"
    assert 0.5 < confidence < 0.9


def test_file_name_counts_when_the_cover_is_silent():
    doc = make_doc([PROJECT, h("第一章 总论", page=2), "项目概况如下。"], name="某某平台可研报告（报批稿）.pdf")
    build_outline(doc)
    assert detect_kind(doc) == ("feasibility_report", 0.8)


def test_no_evidence_is_unknown():
    doc = make_doc([PROJECT, h("第一章 总论", page=2), "项目概况如下。"], name="材料2.docx")
    build_outline(doc)
    assert detect_kind(doc) == ("unknown", 0.0)


def test_cited_kind_in_running_text_is_not_evidence():
    doc = make_doc(
        [
            h("一、编制依据"),
            "根据《关于某某平台项目建议书的批复》（某发改〔2022〕18号）开展前期工作。",
            "依据项目建议书批复确定的建设规模，本期建设三个子系统。",
            "按照项目建议书审查意见，取消了机房改造内容。",
            h("二、编制范围"),
            "可行性研究报告编制范围包括需求分析、建设方案和投资估算。",
            "可行性研究报告由某某设计院承担编制。",
        ],
        name="材料3.docx",
    )
    build_outline(doc)
    assert detect_kind(doc) == ("feasibility_report", 0.45)
