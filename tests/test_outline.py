from docscreen.extractors.outline import build_outline, cover_blocks, parse_numbering
from docscreen.models.document import Bookmark

from _blocks import h, make_doc, outline_of

COVER = [
    {"text": "某某市政务服务一体化平台建设项目", "size": 22, "bold": True, "centered": True},
    {"text": "可行性研究报告", "size": 26, "bold": True, "centered": True},
    {"text": "编制单位：某某市大数据管理局", "size": 16, "bold": True, "centered": True},
    {"text": "二〇二三年五月", "size": 16, "centered": True},
]
BODY = "本项目依托市政务云建设，整合现有政务服务系统，实现一网通办，提升群众办事便利度和满意度。"


def test_chapter_with_dotted_decimals_and_section_bounds():
    doc = make_doc(
        COVER
        + [
            h("第一章 总论", page=3),
            h("1.1 项目名称", size=14),
            "某某市政务服务一体化平台建设项目。",
            h("1.1.1 项目建设单位", size=13),
            BODY,
            {"text": BODY, "page": 4},
            h("1.2 建设背景", size=14),
            BODY,
            h("第二章 项目建设的必要性", page=5),
            BODY,
            {"text": BODY, "page": 7},
        ]
    )
    sections = build_outline(doc)
    assert outline_of(doc) == [
        ("第一章", "总论", 1),
        ("1.1", "项目名称", 2),
        ("1.1.1", "项目建设单位", 3),
        ("1.2", "建设背景", 2),
        ("第二章", "项目建设的必要性", 1),
    ]
    chapter1, sub, subsub, sub2, chapter2 = sections
    assert chapter1.first_block == 4 and chapter1.end_block == 12 and chapter1.body_end_block == 5
    assert (chapter1.page, chapter1.page_end) == (3, 4)
    assert sub.parent == 0 and subsub.parent == 1 and sub2.parent == 0 and chapter2.parent is None
    assert sub.text == "某某市政务服务一体化平台建设项目。"
    assert subsub.text == f"{BODY}\n{BODY}" and subsub.page_end == 4
    assert (chapter2.page, chapter2.page_end) == (5, 7)
    assert chapter2.end_block == len(doc.blocks)


def test_top_level_yi_dun_puts_paren_at_two_and_arabic_at_three():
    doc = make_doc(
        COVER
        + [
            h("一、项目概况", page=2),
            h("（一）项目名称", size=14),
            BODY,
            h("（二）建设内容", size=14),
            "1.统一受理平台",
            BODY,
            "2.电子证照库",
            BODY,
            "(1)证照归集",
            BODY,
            "①营业执照",
            BODY,
            h("二、需求分析"),
            h("（一）业务需求", size=14),
            BODY,
        ]
    )
    build_outline(doc)
    assert outline_of(doc) == [
        ("一", "项目概况", 1),
        ("（一）", "项目名称", 2),
        ("（二）", "建设内容", 2),
        ("1", "统一受理平台", 3),
        ("2", "电子证照库", 3),
        ("(1)", "证照归集", 4),
        ("①", "营业执照", 5),
        ("二", "需求分析", 1),
        ("（一）", "业务需求", 2),
    ]


def test_part_chapter_and_section_nest_in_that_order():
    doc = make_doc(
        [
            h("第一部分 项目概述"),
            h("第1章 项目基本情况", size=14),
            h("第一节 项目背景", size=13),
            BODY,
            h("第二节 建设依据", size=13),
            BODY,
            h("第2章 建设目标", size=14),
            BODY,
            h("第二部分 建设方案"),
            h("第3章 总体设计", size=14),
            BODY,
        ]
    )
    build_outline(doc)
    assert [(n, lv) for n, _, lv in outline_of(doc)] == [
        ("第一部分", 1),
        ("第1章", 2),
        ("第一节", 3),
        ("第二节", 3),
        ("第2章", 2),
        ("第二部分", 1),
        ("第3章", 2),
    ]


def test_plain_decimal_top_level_and_depth_by_dot_count():
    doc = make_doc(
        [
            h("1 总论"),
            h("1.1 项目概况", size=14),
            h("1.1.1 项目名称", size=13),
            BODY,
            h("1.1.1.1 建设地点", size=12.5),
            BODY,
            h("2 需求分析"),
            h("2.1 业务需求", size=14),
            BODY,
        ]
    )
    build_outline(doc)
    assert [(n, lv) for n, _, lv in outline_of(doc)] == [
        ("1", 1),
        ("1.1", 2),
        ("1.1.1", 3),
        ("1.1.1.1", 4),
        ("2", 1),
        ("2.1", 2),
    ]


def test_mixed_schemes_inside_one_document():
    doc = make_doc(
        [
            h("第一章 总论"),
            h("一、项目背景", size=14),
            h("（一）政策依据", size=13),
            BODY,
            h("第二章 建设方案"),
            h("2.1 总体架构", size=14),
            h("2.1.1 技术路线", size=13),
            BODY,
            h("2.2 数据资源共享分析", size=14),
            BODY,
        ]
    )
    build_outline(doc)
    assert [(n, lv) for n, _, lv in outline_of(doc)] == [
        ("第一章", 1),
        ("一", 2),
        ("（一）", 3),
        ("第二章", 1),
        ("2.1", 2),
        ("2.1.1", 3),
        ("2.2", 2),
    ]


def test_word_auto_numbered_headings_use_number_and_declared_level():
    plain = {"size": 12.0, "bold": False}
    doc = make_doc(
        [
            {"text": "总论", "number": "第一章", "style_level": 1, "style_name": "标题 1", **plain},
            {"text": "项目名称", "number": "1.1", "style_level": 2, "style_name": "标题 2", **plain},
            "某某县政务数据共享交换平台建设项目。",
            {"text": "建设内容", "number": "（一）", "style_level": 3, "style_name": "标题 3", **plain},
            BODY,
            {"text": "需求分析", "number": "第二章", "style_level": 1, "style_name": "标题 1", **plain},
            BODY,
        ]
    )
    build_outline(doc)
    assert outline_of(doc) == [
        ("第一章", "总论", 1),
        ("1.1", "项目名称", 2),
        ("（一）", "建设内容", 3),
        ("第二章", "需求分析", 1),
    ]
    assert doc.outline[1].text == "某某县政务数据共享交换平台建设项目。"


def test_toc_lines_never_create_sections():
    doc = make_doc(
        COVER
        + [
            {"text": "目  录", "page": 2, "size": 16, "bold": True},
            {"text": "第一章 总论\t1", "in_toc": True},
            {"text": "第二章 需求分析\t5", "in_toc": True},
            {"text": "第五章 总结\t30", "in_toc": True},
            {"text": "第六章 附件………………………………32"},
            h("第一章 总论", page=3),
            BODY,
            h("第二章 需求分析", page=5),
            BODY,
        ]
    )
    build_outline(doc)
    assert outline_of(doc) == [("第一章", "总论", 1), ("第二章", "需求分析", 1)]
    assert doc.outline[0].first_block == 9


def test_list_items_in_body_are_not_headings():
    doc = make_doc(
        [
            h("第三章 建设内容"),
            "平台建设主要包括以下功能：",
            "1. 系统应支持统一身份认证，并提供单点登录能力，实现一次认证、全网通行。",
            "2. 系统应支持电子证照调用；",
            "1. 统一身份认证",
            "2. 电子证照共享",
            "3. 好差评管理",
            "（1）事项受理",
            "（2）审批办结",
            BODY,
            h("3.1 总体架构", size=14),
            BODY,
        ]
    )
    build_outline(doc)
    assert outline_of(doc) == [("第三章", "建设内容", 1), ("3.1", "总体架构", 2)]
    assert "1. 统一身份认证" in doc.outline[0].text


def test_bold_short_line_without_number_is_a_heading_when_body_is_not_bold():
    lines = COVER + [
        h("第四章 网络安全设计", page=3),
        BODY,
        {"text": "等级保护要求", "bold": True},
        BODY,
        {"text": "边界防护", "bold": True},
        BODY,
    ]
    doc = make_doc(lines)
    build_outline(doc)
    assert outline_of(doc) == [("第四章", "网络安全设计", 1), ("", "等级保护要求", 2), ("", "边界防护", 2)]
    assert cover_blocks(doc)[1].text == "可行性研究报告"

    all_bold = make_doc([{**b, "bold": True} if isinstance(b, dict) else {"text": b, "bold": True} for b in lines])
    build_outline(all_bold)
    assert outline_of(all_bold) == [("第四章", "网络安全设计", 1)]


def test_tables_captions_and_page_furniture_are_not_headings():
    header = {"text": "某某市政务服务一体化平台建设项目可行性研究报告", "size": 9}
    doc = make_doc(
        [
            {**header, "page": 1},
            h("第八章 投资估算"),
            {"text": "表8-1 项目投资估算表", "bold": True, "centered": True},
            {"table": [["一、建设内容", "金额（万元）"], ["软件开发", "120.00"]]},
            {"text": "- 1 -", "size": 9},
            {**header, "page": 2},
            BODY,
            {"text": "- 2 -", "size": 9},
            {**header, "page": 3},
            h("第九章 绩效目标"),
            BODY,
        ]
    )
    build_outline(doc)
    assert outline_of(doc) == [("第八章", "投资估算", 1), ("第九章", "绩效目标", 1)]
    assert doc.outline[0].page_end == 2  # the running header atop page 3 is not chapter 8's content


def test_pdf_bookmarks_confirm_headings_and_give_levels():
    flat = {"size": 12.0, "bold": False}
    doc = make_doc(
        [
            {"text": "项目概况", **flat, "page": 2},
            BODY,
            {"text": "1、建设单位", **flat},
            BODY,
            {"text": "需求分析", **flat, "page": 3},
            BODY,
        ],
        bookmarks=[
            Bookmark("项目概况", 0, 2),
            Bookmark("1、建设单位", 1, 2),
            Bookmark("需求分析", 0, 3),
        ],
    )
    build_outline(doc)
    assert outline_of(doc) == [("", "项目概况", 1), ("1", "建设单位", 2), ("", "需求分析", 1)]


def test_numbering_reader_rejects_amounts_and_reads_glued_toc_numbers():
    assert parse_numbering("1.5万元用于软件开发") is None
    assert parse_numbering("第十二章 附件").ordinals == (12,)
    glued = parse_numbering("11项目名称6")
    assert glued is not None and glued.tight and glued.title == "项目名称6"


def test_cited_standards_in_a_basis_list_are_not_headings():
    """Seen in a LibreOffice PDF: a list item of 编制依据 broken mid-line looked like a heading."""
    doc = make_doc([
        h("第1章 项目概述", size=16),
        h("1.2 编制依据", size=14),
        "5. 《中华人民共和国密码法》；",
        "6 《信息安全技术 信息系统密码应用基本要求》（GB/T 39786-",
        "2021）；",
        "7. 《静乐县政务信息化项目建设应用管理办法》；",
        h("1.3 建设目标", size=14),
    ])
    build_outline(doc)
    assert [s.title for s in doc.outline] == ["项目概述", "编制依据", "建设目标"]
