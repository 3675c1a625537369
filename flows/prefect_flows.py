"""The Prefect flows: screen one stored unit, screen what an upload event names, re-screen an archive.

Every task calls the same plain steps as `docscreen screen` (flows/steps.py, `unit_report`), so
there is one screening code path. A unit is one stored object: a key ending in .zip that holds a
zip archive is a package, anything else one document. The project's own cache is the UnitIndex
(content hash + rules version + docscreen version); Prefect's input hashing and result persistence
are off for every task, since they would hash and store whole documents for nothing.

Called through `.fn()` (outside any flow or task run) the flows run their steps as plain functions,
without an API server; inside a run each step is a task run with its retries.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cache
from importlib.metadata import version
from itertools import islice
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext, TaskRunContext
from prefect.exceptions import MissingContextError
from prefect.futures import PrefectFuture, as_completed
from prefect.settings import get_current_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from docscreen.checkers.rulebook import rules_version
from docscreen.extractors.package_reader import read_zip
from docscreen.extractors.read import sniff
from docscreen.flows.events import object_refs
from docscreen.flows.screen_command import unit_report
from docscreen.flows.bounded_read import DEFAULT_BUDGET, UnitBudget
from docscreen.flows.steps import check, check_package, extract_bounded, extract_members
from docscreen.flows.storage import is_unit_key, open_storage, unit_name
from docscreen.flows.unit_index import UnitIndex, UnitRecord, default_index_path, report_keys
from docscreen.flows.units import names_archive
from docscreen.models import Document
from docscreen.models.package import Package
from docscreen.reports.json_report import Screening, dumps
from docscreen.reports.package_report import PackageScreening
from docscreen.reports.unit_findings import all_findings, unreadable_finding

_NO_STORE = {"cache_policy": NO_CACHE, "persist_result": False}


def _logger() -> logging.Logger | logging.LoggerAdapter:
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("docscreen.flows")


def _in_run() -> bool:
    return FlowRunContext.get() is not None or TaskRunContext.get() is not None


def _call(step: Any, *args: Any) -> Any:
    """A task (or subflow) run inside a flow or task run; the plain function when called through
    `.fn()`. Arguments are quoted: Prefect would otherwise walk every block of a Document and
    every key of a report looking for futures, which costs more than screening them."""
    return step(*map(quote, args)) if _in_run() else step.fn(*args)


def _worth_retrying(task: Any, task_run: Any, state: Any) -> bool:
    """Storage can fail for a moment; a missing object, bucket or bad key stays missing."""
    try:
        state.result()
    except (FileNotFoundError, ValueError):
        return False
    except Exception as exc:
        return getattr(exc, "code", None) not in ("NoSuchKey", "NoSuchBucket")
    return True


_IO_RETRIES = {"retries": 2, "retry_delay_seconds": [1, 5], "retry_condition_fn": _worth_retrying}


@task(name="fetch", **_IO_RETRIES, **_NO_STORE)
def fetch_unit(source_url: str, key: str) -> bytes:
    """The original's bytes; the store is only read."""
    return open_storage(source_url).get(key)


@task(name="extract", **_NO_STORE)
def extract_unit(data: bytes, name: str, budget: UnitBudget = DEFAULT_BUDGET) -> Document | Package:
    """A zip archive named .zip is a package, read in memory; anything else one document (a zip
    named 报告.docx is a document that is not a Word file, and is reported as such). Each document
    is read in its own child process (flows/bounded_read.py), so units on threads side by side
    never share PDFium and none can hang or exhaust the worker."""
    if names_archive(name) and sniff(data) == "zip":
        return extract_members(read_zip(data, name), budget)
    return extract_bounded(data, name, budget)


@task(name="check", **_NO_STORE)
def check_unit(unit: Document | Package, jurisdiction: str | None) -> Screening | PackageScreening:
    if isinstance(unit, Package):
        return check_package(unit, jurisdiction)
    return check(unit, jurisdiction)


@task(name="render", **_NO_STORE)
def render_unit(screening: Screening | PackageScreening) -> tuple[dict[str, Any], str]:
    return unit_report(screening)


@task(name="store-reports", **_IO_RETRIES, **_NO_STORE)
def store_reports(reports_url: str, sha256: str, report: dict[str, Any], html: str) -> tuple[str, str]:
    """Both reports under the content hash and the rules version that produced them."""
    json_key, html_key = report_keys(sha256, report["screening"]["rules_version"])
    storage = open_storage(reports_url)
    storage.put(json_key, dumps(report).encode("utf-8"), "application/json; charset=utf-8")
    storage.put(html_key, html.encode("utf-8"), "text/html; charset=utf-8")
    return json_key, html_key


class UnitFailed(Exception):
    """Screening a unit raised; the "failed" record is already in the index."""

    def __init__(self, record: UnitRecord) -> None:
        super().__init__(record.error_message)
        self.record = record


@dataclass(frozen=True, slots=True)
class UnitOutcome:
    record: UnitRecord
    cached: bool
    report: dict[str, Any] | None = None  # only when screened now


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def findings_by_file(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(file, finding) for the unit's own findings and, in a package, each file's."""
    own = [(report["document"]["name"], f) for f in report["findings"]]
    return own + [(d["path"], f) for d in report.get("documents", []) for f in d["findings"]]


def _record(source: str, key: str, sha256: str, report: dict[str, Any], keys: tuple[str, str]) -> UnitRecord:
    doc, counts = report["document"], report["screening"]
    return UnitRecord(
        source=source,
        key=key,
        sha256=sha256,
        rules_version=counts["rules_version"],
        docscreen_version=counts["docscreen_version"],
        status="screened" if unreadable_finding(report) is None else "unreadable",
        report_json=keys[0],
        report_html=keys[1],
        kind=doc["kind"],
        jurisdiction=doc["jurisdiction"],
        errors=counts["errors"],
        warnings=counts["warnings"],
        codes=";".join(sorted({f["code"] for f in all_findings(report)})),
        screened_at=_now(),
        error_message="",
    )


def _failed(source: str, key: str, sha256: str, exc: BaseException) -> UnitRecord:
    return UnitRecord(
        source=source, key=key, sha256=sha256, rules_version=rules_version(), docscreen_version=version("docscreen"),
        status="failed", report_json="", report_html="", kind="", jurisdiction=None, errors=0, warnings=0, codes="",
        screened_at=_now(), error_message=f"{type(exc).__name__}: {exc}",
    )


def _cached(index: UnitIndex, source: str, key: str, sha256: str, jurisdiction: str | None) -> UnitRecord | None:
    """The record of these bytes under the current rules and docscreen, if one counts (the index
    never answers with a failure); a told jurisdiction other than the one screened under screens
    again. The same bytes under another key are recorded under this key too, so the index lists
    every stored unit."""
    hit = index.done(sha256, rules_version(), version("docscreen"))
    if hit is None or jurisdiction not in (None, hit.jurisdiction):
        return None
    if (hit.source, hit.key) != (source, key):
        hit = replace(hit, source=source, key=key)
        index.record(hit)
    return hit


@cache
def open_index(path: str) -> UnitIndex:
    """One index connection per process and file, shared by its threads: opening one per unit
    from several threads at once makes SQLite refuse the switch to WAL ("database is locked")."""
    return UnitIndex(Path(path))


def screen_stored_unit(
    source_url: str, key: str, reports_url: str, jurisdiction: str | None, index_path: str,
    budget: UnitBudget = DEFAULT_BUDGET,
) -> UnitOutcome:
    """Fetch, look up, extract, check, render, store and record one unit. Raises UnitFailed (after
    recording the failure) when a step raises."""
    log = _logger()
    index = open_index(index_path)
    sha256 = ""
    try:
        data = _call(fetch_unit, source_url, key)
        sha256 = hashlib.sha256(data).hexdigest()
        hit = _cached(index, source_url, key, sha256, jurisdiction)
        if hit is not None:
            log.debug("已审查过（缓存）：%s", key)
            return UnitOutcome(hit, cached=True)
        unit = _call(extract_unit, data, unit_name(key), budget)
        report, html = _call(render_unit, _call(check_unit, unit, jurisdiction))
        keys = _call(store_reports, reports_url, sha256, report, html)
    except Exception as exc:
        failed = _failed(source_url, key, sha256, exc)
        index.record(failed)
        log.error("审查失败：%s（%s）", key, failed.error_message)
        raise UnitFailed(failed) from exc
    record = _record(source_url, key, sha256, report, keys)
    index.record(record)
    return UnitOutcome(record, cached=False, report=report)


def _verdict(record: UnitRecord) -> str:
    if record.status == "failed":
        return "审查失败"
    if record.status == "unreadable":
        return "无法读取"
    if record.errors:
        return "存在错误，需修改"
    return "有警告，建议复核" if record.warnings else "未发现问题"


def _link(storage_url: str, key: str) -> str:
    return f"{storage_url.rstrip('/')}/{key}"


def unit_markdown(record: UnitRecord, report: dict[str, Any] | None, reports_url: str, cached: bool) -> str:
    lines = [f"## {unit_name(record.key)}", "", f"- 结论：**{_verdict(record)}**"]
    if report is not None:
        doc = report["document"]
        lines.append(f"- 类型：{doc['kind_label']}；辖区：{doc['jurisdiction_name']}")
    lines.append(f"- 错误 {record.errors} 项，警告 {record.warnings} 项")
    if record.report_json:
        lines.append(
            f"- 报告：[HTML]({_link(reports_url, record.report_html)})　[JSON]({_link(reports_url, record.report_json)})"
        )
    if record.error_message:
        lines.append(f"- 错误信息：`{record.error_message}`")
    lines += [
        f"- 来源：`{_link(record.source, record.key)}`",
        f"- sha256 `{record.sha256 or '—'}`；规则版本 `{record.rules_version}`；docscreen {record.docscreen_version}",
        f"- {'命中缓存，未重新审查' if cached else '本次审查'}（{record.screened_at}）",
    ]
    return "\n".join(lines) + "\n"


def findings_table(report: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for file, f in findings_by_file(report):
        citation = f["citation"] or {}
        article = " ".join(x for x in (citation.get("regulation"), citation.get("article")) if x)
        rows.append(
            {"file": file, "code": f["code"], "severity": f["severity"], "message": f["message"], "article": article}
        )
    return rows


def artifact_key(kind: str, text: str) -> str:
    """Artifact keys allow lowercase letters, digits and dashes only: a digest names the unit."""
    return f"{kind}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def _publish_unit(record: UnitRecord, report: dict[str, Any] | None, reports_url: str, cached: bool) -> None:
    if FlowRunContext.get() is None:
        return
    name = _link(record.source, record.key)
    create_markdown_artifact(
        unit_markdown(record, report, reports_url, cached), key=artifact_key("screen", name),
        description=f"审查结论：{unit_name(record.key)}",
    )
    if report is not None:
        create_table_artifact(
            findings_table(report), key=artifact_key("findings", name), description=f"审查发现：{unit_name(record.key)}"
        )


def _index_path(index_path: str | None) -> str:
    return str(Path(index_path).resolve() if index_path else default_index_path().resolve())


@flow(name="screen-document", flow_run_name="screen {key}")
def screen_document(
    source_url: str,
    key: str,
    reports_url: str | None = None,
    jurisdiction: str | None = None,
    index_path: str | None = None,
) -> UnitRecord:
    """Screen one stored unit unless these bytes were screened under the same rules and docscreen
    (then its record comes back untouched); the outcome is published as two artifacts."""
    source = open_storage(source_url).url
    reports = open_storage(reports_url).url
    try:
        outcome = screen_stored_unit(source, key, reports, jurisdiction, _index_path(index_path))
    except UnitFailed as failure:
        _publish_unit(failure.record, None, reports, cached=False)
        raise
    report = outcome.report
    if report is None and outcome.record.report_json:
        report = json.loads(open_storage(reports).get(outcome.record.report_json))
    _publish_unit(outcome.record, report, reports, outcome.cached)
    _logger().info("%s：%s（错误 %d，警告 %d）", key, _verdict(outcome.record), outcome.record.errors, outcome.record.warnings)
    return outcome.record


@flow(name="screen-upload")
def screen_upload(
    event: dict[str, Any], reports_url: str | None = None, index_path: str | None = None
) -> list[UnitRecord]:
    """Every object a MinIO `s3:ObjectCreated:*` notification names, each its own screen_document
    run; objects that are not documents (reports written back into the bucket among them) are
    skipped, and one unit failing does not stop the others."""
    log = _logger()
    records = []
    for bucket, key in object_refs(event):
        if not is_unit_key(key):
            log.info("跳过（不是待审查的文档）：%s/%s", bucket, key)
            continue
        try:
            records.append(_call(screen_document, f"s3://{bucket}", key, reports_url, None, index_path))
        except UnitFailed as failure:
            records.append(failure.record)
    return records


@task(name="screen-unit", task_run_name="screen {key}", **_NO_STORE)
def screen_unit(
    source_url: str, key: str, reports_url: str, jurisdiction: str | None, index_path: str,
    budget: UnitBudget = DEFAULT_BUDGET,
) -> UnitOutcome:
    """One unit of a bulk run; a failure comes back as its "failed" record, never as an exception."""
    try:
        outcome = screen_stored_unit(source_url, key, reports_url, jurisdiction, index_path, budget)
    except UnitFailed as failure:
        return UnitOutcome(failure.record, cached=False)
    return replace(outcome, report=None)


@dataclass
class Tally:
    units: int
    ignored: int
    counts: dict[str, int] = field(default_factory=lambda: {"screened": 0, "unreadable": 0, "failed": 0})
    cached: int = 0
    errors: int = 0
    warnings: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)

    def add(self, outcome: UnitOutcome) -> None:
        rec = outcome.record
        self.counts[rec.status] += 1
        self.cached += outcome.cached
        self.errors += rec.errors
        self.warnings += rec.warnings
        if rec.status != "screened":
            self.problems.append({"key": rec.key, "status": rec.status, "message": rec.error_message})

    @property
    def done(self) -> int:
        return sum(self.counts.values())


def require_api_server() -> None:
    """Dask workers report their task runs to the Prefect API. Against the ephemeral API each
    worker would start its own temporary server, so a running server is required."""
    if not get_current_settings().api.url:
        raise RuntimeError(
            "--dask needs a running Prefect server: start `prefect server start` and set "
            "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api) for this process and on every Dask worker."
        )


def _task_runner(concurrency: int, dask_address: str | None) -> TaskRunner:
    if dask_address is None:
        return ThreadPoolTaskRunner(max_workers=concurrency)
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=dask_address)


def _window(runner: TaskRunner, concurrency: int, dask: bool) -> int:
    """Units in flight at once: the thread count; on Dask at least two per worker thread, so a
    worker has its next unit while the coordinator hears of the last one."""
    return max(concurrency, 2 * sum(runner.client.nthreads().values())) if dask else concurrency


def _outcomes(runner: TaskRunner, keys: Iterable[str], params: dict[str, Any], window: int) -> Iterator[UnitOutcome]:
    """Submit units as earlier ones finish, never more than `window` at once, so an interrupted run
    leaves at most `window` units unrecorded."""
    todo = iter(keys)
    running: dict[PrefectFuture[UnitOutcome], str] = {}
    while True:
        for key in islice(todo, window - len(running)):
            running[runner.submit(screen_unit, {**params, "key": key})] = key
        if not running:
            return
        future = next(as_completed(list(running)))
        key = running.pop(future)
        try:
            outcome = future.result()
        except Exception as exc:  # the task itself never raises; a lost worker or engine error does
            failed = _failed(params["source_url"], key, "", exc)
            open_index(params["index_path"]).record(failed)
            outcome = UnitOutcome(failed, cached=False)
        yield outcome


@contextmanager
def _progress(total: int) -> Iterator[Callable[[UnitOutcome], None] | None]:
    """A rich progress bar on a terminal; None (plain log lines instead) otherwise."""
    if not sys.stdout.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()
    ) as progress:
        bar = progress.add_task("审查中", total=total)
        yield lambda outcome: progress.update(bar, advance=1, description=unit_name(outcome.record.key)[:24])


def _publish_rescreen(source: str, summary: dict[str, Any]) -> None:
    if FlowRunContext.get() is None:
        return
    lines = [
        f"## 批量审查：`{source}`",
        "",
        f"- 单元 {summary['units']} 个：已审查 {summary['screened']}，无法读取 {summary['unreadable']}，"
        f"失败 {summary['failed']}（其中 {summary['cached']} 个命中缓存）",
        f"- 错误 {summary['errors']} 项，警告 {summary['warnings']} 项；跳过非文档对象 {summary['ignored']} 个",
        f"- 用时 {summary['seconds']:.1f} 秒",
    ]
    create_markdown_artifact("\n".join(lines) + "\n", key=artifact_key("rescreen", source), description="批量审查汇总")
    if summary["problems"]:
        create_table_artifact(summary["problems"], key=artifact_key("rescreen-problems", source), description="未能审查的单元")


@flow(name="rescreen-archive")
def rescreen_archive(
    source_url: str,
    reports_url: str | None = None,
    concurrency: int = 2,
    jurisdiction: str | None = None,
    index_path: str | None = None,
    dask_address: str | None = None,
    unit_seconds: float = DEFAULT_BUDGET.seconds,
    unit_memory_bytes: int = DEFAULT_BUDGET.memory_bytes,
) -> dict[str, Any]:
    """Screen every document and .zip package under a local folder tree or an S3 prefix; each file
    is a unit (folder-packages on local disk are screened with `docscreen screen`, not here).

    Bounded: at most `concurrency` units at once (on Dask, at least two per worker thread). Isolated:
    a unit that raises gets a "failed" record and the run goes on. Resumable: every finished unit is
    in the index at once, so a run interrupted (Ctrl-C, killed) and started again with the same
    arguments skips what was finished and screens the rest once; failed units are retried. Each
    document is read under `unit_seconds` and `unit_memory_bytes` (flows/bounded_read.py).
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if dask_address is not None:
        require_api_server()
    log = _logger()
    started = time.monotonic()
    source = open_storage(source_url)
    listed = [obj.key for obj in source.list()]
    keys = [k for k in listed if is_unit_key(k)]
    params = {
        "source_url": source.url,
        "reports_url": open_storage(reports_url).url,
        "jurisdiction": jurisdiction,
        "index_path": _index_path(index_path),
        "budget": UnitBudget(unit_seconds, unit_memory_bytes),
    }
    open_index(params["index_path"])  # created here, before workers open it side by side
    log.info("%s：%d 个单元待审查（跳过 %d 个非文档对象）", source.url, len(keys), len(listed) - len(keys))
    tally = Tally(units=len(keys), ignored=len(listed) - len(keys))
    with _task_runner(concurrency, dask_address) as runner, _progress(len(keys)) as advance:
        for outcome in _outcomes(runner, keys, params, _window(runner, concurrency, dask_address is not None)):
            tally.add(outcome)
            rec = outcome.record
            if advance is not None:
                advance(outcome)
            log.log(
                logging.DEBUG if advance is not None else logging.INFO,
                "[%d/%d] %s %s（错误 %d，警告 %d）%s",
                tally.done, tally.units, rec.key, _verdict(rec), rec.errors, rec.warnings, "（缓存）" if outcome.cached else "",
            )
    summary = {
        "source": source.url,
        "reports": params["reports_url"],
        "index": params["index_path"],
        "units": tally.units,
        **tally.counts,
        "cached": tally.cached,
        "ignored": tally.ignored,
        "errors": tally.errors,
        "warnings": tally.warnings,
        "seconds": round(time.monotonic() - started, 2),
        "problems": tally.problems,
    }
    _publish_rescreen(source.url, summary)
    return summary
