"""The review-opinion draft (审查意见初稿) a reviewer edits, signs and files, built from a report.

It reads the report dict (a document's or a package's), and the rulebook of the report's
jurisdiction for the basis, the attachment articles and the local notes (the rulebook as it is now:
an opinion on an old report cites today's rules), and returns a python-docx Document; the caller
decides where it goes. Layout follows the habits of official letters: A4, 仿宋 body,
黑体 headings, set on every run (w:eastAsia included) so Word shows the fonts the office uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import PurePosixPath
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from docscreen.checkers.rulebook import load_rulebook
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, FINDING_CODES
from docscreen.reports.corrections import correction, subject_label
from docscreen.reports.unit_findings import all_findings, severity_counts, unreadable_finding

RETURN, CONTINUE, APPROVE = "退回修改", "补充完善后可继续审查", "原则同意"

FANGSONG, HEITI, KAITI = "仿宋", "黑体", "楷体"
BODY_PT, TABLE_PT = 16, 12
EVIDENCE_SHOWN, QUOTE_CHARS = 3, 160
CN_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding with where it came from: the unit itself, or one file of a package."""

    finding: dict[str, Any]
    source: str | None  # the file inside the package; None for the unit itself
    chapters: dict[str, Any]  # the chapters of the report the finding belongs to

    @property
    def severity(self) -> str:
        return str(self.finding["severity"])


def issues(report: dict[str, Any]) -> list[Issue]:
    own = [Issue(f, None, report["chapters"]) for f in report["findings"]]
    top = _top_folder(report)
    return own + [
        Issue(f, d["path"].removeprefix(top), d["chapters"]) for d in report.get("documents", []) for f in d["findings"]
    ]


def _top_folder(report: dict[str, Any]) -> str:
    """'X/' when every file of a package sits in one folder X (a zip of a folder): said once, not per file."""
    paths = [d["path"] for d in report.get("documents", [])] + list(_unscreened_files(report))
    tops = {p.split("/", 1)[0] for p in paths}
    return f"{tops.pop()}/" if paths and len(tops) == 1 and all("/" in p for p in paths) else ""


def verdict(report: dict[str, Any]) -> str:
    """退回修改 on any error, 补充完善后可继续审查 on warnings only, else 原则同意."""
    severities = {f["severity"] for f in all_findings(report)}
    return RETURN if "error" in severities else CONTINUE if "warning" in severities else APPROVE


def project_name(report: dict[str, Any]) -> str:
    doc = report["document"]
    if doc["title"]:
        return str(doc["title"])
    return doc["name"] if doc["format"] == "folder" else PurePosixPath(doc["name"]).stem


@cache
def _local_articles() -> dict[str, str]:
    """Rule id → the local articles that carry a baseline rule whose national text is not on file."""
    return {r.id: r.basis for r in load_rulebook(None).rules if r.basis}


def _wan(yuan: float | None) -> str:
    if yuan is None:
        return "材料中未载明"
    return f"{Decimal(str(yuan)) / 10000:,.2f}万元"


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[:QUOTE_CHARS] + "……"


class _Writer:
    """The document with the few paragraph and table shapes an opinion uses."""

    def __init__(self) -> None:
        self.doc: DocxDocument = docx.Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        _style(self.doc.styles["Normal"], FANGSONG, BODY_PT, bold=False)
        _style(self.doc.styles["Heading 1"], HEITI, BODY_PT, bold=False)
        _style(self.doc.styles["Heading 2"], KAITI, BODY_PT, bold=True)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(footer.add_run("— "), FANGSONG, 14)
        _page_number(footer)
        _font(footer.add_run(" —"), FANGSONG, 14)

    def title(self, text: str, note: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(6)
        p.paragraph_format.line_spacing = Pt(36)
        _font(p.add_run(text), HEITI, 22)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(18)
        _font(p.add_run(note), KAITI, TABLE_PT, color=RGBColor(0x59, 0x59, 0x59))

    def heading(self, text: str, level: int) -> None:
        p = self.doc.add_heading(level=level)
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        p.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        p.paragraph_format.space_after = Pt(6)
        _font(p.add_run(text), HEITI if level == 1 else KAITI, BODY_PT, bold=level == 2)

    def para(self, text: str, lead: str = "", *, indent: bool = True, face: str = FANGSONG) -> Paragraph:
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(BODY_PT * 2)
        if lead:
            _font(p.add_run(lead), face, BODY_PT, bold=True)
        _font(p.add_run(text), face, BODY_PT)
        return p

    def table(self, header: list[str] | None, rows: list[list[str]], widths_mm: list[float],
              centered: frozenset[int] = frozenset()) -> Table:
        """A ruled table; `header` repeats on every page, `centered` columns are short codes."""
        table = self.doc.add_table(rows=0, cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
            col.w = Mm(width)
        if header is not None:
            tr = table.add_row()
            _repeat_header(tr._tr)
            for cell, text in zip(tr.cells, header, strict=True):
                _shade(cell._tc, "E7E6E6")
                _cell_text(cell.paragraphs[0], text, HEITI, center=True)
        for row in rows:
            for n, (cell, text) in enumerate(zip(table.add_row().cells, row, strict=True)):
                _cell_text(cell.paragraphs[0], text, FANGSONG, center=n in centered)
        for column, width in zip(table.columns, widths_mm, strict=True):
            for cell in column.cells:
                cell.width = Mm(width)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)
        return table


def _font(run: Run, face: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> Run:
    run.font.name = face
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
    return run


def _style(style: BaseStyle, face: str, size: float, *, bold: bool) -> None:
    """A built-in style in the office's font, black, without the template's theme fonts."""
    font = style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold, font.italic = face, Pt(size), bold, False
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), face)


def _cell_text(p: Paragraph, text: str, face: str, *, center: bool) -> None:
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.15
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(2)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), face, TABLE_PT)


def _shade(tc: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc.get_or_add_tcPr().append(shd)


def _repeat_header(tr: Any) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(header)


def _page_number(p: Paragraph) -> None:
    for char_type, instruction in (("begin", None), (None, "PAGE"), ("end", None)):
        run = _font(p.add_run(), FANGSONG, 14)
        if char_type:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), char_type)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._r.append(element)


def _regulation(report: dict[str, Any]) -> str:
    j = load_rulebook(report["document"]["jurisdiction"]).jurisdiction
    return f"《{j.regulation}》" + (f"（{j.document_no}）" if j.document_no else "")


def _basic_facts(w: _Writer, report: dict[str, Any]) -> None:
    doc, screening = report["document"], report["screening"]
    package = report.get("documents") is not None
    if package:
        kind = f"{doc['kind_label']}（{'压缩包' if doc['format'] == 'zip' else '文件夹'}，共{doc['files']}个文件）"
        pages = sum(d["document"]["pages"] or 0 for d in report["documents"])
        page_text = f"各文件合计{pages}页" if pages else "无法统计"
    else:
        kind = doc["kind_label"]
        estimated = "（按分页符估算）" if doc["pages_estimated"] else ""
        page_text = "无法统计" if doc["pages"] is None else f"{doc['pages']}页{estimated}"
    counts = severity_counts(all_findings(report))
    w.table(
        None,
        [
            ["项目名称", project_name(report)],
            ["材料类型", kind],
            ["适用辖区", doc["jurisdiction_name"] if doc["jurisdiction"] else "未能识别（按国家基线要求审查）"],
            ["审查依据", _regulation(report)],
            ["项目总投资", _wan(doc["total_investment_yuan"])],
            ["页数", page_text],
            ["文件名称", doc["name"]],
            ["SHA-256", doc["sha256"]],
            ["自动审查结果", f"问题{counts['error']}项、需核实{counts['warning']}项、提示{counts['info']}项"
             f"（规则版本 {screening['rules_version']}，docscreen {screening['docscreen_version']}）"],
        ],
        [32, 124],
    )


def _unscreened_files(report: dict[str, Any]) -> dict[str, str]:
    """Files of a package that were not screened, with why: not documents, damaged, refused."""
    reasons: dict[str, str] = {}
    for f in report["findings"]:
        if f["code"] == "unreadable" and f["severity"] != "error":
            for e in f["evidence"]:
                reasons[e["text"]] = "非DOCX/PDF文档，未审查" if f["severity"] == "info" else f"未能读取：{f['message']}"
    return reasons


def _materials(w: _Writer, report: dict[str, Any]) -> None:
    doc = report["document"]
    if report.get("documents") is None:
        pages = f"，{doc['pages']}页" if doc["pages"] else ""
        size = f"，{doc['size_bytes'] / 1024:,.0f} KB" if doc["size_bytes"] else "，0字节"
        w.para(f"收到项目建设单位报送的《{project_name(report)}》1份（文件名：{doc['name']}，{doc['format'].upper()}格式{pages}{size}）。")
        return
    form = "压缩包" if doc["format"] == "zip" else "文件夹"
    top = _top_folder(report)
    inside = f"，均在“{top.rstrip('/')}”文件夹下" if top else ""
    w.para(f"收到项目建设单位报送的竣工验收材料1套（{form}“{doc['name']}”，内含文件{doc['files']}个{inside}），逐一登记如下：")
    rows = []
    for d in report["documents"]:
        types = "、".join(ACCEPTANCE_TYPES[t] for t in d["acceptance_types"]) or d["document"]["kind_label"]
        counts = d["screening"]
        state = f"问题{counts['errors']}项、需核实{counts['warnings']}项" if counts["errors"] or counts["warnings"] else "未发现问题"
        rows.append([d["path"].removeprefix(top), types, str(d["document"]["pages"] or "—"), state])
    rows += [[path.removeprefix(top), "—", "—", reason] for path, reason in _unscreened_files(report).items()]
    numbered = [[str(n), *r] for n, r in enumerate(rows, 1)]
    w.table(["序号", "文件", "识别为", "页数", "审查情况"], numbered, [15, 60, 37, 14, 30], frozenset({0, 3}))
    _checklist(w, report)


def _checklist_articles(report: dict[str, Any]) -> str:
    """《办法》第二十二条、第二十三条: the articles that list the documents a package must hold."""
    rules = [r for r in load_rulebook(report["document"]["jurisdiction"]).rules if r.check == "attachments_required"]
    articles = "、".join(dict.fromkeys(r.citation.article for r in rules if r.citation.article))
    return f"《{rules[0].citation.regulation}》{articles}" if rules else _regulation(report)


def _checklist(w: _Writer, report: dict[str, Any]) -> None:
    attachments = report["attachments"]
    if not attachments:
        w.para("本辖区管理办法未规定验收材料清单，未作核对。")
        return
    w.para(f"对照{_checklist_articles(report)}规定的验收材料核对如下：")
    top = _top_folder(report)
    rows = [
        [str(n), a["label"], "已提交" if a["present"] else "未提交", "、".join(f.removeprefix(top) for f in a["files"]) or "—"]
        for n, a in enumerate(attachments.values(), 1)
    ]
    w.table(["序号", "应提交材料", "提交情况", "所在文件"], rows, [15, 55, 22, 64], frozenset({0, 2}))
    missing = [a["label"] for a in attachments.values() if not a["present"]]
    if missing:
        w.para(f"经核对，缺少{'、'.join(missing)}，共{len(missing)}项。")
    else:
        w.para("经核对，规定的验收材料均已提交。")


def _issue_paragraphs(w: _Writer, number: int, issue: Issue, quoted: set[str]) -> None:
    f = issue.finding
    where = f"（{issue.source}）" if issue.source else ""
    w.para(f"{where}{f['message']}", f"{number}. ")
    label = "涉及文件" if f["code"] == "unreadable" else "原文"
    for e in f["evidence"][:EVIDENCE_SHOWN]:
        page = f"（第{e['page']}页）" if e["page"] else ""
        w.para(f"{label}{page}：“{_quote(e['text'])}”", face=KAITI)
    if len(f["evidence"]) > EVIDENCE_SHOWN:
        w.para(f"另有{len(f['evidence']) - EVIDENCE_SHOWN}处，详见审查报告。", face=KAITI)
    w.para(_basis(f["citation"], f["rule_id"], quoted), "依据：")


def _basis(citation: dict[str, Any] | None, rule_id: str | None, quoted: set[str]) -> str:
    """The regulation and article, its words quoted the first time the opinion cites it."""
    if citation is None:
        return "文件须能正常读取，方可审查。"
    head = f"《{citation['regulation']}》" + (f"（{citation['document_no']}）" if citation["document_no"] else "")
    if citation["article"]:
        ref = head + citation["article"]
        if not citation["text"]:
            return ref + "。"
        if ref in quoted:
            return ref + "（条文见上）。"
        quoted.add(ref)
        return f"{ref}：“{citation['text']}”"
    local = _local_articles().get(rule_id or "")
    return head + "有关要求" + (f"（该办法条文未收录，各地对应条款：{local}）。" if local else "。")


def _findings(w: _Writer, report: dict[str, Any]) -> list[tuple[int, Issue]]:
    """Section 三; returns the numbered issues that need a correction (errors, then warnings)."""
    unreadable = unreadable_finding(report)
    if unreadable is not None:
        w.para(f"经核验，报送的文件无法读取：{unreadable['message']}未能对其内容进行审查。")
        return []
    found = issues(report)
    errors = [i for i in found if i.severity == "error"]
    warnings = [i for i in found if i.severity == "warning"]
    notes = [i for i in found if i.severity == "info"]
    if errors or warnings:
        counts = ([f"须修改的问题{len(errors)}项"] if errors else []) + ([f"需进一步核实的事项{len(warnings)}项"] if warnings else [])
        w.para(f"经审查，该材料存在{'、'.join(counts)}，具体如下。")
    else:
        w.para(f"经审查，未发现不符合{_regulation(report)}规定的问题。")
    numbered = list(enumerate(errors + warnings, 1))
    groups = [("须修改的问题", [n for n in numbered if n[1].severity == "error"]),
              ("需进一步核实的事项", [n for n in numbered if n[1].severity == "warning"])]
    ordinal, quoted = 0, set[str]()
    for heading, group in groups:
        if group:
            w.heading(f"（{CN_ORDINALS[ordinal]}）{heading}", level=2)
            ordinal += 1
            for number, issue in group:
                _issue_paragraphs(w, number, issue, quoted)
    if notes:
        w.heading(f"（{CN_ORDINALS[ordinal]}）其他提示", level=2)
        for n, issue in enumerate(notes, 1):
            where = f"（{issue.source}）" if issue.source else ""
            w.para(f"{where}{issue.finding['message']}", f"{n}. ")
    return numbered


def _corrections(w: _Writer, report: dict[str, Any], numbered: list[tuple[int, Issue]]) -> None:
    unreadable = unreadable_finding(report)
    if unreadable is not None:
        w.para("请" + correction(unreadable, {}))
        return
    if not numbered:
        w.para("无。")
        return
    rows = []
    for number, issue in numbered:
        f = issue.finding
        subject = FINDING_CODES[f["code"]] + (f"：{subject_label(f['chapter_type'])}" if f["chapter_type"] else "")
        request = correction(f, issue.chapters)
        rows.append([str(number), subject + (f"（{issue.source}）" if issue.source else ""), request])
    w.table(["序号", "问题", "修改要求"], rows, [15, 45, 96], frozenset({0}))
    w.para("请项目建设单位对照上述要求逐项修改，并附修改说明（逐条列明修改情况及所在页码），与修改后的材料一并重新报送。")


def _conclusion(w: _Writer, report: dict[str, Any]) -> None:
    result = verdict(report)
    package = report.get("documents") is not None
    if unreadable_finding(report) is not None:
        text = "报送的文件无法读取，请按上述要求重新报送后再行审查。"
    elif result == RETURN:
        text = "该材料存在须修改的问题，请按第四部分要求修改完善后重新报送。"
    elif result == CONTINUE:
        text = "该材料未发现须退回修改的问题，请对需进一步核实的事项予以说明或补充完善后报送，再行审查。"
    elif package:
        text = "验收材料齐全，未发现须修改的问题，原则同意按程序组织竣工验收。"
    else:
        text = "该材料符合编制要求，未发现须修改的问题，原则同意，请按程序办理后续手续。"
    w.para(text, f"审查结论：{result}。")
    for line in ("", "审查单位（盖章）：________________", "审查人：________________", "日期：______年____月____日"):
        p = w.para(line, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def build_opinion(report: dict[str, Any]) -> DocxDocument:
    """The opinion draft for one report (a document's or a package's)."""
    name, screening = project_name(report), report["screening"]
    w = _Writer()
    title = f"关于《{name}》的审查意见（初稿）"
    w.doc.core_properties.title = title
    w.doc.core_properties.subject = "审查意见（初稿）"
    w.doc.core_properties.comments = f"docscreen {screening['docscreen_version']}，规则版本 {screening['rules_version']}"
    w.title(title, "本初稿依据docscreen自动审查报告生成，所列问题须经审查人逐项核实；定稿时删除本行。")
    w.para("________________（项目建设单位）：", indent=False)
    w.para(f"你单位报送的《{name}》收悉。依据{_regulation(report)}等有关规定，我们对该材料进行了审查，现提出审查意见如下。")
    w.heading("一、项目基本情况", level=1)
    _basic_facts(w, report)
    w.heading("二、收到材料", level=1)
    _materials(w, report)
    w.heading("三、审查发现的问题", level=1)
    numbered = _findings(w, report)
    w.heading("四、修改要求", level=1)
    _corrections(w, report, numbered)
    w.heading("五、审查结论", level=1)
    _conclusion(w, report)
    return w.doc
