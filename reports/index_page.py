"""The index of a batch or an archive: one row per unit, linking to its report, sortable and
filterable in the browser. The units travel as JSON inside the page and the page's script lists
a few hundred at a time, so a table of 10,000 units is never built whole (tests/test_browser.py
filters, sorts and pages such an index)."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from docscreen.checkers.rulebook import jurisdictions
from docscreen.models.budget import format_yuan
from docscreen.models.vocabulary import FINDING_CODES, KINDS
from docscreen.reports.html_page import asset, esc, page
from docscreen.reports.summary import SummaryRow

STATUS_LABEL = {"unreadable": "无法读取", "failed": "审查失败"}
COLUMNS = (("材料", "text"), ("文档类型", "text"), ("辖区", "text"), ("总投资", "num"), ("错误", "num"),
           ("警告", "num"), ("发现", "text"))


def report_href(path: str) -> str:
    """A relative link to a report we wrote: percent-encoded, so no name can turn it into a scheme."""
    return "./" + quote(path, safe="/~")


def _codes(row: SummaryRow) -> list[str]:
    return [c for c in row.codes.split(";") if c]


def _options(counts: Counter[str], labels: dict[str, str]) -> str:
    return '<option value="">全部</option>' + "".join(
        f'<option value="{esc(value)}">{esc(labels.get(value, value))}（{n}）</option>'
        for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _unit(row: SummaryRow, places: dict[str, str]) -> dict[str, Any]:
    total = row.total_investment_yuan
    return {
        "name": row.input,
        "h": report_href(row.report_html) if row.report_html else "",
        "k": row.kind,
        "kl": KINDS.get(row.kind, row.kind) or "—",
        "j": row.jurisdiction,
        "jl": places.get(row.jurisdiction, row.jurisdiction) or "未识别",
        "t": total,
        "tl": format_yuan(Decimal(total)) if total else "—",
        "e": row.errors,
        "w": row.warnings,
        "s": STATUS_LABEL.get(row.status, ""),
        "c": _codes(row),
    }


def script_json(data: Any) -> str:
    """JSON to embed in <script type="application/json">: `<`, `>` and `&` escaped, so no value can
    close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _overview(rows: list[SummaryRow]) -> str:
    unread = sum(1 for r in rows if r.status in STATUS_LABEL)
    errors = sum(1 for r in rows if r.errors and r.status not in STATUS_LABEL)
    warnings = sum(1 for r in rows if r.warnings and not r.errors)
    clean = len(rows) - unread - errors - warnings
    return (
        f'<div class="counts"><span class="pill">共 {len(rows)} 个审查单元</span>'
        f'<span class="pill {"error" if errors else "zero"}">有错误 {errors}</span>'
        f'<span class="pill {"warning" if warnings else "zero"}">仅有警告 {warnings}</span>'
        f'<span class="pill {"ok" if clean else "zero"}">未发现问题 {clean}</span>'
        f'<span class="pill {"error" if unread else "zero"}">未能审查 {unread}</span></div>'
    )


def index_html(rows: list[SummaryRow], source: str = "") -> str:
    """The index of `rows`; `source` names the batch or archive they came from."""
    places = {j.id: j.name for j in jurisdictions()}
    filters = (
        '<div class="card filters noprint">'
        f'<label>辖区 <select id="f-j">{_options(Counter(r.jurisdiction for r in rows), {"": "未识别", **places})}</select></label>'
        f'<label>文档类型 <select id="f-k">{_options(Counter(r.kind for r in rows), {"": "—", **KINDS})}</select></label>'
        f'<label>发现 <select id="f-c">{_options(Counter(c for r in rows for c in _codes(r)), FINDING_CODES)}</select></label>'
        '<label>名称 <input id="f-q" type="search" placeholder="输入名称中的字词"></label>'
        f'<button id="f-reset" type="button">清除筛选</button><span id="shown">显示 {len(rows)} / {len(rows)}</span></div>'
    )
    head = "".join(
        f'<th{" class=num" if kind == "num" else ""} data-type="{kind}"><button type="button">{label}</button></th>'
        for label, kind in COLUMNS
    )
    data = {
        "codes": {c: FINDING_CODES.get(c, c) for c in sorted({c for r in rows for c in _codes(r)})},
        "units": [_unit(r, places) for r in rows],
    }
    origin = f'<p class="note">来源：{esc(source)}</p>' if source else ""
    html_body = (
        f'<header class="wrap wide"><div class="kicker">政务信息化项目材料审查</div><h1>审查结果汇总</h1>{origin}'
        f"{_overview(rows)}</header><main class=\"wrap wide\">{filters}"
        f'<table class="units" id="units"><thead><tr>{head}</tr></thead><tbody></tbody></table>'
        '<noscript><p>列表需启用 JavaScript；各单元也列在同一文件夹的 summary.csv 中。</p></noscript>'
        '<p id="empty" class="muted" hidden>没有符合筛选条件的单元。</p>'
        '<p class="noprint"><button id="more" type="button" hidden></button></p>'
        f'<script type="application/json" id="units-data">{script_json(data)}</script></main>'
    )
    return page("审查结果汇总", html_body, asset("index.js"))
