"""The screening flows called through `.fn()`: the same steps as `docscreen screen`, no API server.

Real flow runs (task runners, artifacts, Dask, interruption) are in test_rescreen.py.
"""

import os
import tempfile

os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="docscreen-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from importlib.metadata import version  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from prefect.settings import PREFECT_API_URL, temporary_settings  # noqa: E402
from s3_server import bucket, s3_endpoint, s3_env  # noqa: E402,F401

from docscreen.checkers import rulebook  # noqa: E402
from docscreen.flows import prefect_flows  # noqa: E402
from docscreen.flows.bounded_read import UnitBudget  # noqa: E402
from docscreen.flows.cli import main  # noqa: E402
from docscreen.flows.prefect_flows import (  # noqa: E402
    UnitFailed,
    artifact_key,
    findings_table,
    is_unit_key,
    require_api_server,
    screen_document,
    screen_upload,
    unit_markdown,
)
from docscreen.flows.screen_command import unit_report  # noqa: E402
from docscreen.flows.steps import screen_path  # noqa: E402
from docscreen.flows.storage import open_storage, s3_client  # noqa: E402
from docscreen.flows.unit_index import UnitIndex, report_keys  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PROPOSAL = SAMPLES / "营口市" / "营口市智慧应急指挥平台项目建议书.docx"
PACKAGE = SAMPLES / "验收材料" / "新干县智慧党建平台竣工验收材料.zip"
EMPTY = SAMPLES / "broken" / "空文件.docx"


@pytest.fixture
def store(tmp_path: Path) -> dict[str, str]:
    src = tmp_path / "archive"
    (src / "营口市").mkdir(parents=True)
    shutil.copy(PROPOSAL, src / "营口市" / PROPOSAL.name)
    shutil.copy(PACKAGE, src / PACKAGE.name)
    shutil.copy(EMPTY, src / EMPTY.name)
    return {"source_url": str(src), "reports_url": str(tmp_path / "out"), "index_path": str(tmp_path / "index.sqlite")}


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each unit name went through the extract step."""
    calls: Counter[str] = Counter()
    real = prefect_flows.extract_bounded

    def counting(data: bytes, name: str, budget: UnitBudget):
        calls[name] += 1
        return real(data, name, budget)

    monkeypatch.setattr(prefect_flows, "extract_bounded", counting)
    return calls


@pytest.fixture
def edited_rulebooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A rulebook edit as a deployment would see it: the files change, so do the loaded books."""
    real = rulebook._rulebook_files

    def edited() -> dict[str, str]:
        files = real()
        files["national"] += "\n# 修订\n"
        return files

    monkeypatch.setattr(rulebook, "_rulebook_files", edited)
    for cached in (rulebook._raw_books, rulebook.rules_version, rulebook.load_rulebook):
        cached.cache_clear()
    yield
    monkeypatch.undo()
    for cached in (rulebook._raw_books, rulebook.rules_version, rulebook.load_rulebook):
        cached.cache_clear()


def screen(store: dict[str, str], key: str, jurisdiction: str | None = None):
    return screen_document.fn(store["source_url"], key, store["reports_url"], jurisdiction, store["index_path"])


def test_a_document_is_screened_as_the_cli_screens_it_and_filed_by_content(store: dict[str, str]) -> None:
    key = f"营口市/{PROPOSAL.name}"
    record = screen(store, key)

    sha = hashlib.sha256(PROPOSAL.read_bytes()).hexdigest()
    json_key, html_key = report_keys(sha, rulebook.rules_version())
    reports = open_storage(store["reports_url"])
    expected, html = unit_report(screen_path(PROPOSAL))
    assert json.loads(reports.get(json_key)) == expected
    assert reports.get(html_key).decode("utf-8") == html
    assert (record.source, record.key, record.sha256) == (open_storage(store["source_url"]).url, key, sha)
    assert (record.status, record.kind, record.jurisdiction) == ("screened", "proposal", "yingkou")
    assert (record.report_json, record.report_html) == (json_key, html_key)
    assert (record.errors, record.warnings) == (expected["screening"]["errors"], expected["screening"]["warnings"])
    assert record.codes == ";".join(sorted({f["code"] for f in expected["findings"]}))
    assert (record.rules_version, record.docscreen_version) == (rulebook.rules_version(), version("docscreen"))
    with UnitIndex(store["index_path"]) as index:
        assert index.records() == [record]


def test_a_zip_is_one_package_and_an_empty_file_is_recorded_unreadable(store: dict[str, str]) -> None:
    package = screen(store, PACKAGE.name)
    empty = screen(store, EMPTY.name)
    assert (package.status, package.kind) == ("screened", "acceptance_package")
    report = json.loads(open_storage(store["reports_url"]).get(package.report_json))
    assert report == unit_report(screen_path(PACKAGE))[0]
    assert empty.status == "unreadable" and empty.errors == 1 and "unreadable" in empty.codes.split(";")
    assert open_storage(store["reports_url"]).exists(empty.report_html)


def test_unchanged_bytes_are_not_screened_again_and_a_rulebook_edit_screens_again(
    store: dict[str, str], extracted: Counter[str], request: pytest.FixtureRequest
) -> None:
    key = f"营口市/{PROPOSAL.name}"
    first = screen(store, key)
    assert screen(store, key) == first
    assert extracted[PROPOSAL.name] == 1

    shutil.copy(PROPOSAL, Path(store["source_url"]) / "副本.docx")
    copy = screen(store, "副本.docx")
    assert extracted["副本.docx"] == 0
    assert (copy.key, copy.report_json, copy.screened_at) == ("副本.docx", first.report_json, first.screened_at)

    request.getfixturevalue("edited_rulebooks")
    again = screen(store, key)
    assert extracted[PROPOSAL.name] == 2
    assert again.rules_version == rulebook.rules_version() != first.rules_version
    assert again.report_json == report_keys(first.sha256, again.rules_version)[0] != first.report_json
    with UnitIndex(store["index_path"]) as index:
        assert sorted((r.key, r.rules_version) for r in index.records()) == sorted(
            [(key, first.rules_version), ("副本.docx", first.rules_version), (key, again.rules_version)]
        )


def test_a_told_jurisdiction_other_than_the_screened_one_screens_again(
    store: dict[str, str], extracted: Counter[str]
) -> None:
    key = f"营口市/{PROPOSAL.name}"
    assert screen(store, key).jurisdiction == "yingkou"
    assert screen(store, key, "yingkou").jurisdiction == "yingkou"
    assert extracted[PROPOSAL.name] == 1
    assert screen(store, key, "wuzhi").jurisdiction == "wuzhi"
    assert extracted[PROPOSAL.name] == 2


def test_a_step_that_raises_leaves_a_failed_record_and_the_next_attempt_screens(
    store: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = f"营口市/{PROPOSAL.name}"
    real = prefect_flows.check

    def broken(doc, jurisdiction=None):
        raise RuntimeError("规则引擎故障")

    monkeypatch.setattr(prefect_flows, "check", broken)
    with pytest.raises(UnitFailed) as failure:
        screen(store, key)
    failed = failure.value.record
    assert (failed.status, failed.error_message) == ("failed", "RuntimeError: 规则引擎故障")
    assert failed.sha256 == hashlib.sha256(PROPOSAL.read_bytes()).hexdigest() and failed.report_json == ""

    monkeypatch.setattr(prefect_flows, "check", real)
    assert screen(store, key).status == "screened"
    with UnitIndex(store["index_path"]) as index:
        assert sorted(r.status for r in index.records()) == ["screened"]


def test_a_missing_object_fails_without_a_hash(store: dict[str, str]) -> None:
    with pytest.raises(UnitFailed) as failure:
        screen(store, "不存在.docx")
    assert failure.value.record.sha256 == "" and "FileNotFoundError" in failure.value.record.error_message


def test_the_artifacts_say_the_verdict_and_list_every_finding(store: dict[str, str]) -> None:
    record = screen(store, PACKAGE.name)
    report = json.loads(open_storage(store["reports_url"]).get(record.report_json))
    markdown = unit_markdown(record, report, open_storage(store["reports_url"]).url, cached=False)
    assert "存在错误，需修改" in markdown and f"错误 {record.errors} 项" in markdown
    assert f"{open_storage(store['reports_url']).url}/{record.report_html}" in markdown

    rows = findings_table(report)
    member_findings = sum(len(d["findings"]) for d in report["documents"])
    assert len(rows) == len(report["findings"]) + member_findings
    missing = next(r for r in rows if r["code"] == "missing_attachment")
    assert missing["file"] == PACKAGE.name and missing["severity"] == "error" and missing["article"]
    assert set(missing) == {"file", "code", "severity", "message", "article"}

    keys = {artifact_key("screen", "s3://桶/营口市/报告.docx"), artifact_key("findings", "s3://桶/营口市/报告.docx")}
    assert len(keys) == 2 and all(re.fullmatch(r"[a-z0-9-]+", k) for k in keys)


@pytest.mark.parametrize(
    ("key", "screened"),
    [("a/b.docx", True), ("B.PDF", True), ("包.zip", True), ("旧.doc", True), ("reports/ab/x/report.json", False),
     ("reports/ab/x/report.docx", False), ("表.xlsx", False), ("README.md", False)],
)
def test_only_documents_and_packages_are_units(key: str, screened: bool) -> None:
    assert is_unit_key(key) is screened


def test_dask_needs_a_running_prefect_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        with pytest.raises(RuntimeError, match="PREFECT_API_URL"):
            require_api_server()
        assert main(["rescreen", str(tmp_path), "--dask", "tcp://127.0.0.1:8786"]) == 2
    assert "PREFECT_API_URL" in capsys.readouterr().err


def test_rescreen_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rescreen", str(tmp_path / "没有"), "--reports", str(tmp_path)]) == 2
    assert main(["rescreen", str(tmp_path), "--concurrency", "0"]) == 2
    assert main(["rescreen", str(tmp_path), "--jurisdiction", "火星"]) == 2
    err = capsys.readouterr().err
    assert "找不到文件夹" in err and "--concurrency" in err and "未知辖区" in err


def minio_event(bucket_name: str, *keys: str) -> dict:
    """A MinIO webhook payload as `mc event add … --event put` delivers it (keys query-escaped)."""
    from urllib.parse import quote_plus

    return {
        "EventName": "s3:ObjectCreated:Put",
        "Key": f"{bucket_name}/{keys[0]}",
        "Records": [
            {
                "eventVersion": "2.0",
                "eventSource": "minio:s3",
                "eventName": "s3:ObjectCreated:Put",
                "s3": {"bucket": {"name": bucket_name}, "object": {"key": quote_plus(k), "size": 1, "eTag": "x"}},
            }
            for k in keys
        ],
    }


def test_an_upload_event_screens_each_new_document_into_the_bucket(bucket: str, tmp_path: Path) -> None:
    client = s3_client()
    for key, path in {"上传/营口 项目建议书.docx": PROPOSAL, "上传/空文件.docx": EMPTY}.items():
        data = path.read_bytes()
        client.put_object(bucket_name=bucket, object_name=key, data=io.BytesIO(data), length=len(data))
    event = minio_event(bucket, "上传/营口 项目建议书.docx", "上传/空文件.docx", "上传/不存在.pdf", "上传/清单.xlsx")

    records = screen_upload.fn(event, f"s3://{bucket}/审查", str(tmp_path / "index.sqlite"))

    assert [(r.key, r.status) for r in records] == [
        ("上传/营口 项目建议书.docx", "screened"), ("上传/空文件.docx", "unreadable"), ("上传/不存在.pdf", "failed"),
    ]
    assert all(r.source == f"s3://{bucket}" for r in records)
    reports = open_storage(f"s3://{bucket}/审查")
    assert json.loads(reports.get(records[0].report_json))["document"]["name"] == "营口 项目建议书.docx"
    assert sorted(o.key for o in reports.list()) == sorted(
        [records[0].report_json, records[0].report_html, records[1].report_json, records[1].report_html]
    )
