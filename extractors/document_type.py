"""Document kind and acceptance type where the lexicons do not decide: the learned model's turn.

kind.py and acceptance.py read covers, titles and self-references exactly; when they are sure
(a cover line, the title, the text calling itself so) their answer stands (method "rule"). A file
they leave unknown or only guess at from plain mentions — an acceptance file whose cover says
nothing the lexicon knows — is typed by data/document_model.json from its cover lines, top
headings and opening text (method "model", with its calibrated confidence).
"""

from __future__ import annotations

from docscreen.extractors.acceptance import title_types
from docscreen.extractors.kind import kind_lexicon
from docscreen.extractors.linear_model import LinearModel, load_model
from docscreen.extractors.outline import cover_blocks
from docscreen.extractors.text_terms import DOCUMENT_BODY_CHARS, document_terms
from docscreen.models.document import BlockKind, Document
from docscreen.models.vocabulary import OTHER, PLAN_KINDS

MODEL_MIN = 0.3  # a model guess below this changes nothing (chosen by the combined CV); under LOW_CONFIDENCE it is flagged
COVER_LINES = 8
ACCEPTANCE_KIND = "acceptance_report"


def document_inputs(doc: Document) -> tuple[list[str], list[str], str]:
    """What the document model reads: cover lines, headings of the first two levels, opening text."""
    cover = cover_blocks(doc)
    lines = ([doc.title] if doc.title else []) + [b.text for b in cover[:COVER_LINES]]
    headings = [s.title for s in doc.outline if s.level <= 2]
    on_cover = {id(b) for b in cover}
    heading_at = {s.first_block for s in doc.outline}
    body: list[str] = []
    size = 0
    for pos, b in enumerate(doc.blocks):
        if size >= DOCUMENT_BODY_CHARS:
            break
        readable = b.kind is BlockKind.PARAGRAPH and not b.in_toc and b.text.strip()
        if readable and id(b) not in on_cover and pos not in heading_at:
            body.append(b.text)
            size += len(b.text)
    return lines, headings, "\n".join(body)


def _rule_confident(doc: Document) -> bool:
    """The kind rests on a cover line, the title or file name, or the text calling itself so: the
    lexicon's self-reference score or better."""
    return doc.kind_confidence >= kind_lexicon().scores["self"]


def _rule_decided(doc: Document) -> bool:
    if doc.kind == "unknown" or not _rule_confident(doc):
        return False
    return doc.kind != ACCEPTANCE_KIND or bool(title_types(doc))


def decide_document_type(doc: Document, model: LinearModel | None = None, minimum: float = MODEL_MIN) -> None:
    """Let the model type a document the rules left unknown or unsure; sets `kind_method`.
    `model` and `minimum` default to the shipped ones; cross-validation passes a fold's model and
    candidate thresholds, so it scores the decision screening makes."""
    model = model or load_model("documents")
    doc.models["documents"] = model.version
    doc.kind_method = "rule" if doc.kind != "unknown" else ""
    if _rule_decided(doc):
        return
    label, confidence = model.best(document_terms(*document_inputs(doc)))
    if label == OTHER or confidence < minimum:
        return
    if label in PLAN_KINDS:
        if doc.kind != ACCEPTANCE_KIND:
            doc.kind, doc.kind_confidence, doc.kind_method = label, round(confidence, 2), "model"
        return
    doc.acceptance_types = [label] + [t for t in doc.acceptance_types if t != label]
    if doc.kind != ACCEPTANCE_KIND or not _rule_confident(doc):
        doc.kind, doc.kind_confidence = ACCEPTANCE_KIND, round(confidence, 2)
    doc.kind_method = "model"
