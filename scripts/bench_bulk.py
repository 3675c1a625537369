"""Bulk re-screening throughput: documents/minute, pages/second and peak memory.

    python scripts/bench_bulk.py [--count 200] [--concurrency 2] [--dask]

The sample DOCX and PDF files are copied until there are --count documents, each copy changed by a
few bytes so that its hash, and so its cache key, is its own (a DOCX gets a zip comment, a PDF a
comment line after %%EOF). For reference they are first screened one after another without
Prefect, as `docscreen screen` does; then `rescreen_archive` screens them on the local thread
runner, again over the same index (every unit a cache hit: what a resumed or repeated run costs),
and with --dask on a local Dask cluster of 2 worker processes with 1 thread each.

Each run is its own process, so its peak memory (and, on Dask, each worker's) is its own. The
figures count the flow run from start to summary; a process's start-up (imports, first flow run,
Dask workers importing docscreen) is shown apart. A `prefect server` is started for the bench
unless PREFECT_API_URL is set: Dask needs one, and the local runner then pays the same API costs.
Pages are what the reports say: counted for a PDF, estimated from the text for a DOCX.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docscreen.flows.prefect_server import local_prefect_server

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").glob("*/*") if p.suffix in (".docx", ".pdf") and p.parent.name != "broken")


def variant(path: Path, n: int) -> bytes:
    """The sample with a few bytes of its own: the document reads the same, its hash differs."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data + f"\n%bench copy {n}\n".encode()
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as docx:
        docx.comment = f"bench copy {n}".encode()
    return buffer.getvalue()


def make_archive(folder: Path, count: int) -> None:
    for n in range(count):
        sample = SAMPLES[n % len(SAMPLES)]
        target = folder / sample.parent.name / f"{n:04d}-{sample.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(variant(sample, n))


@contextmanager
def prefect_server(home: Path) -> Iterator[str]:
    """The server PREFECT_API_URL names, or one of our own for the bench."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    with local_prefect_server(home) as url:
        yield url


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_plain(work: Path) -> dict[str, Any]:
    """The reference: the same steps one file after another, as `docscreen screen` runs them."""
    started = time.monotonic()
    from docscreen.flows.screen_command import unit_report
    from docscreen.flows.steps import screen_path

    files = sorted(p for p in (work / "archive").rglob("*") if p.is_file())
    begun = time.monotonic()
    pages = sum(unit_report(screen_path(p))[0]["document"]["pages"] or 0 for p in files)
    seconds = time.monotonic() - begun
    summary = {"screened": len(files), "unreadable": 0, "cached": 0, "seconds": seconds}
    return {"mode": "plain", "summary": summary, "pages": pages, "total_s": time.monotonic() - started,
            "peak_mb": _peak_mb()}


def run_one(mode: str, work: Path, concurrency: int) -> dict[str, Any]:
    """One rescreen in this process (called in a child process by `main`)."""
    if mode == "plain":
        return run_plain(work)
    started = time.monotonic()
    from docscreen.flows.prefect_flows import rescreen_archive
    from docscreen.flows.storage import open_storage
    from docscreen.flows.unit_index import UnitIndex

    name = "dask" if mode == "dask" else "local"  # the cached pass reruns the local one over its index
    reports, index = work / f"reports-{name}", work / f"index-{name}.sqlite"
    result: dict[str, Any] = {"mode": mode}
    if mode == "dask":
        from distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
            summary = rescreen_archive(
                str(work / "archive"), str(reports), concurrency, None, str(index), cluster.scheduler_address
            )
            with cluster.get_client() as client:
                result["workers_peak_mb"] = sorted(client.run(_peak_mb).values())
    else:
        summary = rescreen_archive(str(work / "archive"), str(reports), concurrency, None, str(index))
    result["total_s"] = time.monotonic() - started
    storage = open_storage(str(reports))
    with UnitIndex(index) as units:
        pages = [json.loads(storage.get(r.report_json))["document"]["pages"] or 0 for r in units.records() if r.report_json]
    result.update(summary=summary, pages=sum(pages), peak_mb=_peak_mb())
    return result


def _child(mode: str, work: Path, concurrency: int, api_url: str) -> dict[str, Any]:
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_HOME": str(work / "prefect-client"),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    done = subprocess.run(
        [sys.executable, __file__, "--run", mode, "--work", str(work), "--concurrency", str(concurrency)],
        env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{mode} run failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(label: str, r: dict[str, Any], count: int) -> str:
    s = r["summary"]
    seconds = s["seconds"]
    per_min = count / seconds * 60
    pages = f"{r['pages'] / seconds:8.0f}" if r["pages"] and s["cached"] == 0 else "       -"
    memory = f"{r['peak_mb']:.0f} MB"
    if "workers_peak_mb" in r:
        memory += " + workers " + "/".join(f"{m:.0f}" for m in r["workers_peak_mb"]) + " MB"
    return (
        f"{label:<26}{s['screened'] + s['unreadable']:>6}{s['cached']:>7}{seconds:>9.1f}{per_min:>10.0f}{pages}"
        f"{r['total_s'] - seconds:>10.1f}   {memory}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--dask", action="store_true", help="also run on a local Dask cluster (2 workers × 1 thread)")
    parser.add_argument("--run", choices=["plain", "local", "cached", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run, args.work, args.concurrency)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="docscreen-bench-"))
    try:
        make_archive(work / "archive", args.count)
        (work / "prefect-server").mkdir()
        with prefect_server(work / "prefect-server") as api_url:
            runs = [
                ("plain", "no Prefect, one by one"),
                ("local", f"local, {args.concurrency} threads"),
                ("cached", "local, all cached"),
            ]
            if args.dask:
                runs.append(("dask", "dask, 2 workers × 1 thread"))
            results = [(label, _child(mode, work, args.concurrency, api_url)) for mode, label in runs]
        print(f"{args.count} documents ({len(SAMPLES)} samples, each copy with its own hash), {os.cpu_count()} cores")
        print(f"{'runner':<26}{'units':>6}{'cached':>7}{'seconds':>9}{'docs/min':>10}{'pages/s':>8}"
              f"{'start-up':>10}   peak RSS")
        for label, r in results:
            print(_row(label, r, args.count))
        pages = results[0][1]["pages"]
        print(f"pages in the reports: {pages} ({pages / args.count:.0f} per document)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
