"""The DOCX reader on files built here with python-docx plus raw WordprocessingML."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from docscreen.extractors.docx_numbering import chinese_numeral, format_number
from docscreen.extractors.docx_reader import read_docx
from docscreen.models.document import BlockKind
from docx_builders import (
    FIELD_END, TAB, abstract_num, add_style, append, field_runs, level, new_doc, num, numpr_element, para,
    run, set_numbering, to_bytes,
)


def _read(doc):
    return read_docx(to_bytes(doc), "测试.docx")


def _by_text(document, text):
    return next(b for b in document.blocks if b.text == text)


# --- headings -----------------------------------------------------------------------------

def test_heading_levels_from_builtin_styles_outline_levels_and_chinese_names():
    doc = new_doc()
    add_style(doc, "TitleBase", "标题基础", ppr='<w:outlineLvl w:val="0"/>', rpr='<w:b/><w:sz w:val="32"/>')
    add_style(doc, "ChapterTitle", "一级标题（自定义）", base="TitleBase")
    add_style(doc, "CnHeading3", "标题 3")
    doc.add_heading("建设背景", level=1)
    doc.add_heading("政策依据", level=2)
    append(
        doc,
        para("需求分析", style="ChapterTitle"),
        para("现状评估", style="CnHeading3"),
        para("业务流程", ppr='<w:outlineLvl w:val="1"/>'),
        para("大纲级别为正文", style="ChapterTitle", ppr='<w:outlineLvl w:val="9"/>'),
    )
    doc.add_paragraph("普通正文段落。")
    result = _read(doc)

    levels = {b.text: (b.style_level, b.style_name) for b in result.blocks}
    assert levels["建设背景"] == (1, "Heading 1")
    assert levels["政策依据"] == (2, "Heading 2")
    assert levels["需求分析"] == (1, "一级标题（自定义）")
    assert levels["现状评估"] == (3, "标题 3")
    assert levels["业务流程"] == (2, "Normal")
    assert levels["大纲级别为正文"][0] is None
    assert levels["普通正文段落。"] == (None, "Normal")
    custom = _by_text(result, "需求分析")
    assert custom.bold and custom.size == 16.0  # inherited through basedOn


# --- automatic numbering ------------------------------------------------------------------

def _numbered_document():
    doc = new_doc()
    legal = "<w:isLgl/>"
    set_numbering(
        doc,
        abstract_num(
            1,
            level(0, "chineseCounting", "第%1章", style="Heading1"),
            level(1, "decimal", "%1.%2", extra=legal, style="Heading2"),
            level(2, "decimal", "%1.%2.%3", extra=legal, style="Heading3"),
        ),
        abstract_num(
            2,
            level(0, "chineseCounting", "%1、"),
            level(1, "chineseCounting", "（%2）"),
            level(2, "decimalEnclosedCircle", "%3"),
        ),
        abstract_num(3, level(0, "bullet", "•")),
        abstract_num(4, '<w:styleLink w:val="StemList"/>', level(0, "ideographTraditional", "%1.")),
        abstract_num(5, link='<w:numStyleLink w:val="StemList"/>'),
        num(1, 1),
        num(2, 2),
        num(3, 2, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'),
        num(4, 3),
        num(5, 4),
        num(6, 5),
    )
    for sid in ("Heading1", "Heading2", "Heading3"):  # the style binds to its level via w:pStyle
        doc.styles.element.get_by_id(sid).get_or_add_pPr().append(numpr_element(1))
    add_style(doc, "StemList", "甲乙丙列表", kind="numbering", ppr='<w:numPr><w:numId w:val="5"/></w:numPr>')
    return doc


def test_word_auto_numbering_is_rendered_and_restarts_deeper_levels():
    doc = _numbered_document()
    for text, lvl in (("总论", 1), ("项目名称", 2), ("建设单位", 2), ("编制依据", 2), ("需求分析", 1),
                      ("业务需求", 2), ("用户规模", 3), ("数据量", 3), ("功能需求", 2)):
        doc.add_heading(text, level=lvl)
    append(
        doc,
        para("建设目标", num=(2, 0)),
        para("总体目标", num=(2, 1)),
        para("阶段目标", num=(2, 1)),
        para("完成平台建设", num=(2, 2)),
        para("完成数据归集", num=(2, 2)),
        para("建设内容", num=(2, 0)),
        para("应用系统", num=(2, 1)),
        para("接续编号", num=(3, 0)),
        para("项目符号", num=(4, 0)),
        para("甲项", num=(6, 0)),
        para("乙项", num=(6, 0)),
        para("编号为零", num=(0, 0)),
    )
    result = _read(doc)
    numbers = {b.text: (b.number, b.style_level) for b in result.blocks}
    assert numbers["总论"] == ("第一章", 1)
    assert [numbers[t][0] for t in ("项目名称", "建设单位", "编制依据")] == ["1.1", "1.2", "1.3"]
    assert numbers["需求分析"] == ("第二章", 1)
    assert numbers["业务需求"] == ("2.1", 2)  # restarted after the chapter advanced
    assert [numbers[t] for t in ("用户规模", "数据量")] == [("2.1.1", 3), ("2.1.2", 3)]
    assert numbers["功能需求"][0] == "2.2"
    assert [numbers[t][0] for t in ("建设目标", "总体目标", "阶段目标", "完成平台建设", "完成数据归集")] == [
        "一、", "（一）", "（二）", "①", "②"]
    assert numbers["建设内容"][0] == "二、"
    assert numbers["应用系统"][0] == "（一）"
    assert numbers["接续编号"][0] == "五、"  # w:startOverride of another num on the same abstractNum
    assert numbers["项目符号"][0] == ""
    assert [numbers["甲项"][0], numbers["乙项"][0]] == ["甲.", "乙."]  # via w:numStyleLink
    assert numbers["编号为零"][0] == ""
    assert numbers["总论"][0] not in _by_text(result, "总论").text
    assert _by_text(result, "总体目标").full_text == "（一）总体目标"


def test_level_restart_zero_keeps_counting_across_higher_levels():
    doc = new_doc()
    set_numbering(
        doc,
        abstract_num(1, level(0, "decimal", "%1."), level(1, "lowerLetter", "%2)", extra='<w:lvlRestart w:val="0"/>')),
        num(1, 1),
    )
    append(doc, para("一", num=(1, 0)), para("甲", num=(1, 1)), para("二", num=(1, 0)), para("乙", num=(1, 1)))
    assert [b.number for b in _read(doc).blocks] == ["1.", "a)", "2.", "b)"]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [(1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
     (20, "chineseCounting", "二十"), (21, "chineseCountingThousand", "二十一"),
     (100, "chineseCounting", "一百"), (3, "ideographTraditional", "丙"), (4, "japaneseCounting", "四"),
     (12, "decimalEnclosedCircleChinese", "⑫"), (28, "upperLetter", "BB"), (14, "lowerRoman", "xiv"),
     (4, "upperRoman", "IV"), (7, "decimalZero", "07"), (5, "none", "")],
)
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_chinese_numeral_zero():
    assert chinese_numeral(0) == "〇"


# --- table of contents ----------------------------------------------------------------------

def test_field_toc_is_kept_out_of_the_body_even_when_the_field_ends_in_a_heading():
    doc = new_doc()
    doc.add_paragraph("目录")
    append(
        doc,
        para(runs=field_runs('TOC \\o "1-3" \\h \\z \\u', run("第一章 总论") + TAB + run("1"), end=False)),
        para(runs=run("1.1 项目概况") + TAB + field_runs("PAGEREF _Toc1 \\h", run("2"))),
        para(runs=run("第二章 需求分析") + TAB + run("5")),
        para(runs=FIELD_END + run("第一章 总论"), style="Heading1"),
    )
    doc.add_paragraph("本项目旨在建设统一平台。")
    result = _read(doc)
    flags = [(b.text, b.in_toc) for b in result.blocks]
    assert flags == [
        ("目录", True), ("第一章 总论 1", True), ("1.1 项目概况 2", True), ("第二章 需求分析 5", True),
        ("第一章 总论", False), ("本项目旨在建设统一平台。", False),
    ]
    assert result.toc == ["第一章 总论", "1.1 项目概况", "第二章 需求分析"]


def test_sdt_toc_simple_field_and_toc_styles_are_toc():
    doc = new_doc()
    add_style(doc, "CnToc1", "目录 1")
    append(
        doc,
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>'
        + para("目  录") + para(runs=run("第一章 项目概述") + TAB + run("3"))
        + "</w:sdtContent></w:sdt>",
        '<w:p><w:fldSimple w:instr=" TOC \\o &quot;1-2&quot; ">'
        + run("第二章 建设内容……………8") + "</w:fldSimple></w:p>",
        para(runs=run("第三章 投资估算") + TAB + run("12"), style="CnToc1"),
        para("第一章 项目概述", style="Heading1"),
    )
    result = _read(doc)
    assert [b.in_toc for b in result.blocks] == [True, True, True, True, False]
    assert result.toc == ["第一章 项目概述", "第二章 建设内容", "第三章 投资估算"]


def test_manual_toc_lines_with_leaders_and_page_numbers():
    doc = new_doc()
    for text in ("目  录", "第一章 总论……………………1", "1.1 项目名称\t3", "第二章 建设必要性 ........ 7", "第一章 总论"):
        doc.add_paragraph(text)
    doc.add_paragraph("1.1 项目名称")
    result = _read(doc)
    assert [b.in_toc for b in result.blocks] == [True, True, True, True, False, False]
    assert result.toc == ["第一章 总论", "1.1 项目名称", "第二章 建设必要性"]


def test_a_toc_title_without_entries_is_body_text():
    doc = new_doc()
    doc.add_paragraph("目录")
    doc.add_paragraph("本章说明信息资源目录的编制方法。")
    result = _read(doc)
    assert not any(b.in_toc for b in result.blocks) and result.toc == []


# --- tables ------------------------------------------------------------------------------

def _tc(text, props=""):
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{para(text)}</w:tc>"


def test_table_spans_are_read_from_the_grid():
    doc = new_doc()
    doc.add_paragraph("表1 投资估算表")
    nested = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
              f"<w:tr>{_tc('子项')}{_tc('金额')}</w:tr></w:tbl>")
    span, restart = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>'
    before = '<w:gridBefore w:val="1"/>'
    append(
        doc,
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{_tc('项目', span)}{_tc('备注', restart)}</w:tr>"
        f"<w:tr>{_tc('硬件')}<w:tc>{para('100')}{para('万元')}</w:tc>{_tc('', '<w:vMerge/>')}</w:tr>"
        f"<w:tr><w:trPr>{before}</w:trPr>{_tc('软件')}<w:tc>{para('合计')}{nested}</w:tc></w:tr>"
        "</w:tbl>",
    )
    result = _read(doc)
    block = result.blocks[1]
    assert block.kind is BlockKind.TABLE and block.index == 1
    table = block.table
    assert (table.n_rows, table.n_cols) == (3, 3)
    spans = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in table.cells]
    assert spans == [
        ("项目", 0, 0, 1, 2), ("备注", 0, 2, 2, 1), ("硬件", 1, 0, 1, 1), ("100\n万元", 1, 1, 1, 1),
        ("软件", 2, 1, 1, 1), ("合计\n子项\t金额", 2, 2, 1, 1),
    ]
    assert block.text == "项目\t\t备注\n硬件\t100\n万元\t\n\t软件\t合计\n子项\t金额"


def test_python_docx_tables_and_numbered_cells():
    doc = new_doc()
    set_numbering(doc, abstract_num(1, level(0, "decimal", "%1")), num(1, 1))
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "序号"
    table.cell(0, 1).text = "设备"
    for r, name in ((1, "服务器"), (2, "交换机")):
        cell = table.cell(r, 0)
        cell.paragraphs[0]._p.get_or_add_pPr().append(numpr_element(1, 0))
        cell.paragraphs[0].add_run(" ")
        table.cell(r, 1).text = name
    result = _read(doc)
    grid = result.blocks[0].table.grid()
    assert grid == [["序号", "设备"], ["1", "服务器"], ["2", "交换机"]]


# --- what is not body, pages, formatting, text ---------------------------------------------

def test_headers_and_footers_are_not_blocks():
    doc = new_doc()
    doc.sections[0].header.paragraphs[0].text = "某某市政务服务数据管理局（页眉）"
    doc.sections[0].footer.paragraphs[0].text = "第 1 页（页脚）"
    doc.add_paragraph("正文第一段。")
    result = _read(doc)
    assert [b.text for b in result.blocks] == ["正文第一段。"]


def test_pages_from_explicit_breaks():
    doc = new_doc()
    append(doc, para("封面", ppr="<w:pageBreakBefore/>"))  # already at the top of page 1
    doc.add_page_break()
    doc.add_paragraph("")
    doc.add_paragraph("第二页")
    append(doc, para("第三页", ppr="<w:pageBreakBefore/>"))
    # w:type belongs to the section it closes and says how that section starts
    append(doc, para("第三页末尾", ppr="<w:sectPr/>"))
    append(doc, para("仍在第三页", ppr='<w:sectPr><w:type w:val="continuous"/></w:sectPr>'))
    doc.add_paragraph("第四页")
    result = _read(doc)
    assert [(b.text, b.page) for b in result.blocks] == [
        ("封面", 1), ("第二页", 2), ("第三页", 3), ("第三页末尾", 3), ("仍在第三页", 3), ("第四页", 4)]
    assert result.pages == 4 and result.pages_estimated


def test_rendered_page_breaks_win_over_explicit_ones():
    doc = new_doc()
    append(
        doc,
        para("封面"),
        para(runs='<w:r><w:br w:type="page"/></w:r>'),
        para(runs="<w:r><w:lastRenderedPageBreak/><w:t>第二页开头</w:t></w:r>"),
        para(runs="<w:r><w:t>跨页段落前半</w:t><w:lastRenderedPageBreak/><w:t>后半</w:t></w:r>"),
        para("第三页"),
    )
    result = _read(doc)
    assert [(b.text, b.page) for b in result.blocks] == [
        ("封面", 1), ("第二页开头", 2), ("跨页段落前半后半", 2), ("第三页", 3)]
    assert result.pages == 3


def test_pages_are_estimated_from_text_when_there_are_no_breaks():
    doc = new_doc()
    for i in range(30):
        doc.add_paragraph(f"第{i}段" + "政务信息化项目建设内容说明" * 27)  # ~350 CJK chars, 10 lines
    table = doc.add_table(rows=35, cols=2)
    table.cell(0, 0).text = "表格"
    doc.add_paragraph("结尾")
    result = _read(doc)
    pages = [b.page for b in result.blocks]
    assert pages == sorted(pages) and pages[0] == 1
    assert 14 <= result.blocks[30].page <= 17  # 300 lines at ~20 lines a page
    assert result.pages - result.blocks[30].page >= 1  # 35 rows spill onto another page
    assert result.blocks[30].table.pages == list(range(result.blocks[30].page, result.pages + 1))


def test_bold_size_and_centering():
    doc = new_doc()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("某某项目可行性研究报告")
    r.bold = True
    r.font.size = Pt(22)
    mixed = doc.add_paragraph()
    mixed.add_run("加粗部分").bold = True
    mixed.add_run("以及一段更长的不加粗正文内容").font.size = Pt(12)
    small = mixed.add_run("小")
    small.font.size = Pt(20)
    result = _read(doc)
    title, body = result.blocks
    assert (title.bold, title.size, title.centered) == (True, 22.0, True)
    assert (body.bold, body.size, body.centered) == (False, 12.0, False)


def test_text_hygiene_tabs_breaks_hyperlinks_and_empty_paragraphs():
    doc = new_doc()
    append(
        doc,
        para(runs=run("1.1") + TAB + TAB + run("项目名称")),
        para(runs='<w:r><w:t>政务服务</w:t><w:br/><w:t>一网通办</w:t></w:r>'),
        para(runs='<w:r><w:t>Cloud</w:t><w:br/><w:t>Platform</w:t></w:r>'),
        para(runs=run("  ")),
        para(runs='<w:hyperlink><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>'
                  '<w:del><w:r><w:delText>已删除</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>'),
    )
    result = _read(doc)
    assert [(b.index, b.text) for b in result.blocks] == [
        (0, "1.1 项目名称"), (1, "政务服务一网通办"), (2, "Cloud Platform"), (3, "链接文字插入")]


def test_title_from_core_properties_or_the_cover():
    doc = new_doc()
    for text in ("某某市大数据中心", "政务云平台扩容项目", "可行性研究报告", "编制单位：某某设计院"):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).font.size = Pt(22 if "编制" not in text else 16)
    doc.add_page_break()
    doc.add_paragraph("正文" * 50).runs[0].font.size = Pt(12)
    assert _read(doc).title == "某某市大数据中心政务云平台扩容项目可行性研究报告"
    doc.core_properties.title = "智慧城市运行管理中心项目建议书"
    assert _read(doc).title == "智慧城市运行管理中心项目建议书"


def test_hash_and_size():
    data = to_bytes(new_doc())
    result = read_docx(data, "a.docx")
    assert result.size_bytes == len(data) and len(result.sha256) == 64 and result.format == "docx"


# --- unreadable input ----------------------------------------------------------------------

def _zip_without(member: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(to_bytes(new_doc())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name != member:
                target.writestr(name, source.read(name))
    return out.getvalue()


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"this is not a zip file at all", "corrupt"),
        (to_bytes(new_doc())[:2000], "corrupt"),
        (_zip_without("word/document.xml"), "corrupt"),
        (_OLE + "EncryptedInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
        (_OLE + "WordDocument".encode("utf-16-le"), "unsupported_format"),
    ],
)
def test_unreadable_input_gives_errors_not_exceptions(data, code):
    result = read_docx(data, "坏文件.docx")
    assert [e.code for e in result.errors] == [code]
    assert not result.readable and result.blocks == []
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.errors[0].message)
