from docscreen.extractors.completeness import announced_but_absent, assess_completeness
from docscreen.extractors.outline import build_outline

from _blocks import h, make_doc

CHAPTERS = [
    "第一章 总论",
    "第二章 项目建设的必要性",
    "第三章 需求分析",
    "第四章 总体建设方案",
    "第五章 数据资源共享分析",
    "第六章 安全保障体系",
    "第七章 项目组织与实施",
    "第八章 投资估算及资金筹措",
    "第九章 绩效目标",
]
TOC = [f"{c}……………………{3 + 4 * i}" for i, c in enumerate(CHAPTERS)]
BODY = "本项目依托市政务云建设，整合现有政务服务系统，实现一网通办，提升群众办事便利度和满意度。" * 3
COVER = [
    {"text": "某某市政务服务一体化平台建设项目", "size": 22, "bold": True},
    {"text": "可行性研究报告", "size": 26, "bold": True},
    {"text": "目  录", "page": 2, "size": 16, "bold": True},
] + [{"text": t, "in_toc": True} for t in TOC]


def _body(chapters: list[str]) -> list:
    lines: list = []
    for i, c in enumerate(chapters):
        lines += [h(c, page=3 + 4 * i), BODY, BODY]
    return lines


def test_cover_toc_and_two_of_nine_chapters_is_incomplete():
    doc = make_doc(COVER + _body(CHAPTERS[:2]), toc=TOC)
    assess_completeness(doc)
    assert not doc.complete
    assert doc.incomplete_reason == "正文在第二章后中断，目录所列第三章至第九章未见正文"
    assert announced_but_absent(doc) == [c for c in CHAPTERS[2:]]


def test_full_document_is_complete_even_with_messy_toc_entries():
    messy = ["1总论3", "11项目名称3"] + TOC[1:]
    renamed = CHAPTERS[:4] + ["第五章 信息资源共享分析"] + CHAPTERS[5:]
    doc = make_doc(COVER + _body(renamed), toc=messy)
    build_outline(doc)
    assess_completeness(doc)
    assert doc.complete and doc.incomplete_reason == ""
    assert announced_but_absent(doc) == ["11项目名称"]


def test_cover_and_toc_only():
    doc = make_doc(COVER)
    assess_completeness(doc)
    assert not doc.complete
    assert doc.incomplete_reason == "仅见封面和目录，目录所列9章均未见正文"


def test_headings_without_body_text_are_a_stub():
    lines = []
    for i, c in enumerate(CHAPTERS):
        lines += [h(c, page=3 + i), "（略）"]
    doc = make_doc(COVER + lines, toc=TOC)
    assess_completeness(doc)
    assert not doc.complete
    assert doc.incomplete_reason.startswith("正文仅约")


def test_one_missing_last_chapter_is_not_truncation():
    doc = make_doc(COVER + _body(CHAPTERS[:8]), toc=TOC)
    assess_completeness(doc)
    assert doc.complete
    assert announced_but_absent(doc) == ["第九章 绩效目标"]
