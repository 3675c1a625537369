"""The per-document and package HTML reports, read as HTML: escaping, evidence marks, the verdict,
the navigation's anchors, the package's sections, and a Content-Security-Policy that admits only
the page's own style and script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _hostile_docx import IMG, JS_LINK, SCRIPT, write_hostile_docx
from _html import Page, sha256_source

from docscreen.flows.screen_command import unit_report
from docscreen.flows.steps import screen_path
from docscreen.reports.html_page import asset, marked
from docscreen.reports.html_report import render_report_html

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MANY_FINDINGS = SAMPLES / "武陟县" / "武陟县智慧城管平台可行性研究报告.docx"
CLEAN = SAMPLES / "营口市" / "营口市一网统管平台可行性研究报告.docx"
WARNINGS_ONLY = SAMPLES / "新干县" / "新干县政务服务一体化平台初步设计方案.docx"
EMPTY = SAMPLES / "broken" / "空文件.docx"
PACKAGE = SAMPLES / "验收材料" / "新干县智慧党建平台竣工验收材料.zip"


def report_of(path: Path) -> tuple[dict, str]:
    return unit_report(screen_path(path))


def test_marked_wraps_every_occurrence_case_blind_and_escapes_each_part() -> None:
    assert marked("用 Oracle<b>，再用 oracle", ["Oracle"]) == "用 <mark>Oracle</mark>&lt;b&gt;，再用 <mark>oracle</mark>"
    assert marked("a <script> b", ["<script>"]) == "a <mark>&lt;script&gt;</mark> b"
    assert marked("Oracle Database 与 Oracle", ["Oracle", "Oracle Database"]) == (
        "<mark>Oracle Database</mark> 与 <mark>Oracle</mark>"
    )
    assert marked('x"y', []) == "x&quot;y"


def test_evidence_marks_are_in_the_json_and_marked_in_the_html() -> None:
    report, html = report_of(MANY_FINDINGS)
    evidence = [e for f in report["findings"] for e in f["evidence"]]
    products = next(f for f in report["findings"] if f["code"] == "foreign_product")
    assert ["Oracle Database"] in [e["marks"] for e in products["evidence"]]
    capital = next(f for f in report["findings"] if f["code"] == "budget_total_conflict")
    assert capital["evidence"][0]["marks"] == ["肆佰伍拾万元整", "457.00万元"]
    shown = [m for e in evidence for m in e["marks"] if m in e["text"]]
    assert len(shown) >= 5
    assert all(f"<mark>{m}</mark>" in html for m in shown)


@pytest.mark.parametrize(
    ("path", "conclusion"),
    [(MANY_FINDINGS, "✕ 不通过"), (WARNINGS_ONLY, "！ 待复核"), (CLEAN, "✓ 未发现问题"), (EMPTY, "✕ 无法审查")],
)
def test_the_verdict_says_what_the_findings_add_up_to(path: Path, conclusion: str) -> None:
    report, html = report_of(path)
    verdict = re.search(r'<div class="verdict (\w+)" id="verdict"><b>审查结论：([^<]*)</b>', html)
    assert verdict is not None and verdict.group(2) == conclusion
    counts = report["screening"]
    assert verdict.group(1) == ("error" if counts["errors"] else "warning" if counts["warnings"] else "ok")
    assert f'<span class="pill {"error" if counts["errors"] else "zero"}">错误 {counts["errors"]}</span>' in html


def test_findings_come_grouped_by_severity_with_their_articles() -> None:
    report, html = report_of(MANY_FINDINGS)
    errors, warnings = html.index('<h3 class="error">错误（3）</h3>'), html.index('<h3 class="warning">警告（2）</h3>')
    assert errors < warnings
    for f in report["findings"]:
        at = html.index(f'<code>{f["code"]}</code>')
        assert (at < warnings) == (f["severity"] == "error")
    cited = [f["citation"] for f in report["findings"] if f["citation"] and f["citation"]["text"]]
    assert cited and all(f"<blockquote>{c['text']}</blockquote>" in html for c in cited)


@pytest.mark.parametrize("path", [MANY_FINDINGS, PACKAGE])
def test_every_navigation_link_has_its_target(path: Path) -> None:
    page = Page(report_of(path)[1])
    anchors = [h[1:] for h in page.hrefs() if h.startswith("#")]
    assert {"verdict", "findings"} <= set(anchors)
    assert all(a in page.ids for a in anchors)
    assert [h for h in page.hrefs() if not h.startswith("#")] == []


def test_the_chapter_panel_lists_every_mandated_chapter_and_the_outline_nests() -> None:
    report, html = report_of(MANY_FINDINGS)
    for ch in report["chapters"].values():
        assert f"<td>{ch['label']}<br>" in html
    assert "✕ 缺失" in html and "△ 内容空泛" in html and "✓ 具备" in html
    first_sub = next(s for s in report["outline"] if s["level"] == 2)
    assert f'<ul><li><div class="entry"><span>{first_sub["number"]} {first_sub["title"]}</span>' in html


def test_classifier_method_is_shown_and_unsure_chapters_are_flagged() -> None:
    report, _ = report_of(MANY_FINDINGS)
    classified = [s for s in report["outline"] if s["chapter_type"]]
    classified[0].update(method="model", confidence=0.42)
    classified[1].update(method="rule", confidence=0.97)
    html = render_report_html(report)
    assert '<span class="tag">模型</span><span class="tag check">待核 0.42</span>' in html
    assert '<span class="tag">规则</span><span class="tag">置信度 0.97</span>' in html


def test_budget_differences_are_highlighted_first() -> None:
    report, html = report_of(MANY_FINDINGS)
    bad = [r for r in report["budget"]["reconciliation"] if not r["ok"]]
    assert bad
    rows = re.findall(r"<tr class='(match|bad)'>", html)
    assert rows[: len(bad)] == ["bad"] * len(bad) and set(rows[len(bad):]) == {"match"}
    assert "✕ 不一致" in html


def test_a_package_report_has_its_checklist_and_a_section_per_file() -> None:
    report, html = report_of(PACKAGE)
    page = Page(html)
    missing = [a["label"] for a in report["attachments"].values() if not a["present"]]
    assert missing and all(re.search(rf"<tr class='bad'><td>{m}<br>", html) for m in missing)
    for n, d in enumerate(report["documents"], 1):
        assert f"file{n}" in page.ids and f"file{n}-findings" in page.ids and f"file{n}-outline" in page.ids
        assert f'<a href="#file{n}">{d["path"]}</a>' in html


@pytest.mark.parametrize("path", [MANY_FINDINGS, PACKAGE])
def test_the_policy_admits_exactly_the_pages_own_style_and_script(path: Path) -> None:
    page = Page(report_of(path)[1])
    assert page.raw["script"] == [asset("report.js")]
    policy = page.csp()
    assert "default-src 'none'" in policy
    assert f"script-src {sha256_source(asset('report.js'))};" in policy
    assert f"style-src {sha256_source(''.join(page.raw['style']))};" in policy


def test_a_hostile_document_renders_as_text_and_adds_no_markup(tmp_path: Path) -> None:
    report, html = report_of(write_hostile_docx(tmp_path))
    assert report["findings"] and SCRIPT in json.dumps(report, ensure_ascii=False)
    page = Page(html)
    assert [t for t, _ in page.tags if t in ("script", "img", "iframe", "object", "form")] == ["script"]
    assert not [k for _, attrs in page.tags for k in attrs if k.startswith("on")]
    assert not [h for h in page.hrefs() if not h.startswith("#")]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in html and IMG not in html
    assert JS_LINK in html  # as text, in a chapter's evidence
