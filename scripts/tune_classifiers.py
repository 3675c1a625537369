"""Choose the classifiers' parameters by grouped cross-validation on the TRAINING split only.

The held-out split of training/ is never read here: a setting is judged by the out-of-fold
predictions of 5-fold GroupKFold (folds by phrasing family) over the training rows. Prints, per
setting, the accuracy, the lowest F1 of a mandated chapter type (chapters) and the accuracy on
acceptance types (documents).

    python scripts/tune_classifiers.py                 # the grid below
    python scripts/tune_classifiers.py --set C=4       # one setting
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from sklearn.metrics import f1_score

from docscreen.extractors import classifier_training as training
from docscreen.extractors.classifier_harness import cross_validate
from docscreen.extractors.training_data import OTHER, document_examples, document_labels, section_examples
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, CHAPTER_TYPES

GRID: tuple[dict[str, Any], ...] = (
    {},
    {"C": 1.0},
    {"C": 4.0},
    {"C": 8.0},
    {"class_weight": None},
)


def _parse(pairs: list[str]) -> dict[str, Any]:
    setting: dict[str, Any] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        setting[key] = None if value == "None" else float(value) if "." in value or key == "C" else int(value)
    return setting


def scores(setting: dict[str, Any]) -> Iterator[str]:
    saved = dict(training.PARAMS)
    training.PARAMS.update(setting)
    try:
        sections = training.section_dataset([r for r in section_examples() if not r.held_out])
        scored = cross_validate("chapters", sections, (*CHAPTER_TYPES, OTHER))
        predicted = scored.predicted["model"]
        accuracy = sum(g == p for g, p in zip(scored.gold, predicted, strict=True)) / len(scored.gold)
        mandated = [c for c in CHAPTER_TYPES if c in scored.gold]
        f1 = f1_score(scored.gold, predicted, labels=mandated, average=None, zero_division=0)
        worst = min(zip(f1, mandated, strict=True))
        yield f"{setting or 'shipped'}  chapters: accuracy {accuracy:.3f}  lowest F1 {worst[0]:.3f} ({worst[1]})"
        documents = training.document_dataset([r for r in document_examples() if not r.held_out])
        scored = cross_validate("documents", documents, document_labels())
        predicted = scored.predicted["model"]
        accept = [i for i, g in enumerate(scored.gold) if g in ACCEPTANCE_TYPES]
        accuracy = sum(g == p for g, p in zip(scored.gold, predicted, strict=True)) / len(scored.gold)
        on_accept = sum(scored.gold[i] == predicted[i] for i in accept) / len(accept)
        yield f"{setting or 'shipped'}  documents: accuracy {accuracy:.3f}  acceptance types {on_accept:.3f}"
    finally:
        training.PARAMS.clear()
        training.PARAMS.update(saved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs="*", default=None, help="one setting, e.g. C=4 class_weight=None")
    args = parser.parse_args()
    for setting in [_parse(args.set)] if args.set is not None else GRID:
        for line in scores(setting):
            print(line, flush=True)


if __name__ == "__main__":
    main()
