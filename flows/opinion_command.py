"""`docscreen opinion`: a review-opinion draft (DOCX) for each JSON report, next to it or into DIR."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from docscreen.flows.report_names import report_stem
from docscreen.models.vocabulary import SCHEMA
from docscreen.reports.opinion_docx import build_opinion, verdict

EXIT_OK, EXIT_USAGE = 0, 2
SUFFIX = ".审查意见.docx"


def _read_report(path: Path) -> dict[str, Any] | str:
    """The report, or why it is not one (in the reviewer's words)."""
    if not path.is_file():
        return f"找不到报告：{path}"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return f"不是 JSON 文件：{path}"
    if not isinstance(report, dict) or report.get("schema") != SCHEMA:
        return f"不是 docscreen 审查报告（缺少 \"schema\": \"{SCHEMA}\"）：{path}"
    return report


def run_opinion(paths: list[Path], out: Path | None) -> int:
    reports: list[tuple[Path, dict[str, Any]]] = []
    problems: list[str] = []
    for path in paths:
        report = _read_report(path)
        if isinstance(report, str):
            problems.append(report)
        else:
            reports.append((path, report))
    if problems:
        for problem in problems:
            print(f"docscreen: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for path, report in reports:
        folder = out if out is not None else path.parent
        stem = report_stem(Path(path.stem), taken) if out is not None else path.stem
        target = folder / f"{stem}{SUFFIX}"
        build_opinion(report).save(str(target))
        print(f"{path}\t{target}\t{verdict(report)}")
    return EXIT_OK
