"""The batch view: summary.csv (one row per unit) and index.html linking every report."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from docscreen.models.budget import format_yuan

from docscreen.models.vocabulary import KINDS
from docscreen.reports.html_report import STYLE

COLUMNS = [
    "input", "report_json", "report_html", "kind", "jurisdiction", "total_investment_yuan", "errors", "warnings",
    "status", "codes",
]


@dataclass(frozen=True, slots=True)
class SummaryRow:
    input: str  # the path exactly as given on the command line
    report_json: str  # relative to the output folder
    report_html: str
    kind: str
    jurisdiction: str
    total_investment_yuan: str  # 元 with two decimals, '' when the document states none
    errors: int
    warnings: int
    status: str  # screened | unreadable
    codes: str  # finding codes, ';'-separated


def summary_csv(rows: list[SummaryRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, c) for c in COLUMNS])
    return buffer.getvalue()


def index_html(rows: list[SummaryRow]) -> str:
    body = "".join(
        f"<tr><td><a href='{escape(r.report_html, quote=True)}'>{escape(r.input)}</a></td>"
        f"<td>{escape(KINDS.get(r.kind, r.kind))}</td><td>{escape(r.jurisdiction or '—')}</td>"
        f"<td>{escape(format_yuan(Decimal(r.total_investment_yuan)) if r.total_investment_yuan else '—')}</td>"
        f"<td class='{'error' if r.errors else ''}'>{r.errors}</td><td class='{'warning' if r.warnings else ''}'>{r.warnings}</td>"
        f"<td>{escape(r.codes)}</td></tr>"
        for r in rows
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>审查结果汇总</title>'
        f"<style>{STYLE}</style></head><body><h1>审查结果汇总</h1><p class='muted'>共 {len(rows)} 个审查单元</p>"
        "<table><tr><th>材料</th><th>文档类型</th><th>辖区</th><th>总投资</th><th>错误</th><th>警告</th><th>发现</th></tr>"
        f"{body}</table></body></html>"
    )
