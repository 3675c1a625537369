"""`docscreen screen`: one report pair per input, then the batch summary."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from docscreen.checkers.rulebook import jurisdiction_ids
from docscreen.flows.steps import screen_path
from docscreen.models import Severity
from docscreen.reports.html_report import render_report_html
from docscreen.reports.json_report import build_report, dumps
from docscreen.reports.summary import SummaryRow, index_html, summary_csv

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, EXIT_GATE = 0, 1, 2, 3


def report_stem(path: Path, taken: set[str]) -> str:
    """A file name for the reports: the input's own name, numbered when two inputs share it."""
    stem = path.name
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}~{n}"
    taken.add(candidate)
    return candidate


def _yuan_cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.01'))}"


def _usage_error(message: str) -> int:
    print(f"docscreen: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_screen(paths: list[Path], out: Path, jurisdiction: str | None, fail_on: str | None) -> int:
    if jurisdiction is not None and jurisdiction not in jurisdiction_ids():
        return _usage_error(f"未知辖区 {jurisdiction!r}，可选：{', '.join(jurisdiction_ids())}")
    missing = [p for p in paths if not p.exists()]
    if missing:
        return _usage_error("找不到输入：" + "、".join(str(p) for p in missing))
    folders = [p for p in paths if p.is_dir()]
    if folders:
        return _usage_error("暂不支持以文件夹作为材料包审查：" + "、".join(str(p) for p in folders))
    out.mkdir(parents=True, exist_ok=True)
    gate = Severity(fail_on).rank if fail_on else None
    rows, taken, status = [], set(), EXIT_OK
    for path in paths:
        screening = screen_path(path, jurisdiction)
        report = build_report(screening)
        stem = report_stem(path, taken)
        (out / f"{stem}.json").write_text(dumps(report), encoding="utf-8")
        (out / f"{stem}.html").write_text(render_report_html(report), encoding="utf-8")
        readable = screening.document.readable
        rows.append(
            SummaryRow(
                input=str(path),
                report_json=f"{stem}.json",
                report_html=f"{stem}.html",
                kind=screening.document.kind,
                jurisdiction=screening.jurisdiction or "",
                total_investment_yuan=_yuan_cell(screening.document.budget.total_yuan),
                errors=screening.errors,
                warnings=screening.warnings,
                status="screened" if readable else "unreadable",
                codes=";".join(sorted({f.code for f in screening.findings})),
            )
        )
        print(f"{path}\t{screening.document.kind}\t{screening.jurisdiction or '-'}\t"
              f"错误 {screening.errors}\t警告 {screening.warnings}")
        if not readable:
            status = EXIT_UNREADABLE
        elif gate is not None and status == EXIT_OK and any(f.severity.rank >= gate for f in screening.findings):
            status = EXIT_GATE
    (out / "summary.csv").write_text(summary_csv(rows), encoding="utf-8")
    (out / "index.html").write_text(index_html(rows), encoding="utf-8")
    return status
