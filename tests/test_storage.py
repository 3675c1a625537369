"""Storage (a folder, an S3 bucket through the minio client against a moto server) and the unit index."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import threading
from pathlib import Path

import pytest
from s3_server import bucket, s3_endpoint, s3_env  # noqa: F401  (fixtures)

from docscreen.flows.storage import LocalStorage, S3Storage, is_unit_key, open_storage, s3_client, s3_settings, unit_name
from docscreen.flows.unit_index import UnitIndex, UnitRecord, default_index_path, report_keys

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- local folders ------------------------------------------------------------------------------


def test_local_round_trip(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path / "root")
    store.put("营口市/项目建议书.docx", b"one")
    store.put("营口市/验收材料/报告.pdf", b"two!")
    store.put("a.txt", b"3")

    assert store.get("营口市/项目建议书.docx") == b"one"
    assert store.exists("营口市/验收材料/报告.pdf") and not store.exists("营口市/none.pdf")
    listed = list(store.list())
    assert [o.key for o in listed] == ["a.txt", "营口市/项目建议书.docx", "营口市/验收材料/报告.pdf"]
    assert [o.size for o in listed] == [1, 3, 4]
    assert [o.key for o in store.list("营口市/验收")] == ["营口市/验收材料/报告.pdf"]

    before = next(o for o in store.list() if o.key == "a.txt")
    store.put("a.txt", b"three")
    after = next(o for o in store.list() if o.key == "a.txt")
    assert store.get("a.txt") == b"three" and after.etag != before.etag
    assert sorted(p.name for p in (tmp_path / "root").iterdir()) == ["a.txt", "营口市"]  # no temporary files left


@pytest.mark.parametrize("key", ["../escape.txt", "/etc/passwd", "a/../../escape.txt", "a//b", "", "a/./b", "a\\..\\b"])
def test_local_rejects_keys_outside_root(tmp_path: Path, key: str) -> None:
    store = LocalStorage(tmp_path / "root")
    with pytest.raises(ValueError):
        store.put(key, b"x")
    with pytest.raises(ValueError):
        store.get(key)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_local_never_writes_through_a_symlink_out_of_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"secret")
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "file-link").symlink_to(outside / "secret.txt")
    (root / "inside.txt").write_bytes(b"ok")
    store = LocalStorage(root)

    with pytest.raises(ValueError):
        store.put("link/new.txt", b"x")
    with pytest.raises(ValueError):
        store.put("file-link", b"overwritten")
    with pytest.raises(ValueError):
        store.get("link/secret.txt")
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert (outside / "secret.txt").read_bytes() == b"secret"
    assert [o.key for o in store.list()] == ["inside.txt"]


def test_local_list_of_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(LocalStorage(tmp_path / "nowhere").list())


def test_open_storage_resolves_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCSCREEN_STORAGE", raising=False)
    default = open_storage()
    assert isinstance(default, LocalStorage) and default.root == tmp_path / "docscreen-data"

    chinese = LocalStorage(tmp_path / "营口 材料")
    again = open_storage(chinese.url)
    assert chinese.url.startswith("file:///") and isinstance(again, LocalStorage) and again.root == chinese.root

    monkeypatch.setenv("DOCSCREEN_STORAGE", str(tmp_path / "from-env"))
    assert open_storage().root == tmp_path / "from-env"  # type: ignore[attr-defined]

    monkeypatch.setenv("DOCSCREEN_S3_ENDPOINT", "127.0.0.1:9")
    s3 = open_storage("s3://uploads/营口市/2026/")
    assert isinstance(s3, S3Storage)
    assert (s3.bucket, s3.prefix, s3.url) == ("uploads", "营口市/2026/", "s3://uploads/营口市/2026")
    assert open_storage("s3://uploads").url == "s3://uploads"
    with pytest.raises(ValueError):
        open_storage("s3:///prefix")


def test_s3_settings_from_config_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENDPOINT", "ACCESS_KEY", "SECRET_KEY", "SECURE", "REGION"):
        monkeypatch.delenv(f"DOCSCREEN_S3_{name}", raising=False)
    config = tmp_path / "docscreen.toml"
    config.write_text('[s3]\nendpoint = "minio.internal:9000"\naccess_key = "reader"\nsecret_key = "s3cr3t"\nsecure = false\n')
    monkeypatch.setenv("DOCSCREEN_CONFIG", str(config))
    monkeypatch.setenv("DOCSCREEN_S3_ACCESS_KEY", "override")
    assert s3_settings() == {
        "endpoint": "minio.internal:9000", "access_key": "override", "secret_key": "s3cr3t", "secure": "False",
    }
    monkeypatch.delenv("DOCSCREEN_CONFIG")
    monkeypatch.delenv("DOCSCREEN_S3_ACCESS_KEY")
    with pytest.raises(ValueError, match="DOCSCREEN_S3_ENDPOINT"):
        open_storage("s3://uploads")


def test_unit_name_and_unit_keys() -> None:
    assert unit_name("营口市/验收材料/报告.pdf") == "报告.pdf"
    assert unit_name("a.zip") == "a.zip"
    assert all(map(is_unit_key, ["营口市/项目建议书.DOCX", "旧版.doc", "a/b.pdf", "验收材料.zip"]))
    assert not any(map(is_unit_key, ["预算.xlsx", "营口市/", "README", "reports/ab/x/r1/report.json", "reports/x.pdf"]))


# --- S3 through the minio client ----------------------------------------------------------------


def test_s3_round_trip_with_chinese_keys(bucket: str) -> None:
    outside = open_storage(f"s3://{bucket}")
    outside.put("其他/不在前缀内.docx", b"x")
    store = open_storage(f"s3://{bucket}/营口市")
    data = "营口市智慧应急指挥平台 项目建议书".encode()
    store.put("2026/营口市智慧应急指挥平台 项目建议书.docx", data, DOCX)
    store.put("2026/附件（一）.pdf", b"%PDF-1.7")

    assert store.get("2026/营口市智慧应急指挥平台 项目建议书.docx") == data
    assert store.exists("2026/附件（一）.pdf") and not store.exists("2026/附件（二）.pdf")
    listed = list(store.list())
    assert listed == sorted(listed, key=lambda o: o.key)
    assert [(o.key, o.size) for o in listed] == [
        ("2026/营口市智慧应急指挥平台 项目建议书.docx", len(data)), ("2026/附件（一）.pdf", 8),
    ]
    assert listed[0].etag == hashlib.md5(data).hexdigest()
    assert [o.key for o in store.list("2026/营口")] == ["2026/营口市智慧应急指挥平台 项目建议书.docx"]
    stat = s3_client().stat_object(bucket_name=bucket, object_name="营口市/2026/营口市智慧应急指挥平台 项目建议书.docx")
    assert stat.content_type == DOCX
    assert [o.key for o in outside.list()] == [
        "其他/不在前缀内.docx", "营口市/2026/营口市智慧应急指挥平台 项目建议书.docx", "营口市/2026/附件（一）.pdf",
    ]
    with pytest.raises(ValueError):
        store.put("../其他/x.docx", b"x")


# --- the unit index -----------------------------------------------------------------------------


def _record(key: str = "营口市/a.docx", sha: str = "ab" * 32, rules: str = "r1", status: str = "screened", **kw) -> UnitRecord:
    json_key, html_key = report_keys(sha, rules)
    fields = dict(
        source="s3://uploads", key=key, sha256=sha, rules_version=rules, docscreen_version="0.1.0", status=status,
        report_json=json_key, report_html=html_key, kind="项目建议书", jurisdiction="yingkou", errors=1, warnings=2,
        codes="budget_total_mismatch;chapter_missing", screened_at="2026-11-24T05:00:00+00:00", error_message="",
    )
    return UnitRecord(**{**fields, **kw})


def test_report_keys_and_default_index_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sha = hashlib.sha256(b"x").hexdigest()
    assert report_keys(sha, "abc123") == (f"reports/{sha[:2]}/{sha}/abc123/report.json", f"reports/{sha[:2]}/{sha}/abc123/report.html")
    monkeypatch.delenv("DOCSCREEN_STATE_DIR", raising=False)
    assert default_index_path() == Path(".docscreen/index.sqlite")
    monkeypatch.setenv("DOCSCREEN_STATE_DIR", str(tmp_path))
    assert default_index_path() == tmp_path / "index.sqlite"


def test_index_is_the_cache(tmp_path: Path) -> None:
    index = UnitIndex(tmp_path / "state" / "index.sqlite")
    assert index.done("ab" * 32, "r1", "0.1.0") is None
    rec = _record()
    index.record(rec)
    assert index.done("ab" * 32, "r1", "0.1.0") == rec
    assert index.done("ab" * 32, "r2", "0.1.0") is None
    assert index.done("ab" * 32, "r1", "0.2.0") is None

    index.record(_record(sha="cd" * 32, status="failed", error_message="TimeoutError"))
    assert index.done("cd" * 32, "r1", "0.1.0") is None  # a failure is tried again, not cached
    fixed = _record(sha="cd" * 32, screened_at="2026-11-24T06:00:00+00:00")
    index.record(fixed)  # same unit, same rules: the record is replaced
    assert index.done("cd" * 32, "r1", "0.1.0") == fixed
    assert len(index.records()) == 2

    index.close()
    with sqlite3.connect(tmp_path / "state" / "index.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert UnitIndex(tmp_path / "state" / "index.sqlite").done("ab" * 32, "r1", "0.1.0") == rec


def test_index_export(tmp_path: Path) -> None:
    index = UnitIndex(tmp_path / "index.sqlite")
    index.record(_record(key="营口市/b.docx", jurisdiction=None, sha="cd" * 32))
    index.record(_record())
    table, lines = index.export()
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [r["key"] for r in rows] == ["营口市/a.docx", "营口市/b.docx"]
    assert rows[0]["kind"] == "项目建议书" and rows[0]["errors"] == "1" and rows[1]["jurisdiction"] == ""
    parsed = [json.loads(line) for line in lines.splitlines()]
    assert parsed[1]["jurisdiction"] is None and parsed[0]["codes"] == "budget_total_mismatch;chapter_missing"
    assert "项目建议书" in lines  # readable, not \\u-escaped


def test_pending_queue_semantics(tmp_path: Path) -> None:
    index = UnitIndex(tmp_path / "index.sqlite")
    assert index.enqueue("s3://uploads", "a.docx", "e1")
    assert not index.enqueue("s3://uploads", "a.docx", "e1")  # queued already
    assert index.enqueue("s3://uploads", "b.docx", "e1")
    assert index.enqueue("s3://other", "a.docx", "e1")  # another bucket, another object
    assert index.pending_count() == 3

    assert index.next_pending() == ("s3://uploads", "a.docx")  # oldest first
    assert not index.enqueue("s3://uploads", "a.docx", "e1")  # being screened
    index.finish_pending("s3://uploads", "a.docx")
    assert index.pending_state("s3://uploads", "a.docx") == "done"
    assert not index.enqueue("s3://uploads", "a.docx", "e1")  # this version was screened
    assert index.enqueue("s3://uploads", "a.docx", "e2")  # a new upload under the same name

    assert index.next_pending() == ("s3://uploads", "b.docx")
    assert not index.enqueue("s3://uploads", "b.docx", "e2")  # new version while the old one is screened…
    index.finish_pending("s3://uploads", "b.docx")
    assert index.pending_state("s3://uploads", "b.docx") == "queued"  # …is screened next
    assert index.pending_count() == 3


def test_pending_failures_retry_then_give_up(tmp_path: Path) -> None:
    index = UnitIndex(tmp_path / "index.sqlite")
    index.enqueue("s3://uploads", "bad.pdf", "e1")
    for attempt in (1, 2):
        assert index.next_pending() == ("s3://uploads", "bad.pdf")
        assert index.fail_pending("s3://uploads", "bad.pdf", "S3Error", max_attempts=3)
    assert index.next_pending() == ("s3://uploads", "bad.pdf")
    assert not index.fail_pending("s3://uploads", "bad.pdf", "S3Error", max_attempts=3)
    assert index.pending_state("s3://uploads", "bad.pdf") == "failed" and index.next_pending() is None
    assert not index.enqueue("s3://uploads", "bad.pdf", "e1")
    assert index.enqueue("s3://uploads", "bad.pdf", "e2")  # a corrected upload is tried again


def test_claims_left_by_a_dead_service_are_requeued(tmp_path: Path) -> None:
    index = UnitIndex(tmp_path / "index.sqlite")
    index.enqueue("s3://uploads", "a.docx", "e1")
    assert index.next_pending() is not None and index.next_pending() is None
    index.close()
    restarted = UnitIndex(tmp_path / "index.sqlite")
    assert restarted.requeue_claimed() == 1
    assert restarted.next_pending() == ("s3://uploads", "a.docx")


def test_skip_screened_marks_units_a_batch_already_screened(tmp_path: Path) -> None:
    index = UnitIndex(tmp_path / "index.sqlite")
    index.record(_record(key="营口市/a.docx"))
    assert not index.enqueue("s3://uploads", "营口市/a.docx", "e1", skip_screened=True)
    assert index.pending_state("s3://uploads", "营口市/a.docx") == "done"
    assert index.enqueue("s3://uploads", "营口市/a.docx", "e2", skip_screened=True)  # changed since
    assert index.enqueue("s3://uploads", "营口市/new.docx", "e1", skip_screened=True)


def test_concurrent_claims_are_exclusive(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    first = UnitIndex(path)
    second = UnitIndex(path)  # a second connection stands for a second process
    keys = [f"营口市/{n:03d}.docx" for n in range(300)]
    for key in keys:
        first.enqueue("s3://uploads", key, "e")
    claims: list[tuple[str, str]] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def claim(index: UnitIndex) -> None:
        start.wait()
        while (got := index.next_pending()) is not None:
            with lock:
                claims.append(got)
            index.finish_pending(*got)

    threads = [threading.Thread(target=claim, args=(first if n % 2 else second,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(k for _, k in claims) == keys  # every object once, none twice
    assert first.pending_count() == 0 and second.pending_count() == 0
