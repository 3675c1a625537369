"""Packages through the real command: a folder or a .zip is one unit with one report pair."""

import csv
import hashlib
import json
import zipfile
from pathlib import Path

import docx

from docscreen.flows.cli import main
from tests.docx_builders import to_bytes


def acceptance_docx(title: str, body: str = "项目于2025年6月完成建设任务，系统运行稳定。") -> bytes:
    d = docx.Document()
    p = d.add_paragraph()
    run = p.add_run("营口市一网统管平台项目")
    run.bold = True
    d.add_paragraph().add_run(title).bold = True
    d.add_heading("一、项目概况", level=1)
    d.add_paragraph(body * 6)
    return to_bytes(d)


REQUIRED_YINGKOU = {
    "附件1.docx": "竣工验收申请报告",
    "附件2.docx": "项目建设总结报告",
    "附件3.docx": "财务决算报告",
    "附件4.docx": "监理总结报告",
    "附件5.docx": "网络安全等级保护测评报告",
}


def screen(tmp_path: Path, *inputs: Path) -> tuple[int, dict[str, dict]]:
    out = tmp_path / "out"
    status = main(["screen", *map(str, inputs), "--out", str(out)])
    with (out / "summary.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return status, {r["input"]: json.loads((out / r["report_json"]).read_text(encoding="utf-8")) for r in rows}


def test_a_folder_is_one_unit_and_misnamed_files_count_by_content(tmp_path: Path) -> None:
    folder = tmp_path / "竣工验收材料"
    folder.mkdir()
    for name, title in REQUIRED_YINGKOU.items():
        (folder / name).write_bytes(acceptance_docx(title))
    status, reports = screen(tmp_path, folder)
    assert status == 0
    report = reports[str(folder)]
    assert report["document"]["kind"] == "acceptance_package"
    assert report["document"]["jurisdiction"] == "yingkou"
    assert report["attachments"]["supervision_report"] == {
        "label": "监理报告", "present": True, "files": ["附件4.docx"]
    }
    missing = [f["chapter_type"] for f in report["findings"] if f["code"] == "missing_attachment"]
    assert missing == ["crypto_assessment"]
    assert len(report["documents"]) == 5
    assert report["documents"][2]["acceptance_types"] == ["financial_report"]


def test_a_zip_with_a_traversal_entry_is_screened_without_extracting_anything(tmp_path: Path) -> None:
    archive = tmp_path / "验收材料.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, title in REQUIRED_YINGKOU.items():
            z.writestr(name, acceptance_docx(title))
        z.writestr("../../逃逸.docx", acceptance_docx("商用密码应用安全性评估报告"))
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    listing = sorted(p.name for p in tmp_path.rglob("*"))
    status, reports = screen(tmp_path, archive)
    report = reports[str(archive)]
    assert status == 0
    assert [d["path"] for d in report["documents"]] == list(REQUIRED_YINGKOU)
    assert any(f["code"] == "unreadable" and f["severity"] == "warning" and "逃逸" in f["message"]
               for f in report["findings"])
    assert [f["chapter_type"] for f in report["findings"] if f["code"] == "missing_attachment"] == ["crypto_assessment"]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.rglob("*") if "out" not in p.parts) == listing  # nothing extracted


def test_a_corrupt_zip_is_reported_unreadable_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "坏.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    good = tmp_path / "材料"
    good.mkdir()
    (good / "a.docx").write_bytes(acceptance_docx("竣工验收申请报告"))
    status, reports = screen(tmp_path, bad, good)
    assert status == 1
    assert reports[str(bad)]["findings"][0]["code"] == "unreadable"
    assert reports[str(good)]["document"]["kind"] == "acceptance_package"
