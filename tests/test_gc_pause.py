"""The cycle collector is paused only while a stage runs: reading and analysing leave it as they
found it, also when the stage fails."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from docscreen.extractors.gc_pause import gc_paused
from docscreen.extractors.pipeline import extract

SAMPLE = Path(__file__).parent.parent / "samples" / "新干县" / "新干县智慧党建平台建设方案.pdf"


def test_reading_and_analysing_leave_the_collector_on():
    assert gc.isenabled()
    doc = extract(SAMPLE.read_bytes(), SAMPLE.name)
    assert doc.outline and gc.isenabled()


def test_a_collector_switched_off_stays_off():
    gc.disable()
    try:
        extract(SAMPLE.read_bytes(), SAMPLE.name)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_after_an_error():
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError("stage failed")
    assert gc.isenabled()
