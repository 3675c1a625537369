"""Fit the chapter and document-type classifiers on training/ and write them as plain JSON.

scikit-learn is imported here only: `docscreen train` and `docscreen evaluate` use it, screening
never does (extractors/linear_model.py reproduces `predict_proba` from the JSON). The pipeline is a
TF-IDF over the terms of extractors/text_terms.py (jieba words and character n-grams) into a
logistic regression, calibrated by a sigmoid per class fitted on group-wise cross-validated
decisions (`ensemble=False`: one regression, one calibrator per class, all shippable as numbers).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

from docscreen.extractors.document_type import document_inputs
from docscreen.extractors import text_terms
from docscreen.extractors.linear_model import FORMAT, MODEL_FILES
from docscreen.extractors.text_terms import document_terms, section_terms
from docscreen.extractors.training_data import (
    DocumentExample,
    SectionExample,
    document_examples,
    example_document,
    section_examples,
    training_dir,
)

PARAMS: dict[str, Any] = {"C": 2.0, "class_weight": "balanced", "max_iter": 5000, "min_df": 2, "sublinear_tf": True, "calibration_folds": 5}


@dataclass(frozen=True, slots=True)
class Dataset:
    terms: list[list[str]]
    labels: list[str]
    groups: list[str]


def _given(terms: list[str]) -> list[str]:
    """The analyzer: the rows are term lists already (extractors/text_terms.py made them)."""
    return terms


def section_dataset(rows: Sequence[SectionExample]) -> Dataset:
    return Dataset([section_terms(r.title, r.parent, r.body) for r in rows], [r.label for r in rows], [r.group for r in rows])


def document_dataset(rows: Sequence[DocumentExample]) -> Dataset:
    terms = [document_terms(*document_inputs(example_document(r))) for r in rows]
    return Dataset(terms, [r.label for r in rows], [r.group for r in rows])


def build_pipeline(groups_cv: list[tuple[Any, Any]]) -> Pipeline:
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer=_given, min_df=PARAMS["min_df"], sublinear_tf=PARAMS["sublinear_tf"])),
            (
                "model",
                CalibratedClassifierCV(
                    LogisticRegression(C=PARAMS["C"], class_weight=PARAMS["class_weight"], max_iter=PARAMS["max_iter"]),
                    method="sigmoid",
                    cv=groups_cv,
                    ensemble=False,
                ),
            ),
        ]
    )


def fit(data: Dataset) -> Pipeline:
    folds = list(GroupKFold(n_splits=PARAMS["calibration_folds"]).split(data.terms, data.labels, data.groups))
    return build_pipeline(folds).fit(data.terms, data.labels)


def export(pipeline: Pipeline, version: str) -> dict[str, Any]:
    """The fitted pipeline as numbers: what linear_model.LinearModel reads back."""
    tfidf: TfidfVectorizer = pipeline.named_steps["tfidf"]
    calibrated = pipeline.named_steps["model"].calibrated_classifiers_[0]
    regression: LogisticRegression = calibrated.estimator
    vocabulary = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.__getitem__)
    return {
        "format": FORMAT,
        "version": version,
        "params": PARAMS,
        "classes": [str(c) for c in regression.classes_],
        "vocabulary": vocabulary,
        "idf": [float(v) for v in tfidf.idf_],
        "coef": [[float(v) for v in row] for row in regression.coef_],
        "intercept": [float(v) for v in regression.intercept_],
        "calibration": [[float(c.a_), float(c.b_)] for c in calibrated.calibrators],
    }


def data_version(*files: Path) -> str:
    """Hash of the training data, the term functions' word list and term settings, and the parameters."""
    digest = hashlib.sha256(json.dumps([PARAMS, text_terms.settings()], sort_keys=True).encode())
    words = resources.files("docscreen.extractors") / "data" / "classifier_words.txt"
    for blob in (*(f.read_bytes() for f in files), words.read_bytes()):
        digest.update(blob)
    return digest.hexdigest()[:12]


def fit_chapters(base: Path) -> tuple[Pipeline, str]:
    sections = [r for r in section_examples(base) if not r.held_out]
    return fit(section_dataset(sections)), data_version(base / "chapters.yaml")


def fit_documents(base: Path) -> tuple[Pipeline, str]:
    documents = [r for r in document_examples(base) if not r.held_out]
    return fit(document_dataset(documents)), data_version(base / "documents.yaml")


def train_all(root: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every model, fitted on the training split of training/ (the held-out split stays unseen)."""
    base = root or training_dir()
    return {name: export(*fitter(base)) for name, fitter in (("chapters", fit_chapters), ("documents", fit_documents))}


def model_json(model: dict[str, Any]) -> str:
    return json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_models(models: dict[str, dict[str, Any]], out: Path) -> list[Path]:
    written = []
    for name, model in models.items():
        path = out / MODEL_FILES[name]
        path.write_text(model_json(model), encoding="utf-8")
        written.append(path)
    return written
