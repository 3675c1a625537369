"""The budget part of the HTML report: where the total is stated, and the reconciliation table
(stated against computed, with the difference) a reviewer can check at a glance."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docscreen.models.budget import format_yuan
from docscreen.reports.html_page import esc, marked

CHECK_LABEL = {
    "items": "分项之和",
    "quantity_price": "数量×单价",
    "total": "总投资一致性",
    "capital": "大写与小写",
    "annual": "分年度合计",
}


def money(value: float | None) -> str:
    return "—" if value is None else format_yuan(Decimal(str(value)))


def page_text(page: int | None) -> str:
    return f"第{page}页" if page else "—"


def _statement_text(s: dict[str, Any]) -> str:
    """Where the total is stated, the amount as written marked in it."""
    if s["source"] == "table":
        return "投资表合计行：" + marked(s["text"], [s["text"]])
    return marked(s["context"] or s["text"], [s["text"]])


def _statements(budget: dict[str, Any]) -> str:
    if not budget["total_statements"]:
        return '<p class="muted">文中未找到项目总投资的表述。</p>'
    rows = "".join(
        f"<tr><td class='num'>{money(s['value'])}</td><td>{_statement_text(s)}</td><td class='num'>{page_text(s['page'])}</td></tr>"
        for s in budget["total_statements"]
    )
    return "<table><tr><th class='num'>总投资</th><th>原文</th><th class='num'>页码</th></tr>" + rows + "</table>"


def _reconciliation(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return '<p class="muted">未找到可核对的投资表或金额。</p>'
    body = []
    for r in sorted(rows, key=lambda r: r["ok"]):
        state = '<span class="state ok">✓ 一致</span>' if r["ok"] else '<span class="state error">✕ 不一致</span>'
        body.append(
            f"<tr class='{'match' if r['ok'] else 'bad'}'><td>{esc(CHECK_LABEL.get(r['check'], r['check']))}</td>"
            f"<td>{esc(r['label'])}</td><td class='num'>{money(r['stated_yuan'])}</td>"
            f"<td class='num'>{money(r['computed_yuan'])}</td><td class='num diff'>{money(abs(r['difference_yuan']))}</td>"
            f"<td>{state}</td><td class='num'>{page_text(r['page'])}</td></tr>"
        )
    bad = sum(1 for r in rows if not r["ok"])
    outcome = f"其中 {bad} 项不一致（已置顶并标红）" if bad else "全部一致"
    note = f'<p class="note">共核对 {len(rows)} 项，{outcome}。</p>'
    return (
        note
        + "<table class='recon'><tr><th>核对</th><th>项目</th><th class='num'>列明</th><th class='num'>核算</th>"
        "<th class='num'>差额</th><th>结果</th><th class='num'>页码</th></tr>"
        + "".join(body)
        + "</table>"
    )


def _annual(budget: dict[str, Any]) -> str:
    period = budget["period"]
    parts = []
    if period:
        span = "、".join(
            x for x in (
                f"{period['months']}个月" if period["months"] else "",
                f"{period['start_year']}—{period['end_year']}年" if period["start_year"] else "",
            ) if x
        )
        parts.append(f"<p>建设周期：{span or '—'}（{page_text(period['page'])}：{esc(period['text'])}）</p>")
    if budget["annual"]:
        parts.append(
            "<p>分年度安排："
            + "；".join(f"{a['year']}年 {money(a['value'])}" for a in budget["annual"])
            + "</p>"
        )
    return "".join(parts)


def render_budget_html(budget: dict[str, Any], level: int = 3) -> str:
    total = budget["total_investment_yuan"]
    head = f"<p>项目总投资：<b>{money(total)}</b></p>" if total is not None else ""
    return (
        head + _statements(budget) + _annual(budget)
        + f"<h{level}>核对表</h{level}>" + _reconciliation(budget["reconciliation"])
    )
