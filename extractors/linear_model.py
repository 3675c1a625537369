"""The shipped classifiers, read from plain JSON and applied without scikit-learn.

`docscreen train` writes data/chapter_model.json and data/document_model.json (vocabulary, idf,
coefficients, intercepts, per-class sigmoid calibration); `predict_proba` here is the fitted
pipeline's own arithmetic — sublinear TF-IDF, L2 norm, linear decision, sigmoid per class,
normalised — so screening starts without importing scikit-learn and unpickles nothing. numpy,
which spaCy loads anyway, reads only the columns of a row's few terms.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

FORMAT = "docscreen.linear/1"
MODEL_FILES = {"chapters": "chapter_model.json", "documents": "document_model.json"}


@dataclass(frozen=True, slots=True)
class LinearModel:
    version: str
    classes: tuple[str, ...]
    index: dict[str, int]
    idf: np.ndarray  # (terms,)
    coef: np.ndarray  # (classes, terms): a row of terms has some fifty, so only their columns are read
    intercept: np.ndarray  # (classes,)
    calibration: np.ndarray  # (classes, 2): the sigmoid's a and b

    def predict_proba(self, terms: list[str]) -> list[float]:
        """Calibrated probability of each class (in `classes` order) for one row of terms."""
        counts = Counter(self.index[t] for t in terms if t in self.index)
        decision = self.intercept
        if counts:
            columns = np.fromiter(counts, dtype=np.intp, count=len(counts))
            weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[columns]
            decision = decision + self.coef[:, columns] @ (weights / np.sqrt(weights @ weights))
        proba = _expit(-(self.calibration[:, 0] * decision + self.calibration[:, 1]))
        total = float(proba.sum())
        if total == 0:
            return [1.0 / len(proba)] * len(proba)
        # scikit-learn rounds a share a hair over 1 down to 1
        return [1.0 if 1.0 < p / total <= 1.0 + 1e-5 else p / total for p in proba.tolist()]

    def best(self, terms: list[str]) -> tuple[str, float]:
        proba = self.predict_proba(terms)
        i = max(range(len(proba)), key=proba.__getitem__)
        return self.classes[i], proba[i]


def _expit(z: np.ndarray) -> np.ndarray:
    """The logistic function without overflow at either end."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def from_json(raw: dict[str, Any]) -> LinearModel:
    if raw.get("format") != FORMAT:
        raise ValueError(f"unknown model format {raw.get('format')!r}")
    return LinearModel(
        version=raw["version"],
        classes=tuple(raw["classes"]),
        index={t: i for i, t in enumerate(raw["vocabulary"])},
        idf=np.array(raw["idf"], dtype=np.float64),
        coef=np.array(raw["coef"], dtype=np.float64),
        intercept=np.array(raw["intercept"], dtype=np.float64),
        calibration=np.array(raw["calibration"], dtype=np.float64),
    )


@cache
def load_model(name: str) -> LinearModel:
    """A shipped model by name ("chapters", "documents"), read once per process."""
    path = resources.files("docscreen.extractors") / "data" / MODEL_FILES[name]
    return from_json(json.loads(path.read_text("utf-8")))


def model_versions() -> dict[str, str]:
    return {name: load_model(name).version for name in MODEL_FILES}
