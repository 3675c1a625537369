"""`docscreen screen` end to end on files the tests write: reports, summary, exit codes, bad input."""

import csv
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import docx
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from docscreen.flows import bounded_read
from docscreen.flows.cli import main

PARAGRAPH = (
    "本项目依托营口市政务云平台建设，通过市数据共享交换平台与公安、民政、人社、市场监管等部门实现数据共享，"
    "共享方式包括数据接口、联机查询和批量下载，更新频率为每日增量同步。项目形成的信息资源全部纳入市政务信息资源目录，"
    "明确数据来源、格式、更新周期、共享属性和开放属性，由项目单位指定专人负责目录维护。"
    "数据资源共享清单随目录同步更新，共享流程为使用部门申请、提供部门审核后授权调用。"
    "系统采用SM2、SM3、SM4国密算法，按照GB/T 39786第三级要求设计，建成后开展商用密码应用安全性评估。"
)


def write_feasibility_docx(path: Path, chapters: list[str]) -> Path:
    document = docx.Document()
    document.add_paragraph("营口市城市运行管理平台项目可行性研究报告")
    document.add_paragraph("建设单位：营口市大数据管理局")
    for n, title in enumerate(chapters, start=1):
        document.add_heading(f"第{n}章 {title}", level=1)
        document.add_paragraph(PARAGRAPH)
        document.add_paragraph(PARAGRAPH)
    document.save(path)
    return path


ALL_CHAPTERS = ["项目概况", "数据资源共享分析", "信息资源目录", "软硬件产品安全可靠情况说明", "安全保障体系", "密码应用方案"]


def read_summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_screen_writes_reports_summary_and_index(tmp_path):
    good = write_feasibility_docx(tmp_path / "完整.docx", ALL_CHAPTERS)
    lacking = write_feasibility_docx(tmp_path / "缺章.docx", [c for c in ALL_CHAPTERS if c != "密码应用方案"])
    out = tmp_path / "out"
    assert main(["screen", str(good), str(lacking), "--out", str(out)]) == 0

    rows = read_summary(out)
    assert [r["input"] for r in rows] == [str(good), str(lacking)]
    assert {"input", "report_json", "report_html", "kind", "errors", "warnings"} <= set(rows[0])
    assert rows[0]["kind"] == "feasibility_report" and rows[0]["errors"] == "0"
    assert rows[1]["errors"] == "1"

    report = json.loads((out / rows[1]["report_json"]).read_text(encoding="utf-8"))
    assert report["schema"] == "docscreen.report/1"
    assert report["document"]["jurisdiction"] == "yingkou"
    assert report["document"]["sha256"] == hashlib.sha256(lacking.read_bytes()).hexdigest()
    missing = [f for f in report["findings"] if f["code"] == "missing_chapter"]
    assert [f["chapter_type"] for f in missing] == ["crypto_plan"]
    assert missing[0]["citation"]["article"] == "第十二条（三）"
    assert report["chapters"]["crypto_plan"]["present"] is False
    assert report["chapters"]["data_sharing"]["present"] is True
    assert "密码应用方案" in (out / rows[1]["report_html"]).read_text(encoding="utf-8")
    assert "缺章.docx" in (out / "index.html").read_text(encoding="utf-8")


def test_fail_on_error_turns_findings_into_exit_3(tmp_path):
    lacking = write_feasibility_docx(tmp_path / "缺章.docx", ALL_CHAPTERS[:2])
    assert main(["screen", str(lacking), "--out", str(tmp_path / "o1"), "--fail-on", "error"]) == 3
    assert main(["screen", str(lacking), "--out", str(tmp_path / "o2")]) == 0


def test_jurisdiction_override_wins(tmp_path):
    doc = write_feasibility_docx(tmp_path / "a.docx", ALL_CHAPTERS)
    out = tmp_path / "out"
    assert main(["screen", str(doc), "--out", str(out), "--jurisdiction", "wuzhi"]) == 0
    report = json.loads((out / read_summary(out)[0]["report_json"]).read_text(encoding="utf-8"))
    assert report["document"]["jurisdiction"] == "wuzhi"
    assert report["document"]["jurisdiction_source"] == "override"
    assert set(report["chapters"]) == {"resource_catalogue", "data_sharing", "investment", "performance_goals"}


def test_same_file_name_in_two_folders_does_not_overwrite(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_feasibility_docx(tmp_path / "a" / "报告.docx", ALL_CHAPTERS)
    second = write_feasibility_docx(tmp_path / "b" / "报告.docx", ALL_CHAPTERS[:3])
    out = tmp_path / "out"
    main(["screen", str(first), str(second), "--out", str(out)])
    rows = read_summary(out)
    assert len({r["report_json"] for r in rows}) == 2
    reports = [json.loads((out / r["report_json"]).read_text(encoding="utf-8")) for r in rows]
    assert [r["document"]["sha256"] for r in reports] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)
    ]


def _encrypted_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("user-secret", "owner-secret"))
    c.drawString(72, 720, "confidential")
    c.showPage()
    c.save()
    return path


def _truncated_docx(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _png_named_pdf(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return path


def _zip_without_document(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "hello")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    ("make", "name", "reason"),
    [
        (lambda p, src: (p.write_bytes(b""), p)[1], "空文件.docx", "为空"),
        (lambda p, src: _truncated_docx(p, src), "截断.docx", ""),
        (lambda p, src: _encrypted_pdf(p), "加密.pdf", "加密"),
        (lambda p, src: _png_named_pdf(p), "扫描.pdf", "图片"),
        (lambda p, src: _zip_without_document(p), "杂项.docx", ""),
    ],
)
def test_unreadable_input_gets_a_report_and_the_batch_goes_on(tmp_path, make, name, reason):
    good = write_feasibility_docx(tmp_path / "好.docx", ALL_CHAPTERS)
    bad = make(tmp_path / name, good)
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    out = tmp_path / "out"
    assert main(["screen", str(bad), str(good), "--out", str(out)]) == 1
    rows = read_summary(out)
    assert [r["status"] for r in rows] == ["unreadable", "screened"]
    report = json.loads((out / rows[0]["report_json"]).read_text(encoding="utf-8"))
    (finding,) = report["findings"]
    assert finding["code"] == "unreadable" and finding["severity"] == "error"
    assert reason in finding["message"]
    assert report["errors"] and report["errors"][0]["message"] == finding["message"]
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before, "the original is never modified"


def test_bad_usage_exits_2(tmp_path, capsys):
    assert main(["screen", str(tmp_path / "nope.docx"), "--out", str(tmp_path / "o")]) == 2
    assert main(["screen", str(tmp_path), "--out", str(tmp_path / "o"), "--jurisdiction", "mars"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["screen"])
    assert exc.value.code == 2


def test_bad_usage_stops_the_read_started_for_the_first_file(tmp_path, monkeypatch):
    """The command starts reading its first file before it checks the rest of its arguments."""
    started = []

    def start(*args):
        started.append(bounded_read.PendingRead(*args))
        return started[-1]

    monkeypatch.setattr(bounded_read, "start_read", start)
    doc = write_feasibility_docx(tmp_path / "a.docx", ALL_CHAPTERS)
    assert main(["screen", str(doc), "--out", str(tmp_path / "o"), "--jurisdiction", "mars"]) == 2
    assert len(started) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0]._pid, os.WNOHANG)  # the read's child is gone, running or unreaped
    assert not (tmp_path / "o").exists()


def test_reports_name_the_jurisdiction_in_chinese(tmp_path):
    doc = write_feasibility_docx(tmp_path / "a.docx", ALL_CHAPTERS)
    out = tmp_path / "out"
    main(["screen", str(doc), "--out", str(out)])
    row = read_summary(out)[0]
    report = json.loads((out / row["report_json"]).read_text(encoding="utf-8"))
    assert report["document"]["jurisdiction_name"] == "营口市"
    assert "<dt>适用辖区</dt><dd>营口市</dd>" in (out / row["report_html"]).read_text(encoding="utf-8")


def test_report_json_is_the_report_with_one_list_entry_per_line(tmp_path):
    from docscreen.flows.steps import screen_path
    from docscreen.flows.screen_command import unit_report

    lacking = write_feasibility_docx(tmp_path / "缺章.docx", ALL_CHAPTERS[:3])
    out = tmp_path / "out"
    assert main(["screen", str(lacking), "--out", str(out)]) == 0
    text = (out / "缺章.docx.json").read_text(encoding="utf-8")
    report, _ = unit_report(screen_path(lacking))
    assert json.loads(text) == json.loads(json.dumps(report, ensure_ascii=False))
    lines = text.splitlines()
    for finding in report["findings"]:
        assert f"    {json.dumps(finding, ensure_ascii=False)}," in lines or f"    {json.dumps(finding, ensure_ascii=False)}" in lines
    assert '  "document": {' in lines
