"""The shipped classifiers, read from plain JSON and applied without scikit-learn.

`docscreen train` writes data/chapter_model.json and data/document_model.json (vocabulary, idf,
coefficients, intercepts, per-class sigmoid calibration); `predict_proba` here is the fitted
pipeline's own arithmetic — sublinear TF-IDF, L2 norm, linear decision, sigmoid per class,
normalised — so screening starts without importing scikit-learn and unpickles nothing.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

FORMAT = "docscreen.linear/1"
MODEL_FILES = {"chapters": "chapter_model.json", "documents": "document_model.json"}


@dataclass(frozen=True, slots=True)
class LinearModel:
    version: str
    classes: tuple[str, ...]
    index: dict[str, int]
    idf: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    calibration: tuple[tuple[float, float], ...]

    def predict_proba(self, terms: list[str]) -> list[float]:
        """Calibrated probability of each class (in `classes` order) for one row of terms."""
        counts = Counter(self.index[t] for t in terms if t in self.index)
        weights = {j: (1.0 + math.log(n)) * self.idf[j] for j, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        x = sorted((j, w / norm) for j, w in weights.items()) if norm else []
        proba = []
        for c, (a, b) in enumerate(self.calibration):
            row = self.coef[c]
            decision = self.intercept[c] + sum(v * row[j] for j, v in x)
            proba.append(_expit(-(a * decision + b)))
        total = sum(proba)
        if total == 0:
            return [1.0 / len(proba)] * len(proba)
        # scikit-learn rounds a share a hair over 1 down to 1
        return [1.0 if 1.0 < p / total <= 1.0 + 1e-5 else p / total for p in proba]

    def best(self, terms: list[str]) -> tuple[str, float]:
        proba = self.predict_proba(terms)
        i = max(range(len(proba)), key=proba.__getitem__)
        return self.classes[i], proba[i]


def _expit(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def from_json(raw: dict[str, Any]) -> LinearModel:
    if raw.get("format") != FORMAT:
        raise ValueError(f"unknown model format {raw.get('format')!r}")
    return LinearModel(
        version=raw["version"],
        classes=tuple(raw["classes"]),
        index={t: i for i, t in enumerate(raw["vocabulary"])},
        idf=tuple(raw["idf"]),
        coef=tuple(tuple(row) for row in raw["coef"]),
        intercept=tuple(raw["intercept"]),
        calibration=tuple((a, b) for a, b in raw["calibration"]),
    )


@cache
def load_model(name: str) -> LinearModel:
    """A shipped model by name ("chapters", "documents"), read once per process."""
    path = resources.files("docscreen.extractors") / "data" / MODEL_FILES[name]
    return from_json(json.loads(path.read_text("utf-8")))


def model_versions() -> dict[str, str]:
    return {name: load_model(name).version for name in MODEL_FILES}
