"""The analysis stages every read document goes through, in order, whatever its format."""

from __future__ import annotations

from docscreen.extractors.acceptance import classify_acceptance
from docscreen.extractors.budget import read_budget
from docscreen.extractors.chapters import classify_sections
from docscreen.extractors.completeness import assess_completeness
from docscreen.extractors.document_type import decide_document_type
from docscreen.extractors.gc_pause import gc_paused
from docscreen.extractors.kind import detect_kind
from docscreen.extractors.outline import build_outline
from docscreen.extractors.read import read_document
from docscreen.models import Document


@gc_paused()
def analyse(doc: Document) -> Document:
    """Outline, chapter types, kind (and acceptance types: the lexicons, then the document model),
    completeness and budget; an unreadable document passes through untouched."""
    if not doc.readable:
        return doc
    build_outline(doc)
    classify_sections(doc)
    detect_kind(doc)
    classify_acceptance(doc)
    decide_document_type(doc)
    assess_completeness(doc)
    doc.budget = read_budget(doc)
    return doc


def extract(data: bytes, name: str) -> Document:
    return analyse(read_document(data, name))
