"""`docscreen rescreen SOURCE`: re-screen a folder tree or an S3 prefix in bulk, resumably.

Every .docx/.doc/.pdf file is one document and every .zip one package; a folder of files on local
disk is not taken as one package here (`docscreen screen FOLDER` screens it). The index is
$DOCSCREEN_STATE_DIR/index.sqlite (default ./.docscreen/): run again with the same arguments and the
same state directory to resume.

Exit status: 0 every unit screened; 1 some unit could not be read or failed (or the run could not
finish); 2 bad usage; 130 interrupted (start it again with the same arguments to go on).
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote

from docscreen.checkers.rulebook import jurisdiction_ids

EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
SHOWN_PROBLEMS = 20
ARCHIVE_INDEX = "index.html"  # at the root of the reports storage, beside the reports/ it links to
REPORT_READERS = 8  # reports read at once for the index (an S3 GET each)
STATUS_LABELS = {"unreadable": "无法读取", "failed": "审查失败"}


def _usage_error(message: str) -> int:
    print(f"docscreen rescreen: {message}", file=sys.stderr)
    return EXIT_USAGE


def summary_lines(summary: dict[str, Any]) -> list[str]:
    lines = [
        f"批量审查完成：{unquote(summary['source'])}",
        f"  单元 {summary['units']} 个：已审查 {summary['screened']}，无法读取 {summary['unreadable']}，"
        f"失败 {summary['failed']}；其中 {summary['cached']} 个此前已审查（命中缓存）",
        f"  发现错误 {summary['errors']} 项、警告 {summary['warnings']} 项；跳过非文档对象 {summary['ignored']} 个；"
        f"用时 {summary['seconds']:.1f} 秒",
        f"  报告：{unquote(summary['reports'])}　索引：{summary['index']}",
    ]
    problems = summary["problems"]
    if problems:
        lines.append("  未能审查的单元：")
        for p in problems[:SHOWN_PROBLEMS]:
            detail = f"：{p['message']}" if p["message"] else ""
            lines.append(f"    {p['key']}　{STATUS_LABELS[p['status']]}{detail}")
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"    …… 另有 {len(problems) - SHOWN_PROBLEMS} 个，见索引")
    return lines


def write_archive_index(summary: dict[str, Any]) -> str:
    """The index page of the archive: the latest record of every unit under this source, written
    to the reports storage so its relative links reach the reports from file:// and from a bucket."""
    from docscreen.flows.storage import open_storage
    from docscreen.flows.unit_index import UnitIndex
    from docscreen.reports.index_page import index_html
    from docscreen.reports.summary import SummaryRow, yuan_cell

    reports = open_storage(summary["reports"])

    def stated_total(report_key: str) -> str:
        """The index has no total investment; the unit's JSON report states it."""
        if not report_key:
            return ""
        return yuan_cell(json.loads(reports.get(report_key))["document"]["total_investment_yuan"])

    with UnitIndex(summary["index"]) as index:
        latest = list({r.key: r for r in index.records() if r.source == summary["source"]}.values())
    with ThreadPoolExecutor(max_workers=REPORT_READERS) as pool:
        totals = list(pool.map(stated_total, [r.report_json for r in latest]))
    rows = [
        SummaryRow(
            input=r.key, report_json=r.report_json, report_html=r.report_html, kind=r.kind,
            jurisdiction=r.jurisdiction or "", total_investment_yuan=total, errors=r.errors, warnings=r.warnings,
            status=r.status, codes=r.codes,
        )
        for r, total in zip(latest, totals)
    ]
    html = index_html(rows, unquote(summary["source"]))
    reports.put(ARCHIVE_INDEX, html.encode("utf-8"), "text/html; charset=utf-8")
    return f"{unquote(summary['reports'])}/{ARCHIVE_INDEX}"


def run_rescreen(args: argparse.Namespace) -> int:
    if args.concurrency < 1:
        return _usage_error("--concurrency 至少为 1")
    if args.jurisdiction is not None and args.jurisdiction not in jurisdiction_ids():
        return _usage_error(f"未知辖区 {args.jurisdiction!r}，可选：{', '.join(jurisdiction_ids())}")
    from docscreen.flows.storage import LocalStorage, open_storage

    try:
        source = open_storage(args.source)
    except ValueError as exc:  # an s3:// source without S3 settings, or without a bucket
        return _usage_error(str(exc))
    if isinstance(source, LocalStorage) and not source.root.is_dir():
        return _usage_error(f"找不到文件夹：{args.source}")

    from docscreen.flows.prefect_flows import require_api_server, rescreen_archive

    if args.dask is not None:
        try:
            require_api_server()
        except RuntimeError:
            return _usage_error(
                "--dask 需要运行中的 Prefect server：先运行 `prefect server start`，并在本机和每个 Dask worker 上"
                "设置 PREFECT_API_URL（如 http://127.0.0.1:4200/api）。"
            )
    try:
        summary = rescreen_archive(
            args.source, args.reports, args.concurrency, args.jurisdiction, None, args.dask,
            args.unit_timeout, args.unit_memory,
        )
    except KeyboardInterrupt:
        print("已中断：完成的单元已记入索引，用相同参数重新运行即可接着审查其余单元。", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        print(f"批量审查未能完成：{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INCOMPLETE
    print("\n".join(summary_lines(summary)))
    print(f"  索引页：{write_archive_index(summary)}")
    return EXIT_OK if summary["unreadable"] == summary["failed"] == 0 else EXIT_INCOMPLETE
