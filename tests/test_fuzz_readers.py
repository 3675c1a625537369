"""Hypothesis on the readers over mutated samples (byte flips, truncation, zip entries changed or
dropped), the heading detector and the numeral readers: nothing raises, crashes or hangs, and what
comes back is well formed. Seeds that once broke something are kept as @example."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docscreen.extractors.chinese_numerals import parse_capital, parse_chinese_number
from docscreen.extractors.outline import build_outline, cn_to_int, parse_numbering
from docscreen.extractors.read import read_document
from docscreen.flows.bounded_read import UnitBudget, read_bounded
from docscreen.models import Document
from docscreen.models.document import Block, BlockKind
from tests.bad_inputs import SAMPLE_DOCX, SAMPLE_PDF

DOCX = SAMPLE_DOCX.read_bytes()
PDF = SAMPLE_PDF.read_bytes()
BUDGET = UnitBudget(seconds=60, memory_bytes=2 * 1024**3)
WATCHDOG_CODES = {"timeout", "out_of_memory", "reader_crashed"}
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_well_formed(doc: Document, data: bytes) -> None:
    """A reader's answer: never a watchdog failure (that is a crash, a hang or a blow-up), every
    error explained in Chinese, blocks numbered in order on pages that exist."""
    assert isinstance(doc, Document)
    assert not WATCHDOG_CODES & {e.code for e in doc.errors}, doc.errors
    assert doc.size_bytes == len(data)
    assert all(e.message and any("\u4e00" <= ch <= "\u9fff" for ch in e.message) for e in doc.errors)
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    if doc.pages is not None and not doc.pages_estimated:
        assert all(b.page is None or 1 <= b.page <= doc.pages for b in doc.blocks)


flips = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 7)), min_size=1, max_size=30)


def _flipped(data: bytes, where: list[tuple[float, int]]) -> bytes:
    out = bytearray(data)
    for at, bit in where:
        out[int(at * len(out))] ^= 1 << bit
    return bytes(out)


@FUZZ
@given(flips)
def test_pdf_reader_survives_bit_flips(where: list[tuple[float, int]]) -> None:
    data = _flipped(PDF, where)
    _assert_well_formed(read_bounded(data, "x.pdf", BUDGET), data)


@FUZZ
@given(flips)
def test_docx_reader_survives_bit_flips(where: list[tuple[float, int]]) -> None:
    data = _flipped(DOCX, where)
    _assert_well_formed(read_bounded(data, "x.docx", BUDGET), data)


@FUZZ
@given(st.floats(0, 1), st.sampled_from([PDF, DOCX]))
def test_readers_survive_truncation(keep: float, sample: bytes) -> None:
    data = sample[: int(len(sample) * keep)]
    _assert_well_formed(read_bounded(data, "x", BUDGET), data)


DOCX_ENTRIES = zipfile.ZipFile(io.BytesIO(DOCX)).namelist()
xml_noise = st.sampled_from([b"", b"<", b"<w:p>", b"&#0;", b"\xff\xfe", b"<w:t>\x00</w:t>", b"]]>", b"<?xml"])


@FUZZ
@given(
    st.sampled_from(DOCX_ENTRIES),
    st.sampled_from(["drop", "empty", "truncate", "insert"]),
    st.floats(0, 1),
    xml_noise,
)
def test_docx_reader_survives_entry_mutations(entry: str, how: str, at: float, noise: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(DOCX)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == entry:
                if how == "drop":
                    continue
                cut = int(len(content) * at)
                content = {"empty": b"", "truncate": content[:cut], "insert": content[:cut] + noise + content[cut:]}[how]
            dst.writestr(info, content)
    data = out.getvalue()
    _assert_well_formed(read_bounded(data, "x.docx", BUDGET), data)


heading_text = st.text(
    alphabet="第一二三四五六七八九十百章节篇部分、．.()（）0123456789 项目概况建设内容投资估算附件表图：:①②", max_size=30
)
blocks = st.lists(
    st.tuples(heading_text, st.one_of(st.none(), st.integers(0, 9)), st.booleans(), st.one_of(st.none(), st.floats(5, 40))),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(blocks)
def test_heading_detector_never_raises_and_nests_its_sections(spec: list[tuple[str, int | None, bool, float | None]]) -> None:
    doc = Document(name="x.docx", format="docx", pages=3)
    doc.blocks = [
        Block(i, BlockKind.PARAGRAPH, text, page=1 + i % 3, style_level=level, bold=bold, size=size)
        for i, (text, level, bold, size) in enumerate(spec)
    ]
    outline = build_outline(doc)
    firsts = [s.first_block for s in outline]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    for s in outline:
        assert s.first_block < s.end_block <= len(doc.blocks) and s.body_end_block <= s.end_block
        assert s.parent is None or outline[s.parent].level < s.level


numeral_text = st.text(alphabet="零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟圆元角分整点0123456789²٣", max_size=20)


@settings(max_examples=300, deadline=None)
@given(numeral_text)
@example("²")  # a digit to str.isdigit but not to int(): cn_to_int raised ValueError
def test_numeral_readers_never_raise(text: str) -> None:
    value = cn_to_int(text)
    assert value is None or value >= 0
    for parse in (parse_chinese_number, parse_capital):
        number = parse(text)
        assert number is None or (isinstance(number, Decimal) and number >= 0)
    numbering = parse_numbering(text)
    assert numbering is None or all(n >= 0 for n in numbering.ordinals)


SEEDS = sorted((Path(__file__).parent / "fuzz_seeds").iterdir())


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_inputs_fuzzing_once_broke_are_read_in_process_without_raising(seed: Path) -> None:
    """Crashes atheris found (scripts/fuzz_readers.py), read in this process: an exception here
    is a reader bug the watchdog would only hide."""
    data = seed.read_bytes()
    doc = read_document(data, seed.name)
    _assert_well_formed(doc, data)
    assert not doc.readable
