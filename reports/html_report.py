"""A self-contained HTML page per report, for reviewers; every document string is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from docscreen.models.vocabulary import FINDING_CODES
from docscreen.reports.budget_html import render_budget_html

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:60em;
color:#222;line-height:1.6;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ddd;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f4f4f4}.meta td:first-child{width:9em;color:#555}
.error{color:#b00020}.warning{color:#a15c00}.info{color:#1d5fa8}.ok{color:#1b7f3b}
.verdict{font-size:1.1em;padding:.6em 1em;border-radius:4px;margin:1em 0}
.verdict.error{background:#fdecee}.verdict.warning{background:#fff4e0}.verdict.ok{background:#e8f6ec}
.finding{border-left:4px solid #ccc;padding:.3em .8em;margin:.6em 0}.finding.error{border-color:#b00020}
.finding.warning{border-color:#a15c00}.finding.info{border-color:#1d5fa8}
details{margin:.2em 0}summary{cursor:pointer;color:#1d5fa8}blockquote{margin:.3em 0;padding:.2em .8em;
background:#f7f7f7;border-left:3px solid #bbb}.lvl2{padding-left:1.5em}.lvl3{padding-left:3em}.lvl4{padding-left:4.5em}
.muted{color:#777}.state{white-space:nowrap}@media print{details{display:block}summary{display:none}}
"""


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _pages(pages: list[int] | None) -> str:
    if not pages:
        return "—"
    start, end = pages
    return f"第{start}页" if start == end else f"第{start}–{end}页"


def _verdict(report: dict[str, Any]) -> str:
    counts = report["screening"]
    if any(f["code"] == "unreadable" and f["severity"] == "error" for f in report["findings"]):
        return '<div class="verdict error">文件无法读取，未能审查。</div>'
    if counts["errors"]:
        return f'<div class="verdict error">发现 {counts["errors"]} 项错误、{counts["warnings"]} 项警告，需退回修改。</div>'
    if counts["warnings"]:
        return f'<div class="verdict warning">未发现错误，有 {counts["warnings"]} 项警告，请人工复核。</div>'
    return '<div class="verdict ok">未发现问题。</div>'


def _finding(f: dict[str, Any]) -> str:
    sev = f["severity"]
    citation = f.get("citation")
    cite_html = ""
    if citation:
        title = f'{esc(citation["regulation"])}{"（" + esc(citation["document_no"]) + "）" if citation.get("document_no") else ""}'
        article = esc(citation.get("article") or "")
        text = f'<blockquote>{esc(citation["text"])}</blockquote>' if citation.get("text") else ""
        cite_html = f"<details><summary>依据：{title}{article}</summary>{text}</details>"
    evidence = "".join(
        f'<blockquote>{"第" + esc(ev["page"]) + "页：" if ev.get("page") else ""}{esc(ev["text"])}</blockquote>'
        for ev in f["evidence"]
    )
    label = FINDING_CODES.get(f["code"], f["code"])
    return (
        f'<div class="finding {sev}"><b class="{sev}">[{SEVERITY_LABEL[sev]}] {esc(label)}</b> '
        f'<span class="muted">{esc(f["code"])}</span><br>{esc(f["message"])}{evidence}{cite_html}</div>'
    )


def _chapters(chapters: dict[str, Any]) -> str:
    if not chapters:
        return '<p class="muted">该文档类型在本辖区无必备章节要求。</p>'
    rows = []
    for ctype, ch in chapters.items():
        if ch["present"] is None:
            state = '<span class="warning">无法判断</span>'
        elif not ch["present"]:
            state = '<span class="error">缺失</span>'
        elif not ch["substantive"]:
            state = '<span class="warning">内容空泛</span>'
        else:
            state = '<span class="ok">具备</span>'
        rows.append(
            f"<tr><td>{esc(ch['label'])}<br><span class='muted'>{esc(ctype)}</span></td><td class='state'>{state}</td>"
            f"<td>{esc(ch['title'] or '—')}</td><td>{_pages(ch['pages'])}</td><td>{esc(ch['excerpt'] or '')}</td></tr>"
        )
    return "<table><tr><th>必备章节</th><th>状态</th><th>标题</th><th>页码</th><th>摘录</th></tr>" + "".join(rows) + "</table>"


def _outline(outline: list[dict[str, Any]]) -> str:
    if not outline:
        return '<p class="muted">未识别出目录结构。</p>'
    items = []
    for sec in outline:
        tag = f' <span class="ok">[{esc(sec["chapter_type"])} {sec["confidence"]:.2f}]</span>' if sec["chapter_type"] else ""
        page = f' <span class="muted">p.{esc(sec["page"])}</span>' if sec["page"] else ""
        items.append(f'<div class="lvl{min(sec["level"], 4)}">{esc(sec["number"])} {esc(sec["title"])}{page}{tag}</div>')
    return "".join(items)


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>审查报告 - {esc(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>政务信息化项目材料审查报告</h1><p class='muted'>{esc(title)}</p>{body}</body></html>"
    )


def meta_table(rows: list[tuple[str, Any]]) -> str:
    return "<table class='meta'>" + "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in rows) + "</table>"


def findings_html(findings: list[dict[str, Any]]) -> str:
    return "".join(_finding(f) for f in findings) or '<p class="ok">无。</p>'


def document_sections(report: dict[str, Any], level: int = 2) -> str:
    """Findings, mandated chapters, budget and outline of one document: a whole report's body,
    or one file's part of a package report."""
    h = f"h{level}"
    return (
        f"<{h}>审查发现</{h}>{findings_html(report['findings'])}"
        f"<{h}>必备章节</{h}>{_chapters(report['chapters'])}"
        f"<{h}>投资核对</{h}>{render_budget_html(report['budget'])}"
        f"<{h}>文档结构</{h}>{_outline(report['outline'])}"
    )


def document_meta(report: dict[str, Any]) -> list[tuple[str, Any]]:
    doc = report["document"]
    ocr = [("OCR 识别页", "、".join(map(str, doc["ocr_pages"])) + "（扫描图像，文字经 OCR 识别，请核对原件）")]
    return [
        ("文件", doc["name"]),
        ("标题", doc["title"] or "—"),
        ("文档类型", doc["kind_label"]),
        ("适用辖区", doc["jurisdiction_name"] if doc["jurisdiction"] else "未识别（按全国基线审查）"),
        ("页数", f'{doc["pages"] or "—"}{"（估算）" if doc["pages_estimated"] else ""}'),
        *(ocr if doc["ocr_pages"] else []),
        ("SHA-256", doc["sha256"]),
        ("规则版本", report["screening"]["rules_version"]),
    ]


def render_report_html(report: dict[str, Any]) -> str:
    doc = report["document"]
    return page(doc["name"], _verdict(report) + meta_table(document_meta(report)) + document_sections(report))
