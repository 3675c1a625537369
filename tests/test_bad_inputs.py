"""The bad-input corpus (tests/bad_inputs.py) through the real command and the step functions:
every input gets a report saying why it could not be read (or a normal one), nothing crashes or
hangs, the other files are still screened, and the originals are untouched."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docscreen.flows.bounded_read import UnitBudget, read_bounded, start_read
from docscreen.flows.cli import main
from docscreen.flows.prefect_flows import extract_unit
from docscreen.flows.screen_command import unit_report
from docscreen.flows.steps import screen_path
from docscreen.models import Document
from tests.bad_inputs import (
    ODD_NAMES,
    SAMPLE_DOCX,
    blank_scan_pdf,
    corpus,
    hang_on_pdf,
    scanned_pdf,
    thousands_of_pages,
)

# name -> (the fatal read error's code, a phrase its message holds); None: read normally
EXPECTED: dict[str, tuple[str, str] | None] = {
    "零字节.docx": ("empty", "0 字节"),
    "零字节.pdf": ("empty", "0 字节"),
    "截断一半.docx": ("corrupt", "DOCX"),
    "截断一半.pdf": ("corrupt", "截断"),
    "只剩开头.pdf": ("corrupt", "截断"),
    "位翻转.docx": ("corrupt", "损坏"),
    "位翻转.pdf": None,  # PDFium repairs the damage
    "加密-打开密码.pdf": ("encrypted", "打开密码"),
    "加密-仅权限密码.pdf": None,
    "有密码.docx": ("encrypted", "密码"),
    "实体膨胀.docx": ("corrupt", "实体膨胀"),
    "循环引用.pdf": None,
    "两千页.pdf": None,
    "压缩炸弹.zip": None,  # a package whose only file is refused as a bomb
    "其实是DOCX.pdf": None,
    "其实是PDF.docx": None,
    ODD_NAMES[0]: None,
    ODD_NAMES[1]: None,
    ODD_NAMES[2]: None,
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, data in corpus().items():
        (folder / name).write_bytes(data)
    return folder


def _unreadable(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == "unreadable" and f["severity"] == "error"]


def _assert_report(name: str, report: dict) -> None:
    expected = EXPECTED[name]
    errors = _unreadable(report)
    if expected is None:
        assert errors == [], name
        return
    code, phrase = expected
    assert [e["code"] for e in report["errors"] if e["code"] == code], (name, report["errors"])
    assert len(errors) == 1 and phrase in errors[0]["message"], (name, errors)


def test_corpus_is_what_the_table_expects() -> None:
    assert set(corpus()) == set(EXPECTED)


def test_every_bad_input_gets_a_report_from_the_real_command(inputs: Path, tmp_path: Path) -> None:
    before = {p.name: _sha256(p) for p in inputs.iterdir()}
    out = tmp_path / "out"
    names = sorted(before)
    done = subprocess.run(
        [str(Path(sys.executable).with_name("docscreen")), "screen", "--out", str(out), "--", *names],
        cwd=inputs, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 1, done.stderr  # some inputs are unreadable; the run still finished
    assert "Traceback" not in done.stderr
    rows = (out / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len(names)
    for name in names:
        _assert_report(name, json.loads((out / f"{name}.json").read_text(encoding="utf-8")))
        assert (out / f"{name}.html").is_file()
    assert {p.name: _sha256(p) for p in inputs.iterdir()} == before  # unchanged, nothing left beside them


def test_every_bad_input_gets_a_report_from_the_steps(inputs: Path) -> None:
    before = {p.name: _sha256(p) for p in inputs.iterdir()}
    for name in sorted(before):
        report, html = unit_report(screen_path(inputs / name))
        _assert_report(name, report)
        assert name in html or name.replace('"', "&quot;").replace("'", "&#x27;") in html
    assert {p.name: _sha256(p) for p in inputs.iterdir()} == before


def test_named_problems_read_as_what_they_are(inputs: Path) -> None:
    big = screen_path(inputs / "两千页.pdf").document
    assert (big.pages, big.format) == (2000, "pdf")
    assert screen_path(inputs / "其实是DOCX.pdf").document.format == "docx"
    assert screen_path(inputs / "其实是PDF.docx").document.format == "pdf"
    looping = screen_path(inputs / "循环引用.pdf").document
    assert looping.pages == 2 and "Loop" in looping.blocks[0].text
    bomb, _ = unit_report(screen_path(inputs / "压缩炸弹.zip"))
    assert [e["code"] for e in bomb["errors"]] == ["zip_bomb"]
    assert any("压缩炸弹" in f["message"] for f in bomb["findings"] if f["code"] == "unreadable")


# --- the watchdog --------------------------------------------------------------------------------


def test_a_read_past_its_time_is_stopped_and_the_batch_goes_on(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hang_on_pdf(monkeypatch)
    out = tmp_path / "out"
    started = time.monotonic()
    status = main(["screen", str(inputs / "两千页.pdf"), str(SAMPLE_DOCX), "--out", str(out), "--unit-timeout", "2"])
    assert status == 1 and time.monotonic() - started < 60
    big = json.loads((out / "两千页.pdf.json").read_text(encoding="utf-8"))
    assert [e["code"] for e in big["errors"]] == ["timeout"]
    assert "超时" in _unreadable(big)[0]["message"] and "2 秒" in _unreadable(big)[0]["message"]
    sample = json.loads((out / f"{SAMPLE_DOCX.name}.json").read_text(encoding="utf-8"))
    assert _unreadable(sample) == [] and sample["document"]["kind"] == "construction_plan"


MEMORY_PROBE = """
import json
from docscreen.flows.bounded_read import UnitBudget, read_bounded
from tests.bad_inputs import thousands_of_pages
doc = read_bounded(thousands_of_pages(), "两千页.pdf", UnitBudget(300, 4 * 1024 * 1024))
print(json.dumps([[e.code, e.message] for e in doc.errors], ensure_ascii=False))
"""


def test_a_read_past_its_memory_is_stopped() -> None:
    """In a fresh interpreter: a long-lived test process has freed heap the child could reuse
    without growing its address space, and the read would fit in the 4 MiB."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE], cwd=root, capture_output=True, text=True, check=True)
    errors = json.loads(done.stdout)
    assert [code for code, _ in errors] == ["out_of_memory"]
    assert "内存" in errors[0][1] and "4 MiB" in errors[0][1]


def test_the_parent_is_free_while_the_child_reads() -> None:
    pending = start_read(thousands_of_pages(), "两千页.pdf", UnitBudget(300))
    assert pending.name == "两千页.pdf"  # back before the read is done; the document comes on wait
    doc = pending.wait()
    assert isinstance(doc, Document) and doc.pages == 2000 and not doc.errors


def test_the_prefect_extract_task_reads_under_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    hang_on_pdf(monkeypatch)
    doc = extract_unit.fn(thousands_of_pages(), "两千页.pdf", UnitBudget(1))
    assert [e.code for e in doc.errors] == ["timeout"] and doc.format == "pdf"


@pytest.mark.parametrize(
    "option", [("--unit-memory", "lots"), ("--unit-memory", "infG"), ("--unit-memory", "0"), ("--unit-timeout", "inf"),
               ("--unit-timeout", "nan"), ("--unit-timeout", "-1"), ("--unit-memory", "0.5")],
)
def test_budget_options_are_checked(option: tuple[str, str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["screen", str(SAMPLE_DOCX), "--out", "x", *option])
    assert exit_.value.code == 2


# --- optional converters -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample DOCX saved as Word 97 by LibreOffice."""
    work = tmp_path_factory.mktemp("doc")
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--convert-to", "doc",
         "--outdir", str(work), str(SAMPLE_DOCX)],
        capture_output=True, timeout=300, check=True,
    )
    return (work / SAMPLE_DOCX.with_suffix(".doc").name).read_bytes()


@pytest.mark.parametrize("name", ["建设方案.doc", "建设方案.wps"])
def test_legacy_word_is_read_through_libreoffice(legacy_doc: bytes, name: str, tmp_path: Path) -> None:
    original = tmp_path / name
    original.write_bytes(legacy_doc)
    report, _ = unit_report(screen_path(original))
    assert _unreadable(report) == []
    assert report["document"]["format"] == name.rsplit(".", 1)[1]
    assert report["document"]["kind"] == "construction_plan"
    assert report["document"]["sha256"] == hashlib.sha256(legacy_doc).hexdigest()
    assert "LibreOffice" in next(e["message"] for e in report["errors"] if e["code"] == "converted")
    assert original.read_bytes() == legacy_doc and sorted(tmp_path.iterdir()) == [original]


def test_legacy_word_without_libreoffice_names_the_package(
    legacy_doc: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, no libreoffice
    doc = read_bounded(legacy_doc, "建设方案.doc")
    assert [e.code for e in doc.errors] == ["converter_missing"]
    assert "libreoffice-writer-nogui" in doc.errors[0].message


def test_a_configured_libreoffice_that_is_missing_counts_as_absent(
    legacy_doc: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCSCREEN_SOFFICE", "/nonexistent/soffice")
    assert [e.code for e in read_bounded(legacy_doc, "x.doc").errors] == ["converter_missing"]


SCANNED_LINES = ["第一章 项目概况", "本项目总投资为100万元，依托政务云建设，数据资源按照目录共享交换平台统一", "接入。", "第二章 数据资源共享分析"]


def test_scanned_pages_are_recognised_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scanned_pdf(SCANNED_LINES))
    screening = screen_path(path)
    doc = screening.document
    assert doc.ocr_pages == [1] and doc.readable
    assert doc.blocks and all(b.ocr for b in doc.blocks)
    texts = [b.text for b in doc.blocks]
    assert "第一章项目概况" in texts and "第二章数据资源共享分析" in texts
    report, html = unit_report(screening)
    assert report["document"]["ocr_pages"] == [1]
    assert "OCR 识别页" in html


def test_a_blank_scan_stays_unreadable_with_ocr() -> None:
    doc = read_bounded(blank_scan_pdf(), "空白扫描.pdf")
    assert [e.code for e in doc.errors] == ["no_text_layer", "page_ocr_failed"] and doc.ocr_pages == []


@pytest.mark.parametrize("setting", ["path", "configured"])
def test_scanned_pdf_without_tesseract_says_what_to_install(
    setting: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if setting == "path":
        monkeypatch.setenv("PATH", str(tmp_path))
    else:
        monkeypatch.setenv("DOCSCREEN_TESSERACT", "/nonexistent/tesseract")
    doc = read_bounded(scanned_pdf(SCANNED_LINES), "扫描件.pdf")
    assert [e.code for e in doc.errors] == ["no_text_layer"] and doc.ocr_pages == []
    assert "扫描件" in doc.errors[0].message and "tesseract-ocr-chi-sim" in doc.errors[0].message

