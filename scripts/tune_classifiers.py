"""Choose the classifiers' parameters by grouped cross-validation on the TRAINING split only.

The held-out split of training/ is never read here: a setting is judged by the out-of-fold
predictions of 5-fold group CV over the training rows, of the model alone and of the decision
screening makes with it (the lexicons first, then the fold's model above its threshold). Prints,
per setting, for chapters the mean and lowest F1 over the mandated types, for documents the
accuracy and the accuracy on acceptance types.

    python scripts/tune_classifiers.py                 # the grid below
    python scripts/tune_classifiers.py --set C=4 title_grams=1,4   # one setting
    python scripts/tune_classifiers.py --set cover_repeat=4 --thresholds   # MODEL_MIN sweeps for one setting
    python scripts/tune_classifiers.py --only chapters --set rule_confident=0.6 --thresholds

Both CVs cut the training rows into folds as the held-out split is cut from training: chapter
folds share no heading family or body (training_data.section_examples(folds=5)), document folds no
title family, heading or opening (document_examples(folds=5)).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from sklearn.metrics import f1_score

from docscreen.extractors import chapters, document_type, text_terms
from docscreen.extractors import classifier_training as training
from docscreen.extractors.classifier_harness import CV_FOLDS, Scored, cross_validate_documents, cross_validate_sections
from docscreen.extractors.training_data import document_examples, section_examples
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, CHAPTER_TYPES

CHAPTER_THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
DOCUMENT_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
MODULE_KEYS: dict[str, tuple[ModuleType, str]] = {  # setting key -> the module constant it sets
    **{name.lower(): (text_terms, name) for name in text_terms.SETTINGS},
    "rule_confident": (chapters, "RULE_CONFIDENT"),
}
GRID: tuple[dict[str, Any], ...] = (
    {},
    {"cover_repeat": 1},
    {"cover_repeat": 4},
    {"cover_repeat": 8},
    {"C": 4.0},
)


def _parse(pairs: list[str]) -> dict[str, Any]:
    setting: dict[str, Any] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if "," in value:
            low, _, high = value.partition(",")
            setting[key] = (int(low), int(high))
        elif value == "None":
            setting[key] = None
        else:
            setting[key] = float(value) if key in ("C", "rule_confident") else int(value) if value.isdigit() else value
    return setting


@contextmanager
def applied(setting: dict[str, Any]) -> Iterator[None]:
    """The setting in force (training parameters, term settings, the chapter rule threshold), the shipped ones restored after."""
    saved_params = dict(training.PARAMS)
    saved = {key: getattr(module, name) for key, (module, name) in MODULE_KEYS.items()}
    for key, value in setting.items():
        if key in MODULE_KEYS:
            setattr(*MODULE_KEYS[key], value)
        else:
            training.PARAMS[key] = value
    try:
        yield
    finally:
        training.PARAMS.clear()
        training.PARAMS.update(saved_params)
        for key, value in saved.items():
            setattr(*MODULE_KEYS[key], value)


def _accuracy(gold: Sequence[str], predicted: Sequence[str], rows: Sequence[int] | None = None) -> float:
    rows = range(len(gold)) if rows is None else rows
    return sum(gold[i] == predicted[i] for i in rows) / len(rows)


def chapter_line(scored: Scored) -> str:
    parts = []
    for system, predicted in scored.predicted.items():
        f1 = f1_score(scored.gold, predicted, labels=list(CHAPTER_TYPES), average=None, zero_division=0)
        worst = min(zip(f1, CHAPTER_TYPES, strict=True))
        parts.append(f"{system} acc {_accuracy(scored.gold, predicted):.3f} F1 mean {sum(f1) / len(f1):.3f} lowest {worst[0]:.3f} ({worst[1]})")
    return "  ".join(parts)


def document_line(scored: Scored) -> str:
    accept = [i for i, g in enumerate(scored.gold) if g in ACCEPTANCE_TYPES]
    return "  ".join(
        f"{system} acc {_accuracy(scored.gold, p):.3f} acceptance {_accuracy(scored.gold, p, accept):.3f}"
        for system, p in scored.predicted.items()
    )


def scores(setting: dict[str, Any], thresholds: bool, models: Sequence[str] = ("chapters", "documents")) -> Iterator[str]:
    name = setting or "shipped"
    with applied(setting):
        if "chapters" in models:
            sections = [r for r in section_examples(folds=CV_FOLDS) if not r.held_out]
            minimums = CHAPTER_THRESHOLDS if thresholds else (chapters.MODEL_MIN,)
            for minimum, scored in cross_validate_sections("chapters", sections, minimums).items():
                yield f"{name}  chapters MODEL_MIN {minimum:.2f}  {chapter_line(scored)}"
        if "documents" not in models:
            return
        rows = [r for r in document_examples(folds=CV_FOLDS) if not r.held_out]
        minimums = DOCUMENT_THRESHOLDS if thresholds else (document_type.MODEL_MIN,)
        for minimum, scored in cross_validate_documents("documents", rows, minimums).items():
            yield f"{name}  documents MODEL_MIN {minimum:.2f}  {document_line(scored)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs="*", default=None, help="one setting, e.g. C=4 cover_repeat=4 title_grams=1,4")
    parser.add_argument("--only", choices=("chapters", "documents"), help="one model's CV only")
    parser.add_argument("--thresholds", action="store_true", help="sweep both decisions' MODEL_MIN")
    args = parser.parse_args()
    for setting in [_parse(args.set)] if args.set is not None else GRID:
        for line in scores(setting, args.thresholds, [args.only] if args.only else ["chapters", "documents"]):
            print(line, flush=True)


if __name__ == "__main__":
    main()
