"""The reports in a real browser (Debian's headless Chromium through playwright): the index of a
real `docscreen screen` batch filters, sorts and opens reports; a finding's article opens; a
hostile document runs nothing; a 10,000-row index filters, sorts and lists page by page. Screenshots go to artifacts/."""

from __future__ import annotations

import csv
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from _hostile_docx import IMG, JS_LINK, SCRIPT, write_hostile_docx
from playwright.sync_api import Browser, Page, expect, sync_playwright

from docscreen.flows.cli import main
from docscreen.models.vocabulary import FINDING_CODES, KINDS
from docscreen.reports.index_page import index_html
from docscreen.reports.summary import SummaryRow

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
REPORT_UNIT = "samples/武陟县/武陟县智慧城管平台可行性研究报告.docx"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture
def problems(page: Page) -> list[str]:
    """Script errors and policy violations the page reports, so a test can assert there were none."""
    seen: list[str] = []
    page.on("pageerror", lambda e: seen.append(str(e)))
    page.on("console", lambda m: seen.append(m.text) if m.type in ("error", "warning") else None)
    return seen


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    """Every sample (two are broken on purpose) and a hostile DOCX, screened by the real CLI."""
    tmp = tmp_path_factory.mktemp("batch")
    inputs = sorted(SAMPLES.glob("*/*.docx")) + sorted(SAMPLES.glob("*/*.pdf")) + sorted((SAMPLES / "验收材料").iterdir())
    out = tmp / "out"
    cwd = Path.cwd()
    os.chdir(ROOT)  # inputs as a reviewer types them: samples/营口市/…
    try:
        status = main(["screen", *(str(p.relative_to(ROOT)) for p in inputs), str(write_hostile_docx(tmp)), "--out", str(out)])
    finally:
        os.chdir(cwd)
    assert status == 1
    with (out / "summary.csv").open(encoding="utf-8") as f:
        return out, list(csv.DictReader(f))


def visible_cells(page: Page, column: int) -> list[str]:
    return page.eval_on_selector_all(
        "#units tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{column}].textContent)"
    )


def test_the_index_filters_by_jurisdiction_and_sorts(page: Page, problems: list[str], batch) -> None:
    out, rows = batch
    page.goto((out / "index.html").as_uri())
    expect(page.locator("#shown")).to_have_text(f"显示 {len(rows)} / {len(rows)}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)

    page.select_option("#f-j", "yingkou")
    yingkou = [r for r in rows if r["jurisdiction"] == "yingkou"]
    expect(page.locator("#shown")).to_have_text(f"显示 {len(yingkou)} / {len(rows)}")
    assert set(visible_cells(page, 2)) == {"营口市"}
    assert sorted(visible_cells(page, 0)) == sorted(r["input"] for r in yingkou)

    page.get_by_role("button", name="错误").click()
    errors = [int(x) for x in visible_cells(page, 4)]
    assert errors == sorted(errors, reverse=True) and errors[0] > 0
    assert page.locator("th[aria-sort=descending]").text_content() == "错误"
    page.get_by_role("button", name="错误").click()
    assert [int(x) for x in visible_cells(page, 4)] == sorted(errors)

    page.select_option("#f-c", "missing_chapter")
    both = [r for r in yingkou if "missing_chapter" in r["codes"].split(";")]
    expect(page.locator("#shown")).to_have_text(f"显示 {len(both)} / {len(rows)}")
    page.fill("#f-q", "智慧停车")
    expect(page.locator("#shown")).to_have_text(
        f"显示 {sum('智慧停车' in r['input'] for r in both)} / {len(rows)}"
    )
    page.get_by_role("button", name="清除筛选").click()
    expect(page.locator("#shown")).to_have_text(f"显示 {len(rows)} / {len(rows)}")
    page.select_option("#f-k", "acceptance_package")
    assert set(visible_cells(page, 1)) == {KINDS["acceptance_package"]}
    assert problems == []


def test_a_report_opens_from_the_index_and_shows_a_findings_article(page: Page, problems: list[str], batch) -> None:
    out, rows = batch
    page.goto((out / "index.html").as_uri())
    page.fill("#f-q", "智慧城管平台可行性")
    expect(page.locator("#shown")).to_have_text(f"显示 {sum('智慧城管平台可行性' in r['input'] for r in rows)} / {len(rows)}")
    page.locator("#units tbody tr:not([hidden]) a", has_text=".docx").click()
    row = next(r for r in rows if r["input"] == REPORT_UNIT)
    assert page.url == (out / row["report_html"]).as_uri()
    expect(page.locator("#verdict")).to_contain_text("不通过")

    products = page.locator("article.finding", has_text=FINDING_CODES["foreign_product"])
    expect(products.locator("mark").first).to_have_text("Oracle Database")
    report = json.loads((out / row["report_json"]).read_text(encoding="utf-8"))
    cited = next(f for f in report["findings"] if f["citation"] and f["citation"]["text"])
    article = page.locator("article.finding", has_text=cited["message"]).first.locator("details.article")
    quote = article.locator("blockquote")
    expect(quote).to_be_hidden()
    article.locator("summary").click()
    expect(quote).to_be_visible()
    expect(quote).to_have_text(cited["citation"]["text"])

    page.get_by_role("link", name="投资核对").click()
    expect(page.locator("#budget tr.bad").first).to_contain_text("不一致")
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)

    page.emulate_media(media="print")
    expect(page.locator("nav.toc")).to_be_hidden()
    expect(page.locator("details.article blockquote").last).to_be_visible()
    assert problems == []


def test_a_package_report_lists_its_files(page: Page, problems: list[str], batch) -> None:
    out, rows = batch
    row = next(r for r in rows if r["input"].endswith("新干县智慧党建平台竣工验收材料.zip"))
    page.goto((out / row["report_html"]).as_uri())
    report = json.loads((out / row["report_json"]).read_text(encoding="utf-8"))
    missing = [a["label"] for a in report["attachments"].values() if not a["present"]]
    assert "审计报告" in missing
    expect(page.locator("#attachments tr.bad td:first-child")).to_contain_text(missing)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "package.png"), full_page=True)
    page.locator("#files a").first.click()
    expect(page.locator("#file1 h2")).to_be_in_viewport()
    assert problems == []


def test_a_hostile_document_shows_its_payloads_as_text_and_runs_nothing(page: Page, problems: list[str], batch) -> None:
    out, rows = batch
    row = next(r for r in rows if "恶意测试" in r["input"])
    page.goto((out / "index.html").as_uri())
    page.fill("#f-q", "恶意测试")
    expect(page.locator("#shown")).to_have_text(f"显示 1 / {len(rows)}")
    expect(page.locator("#units tbody tr:not([hidden]) a")).to_contain_text(IMG)
    assert page.evaluate("typeof window.__pwned") == "undefined"

    page.locator("#units tbody tr:not([hidden]) a").click()
    assert page.url == (out / row["report_html"]).as_uri()
    expect(page.locator("h1")).to_have_text(f"营口市智慧停车{SCRIPT}项目可行性研究报告")
    expect(page.get_by_text(IMG).first).to_be_visible()
    expect(page.get_by_text(JS_LINK).first).to_be_visible()
    assert page.locator("img, iframe, a[href^='javascript']").count() == 0
    assert page.locator("script").count() == 1
    for details in page.locator("details").all():
        details.locator("summary").click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert problems == []


def test_an_index_of_ten_thousand_rows_filters_and_sorts(page: Page, problems: list[str], tmp_path: Path) -> None:
    rng = random.Random(6)
    places, kinds, codes = ["yingkou", "jingle", "shandong", "xingan", "wuzhi", ""], list(KINDS), list(FINDING_CODES)
    rows = [
        SummaryRow(
            input=f"档案/{n // 100:03d}/项目{n:05d}.docx", report_json=f"r{n}.json", report_html=f"r{n}.html",
            kind=rng.choice(kinds), jurisdiction=rng.choice(places),
            total_investment_yuan=f"{rng.randint(10_000, 90_000_000)}.00", errors=rng.randint(0, 5),
            warnings=rng.randint(0, 5), status="screened", codes=";".join(sorted(rng.sample(codes, rng.randint(0, 3)))),
        )
        for n in range(10_000)
    ]
    (tmp_path / "index.html").write_text(index_html(rows, "档案"), encoding="utf-8")
    page.goto((tmp_path / "index.html").as_uri())
    expect(page.locator("#shown")).to_have_text("显示 10000 / 10000")

    page.select_option("#f-j", "shandong")
    shandong = [r for r in rows if r.jurisdiction == "shandong"]
    assert len(shandong) > 1000
    expect(page.locator("#shown")).to_have_text(f"显示 {len(shandong)} / 10000")
    totals = "rows => rows.map(r => Number(r.cells[3].dataset.v))"

    page.get_by_role("button", name="总投资").click()
    expected = sorted((float(r.total_investment_yuan) for r in shandong), reverse=True)
    assert page.eval_on_selector_all("#units tbody tr", totals) == expected[:500]
    page.locator("#more").click()
    expect(page.locator("#units tbody tr")).to_have_count(1000)
    assert page.eval_on_selector_all("#units tbody tr", totals) == expected[:1000]

    page.select_option("#f-c", "missing_chapter")
    both = [r for r in shandong if "missing_chapter" in r.codes.split(";")]
    expect(page.locator("#shown")).to_have_text(f"显示 {len(both)} / 10000")
    assert page.eval_on_selector_all("#units tbody tr", totals) == sorted(
        (float(r.total_investment_yuan) for r in both), reverse=True
    )
    expect(page.locator("#more")).to_be_hidden()
    page.fill("#f-q", Path(both[0].input).stem)
    expect(page.locator("#shown")).to_have_text("显示 1 / 10000")
    expect(page.locator("#units tbody a")).to_have_attribute("href", f"./{both[0].report_html}")
    assert problems == []
