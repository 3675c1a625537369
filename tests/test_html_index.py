"""The index page of a batch, as HTML: one unit per summary row from a real `docscreen screen` run,
links that no name can turn into a scheme, filters built from the rows, and data that no name can
break out of."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from _hostile_docx import write_hostile_docx
from _html import Page, sha256_source, units_of

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


def test_every_unit_is_listed_with_a_link_to_its_report(tmp_path: Path) -> None:
    rows, html = screened(tmp_path)
    data = units_of(html)
    assert len(rows) == 5 and "显示 5 / 5" in html
    assert [(u["name"], u["h"], u["j"], u["k"], u["c"], u["e"], u["w"]) for u in data["units"]] == [
        (r["input"], report_href(r["report_html"]), r["jurisdiction"], r["kind"], r["codes"].split(";") if r["codes"] else [],
         int(r["errors"]), int(r["warnings"]))
        for r in rows
    ]
    assert all((tmp_path / "out" / r["report_html"]).exists() for r in rows)
    assert [u["s"] for u in data["units"]].count("无法读取") == 1
    assert "356.80万元" in [u["tl"] for u in data["units"]]
    assert data["codes"]["missing_chapter"] == "缺少必备章节"


def test_the_filters_offer_what_the_rows_hold(tmp_path: Path) -> None:
    rows, html = screened(tmp_path)
    options = dict(re.findall(r'<select id="(f-[jkc])">(.*?)</select>', html))
    assert '<option value="yingkou">营口市（2）</option>' in options["f-j"]
    assert '<option value="jingle">静乐县（1）</option>' in options["f-j"]
    assert '<option value="acceptance_package">竣工验收材料（1）</option>' in options["f-k"]
    codes = {c for r in rows for c in r["codes"].split(";") if c}
    assert set(re.findall(r'<option value="(\w+)">', options["f-c"])) == codes


def test_a_hostile_file_name_stays_data_and_its_link_stays_relative(tmp_path: Path) -> None:
    _, html = screened(tmp_path)
    page = Page(html)
    assert [a.get("type") for t, a in page.tags if t == "script"] == ["application/json", None]
    assert page.raw["script"][-1] == asset("index.js")
    assert f"script-src {sha256_source(asset('index.js'))};" in page.csp()
    assert "<img" not in html and "\\u003cimg src=x onerror=window.__pwned=1\\u003e" in html
    hostile = next(u for u in units_of(html)["units"] if "恶意测试" in u["name"])
    assert hostile["name"].endswith('"><img src=x onerror=window.__pwned=1>营口市恶意测试项目可行性研究报告.docx')
    assert hostile["h"].startswith("./%22%3E%3Cimg%20src%3Dx")


def test_a_link_cannot_become_a_scheme() -> None:
    assert report_href("javascript:alert(1).docx.html") == "./javascript%3Aalert%281%29.docx.html"
    assert report_href("reports/ab/abc/r1/report.html") == "./reports/ab/abc/r1/report.html"
    row = SummaryRow("</script><script>alert(1)</script>", "", "javascript:alert(1).html", "unknown", "", "", 0, 0,
                     "failed", "")
    html = index_html([row])
    assert html.count("</script>") == 2
    assert units_of(html)["units"][0]["h"] == "./javascript%3Aalert%281%29.html"
    assert units_of(html)["units"][0]["name"] == row.input
