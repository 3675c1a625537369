"""The accuracy harness of the classifiers: the lexicon alone, the model alone and the two combined
as screening combines them, on the held-out split of training/, on the samples, and in 5-fold
group cross-validation. `docscreen evaluate` prints what `evaluate` returns.

Sample sections are labelled by the samples' own generator (samples/sample_text.py: the titles it
gives each chapter topic and design principle), sample documents by samples/manifest.json; neither
ever reaches training.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from docscreen.extractors.acceptance import classify_acceptance
from docscreen.extractors.chapters import MODEL_MIN, classify_heading, decide_heading
from docscreen.extractors.classifier_training import Dataset, document_dataset, export, fit, section_dataset
from docscreen.extractors.document_type import MODEL_MIN as DOCUMENT_MODEL_MIN
from docscreen.extractors.document_type import decide_document_type, document_inputs
from docscreen.extractors.kind import detect_kind
from docscreen.extractors.linear_model import LinearModel, from_json, load_model
from docscreen.extractors.outline import build_outline, normalize_title
from docscreen.extractors.read import read_document
from docscreen.extractors.text_terms import document_terms, section_terms
from docscreen.extractors.training_data import (
    DocumentExample,
    SectionExample,
    document_examples,
    document_labels,
    example_document,
    section_examples,
)
from docscreen.models.document import Document
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, CHAPTER_TYPES, OTHER, PLAN_KINDS

SYSTEMS = ("lexicon", "model", "combined")
CV_FOLDS = 5


@dataclass(frozen=True, slots=True)
class Scored:
    """Gold labels and each system's predictions for one set of rows."""

    name: str
    labels: tuple[str, ...]
    gold: list[str]
    predicted: dict[str, list[str]]  # system -> predictions


def _model_label(model: LinearModel, terms: list[str]) -> str:
    return model.best(terms)[0]


# sections ---------------------------------------------------------------------------------------


def _section_systems(title: str, parent: str, body: str) -> dict[str, str]:
    rule_type, _ = classify_heading(title, body, parent)
    combined = decide_heading(title, body, parent).chapter_type
    return {
        "lexicon": rule_type or OTHER,
        "model": _model_label(load_model("chapters"), section_terms(title, parent, body)),
        "combined": combined or OTHER,
    }


def _score_sections(name: str, rows: Sequence[tuple[str, str, str, str]]) -> Scored:
    """rows: (title, parent, body, gold label)."""
    predicted: dict[str, list[str]] = {s: [] for s in SYSTEMS}
    for title, parent, body, _ in rows:
        for system, label in _section_systems(title, parent, body).items():
            predicted[system].append(label)
    return Scored(name, (*CHAPTER_TYPES, OTHER), [r[3] for r in rows], predicted)


def held_out_sections(
    root: Path | None = None, keep: Callable[[SectionExample], bool] = lambda r: True, name: str = "chapters · held-out"
) -> Scored:
    """The held-out rows (those `keep` accepts) scored by every system."""
    rows = [(r.title, r.parent, r.body, r.label) for r in section_examples(root) if r.held_out and keep(r)]
    return _score_sections(name, rows)


def _load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _sample_title_labels(samples: Path) -> dict[str, str]:
    """Chapter-level titles the sample generator writes, with the chapter type each stands for."""
    text = _load_module(samples / "sample_text.py")
    labels = {normalize_title(t): OTHER for t in text.PRINCIPLES}
    for topic, spec in text.TOPICS.items():
        for title in spec.titles:
            labels[normalize_title(title)] = topic if topic in CHAPTER_TYPES else OTHER
    return labels


def _sample_documents(samples: Path) -> list[tuple[dict[str, Any], Document]]:
    entries = json.loads((samples / "manifest.json").read_text("utf-8"))
    docs = []
    for entry in entries:
        path = samples.parent / entry["path"]
        if not path.is_file() or path.suffix not in (".docx", ".pdf") or entry.get("expected") and any(
            x["code"] == "unreadable" for x in entry["expected"]
        ):
            continue
        doc = read_document(path.read_bytes(), path.name)
        if doc.readable:
            build_outline(doc)
            docs.append((entry, doc))
    return docs


def sample_sections(docs: list[tuple[dict[str, Any], Document]], samples: Path) -> Scored:
    labels = _sample_title_labels(samples)
    rows = []
    for _, doc in docs:
        for section in doc.outline:
            gold = labels.get(normalize_title(section.title))
            if gold is not None:
                parent = doc.outline[section.parent].title if section.parent is not None else ""
                rows.append((section.title, parent, section.text, gold))
    return _score_sections("chapters · samples", rows)


# documents --------------------------------------------------------------------------------------


def _document_label(doc: Document) -> str:
    """A plan's kind, else the acceptance type the file is (its first), else other."""
    if doc.kind in PLAN_KINDS:
        return doc.kind
    return doc.acceptance_types[0] if doc.acceptance_types else OTHER


def _typed(doc: Document, model: LinearModel | None, minimum: float = DOCUMENT_MODEL_MIN) -> str:
    """The lexicons' label, and with a `model` the label screening gives with that model."""
    detect_kind(doc)
    classify_acceptance(doc)
    if model is not None:
        decide_document_type(doc, model, minimum)
    return _document_label(doc)


def _score_documents(name: str, docs: Sequence[tuple[Callable[[], Document], str]]) -> Scored:
    predicted: dict[str, list[str]] = {s: [] for s in SYSTEMS}
    model = load_model("documents")
    for make, _ in docs:
        predicted["lexicon"].append(_typed(make(), None))
        doc = make()
        predicted["model"].append(_model_label(model, document_terms(*document_inputs(doc))))
        predicted["combined"].append(_typed(doc, model))
    return Scored(name, document_labels(), [gold for _, gold in docs], predicted)


def held_out_documents(
    root: Path | None = None, keep: Callable[[DocumentExample], bool] = lambda r: True, name: str = "documents · held-out"
) -> Scored:
    """As held_out_sections, for documents."""
    rows = [r for r in document_examples(root) if r.held_out and keep(r)]
    return _score_documents(name, [((lambda r=r: example_document(r)), r.label) for r in rows])


def sample_document_kinds(docs: list[tuple[dict[str, Any], Document]]) -> Scored:
    def fresh(doc: Document) -> Callable[[], Document]:
        def make() -> Document:
            copy = Document(name=doc.name, format=doc.format, blocks=doc.blocks, pages=doc.pages, title=doc.title)
            build_outline(copy)
            return copy

        return make

    rows = [(fresh(doc), entry["kind"]) for entry, doc in docs if entry["kind"] in PLAN_KINDS]
    return _score_documents("documents · samples (kind)", rows)


# cross-validation -------------------------------------------------------------------------------


def fold_models(data: Dataset, folds: Sequence[int]) -> Iterator[tuple[LinearModel, list[int]]]:
    """For each of the CV_FOLDS `folds`: the model refitted on the other folds, as screening would
    load it, and the rows it did not see."""
    for train, test in GroupKFold(n_splits=CV_FOLDS).split(data.terms, data.labels, folds):
        subset = Dataset([data.terms[i] for i in train], [data.labels[i] for i in train], [data.groups[i] for i in train])
        yield from_json(export(fit(subset), "cv")), [int(i) for i in test]


def _cross_validate(
    name: str,
    data: Dataset,
    folds: Sequence[int],
    labels: tuple[str, ...],
    minimums: Sequence[float],
    decide: Callable[[int, LinearModel, float], str],
) -> dict[float, Scored]:
    """Out-of-fold predictions of the model alone and of `decide(row, fold model, minimum)`, the
    decision screening makes with it, at each threshold of `minimums`."""
    model_only = [""] * len(data.labels)
    combined = {m: [""] * len(data.labels) for m in minimums}
    for model, test in fold_models(data, folds):
        for i in test:
            model_only[i] = _model_label(model, data.terms[i])
            for m in minimums:
                combined[m][i] = decide(i, model, m)
    return {m: Scored(name, labels, list(data.labels), {"model": model_only, "combined": combined[m]}) for m in minimums}


def cross_validate_sections(
    name: str, rows: Sequence[SectionExample], minimums: Sequence[float] = (MODEL_MIN,)
) -> dict[float, Scored]:
    """The chapter decision (the lexicon first, then the fold's model) in CV over the rows' own
    `fold`s (section_examples(folds=k): no heading family or body shared)."""

    def decide(i: int, model: LinearModel, minimum: float) -> str:
        r = rows[i]
        return decide_heading(r.title, r.body, r.parent, model, minimum).chapter_type or OTHER

    data = section_dataset(rows)
    return _cross_validate(name, data, [r.fold for r in rows], (*CHAPTER_TYPES, OTHER), minimums, decide)


def cross_validate_documents(
    name: str, rows: Sequence[DocumentExample], minimums: Sequence[float] = (DOCUMENT_MODEL_MIN,)
) -> dict[float, Scored]:
    """The document decision (the lexicons first, then the fold's model) in CV over the rows' own
    `fold`s (document_examples(folds=k): no title family, heading or opening shared)."""

    def decide(i: int, model: LinearModel, minimum: float) -> str:
        return _typed(example_document(rows[i]), model, minimum)

    data = document_dataset(rows)
    return _cross_validate(name, data, [r.fold for r in rows], document_labels(), minimums, decide)


# printing ---------------------------------------------------------------------------------------


def report(scored: Scored) -> str:
    """Per-class precision/recall/F1 of each system side by side, then the combined (or only)
    system's confusion table."""
    systems = list(scored.predicted)
    lines = [f"== {scored.name} ({len(scored.gold)} rows) =="]
    present = [c for c in scored.labels if c in scored.gold or any(c in p for p in scored.predicted.values())]
    head = f"{'class':<24}{'n':>5}" + "".join(f"  {s:>8} P     R     F1" for s in systems)
    lines.append(head)
    figures = {
        s: precision_recall_fscore_support(scored.gold, p, labels=present, zero_division=0) for s, p in scored.predicted.items()
    }
    for i, c in enumerate(present):
        row = f"{c:<24}{scored.gold.count(c):>5}"
        for s in systems:
            p, r, f, _ = figures[s]
            row += f"  {'':>8}{p[i]:.3f} {r[i]:.3f} {f[i]:.3f}"
        lines.append(row)
    acc = "  ".join(
        f"{s} {sum(g == q for g, q in zip(scored.gold, p, strict=True)) / len(scored.gold):.3f}"
        for s, p in scored.predicted.items()
    )
    lines.append(f"accuracy: {acc}")
    accept = [i for i, g in enumerate(scored.gold) if g in ACCEPTANCE_TYPES]
    if accept:
        acc = "  ".join(
            f"{s} {sum(scored.gold[i] == p[i] for i in accept) / len(accept):.3f}" for s, p in scored.predicted.items()
        )
        lines.append(f"accuracy on acceptance document types ({len(accept)} rows): {acc}")
    shown = systems[-1]
    matrix = confusion_matrix(scored.gold, scored.predicted[shown], labels=present)
    lines.append(f"confusion ({shown}; rows gold, columns predicted, numbered as the rows):")
    lines.append(" " * 28 + "".join(f"{j:>5}" for j in range(len(present))))
    for j, c in enumerate(present):
        lines.append(f"{j:>2} {c:<25}" + "".join(f"{v:>5}" for v in matrix[j]))
    return "\n".join(lines)


def evaluate(root: Path, with_cv: bool = True) -> Iterator[str]:
    """Every table, as it is ready: held-out, samples, cross-validation."""
    training, samples = root / "training", root / "samples"
    yield report(held_out_sections(training))
    yield report(held_out_documents(training))
    docs = _sample_documents(samples)
    yield report(sample_sections(docs, samples))
    yield report(sample_document_kinds(docs))
    if with_cv:
        sections = [r for r in section_examples(training, folds=CV_FOLDS) if not r.held_out]
        name = "chapters · 5-fold CV, training split, folds share no heading family or body"
        yield report(cross_validate_sections(name, sections)[MODEL_MIN])
        rows = [r for r in document_examples(training, folds=CV_FOLDS) if not r.held_out]
        name = "documents · 5-fold CV, training split, folds share no heading or opening"
        yield report(cross_validate_documents(name, rows)[DOCUMENT_MODEL_MIN])
