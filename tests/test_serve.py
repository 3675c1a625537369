"""`docscreen serve`: MinIO event payloads, the webhook endpoint and its durable queue, polling, and
one upload screened end to end against an S3 server."""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest
from s3_server import bucket, s3_endpoint, s3_env  # noqa: F401  (fixtures)

from docscreen.flows.events import object_events, object_refs
from docscreen.flows.prefect_server import free_port
from docscreen.flows.serve_command import UploadService, ignored_prefixes, make_server, poll_once, run_serve
from docscreen.flows.storage import LocalStorage, open_storage, s3_client
from docscreen.flows.unit_index import UnitIndex, UnitRecord

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "营口市" / "营口市智慧应急指挥平台项目建议书.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# What MinIO POSTs to the webhook after `mc cp` of 营口市/营口市智慧应急指挥平台 项目建议书.docx into
# the bucket `uploads` (one event per request; the record's key is Go's url.QueryEscape of the name).
RECORDED: dict[str, Any] = {
    "EventName": "s3:ObjectCreated:Put",
    "Key": "uploads/营口市/营口市智慧应急指挥平台 项目建议书.docx",
    "Records": [
        {
            "eventVersion": "2.0",
            "eventSource": "minio:s3",
            "awsRegion": "",
            "eventTime": "2026-11-20T08:14:03.512Z",
            "eventName": "s3:ObjectCreated:Put",
            "userIdentity": {"principalId": "yingkou-uploader"},
            "requestParameters": {"principalId": "yingkou-uploader", "region": "", "sourceIPAddress": "10.12.0.31"},
            "responseElements": {
                "x-amz-id-2": "dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8",
                "x-amz-request-id": "1879C2E4A1D3F2B7",
                "x-minio-deployment-id": "4f1c7d4e-8a55-4a63-9f3e-0d8cbb1d6a21",
                "x-minio-origin-endpoint": "http://10.12.0.5:9000",
            },
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": "Config",
                "bucket": {
                    "name": "uploads",
                    "ownerIdentity": {"principalId": "yingkou-uploader"},
                    "arn": "arn:aws:s3:::uploads",
                },
                "object": {
                    "key": "%E8%90%A5%E5%8F%A3%E5%B8%82%2F%E8%90%A5%E5%8F%A3%E5%B8%82%E6%99%BA%E6%85%A7%E5%BA%94"
                    "%E6%80%A5%E6%8C%87%E6%8C%A5%E5%B9%B3%E5%8F%B0+%E9%A1%B9%E7%9B%AE%E5%BB%BA%E8%AE%AE%E4%B9%A6.docx",
                    "size": 50769,
                    "eTag": "5d1b8a2f0c3e4b6a9d7e8f1a2b3c4d5e",
                    "contentType": DOCX,
                    "userMetadata": {"content-type": DOCX},
                    "sequencer": "1879C2E4A1F0B9A2",
                },
            },
            "source": {
                "host": "10.12.0.31",
                "port": "",
                "userAgent": "MinIO (linux; amd64) minio-go/v7.0.70 mc/RELEASE.2024-06-12T14-34-03Z",
            },
        }
    ],
}


def minio_event(bucket: str, key: str, etag: str = "e1", size: int = 1, name: str = "s3:ObjectCreated:Put") -> dict[str, Any]:
    """The recorded payload, for another object."""
    event = copy.deepcopy(RECORDED)
    event["EventName"], event["Key"] = name, f"{bucket}/{key}"
    record = event["Records"][0]
    record["eventName"] = name
    record["s3"]["bucket"].update(name=bucket, arn=f"arn:aws:s3:::{bucket}")
    record["s3"]["object"].update(key=quote_plus(key, safe=""), eTag=etag, size=size)
    return event


# --- event payloads -----------------------------------------------------------------------------


def test_recorded_minio_event() -> None:
    assert object_refs(RECORDED) == [("uploads", "营口市/营口市智慧应急指挥平台 项目建议书.docx")]
    (ref,) = object_events(RECORDED)
    assert (ref.etag, ref.size) == ("5d1b8a2f0c3e4b6a9d7e8f1a2b3c4d5e", 50769)


@pytest.mark.parametrize(
    "name", ["s3:ObjectCreated:Put", "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectCreated:Copy", "ObjectCreated:Post"]
)
def test_events_that_bring_content(name: str) -> None:
    assert object_refs(minio_event("uploads", "附件 (1)+2.pdf", name=name)) == [("uploads", "附件 (1)+2.pdf")]


@pytest.mark.parametrize(
    "name",
    ["s3:ObjectRemoved:Delete", "s3:ObjectAccessed:Get", "s3:ObjectCreated:PutTagging", "s3:ObjectCreated:PutRetention"],
)
def test_events_without_new_content_are_ignored(name: str) -> None:
    assert object_refs(minio_event("uploads", "营口市/a.docx", name=name)) == []


def test_reports_and_folder_markers_are_ignored() -> None:
    event = minio_event("uploads", "reports/ab/abcd/r1/report.json")
    event["Records"] += minio_event("uploads", "营口市/")["Records"] + minio_event("uploads", "营口市/b.pdf")["Records"]
    event["Records"] += minio_event("uploads", "营口市/b.pdf", etag="e2")["Records"]  # the same object twice
    assert object_refs(event) == [("uploads", "营口市/b.pdf")]
    assert object_events(minio_event("uploads", "out/reports/x.json"), ignore_prefixes=("out/reports/",)) == []


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"EventName": "s3:ObjectCreated:Put", "Key": "uploads/a.docx"},
        {"Records": "nope"},
        {"Records": ["nope"]},
        {"Records": [{"eventName": "s3:ObjectCreated:Put", "s3": {"bucket": {"name": "uploads"}, "object": {}}}]},
        {"Records": [{"eventName": "s3:ObjectCreated:Put", "s3": {"bucket": {}, "object": {"key": "a.docx"}}}]},
        {"Records": [{"s3": {"bucket": {"name": "uploads"}, "object": {"key": "a.docx"}}}]},
        [],
    ],
)
def test_malformed_payloads_are_refused(payload: Any) -> None:
    with pytest.raises(ValueError):
        object_refs(payload)


# --- the endpoint and its workers ---------------------------------------------------------------


class FakeScreen:
    """Counts calls; holds every call at `gate` while it is closed; raises for keys in `failing`
    as many times as asked."""

    def __init__(self, gate: threading.Event | None = None, failing: dict[str, int] | None = None) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()
        self.gate = gate
        self.failing = dict(failing or {})
        self.lock = threading.Lock()

    def __call__(self, source: str, key: str) -> None:
        if self.gate is not None:
            assert self.gate.wait(20)
        with self.lock:
            self.calls[(source, key)] += 1
            if self.failing.get(key, 0) > 0:
                self.failing[key] -= 1
                raise OSError(f"cannot fetch {key}")


@contextmanager
def serving(
    index: UnitIndex, screen: Any, token: str | None = None, start: bool = True
) -> Iterator[tuple[UploadService, str]]:
    service = UploadService(screen, index, workers=2)
    server = make_server(service, "127.0.0.1", 0, token)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    if start:
        service.start()
    try:
        yield service, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        service.stop(10)


def request(url: str, payload: Any = None, token: str | None = None, method: str | None = None) -> tuple[int, Any]:
    data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if token is not None:
        req.add_header("Authorization", token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            body = response.read()
            return response.status, json.loads(body) if body else None
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, json.loads(body) if body else None


def test_a_burst_of_500_uploads_is_acknowledged_at_once_and_screened_once(tmp_path: Path) -> None:
    gate = threading.Event()
    screen = FakeScreen(gate)
    keys = [f"营口市/第{n:03d}号 项目建议书.docx" for n in range(500)]
    with serving(UnitIndex(tmp_path / "index.sqlite"), screen) as (service, url):
        post = partial(request, f"{url}/minio/events")
        started = time.monotonic()
        with ThreadPoolExecutor(16) as pool:
            replies = list(pool.map(lambda k: post(minio_event("uploads", k, etag="e1")), keys))
        acknowledged = time.monotonic() - started
        print(f"500 events acknowledged in {acknowledged:.2f} s")
        # every event is answered while screening has not even begun (the workers are held at the gate)
        assert replies == [(200, {"queued": 1, "duplicates": 0, "ignored": 0})] * 500
        assert sum(screen.calls.values()) == 0 and service.index.pending_count() == 500
        assert acknowledged < 8
        gate.set()
        assert service.wait_idle(20)
        assert screen.calls == Counter({("s3://uploads", k): 1 for k in keys})

        with ThreadPoolExecutor(16) as pool:  # MinIO delivering the same events again
            again = list(pool.map(lambda k: post(minio_event("uploads", k, etag="e1")), keys))
        assert again == [(200, {"queued": 0, "duplicates": 1, "ignored": 0})] * 500
        assert service.index.pending_count() == 0
        assert sum(screen.calls.values()) == 500


def test_duplicates_while_queued_and_new_versions(tmp_path: Path) -> None:
    gate = threading.Event()
    screen = FakeScreen(gate)
    with serving(UnitIndex(tmp_path / "index.sqlite"), screen) as (service, url):
        post = partial(request, f"{url}/minio/events")
        assert post(minio_event("uploads", "a.docx", etag="e1"))[1]["queued"] == 1
        assert post(minio_event("uploads", "a.docx", etag="e1"))[1]["duplicates"] == 1  # queued or in hand
        gate.set()
        assert service.wait_idle(10)
        assert post(minio_event("uploads", "a.docx", etag="e1"))[1]["duplicates"] == 1  # screened already
        assert post(minio_event("uploads", "a.docx", etag="e2"))[1]["queued"] == 1  # uploaded again, changed
        assert service.wait_idle(10)
    assert screen.calls == Counter({("s3://uploads", "a.docx"): 2})


def test_the_token_is_enforced(tmp_path: Path) -> None:
    screen = FakeScreen()
    event = minio_event("uploads", "a.docx")
    with serving(UnitIndex(tmp_path / "index.sqlite"), screen, token="s3cr3t") as (service, url):
        post = partial(request, f"{url}/minio/events", event)
        assert post()[0] == 401
        assert post(token="Bearer wrong")[0] == 401
        assert post(token="s3cr3t")[0] == 401
        assert service.index.pending_count() == 0
        assert post(token="Bearer s3cr3t") == (200, {"queued": 1, "duplicates": 0, "ignored": 0})
        assert service.wait_idle(10)
    with serving(UnitIndex(tmp_path / "other.sqlite"), screen, token="Token abc") as (service, url):
        # MinIO sends an auth_token of the form "<scheme> <token>" as it is
        assert request(f"{url}/minio/events", event, token="Bearer Token abc")[0] == 401
        assert request(f"{url}/minio/events", event, token="Token abc")[0] == 200
        assert service.wait_idle(10)
    assert screen.calls == Counter({("s3://uploads", "a.docx"): 2})


def test_health_probe_and_bad_requests(tmp_path: Path) -> None:
    screen = FakeScreen(threading.Event())
    with serving(UnitIndex(tmp_path / "index.sqlite"), screen) as (service, url):
        assert request(f"{url}/health") == (200, {"status": "ok", "pending": 0, "workers": 2})
        assert request(f"{url}/minio/events", method="HEAD")[0] == 200  # MinIO's liveness probe
        assert request(f"{url}/nothing")[0] == 404
        assert request(f"{url}/elsewhere", {"Records": []})[0] == 404
        assert request(f"{url}/minio/events", {"Records": [{"eventName": 1}]})[0] == 400
        req = urllib.request.Request(f"{url}/minio/events", data=b"{not json", method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=10)
        assert refused.value.code == 400
        ignored = minio_event("uploads", "reports/ab/x/r1/report.json")
        ignored["Records"] += minio_event("uploads", "营口市/预算表.xlsx")["Records"]
        ignored["Records"] += minio_event("uploads", "a.docx", name="s3:ObjectCreated:PutTagging")["Records"]
        assert request(f"{url}/minio/events", ignored) == (200, {"queued": 0, "duplicates": 0, "ignored": 1})
        request(f"{url}/minio/events", minio_event("uploads", "a.docx"))
        assert request(f"{url}/health")[1]["pending"] == 1
        screen.gate.set()  # type: ignore[union-attr]
        assert service.wait_idle(10)


def test_accepted_uploads_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    keys = [f"营口市/{n}.pdf" for n in range(20)]
    index = UnitIndex(path)
    with serving(index, FakeScreen(), start=False) as (_, url):  # the endpoint answers, no worker runs
        for key in keys:
            assert request(f"{url}/minio/events", minio_event("uploads", key))[0] == 200
    assert index.next_pending() == ("s3://uploads", keys[0])  # a worker took one, then the process died
    index.close()

    screen = FakeScreen()
    with serving(UnitIndex(path), screen) as (service, _):
        assert service.wait_idle(10)
    assert screen.calls == Counter({("s3://uploads", k): 1 for k in keys})


def test_a_failing_screening_is_retried_then_given_up(tmp_path: Path) -> None:
    screen = FakeScreen(failing={"flaky.docx": 1, "broken.docx": 99})
    index = UnitIndex(tmp_path / "index.sqlite")
    with serving(index, screen) as (service, url):
        for key in ("flaky.docx", "broken.docx", "fine.docx"):
            request(f"{url}/minio/events", minio_event("uploads", key))
        assert service.wait_idle(10)
    assert screen.calls == Counter(
        {("s3://uploads", "flaky.docx"): 2, ("s3://uploads", "broken.docx"): 3, ("s3://uploads", "fine.docx"): 1}
    )
    assert index.pending_state("s3://uploads", "flaky.docx") == "done"
    assert index.pending_state("s3://uploads", "broken.docx") == "failed"


# --- run_serve: the command ---------------------------------------------------------------------


def _args(**kw: Any) -> argparse.Namespace:
    return argparse.Namespace(**{"host": "127.0.0.1", "port": 8765, "poll": None, "source": None, "reports": None, **kw})


def _until(condition: Any, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@contextmanager
def running(args: argparse.Namespace, screen: FakeScreen) -> Iterator[None]:
    stop = threading.Event()
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(run_serve(args, screen=screen, stop=stop)), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(10)
    assert result == [0]


def test_reports_are_never_queued_wherever_they_are_written() -> None:
    assert ignored_prefixes(None) == ("reports/",)
    assert ignored_prefixes("./out") == ("reports/",)
    assert ignored_prefixes("s3://uploads") == ("reports/",)
    assert ignored_prefixes("s3://uploads/审查结果/") == ("reports/", "审查结果/reports/")


def test_run_serve_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_serve(_args(source="s3://uploads")) == 2
    assert run_serve(_args(poll=0, source="s3://uploads")) == 2
    assert "--poll" in capsys.readouterr().err


def test_run_serve_cannot_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DOCSCREEN_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("DOCSCREEN_CONFIG", raising=False)
    monkeypatch.delenv("DOCSCREEN_S3_ENDPOINT", raising=False)
    assert run_serve(_args(port=free_port()), screen=FakeScreen()) == 1
    assert "DOCSCREEN_S3_ENDPOINT" in capsys.readouterr().err
    monkeypatch.setenv("DOCSCREEN_S3_ENDPOINT", "127.0.0.1:9")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert run_serve(_args(port=taken.getsockname()[1]), screen=FakeScreen()) == 1
    assert "Address already in use" in capsys.readouterr().err


def test_run_serve_webhook_reads_its_token_and_state_dir(
    s3_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCSCREEN_WEBHOOK_TOKEN", "s3cr3t")
    monkeypatch.setenv("DOCSCREEN_STATE_DIR", str(tmp_path / "state"))
    port = free_port()
    screen = FakeScreen()
    url = f"http://127.0.0.1:{port}"
    with running(_args(port=port), screen):
        assert _until(lambda: _answers(f"{url}/health"))
        assert request(f"{url}/minio/events", RECORDED)[0] == 401
        assert request(f"{url}/minio/events", RECORDED, token="Bearer s3cr3t")[1]["queued"] == 1
        assert _until(lambda: sum(screen.calls.values()) == 1)
    assert screen.calls == Counter({("s3://uploads", "营口市/营口市智慧应急指挥平台 项目建议书.docx"): 1})
    assert (tmp_path / "state" / "index.sqlite").exists()


def _answers(url: str) -> bool:
    try:
        return request(url)[0] == 200
    except OSError:
        return False


def test_run_serve_polls_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCSCREEN_STATE_DIR", str(tmp_path / "state"))
    source = LocalStorage(tmp_path / "incoming")
    source.put("营口市/a.docx", b"a")
    source.put("b.pdf", b"b")
    source.put("notes.txt", b"not a document")
    source.put("reports/ab/abcd/r1/report.json", b"{}")
    source.put("old.docx", b"screened by a batch")
    with UnitIndex(tmp_path / "state" / "index.sqlite") as index:
        index.record(UnitRecord(
            source.url, "old.docx", "ab" * 32, "r1", "0.1.0", "screened", "", "", "项目建议书", None, 0, 0, "",
            "2026-11-24T05:00:00+00:00", "",
        ))
    screen = FakeScreen()
    with running(_args(poll=0.05, source=str(source.root)), screen):
        assert _until(lambda: len(screen.calls) == 2)
        source.put("c.docx", b"c")
        source.put("b.pdf", b"b, corrected")
        assert _until(lambda: sum(screen.calls.values()) == 4)
        time.sleep(0.2)  # a few more polls change nothing
    assert screen.calls == Counter(
        {(source.url, "营口市/a.docx"): 1, (source.url, "b.pdf"): 2, (source.url, "c.docx"): 1}
    )


def test_poll_once_on_a_bucket_prefix(bucket: str, tmp_path: Path) -> None:
    storage = open_storage(f"s3://{bucket}/incoming")
    storage.put("营口市/项目建议书.docx", b"x")
    open_storage(f"s3://{bucket}").put("elsewhere.docx", b"y")
    screen = FakeScreen()
    service = UploadService(screen, UnitIndex(tmp_path / "index.sqlite"))
    service.start()
    try:
        assert poll_once(storage, service) == 1
        assert poll_once(storage, service) == 0
        assert service.wait_idle(10)
    finally:
        service.stop(10)
    assert screen.calls == Counter({(f"s3://{bucket}/incoming", "营口市/项目建议书.docx"): 1})


# --- end to end ---------------------------------------------------------------------------------


def test_an_upload_is_screened_into_reports_in_the_bucket(
    bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from docscreen.flows.prefect_flows import screen_document

    data = SAMPLE.read_bytes()
    key = "营口市/营口市智慧应急指挥平台 项目建议书.docx"
    result = s3_client().put_object(
        bucket_name=bucket, object_name=key, data=io.BytesIO(data), length=len(data), content_type=DOCX
    )
    index = UnitIndex(tmp_path / "index.sqlite")
    screen = partial(screen_document.fn, reports_url=f"s3://{bucket}", index_path=str(index.path))
    event = minio_event(bucket, key, etag=result.etag.strip('"'), size=len(data))

    with serving(index, screen) as (service, url):
        assert request(f"{url}/minio/events", event)[1]["queued"] == 1
        assert service.wait_idle(30)
        assert request(f"{url}/minio/events", event)[1]["duplicates"] == 1

    sha = hashlib.sha256(data).hexdigest()
    reports = [o.key for o in open_storage(f"s3://{bucket}").list("reports/")]
    assert len(reports) == 2 and all(f"/{sha}/" in k for k in reports)
    json_key = next(k for k in reports if k.endswith("report.json"))
    html_key = next(k for k in reports if k.endswith("report.html"))
    report = json.loads(open_storage(f"s3://{bucket}").get(json_key))
    assert report["document"]["name"] == "营口市智慧应急指挥平台 项目建议书.docx"
    assert report["document"]["kind"] and report["document"]["jurisdiction"] == "yingkou"
    assert "营口市智慧应急指挥平台" in open_storage(f"s3://{bucket}").get(html_key).decode("utf-8")
    (record,) = index.records()
    assert (record.source, record.key, record.sha256, record.status) == (f"s3://{bucket}", key, sha, "screened")
    assert (record.report_json, record.report_html) == (json_key, html_key)
    assert index.pending_state(f"s3://{bucket}", key) == "done"
