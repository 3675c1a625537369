"""The prose's money read in a forked child (flows/forked.py) gives the budget read in one process."""

import os
import threading
from pathlib import Path

import pytest

from docscreen.extractors.budget import prose_money, read_budget
from docscreen.extractors import pipeline
from docscreen.extractors.pipeline import analyse, later
from docscreen.extractors.read import read_document
from docscreen.flows.forked import aside_for_this_process, forked

ROOT = Path(__file__).resolve().parents[1]
# Plans whose money stands in prose, in non-budget tables and in budget tables, one of them a PDF
PLANS = [
    "samples/营口市/营口市一网统管平台可行性研究报告.docx",
    "samples/武陟县/武陟县智慧城管平台可行性研究报告.docx",
    "samples/山东省/山东省水利工程运行管理平台可行性研究报告.pdf",
]


@pytest.mark.parametrize("plan", PLANS)
def test_budget_with_the_prose_read_in_a_child_equals_the_budget_read_here(plan):
    path = ROOT / plan
    here = analyse(read_document(path.read_bytes(), path.name), later)
    aside = analyse(read_document(path.read_bytes(), path.name), forked)
    assert here.budget is not None and here.budget.amounts and here.budget.tables
    assert aside.budget == here.budget
    assert [a.where.block for a in aside.budget.amounts] == sorted(a.where.block for a in here.budget.amounts)


def test_the_work_runs_in_another_process():
    result = forked(os.getpid)
    assert result() != os.getpid()


def test_a_child_that_fails_leaves_the_work_to_this_process_where_its_error_surfaces():
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            os._exit(3)  # the child dies without a word
        return 7

    assert forked(work)() == 7

    def broken() -> int:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        forked(broken)()


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert aside_for_this_process() is later
    finally:
        stop.set()
        other.join()


def test_prose_money_is_the_prose_part_of_the_budget():
    path = ROOT / PLANS[0]
    doc = analyse(read_document(path.read_bytes(), path.name))
    prose = prose_money(doc)
    blocks = {a.where.block for a in prose.amounts}
    assert blocks and all(doc.blocks[b].table is None for b in blocks)
    assert read_budget(doc, prose) == read_budget(doc)


def _children() -> set[str]:
    tasks = Path("/proc/self/task")
    return {pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


def test_analysis_that_fails_still_collects_its_forked_child(monkeypatch):
    path = ROOT / PLANS[0]
    doc = read_document(path.read_bytes(), path.name)
    before = _children()

    def fail(_doc):
        raise RuntimeError("outline")

    monkeypatch.setattr(pipeline, "build_outline", fail)
    with pytest.raises(RuntimeError, match="outline"):
        analyse(doc, forked)
    assert _children() == before
