"""The reviewer's page for one document: verdict and key facts first, then the findings by
severity with their evidence and articles, the mandated chapters, the budget check and the outline.
Every document string is escaped; nothing from a document becomes a link, a tag or a script."""

from __future__ import annotations

from typing import Any

from docscreen.models.document import LOW_CONFIDENCE
from docscreen.models.vocabulary import CHAPTER_TYPES, FINDING_CODES
from docscreen.reports.budget_html import money, page_text, render_budget_html
from docscreen.reports.html_page import asset, esc, marked, page
from docscreen.reports.unit_findings import SEVERITIES, all_findings, severity_counts, unreadable_finding

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
METHOD_LABEL = {"rule": "规则", "model": "模型"}


def pages_text(pages: list[int] | None) -> str:
    if not pages:
        return "—"
    start, end = pages
    return f"第{start}页" if start == end else f"第{start}–{end}页"


def verdict(report: dict[str, Any]) -> tuple[str, str, str]:
    """(css class, the conclusion in a few words, the sentence behind it)."""
    counts = report["screening"]
    errors, warnings = counts["errors"], counts["warnings"]
    if unreadable_finding(report) is not None:
        return "error", "✕ 无法审查", "文件无法读取，未能审查，请重新提交可读取的文件。"
    if errors:
        return "error", "✕ 不通过", f"发现 {errors} 项错误、{warnings} 项警告，建议退回修改。"
    if warnings:
        return "warning", "！ 待复核", f"未发现错误，有 {warnings} 项警告，请人工复核。"
    return "ok", "✓ 未发现问题", "按现行规则未发现错误或警告。"


def verdict_html(report: dict[str, Any]) -> str:
    cls, head, detail = verdict(report)
    return f'<div class="verdict {cls}" id="verdict"><b>审查结论：{head}</b>{esc(detail)}</div>'


def counts_html(counts: dict[str, int]) -> str:
    return '<div class="counts">' + "".join(
        f'<span class="pill {s if n else "zero"}">{SEVERITY_LABEL[s]} {n}</span>' for s, n in counts.items()
    ) + "</div>"


def facts_html(rows: list[tuple[str, str]]) -> str:
    """Label/value pairs; values are already escaped HTML."""
    return '<dl class="facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def nav_html(links: list[tuple[str, str]]) -> str:
    items = "".join(f'<a href="#{anchor}">{esc(label)}</a>' for anchor, label in links)
    return f'<nav class="toc" aria-label="目录"><div class="wrap">{items}</div></nav>'


def jurisdiction_text(doc: dict[str, Any]) -> str:
    if not doc["jurisdiction"]:
        return "未识别（按全国基线审查）"
    how = "（按参数指定）" if doc.get("jurisdiction_source") == "override" else ""
    return f"{doc['jurisdiction_name']}{how}"


def _citation(c: dict[str, Any] | None) -> str:
    if not c:
        return ""
    title = esc(c["regulation"]) + (f"（{esc(c['document_no'])}）" if c.get("document_no") else "")
    article = esc(c.get("article") or "")
    text = esc(c["text"]) if c.get("text") else '<span class="muted">条文原文未收录。</span>'
    return f'<details class="article"><summary>依据：{title}{article}</summary><blockquote>{text}</blockquote></details>'


def _evidence(items: list[dict[str, Any]]) -> str:
    if not items:
        return ""
    rows = "".join(
        f'<li><span class="pg">{page_text(ev.get("page"))}</span>'
        f'{marked(ev["text"], ev.get("marks") or ())}</li>'
        for ev in items
    )
    return f'<ul class="evidence">{rows}</ul>'


def finding_html(f: dict[str, Any]) -> str:
    sev = f["severity"]
    where = (
        f'<span class="muted">章节：{esc(CHAPTER_TYPES.get(f["chapter_type"], f["chapter_type"]))}</span>'
        if f.get("chapter_type") else ""
    )
    return (
        f'<article class="finding {sev}"><div class="head"><span class="sev {sev}">{SEVERITY_LABEL[sev]}</span>'
        f'<b>{esc(FINDING_CODES.get(f["code"], f["code"]))}</b><code>{esc(f["code"])}</code>{where}</div>'
        f'<p class="msg">{esc(f["message"])}</p>{_evidence(f["evidence"])}{_citation(f.get("citation"))}</article>'
    )


def findings_html(findings: list[dict[str, Any]], level: int = 3) -> str:
    """Findings grouped by severity, errors first."""
    if not findings:
        return '<p class="ok">✓ 未发现问题。</p>'
    parts = []
    for sev in SEVERITIES:
        group = [f for f in findings if f["severity"] == sev]
        if group:
            parts.append(f'<h{level} class="{sev}">{SEVERITY_LABEL[sev]}（{len(group)}）</h{level}>')
            parts.extend(finding_html(f) for f in group)
    return "".join(parts)


def _review_tags(entry: dict[str, Any], classified: bool) -> str:
    """How a chapter was classified, where the classifier says so, and 待核 when it is unsure."""
    tags = []
    if entry.get("method"):
        tags.append(f'<span class="tag">{esc(METHOD_LABEL.get(entry["method"], entry["method"]))}</span>')
    confidence = entry.get("confidence")
    if classified and confidence is not None:
        if confidence < LOW_CONFIDENCE:
            tags.append(f'<span class="tag check">待核 {confidence:.2f}</span>')
        elif entry.get("method"):
            tags.append(f'<span class="tag">置信度 {confidence:.2f}</span>')
    return "".join(tags)


def _chapter_state(ch: dict[str, Any]) -> str:
    if ch["present"] is None:
        return '<span class="state warning">？ 无法判断</span>'
    if not ch["present"]:
        return '<span class="state error">✕ 缺失</span>'
    if not ch["substantive"]:
        return '<span class="state warning">△ 内容空泛</span>'
    return '<span class="state ok">✓ 具备</span>'


def chapters_html(chapters: dict[str, Any]) -> str:
    if not chapters:
        return '<p class="muted">该文档类型在本辖区无必备章节要求。</p>'
    rows = "".join(
        f"<tr><td>{esc(ch['label'])}<br><code>{esc(ctype)}</code></td>"
        f"<td>{_chapter_state(ch)}{_review_tags(ch, bool(ch['present']))}</td>"
        f"<td>{esc(ch['title'] or '—')}</td><td class='num'>{pages_text(ch['pages'])}</td>"
        f"<td class='excerpt'>{esc(ch['excerpt'] or '')}</td></tr>"
        for ctype, ch in chapters.items()
    )
    present = sum(1 for ch in chapters.values() if ch["present"] and ch["substantive"])
    return (
        f'<p class="note">必备章节 {len(chapters)} 项，具备 {present} 项。</p>'
        "<table class='chapters'><tr><th>必备章节</th><th>状态</th><th>文中标题</th><th class='num'>页码</th>"
        "<th>摘录</th></tr>"
        f"{rows}</table>"
    )


def _outline_entry(sec: dict[str, Any]) -> str:
    ctype = sec.get("chapter_type")
    label = f'<span class="tag">{esc(CHAPTER_TYPES.get(ctype, ctype))}</span>' if ctype else ""
    page_no = sec.get("page")
    end = sec.get("page_end")
    pages = pages_text([page_no, end or page_no]) if page_no else ""
    return (
        f'<div class="entry"><span>{esc(sec["number"])} {esc(sec["title"])}</span>{label}{_review_tags(sec, bool(ctype))}'
        f'<span class="pgn">{esc(pages)}</span></div>'
    )


def outline_html(outline: list[dict[str, Any]]) -> str:
    """The outline as nested lists, each level under the heading above it."""
    if not outline:
        return '<p class="muted">未识别出目录结构。</p>'
    parts, depth = ['<ul class="tree">'], [outline[0]["level"]]
    for i, sec in enumerate(outline):
        level = sec["level"]
        if i:
            if level > depth[-1]:
                parts.append("<ul>")
                depth.append(level)
            else:
                parts.append("</li>")
                while len(depth) > 1 and level < depth[-1]:
                    parts.append("</ul></li>")
                    depth.pop()
        parts.append("<li>" + _outline_entry(sec))
    parts.append("</li>" + "</ul></li>" * (len(depth) - 1) + "</ul>")
    return "".join(parts)


def section_links(prefix: str, report: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (f"{prefix}findings", f"审查发现（{len(report['findings'])}）"),
        (f"{prefix}chapters", "必备章节"),
        (f"{prefix}budget", "投资核对"),
        (f"{prefix}outline", "文档结构"),
    ]


def document_sections(report: dict[str, Any], prefix: str = "", level: int = 2) -> str:
    """Findings, mandated chapters, budget and outline of one document: a whole report's body,
    or one file's part of a package report (then `prefix` keeps the anchors apart)."""
    h = f"h{level}"
    return (
        f'<section id="{prefix}findings"><{h}>审查发现</{h}>{findings_html(report["findings"], level + 1)}</section>'
        f'<section id="{prefix}chapters"><{h}>必备章节</{h}>{chapters_html(report["chapters"])}</section>'
        f'<section id="{prefix}budget"><{h}>投资核对</{h}>{render_budget_html(report["budget"], level + 1)}</section>'
        f'<section id="{prefix}outline"><{h}>文档结构</{h}>{outline_html(report["outline"])}</section>'
    )


def document_facts(report: dict[str, Any]) -> list[tuple[str, str]]:
    doc = report["document"]
    ocr = [("OCR 识别页", esc("、".join(map(str, doc["ocr_pages"])) + "（扫描图像，文字经 OCR 识别，请核对原件）"))]
    pages = f'{doc["pages"] or "—"}{"（估算）" if doc["pages_estimated"] else ""}'
    total = doc["total_investment_yuan"]
    return [
        ("文件", esc(doc["name"])),
        ("文档类型", esc(doc["kind_label"])),
        ("适用辖区", esc(jurisdiction_text(doc))),
        ("项目总投资", f"<b>{money(total)}</b>" if total is not None else "文中未列明"),
        ("页数", esc(pages)),
        *(ocr if doc["ocr_pages"] else []),
        ("规则版本", f'<code>{esc(report["screening"]["rules_version"])}</code>'),
        ("SHA-256", f'<code>{esc(doc["sha256"])}</code>'),
        ("docscreen", f'<code>{esc(report["screening"]["docscreen_version"])}</code>'),
    ]


def _reading_notes(report: dict[str, Any]) -> str:
    doc = report["document"]
    notes = [e["message"] for e in report.get("errors", [])]
    if doc.get("complete") is False and doc.get("incomplete_reason"):
        notes.insert(0, f"文档不完整：{doc['incomplete_reason']}")
    return "".join(f'<p class="note">⚠ {esc(n)}</p>' for n in dict.fromkeys(notes))


def header_html(report: dict[str, Any], kicker: str, title: str, facts: list[tuple[str, str]]) -> str:
    return (
        f'<header class="wrap"><div class="kicker">{esc(kicker)}</div><h1>{esc(title)}</h1>'
        f"{verdict_html(report)}<div class='card'>{facts_html(facts)}"
        f"{counts_html(severity_counts(all_findings(report)))}{_reading_notes(report)}</div></header>"
    )


def footer_html(report: dict[str, Any]) -> str:
    return (
        '<footer>本报告由 docscreen 自动生成，供审查人员参考；结论以人工审查为准。'
        f'规则版本 <code>{esc(report["screening"]["rules_version"])}</code>。</footer>'
    )


def report_page(title: str, header: str, nav: list[tuple[str, str]], main: str, report: dict[str, Any]) -> str:
    body = f'{header}{nav_html(nav)}<main class="wrap">{main}{footer_html(report)}</main>'
    return page(f"审查报告 - {title}", body, asset("report.js"))


def render_report_html(report: dict[str, Any]) -> str:
    doc = report["document"]
    title = doc["title"] or doc["name"]
    header = header_html(report, "政务信息化项目材料审查报告", title, document_facts(report))
    nav = [("verdict", "审查结论"), *section_links("", report)]
    return report_page(title, header, nav, document_sections(report), report)
