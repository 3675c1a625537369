"""The analysis stages every read document goes through, in order, whatever its format."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Protocol, TypeVar

from docscreen.extractors.acceptance import acceptance_lexicon, classify_acceptance
from docscreen.extractors.budget import prose_money, read_budget, warm_amount_pipeline
from docscreen.extractors.budget_items import load_item_lexicon
from docscreen.extractors.catalogue_fields import catalogue_lexicon
from docscreen.extractors.chapters import classify_sections, load_lexicon
from docscreen.extractors.completeness import assess_completeness
from docscreen.extractors.crypto_facts import load_crypto_lexicon
from docscreen.extractors.document_type import decide_document_type
from docscreen.extractors.gc_pause import gc_paused
from docscreen.extractors.kind import detect_kind, kind_lexicon
from docscreen.extractors.linear_model import model_versions
from docscreen.extractors.outline import build_outline
from docscreen.extractors.products import load_product_lexicon
from docscreen.extractors.read import read_document
from docscreen.extractors.sharing_elements import sharing_lexicon
from docscreen.extractors.text_terms import word_segmenter
from docscreen.models import Document
from docscreen.models.budget import Budget

T = TypeVar("T")


class Aside(Protocol):
    """Starts a piece of work and returns how to get its result. `later` runs it when the result
    is asked for; a caller with a free core may run it in another process meanwhile."""

    def __call__(self, work: Callable[[], T]) -> Callable[[], T]: ...


def later(work: Callable[[], T]) -> Callable[[], T]:
    return work


@gc_paused()
def analyse(doc: Document, aside: Aside = later) -> Document:
    """Outline, chapter types, kind (and acceptance types: the lexicons, then the document model),
    completeness and budget; an unreadable document passes through untouched. The money of the
    prose depends on none of the rest: it is handed to `aside` first."""
    if not doc.readable:
        return doc
    prose: Callable[[], Budget] = aside(partial(prose_money, doc))
    try:
        build_outline(doc)
        classify_sections(doc)
        detect_kind(doc)
        classify_acceptance(doc)
        decide_document_type(doc)
        assess_completeness(doc)
    except BaseException:
        with suppress(Exception):
            prose()  # collected even so: a forked child is reaped, its pipe closed
        raise
    doc.budget = read_budget(doc, prose())
    return doc


def warm_analysis() -> None:
    """Load what analysing and checking any document needs, once per process: spaCy's amount
    pipeline, the learned classifiers, the lexicons and the word segmenter (`scripts/bench_screen.py`
    times it as the warm-up stage).
    A caller that reads the file in a child process meanwhile takes all of it off the critical path."""
    warm_amount_pipeline()
    model_versions()
    word_segmenter()
    for load in (load_lexicon, kind_lexicon, acceptance_lexicon, load_item_lexicon, load_product_lexicon,
                 load_crypto_lexicon, sharing_lexicon, catalogue_lexicon):
        load()


def extract(data: bytes, name: str) -> Document:
    return analyse(read_document(data, name))
