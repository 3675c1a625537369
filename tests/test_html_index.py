"""The index page of a batch, as HTML: one row per unit from a real `docscreen screen` run, links
that no name can turn into a scheme, filters built from the rows, and escaped names."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from _hostile_docx import write_hostile_docx
from test_html_report import Page, sha256_source

from docscreen.flows.cli import main
from docscreen.reports.html_page import asset
from docscreen.reports.index_page import index_html, report_href
from docscreen.reports.summary import SummaryRow

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
INPUTS = [
    SAMPLES / "营口市" / "营口市智慧应急指挥平台项目建议书.docx",
    SAMPLES / "静乐县" / "静乐县教育资源公共服务平台项目建议书.docx",
    SAMPLES / "broken" / "空文件.docx",
    SAMPLES / "验收材料" / "新干县智慧党建平台竣工验收材料.zip",
]


def screened(tmp_path: Path) -> tuple[list[dict[str, str]], str]:
    out = tmp_path / "out"
    main(["screen", *map(str, INPUTS), str(write_hostile_docx(tmp_path)), "--out", str(out)])
    with (out / "summary.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows, (out / "index.html").read_text(encoding="utf-8")


def test_every_unit_is_a_row_linking_its_report(tmp_path: Path) -> None:
    rows, html = screened(tmp_path)
    page = Page(html)
    assert len(rows) == 5 and "显示 5 / 5" in html
    assert page.hrefs() == [report_href(r["report_html"]) for r in rows]
    assert all((tmp_path / "out" / r["report_html"]).exists() for r in rows)
    trs = [a for t, a in page.tags if t == "tr" and "data-k" in a]
    assert [(a["data-j"], a["data-k"], a["data-c"]) for a in trs] == [
        (r["jurisdiction"], r["kind"], r["codes"].replace(";", " ")) for r in rows
    ]
    assert "无法读取" in html and "356.80万元" in html


def test_the_filters_offer_what_the_rows_hold(tmp_path: Path) -> None:
    rows, html = screened(tmp_path)
    options = dict(re.findall(r'<select id="(f-[jkc])">(.*?)</select>', html))
    assert '<option value="yingkou">营口市（2）</option>' in options["f-j"]
    assert '<option value="jingle">静乐县（1）</option>' in options["f-j"]
    assert '<option value="acceptance_package">竣工验收材料（1）</option>' in options["f-k"]
    codes = {c for r in rows for c in r["codes"].split(";") if c}
    assert set(re.findall(r'<option value="(\w+)">', options["f-c"])) == codes


def test_a_hostile_file_name_stays_text_and_its_link_stays_relative(tmp_path: Path) -> None:
    _, html = screened(tmp_path)
    page = Page(html)
    assert [t for t, _ in page.tags if t in ("script", "img")] == ["script"]
    assert page.raw["script"] == [asset("index.js")]
    assert f"script-src {sha256_source(asset('index.js'))};" in page.csp()
    assert "&quot;&gt;&lt;img src=x onerror=window.__pwned=1&gt;营口市恶意测试项目可行性研究报告.docx" in html
    assert all(h.startswith("./") for h in page.hrefs())


def test_a_link_cannot_become_a_scheme() -> None:
    assert report_href("javascript:alert(1).docx.html") == "./javascript%3Aalert%281%29.docx.html"
    assert report_href("reports/ab/abc/r1/report.html") == "./reports/ab/abc/r1/report.html"
    row = SummaryRow("javascript:alert(1)", "", "javascript:alert(1).html", "unknown", "", "", 0, 0, "failed", "")
    assert Page(index_html([row])).hrefs() == ["./javascript%3Aalert%281%29.html"]
