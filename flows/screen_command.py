"""`docscreen screen`: one report pair per input, then the batch summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docscreen.checkers.rulebook import jurisdiction_ids
from docscreen.flows.bounded_read import DEFAULT_BUDGET, PendingRead, UnitBudget
from docscreen.flows.report_names import report_stem
from docscreen.flows.steps import check, finish_read, screen_path
from docscreen.models import Severity
from docscreen.reports.html_report import render_report_html
from docscreen.reports.json_report import Screening, build_report, dumps
from docscreen.reports.package_report import PackageScreening, build_package_report, render_package_html
from docscreen.reports.index_page import index_html
from docscreen.reports.summary import SummaryRow, summary_csv, yuan_cell
from docscreen.reports.unit_findings import all_findings, unreadable_finding

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, EXIT_GATE = 0, 1, 2, 3


def unit_report(unit: Screening | PackageScreening) -> tuple[dict[str, Any], str]:
    """The JSON report and its HTML page, for a document or a package."""
    if isinstance(unit, PackageScreening):
        report = build_package_report(unit)
        return report, render_package_html(report)
    report = build_report(unit)
    return report, render_report_html(report)


def _usage_problem(paths: list[Path], jurisdiction: str | None) -> str | None:
    if jurisdiction is not None and jurisdiction not in jurisdiction_ids():
        return f"未知辖区 {jurisdiction!r}，可选：{', '.join(jurisdiction_ids())}"
    missing = [p for p in paths if not p.exists()]
    if missing:
        return "找不到输入：" + "、".join(str(p) for p in missing)
    return None


def _usage_error(message: str) -> int:
    print(f"docscreen: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_screen(
    paths: list[Path],
    out: Path,
    jurisdiction: str | None,
    fail_on: str | None,
    budget: UnitBudget = DEFAULT_BUDGET,
    first_read: PendingRead | None = None,
) -> int:
    """`first_read`: the first path's read, started before this module was even imported."""
    error = _usage_problem(paths, jurisdiction)
    if error:
        if first_read is not None:
            first_read.cancel()
        return _usage_error(error)
    out.mkdir(parents=True, exist_ok=True)
    gate = Severity(fail_on).rank if fail_on else None
    rows, taken, status = [], set(), EXIT_OK
    for i, path in enumerate(paths):
        started = first_read if i == 0 else None  # begun for a path that `reads_as_document`
        screening = check(finish_read(started), jurisdiction) if started else screen_path(path, jurisdiction, budget)
        report, html = unit_report(screening)
        stem = report_stem(path, taken)
        (out / f"{stem}.json").write_text(dumps(report), encoding="utf-8")
        (out / f"{stem}.html").write_text(html, encoding="utf-8")
        doc, counts = report["document"], report["screening"]
        findings = all_findings(report)
        readable = unreadable_finding(report) is None
        rows.append(
            SummaryRow(
                input=str(path),
                report_json=f"{stem}.json",
                report_html=f"{stem}.html",
                kind=doc["kind"],
                jurisdiction=doc["jurisdiction"] or "",
                total_investment_yuan=yuan_cell(doc["total_investment_yuan"]),
                errors=counts["errors"],
                warnings=counts["warnings"],
                status="screened" if readable else "unreadable",
                codes=";".join(sorted({f["code"] for f in findings})),
            )
        )
        print(f"{path}\t{doc['kind']}\t{doc['jurisdiction'] or '-'}\t错误 {counts['errors']}\t警告 {counts['warnings']}")
        if not readable:
            status = EXIT_UNREADABLE
        elif gate is not None and status == EXIT_OK and any(Severity(f["severity"]).rank >= gate for f in findings):
            status = EXIT_GATE
    (out / "summary.csv").write_text(summary_csv(rows), encoding="utf-8")
    (out / "index.html").write_text(index_html(rows), encoding="utf-8")
    return status
