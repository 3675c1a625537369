"""Real flow runs against a Prefect server started for this module: bulk re-screening with failure
isolation, artifacts, an S3 prefix, interruption and resumption, and a Dask cluster."""

import os
import tempfile

os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="docscreen-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import io  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import asdict  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from prefect.events.worker import EventsWorker  # noqa: E402
from prefect.logging.handlers import APILogWorker  # noqa: E402
from prefect.settings import PREFECT_API_URL, temporary_settings  # noqa: E402
from _html import units_of  # noqa: E402
from s3_server import bucket, s3_endpoint, s3_env  # noqa: E402,F401

from docscreen.flows import prefect_flows  # noqa: E402
from docscreen.flows.cli import main  # noqa: E402
from docscreen.flows.prefect_server import local_prefect_server  # noqa: E402
from docscreen.flows.prefect_flows import artifact_key, rescreen_archive, screen_document, screen_upload  # noqa: E402
from docscreen.flows.storage import open_storage, s3_client  # noqa: E402
from docscreen.flows.unit_index import UnitIndex, UnitRecord  # noqa: E402
from docscreen.reports.index_page import report_href  # noqa: E402
from tests.bad_inputs import hang_on_pdf, thousands_of_pages  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DOCUMENTS = sorted(p for p in SAMPLES.glob("*/*") if p.suffix in (".docx", ".pdf") and p.parent.name != "broken")
PACKAGE = SAMPLES / "验收材料" / "新干县智慧党建平台竣工验收材料.zip"
EMPTY = SAMPLES / "broken" / "空文件.docx"


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`prefect server start` on a free port with its own home; this process and the child
    processes it starts talk to it (the ephemeral API would cost a server per process)."""
    with local_prefect_server(tmp_path_factory.mktemp("prefect-server"), start_timeout=60) as url:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
            APILogWorker.drain_all(timeout=5)  # send what is queued before the server goes
            EventsWorker.drain_all(timeout=5)


def archive(folder: Path, documents: list[Path]) -> list[str]:
    """The documents copied into a folder tree as an archive holds them; their keys."""
    keys = []
    for path in documents:
        key = f"{path.parent.name}/{path.name}"
        (folder / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / key)
        keys.append(key)
    return keys


def records(index_path: Path) -> dict[str, UnitRecord]:
    with UnitIndex(index_path) as index:
        return {r.key: r for r in index.records()}


def test_a_bulk_run_isolates_a_failure_records_every_unit_and_resumes_from_the_index(
    prefect_api: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src, state = tmp_path / "档案", tmp_path / "state"
    keys = archive(src, DOCUMENTS[:6] + [PACKAGE, EMPTY])
    (src / "说明.txt").write_text("不是待审查的材料", encoding="utf-8")
    doomed = keys[2]
    real_check = prefect_flows.check

    def check(doc, jurisdiction=None):
        if doc.name == Path(doomed).name:
            raise RuntimeError("规则引擎故障")
        return real_check(doc, jurisdiction)

    monkeypatch.setattr(prefect_flows, "check", check)
    monkeypatch.setenv("DOCSCREEN_STATE_DIR", str(state))
    argv = ["rescreen", str(src), "--reports", str(tmp_path / "reports"), "--concurrency", "2"]

    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "单元 8 个：已审查 6，无法读取 1，失败 1；其中 0 个此前已审查" in out
    assert "跳过非文档对象 1 个" in out
    assert f"{doomed}　审查失败：RuntimeError: 规则引擎故障" in out and "broken/空文件.docx　无法读取" in out
    first = records(state / "index.sqlite")
    assert sorted(first) == sorted(keys)
    assert Counter(r.status for r in first.values()) == Counter({"screened": 6, "unreadable": 1, "failed": 1})
    assert first[doomed].error_message == "RuntimeError: 规则引擎故障"
    assert first[f"验收材料/{PACKAGE.name}"].kind == "acceptance_package"
    reports = open_storage(str(tmp_path / "reports"))
    assert all(reports.exists(r.report_json) and reports.exists(r.report_html) for r in first.values() if r.report_json)
    assert "索引页：" in out
    index = reports.get("index.html").decode("utf-8")
    assert "显示 8 / 8" in index
    units = {u["name"]: u for u in units_of(index)["units"]}
    assert sorted(units) == sorted(keys) and units[doomed]["s"] == "审查失败"
    assert all(units[k]["h"] == (report_href(r.report_html) if r.report_html else "") for k, r in first.items())
    for k, r in first.items():
        if r.report_json:
            total = json.loads(reports.get(r.report_json))["document"]["total_investment_yuan"]
            assert units[k]["t"] == ("" if total is None else f"{Decimal(str(total)):.2f}")
    assert any(u["t"] for u in units.values())

    monkeypatch.setattr(prefect_flows, "check", real_check)
    assert main(argv) == 1
    assert "已审查 7，无法读取 1，失败 0；其中 7 个此前已审查" in capsys.readouterr().out
    second = records(state / "index.sqlite")
    assert second[doomed].status == "screened"
    assert all(second[k] == first[k] for k in keys if k != doomed)


def read_artifacts(api: str, key: str) -> list[dict]:
    """Every version of an artifact, oldest first, as the UI reads them."""
    query = json.dumps({"artifacts": {"key": {"any_": [key]}}, "sort": "CREATED_DESC"}).encode()
    request = urllib.request.Request(f"{api}/artifacts/filter", query, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)[::-1]


def test_each_screening_run_publishes_its_verdict_and_findings(prefect_api: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    (key,) = archive(src, [PACKAGE])
    args = (str(src), key, str(tmp_path / "reports"), None, str(tmp_path / "index.sqlite"))
    record = screen_document(*args)
    again = screen_document(*args)
    assert again == record

    unit = f"{open_storage(str(src)).url}/{key}"
    summaries = read_artifacts(prefect_api, artifact_key("screen", unit))
    assert [a["type"] for a in summaries] == ["markdown", "markdown"]
    assert "存在错误，需修改" in summaries[0]["data"] and "本次审查" in summaries[0]["data"]
    assert "命中缓存" in summaries[1]["data"] and record.report_html in summaries[1]["data"]
    tables = read_artifacts(prefect_api, artifact_key("findings", unit))
    assert [a["type"] for a in tables] == ["table", "table"]
    rows = json.loads(tables[-1]["data"])
    assert {r["code"] for r in rows} == set(record.codes.split(";"))


def test_a_bucket_prefix_in_bulk_and_an_upload_event(prefect_api: str, bucket: str, tmp_path: Path) -> None:
    client = s3_client()
    for path in DOCUMENTS[5:8] + [EMPTY]:
        data = path.read_bytes()
        client.put_object(bucket_name=bucket, object_name=f"档案/{path.name}", data=io.BytesIO(data), length=len(data))
    index = tmp_path / "index.sqlite"

    summary = rescreen_archive(f"s3://{bucket}/档案", f"s3://{bucket}/审查", 2, None, str(index))

    assert (summary["units"], summary["screened"], summary["unreadable"], summary["failed"]) == (4, 3, 1, 0)
    found = records(index)
    assert sorted(found) == sorted(p.name for p in DOCUMENTS[5:8] + [EMPTY])
    reports = open_storage(f"s3://{bucket}/审查")
    assert sorted(o.key for o in reports.list()) == sorted(
        k for r in found.values() for k in (r.report_json, r.report_html)
    )

    data = DOCUMENTS[8].read_bytes()
    client.put_object(bucket_name=bucket, object_name="上传/新 文件.docx", data=io.BytesIO(data), length=len(data))
    event = {
        "EventName": "s3:ObjectCreated:Put",
        "Records": [
            {"eventName": "s3:ObjectCreated:Put", "s3": {"bucket": {"name": bucket}, "object": {"key": k}}}
            for k in ("%E4%B8%8A%E4%BC%A0/%E6%96%B0+%E6%96%87%E4%BB%B6.docx", "%E6%A1%A3%E6%A1%88%2F" + "gone.pdf")
        ],
    }
    uploaded = screen_upload(event, f"s3://{bucket}/审查", str(index))
    assert [(r.key, r.status) for r in uploaded] == [("上传/新 文件.docx", "screened"), ("档案/gone.pdf", "failed")]
    assert "NoSuchKey" in uploaded[1].error_message


DRIVER = """
import os, signal, sys, time
from docscreen.flows import prefect_flows

signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a terminal, even when launched in the background

real = prefect_flows.extract_bounded

def counted(data, name, budget):
    with open(os.environ["UNIT_COUNTER"], "a", encoding="utf-8") as f:
        f.write(name + "\\n")
    time.sleep(float(os.environ["UNIT_DELAY"]))
    return real(data, name, budget)

prefect_flows.extract_bounded = counted
from docscreen.flows.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_an_interrupted_run_resumes_without_redoing_finished_units(
    prefect_api: str, tmp_path: Path, signum: signal.Signals
) -> None:
    src, state, counter = tmp_path / "src", tmp_path / "state", tmp_path / "extracted.txt"
    names = [p.name for p in DOCUMENTS[:12]]
    archive(src, DOCUMENTS[:12])
    (tmp_path / "driver.py").write_text(DRIVER, encoding="utf-8")
    env = {
        **os.environ, "PREFECT_API_URL": prefect_api, "DOCSCREEN_STATE_DIR": str(state), "UNIT_COUNTER": str(counter),
        "UNIT_DELAY": "0.4",
    }
    command = [sys.executable, str(tmp_path / "driver.py"), "rescreen", str(src), "--reports", str(tmp_path / "out")]

    def finished() -> set[str]:
        try:
            with sqlite3.connect(state / "index.sqlite") as db:
                return {Path(k).name for (k,) in db.execute("SELECT key FROM units WHERE status = 'screened'")}
        except sqlite3.Error:
            return set()

    def extracted() -> list[str]:
        return counter.read_text(encoding="utf-8").splitlines() if counter.exists() else []

    run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(finished()) < 3:
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()[1].decode(errors="replace")
        time.sleep(0.05)
    run.send_signal(signum)
    _, err = run.communicate(timeout=30)
    done_before, started_before = finished(), extracted()
    assert 3 <= len(done_before) < len(names)
    if signum == signal.SIGINT:
        assert run.returncode == 130 and "已中断" in err.decode()
        assert sorted(started_before) == sorted(done_before)  # the units in flight were let finish
    cut_off = set(started_before) - done_before
    assert len(cut_off) <= 2

    resumed = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert resumed.returncode == 0, (resumed.stdout + resumed.stderr).decode(errors="replace")[-3000:]
    assert f"其中 {len(done_before)} 个此前已审查" in resumed.stdout.decode()
    assert finished() == set(names)
    assert len(records(state / "index.sqlite")) == len(names)
    runs = Counter(extracted())
    assert set(runs) == set(names)
    assert {n for n, times in runs.items() if times > 1} == cut_off
    assert all(runs[n] == 1 for n in done_before)


@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")  # the scheduler's HTTP routes move elsewhere
def test_a_dask_cluster_writes_the_same_reports_as_the_local_runner(
    prefect_api: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import LocalCluster

    src = tmp_path / "src"
    archive(src, DOCUMENTS[:4] + [PACKAGE, EMPTY])
    monkeypatch.setenv("PREFECT_API_URL", prefect_api)  # the workers report their task runs to the server
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        on_dask = rescreen_archive(
            str(src), str(tmp_path / "dask"), 1, None, str(tmp_path / "dask.sqlite"), cluster.scheduler_address
        )
    local = rescreen_archive(str(src), str(tmp_path / "local"), 2, None, str(tmp_path / "local.sqlite"))

    assert {k: v for k, v in on_dask.items() if k not in ("seconds", "reports", "index")} == {
        k: v for k, v in local.items() if k not in ("seconds", "reports", "index")
    }
    assert on_dask["screened"] == 5 and on_dask["unreadable"] == 1

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert tree(tmp_path / "dask") == tree(tmp_path / "local") and len(tree(tmp_path / "local")) == 12

    def comparable(index: Path) -> dict[str, dict]:
        return {k: {**asdict(r), "screened_at": None} for k, r in records(index).items()}

    assert comparable(tmp_path / "dask.sqlite") == comparable(tmp_path / "local.sqlite")


def test_a_bulk_run_stops_a_read_past_its_budget_and_goes_on(
    prefect_api: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "档案"
    src.mkdir()
    (src / "两千页.pdf").write_bytes(thousands_of_pages())
    shutil.copy(DOCUMENTS[0], src / DOCUMENTS[0].name)
    hang_on_pdf(monkeypatch)
    monkeypatch.setenv("DOCSCREEN_STATE_DIR", str(tmp_path / "state"))
    argv = ["rescreen", str(src), "--reports", str(tmp_path / "reports"), "--unit-timeout", "2", "--unit-memory", "2G"]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "单元 2 个：已审查 1，无法读取 1，失败 0" in out
    stopped = records(tmp_path / "state" / "index.sqlite")["两千页.pdf"]
    report = json.loads(open_storage(str(tmp_path / "reports")).get(stopped.report_json))
    assert [e["code"] for e in report["errors"]] == ["timeout"] and "2 秒" in report["errors"][0]["message"]
