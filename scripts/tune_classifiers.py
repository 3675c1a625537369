"""Choose the classifiers' parameters by grouped cross-validation on the TRAINING split only.

The held-out split of training/ is never read here: a setting is judged by the out-of-fold
predictions of 5-fold GroupKFold (folds by phrasing family) over the training rows. Prints, per
setting, the accuracy, the lowest F1 of a mandated chapter type (chapters) and the accuracy on
acceptance types (documents).

    python scripts/tune_classifiers.py                 # the grid below
    python scripts/tune_classifiers.py --set C=4 title_grams=1,4   # one setting
    python scripts/tune_classifiers.py --thresholds    # the chapter decision's MODEL_MIN, lexicon in the loop

The document CV cuts the training rows into folds that share no title family, heading or opening
(training_data.document_examples(folds=5)), as the held-out split is cut from training.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from docscreen.extractors import classifier_training as training
from docscreen.extractors import text_terms
from docscreen.extractors.chapters import RULE_CONFIDENT, classify_heading, lexicon_vetoes
from docscreen.extractors.classifier_harness import CV_FOLDS, cross_validate
from docscreen.extractors.training_data import OTHER, document_examples, document_labels, section_examples
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, CHAPTER_TYPES

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
GRAM_KEYS = ("title_grams", "parent_grams")  # text_terms.TITLE_GRAMS, text_terms.PARENT_GRAMS
GRID: tuple[dict[str, Any], ...] = (
    {},
    {"C": 1.0},
    {"C": 4.0},
    {"C": 8.0},
    {"class_weight": None},
    {"title_grams": (1, 4)},
    {"title_grams": (2, 4)},
)


def _parse(pairs: list[str]) -> dict[str, Any]:
    setting: dict[str, Any] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key in GRAM_KEYS:
            low, _, high = value.partition(",")
            setting[key] = (int(low), int(high))
        elif value == "None":
            setting[key] = None
        else:
            setting[key] = float(value) if key == "C" else int(value) if value.isdigit() else value
    return setting


def scores(setting: dict[str, Any], documents_too: bool = True) -> Iterator[str]:
    saved, grams = dict(training.PARAMS), (text_terms.TITLE_GRAMS, text_terms.PARENT_GRAMS)
    text_terms.TITLE_GRAMS = setting.get("title_grams", grams[0])
    text_terms.PARENT_GRAMS = setting.get("parent_grams", grams[1])
    training.PARAMS.update({k: v for k, v in setting.items() if k not in GRAM_KEYS})
    try:
        sections = training.section_dataset([r for r in section_examples() if not r.held_out])
        scored = cross_validate("chapters", sections, (*CHAPTER_TYPES, OTHER))
        predicted = scored.predicted["model"]
        accuracy = sum(g == p for g, p in zip(scored.gold, predicted, strict=True)) / len(scored.gold)
        mandated = [c for c in CHAPTER_TYPES if c in scored.gold]
        f1 = f1_score(scored.gold, predicted, labels=mandated, average=None, zero_division=0)
        worst = min(zip(f1, mandated, strict=True))
        yield f"{setting or 'shipped'}  chapters: accuracy {accuracy:.3f}  lowest F1 {worst[0]:.3f} ({worst[1]})"
        if not documents_too:
            return
        rows = [r for r in document_examples(folds=CV_FOLDS) if not r.held_out]
        scored = cross_validate("documents", training.document_dataset(rows), document_labels(), [r.fold for r in rows])
        predicted = scored.predicted["model"]
        accept = [i for i, g in enumerate(scored.gold) if g in ACCEPTANCE_TYPES]
        accuracy = sum(g == p for g, p in zip(scored.gold, predicted, strict=True)) / len(scored.gold)
        on_accept = sum(scored.gold[i] == predicted[i] for i in accept) / len(accept)
        yield f"{setting or 'shipped'}  documents: accuracy {accuracy:.3f}  acceptance types {on_accept:.3f}"
    finally:
        training.PARAMS.clear()
        training.PARAMS.update(saved)
        text_terms.TITLE_GRAMS, text_terms.PARENT_GRAMS = grams


def threshold_scores() -> Iterator[str]:
    """The chapter decision as screening makes it (a confident lexicon hit or veto stands, else the
    model's best class) on out-of-fold probabilities, for each candidate of chapters.MODEL_MIN."""
    rows = [r for r in section_examples() if not r.held_out]
    data = training.section_dataset(rows)
    rule: list[str | None] = []
    for r in rows:
        kind, confidence = classify_heading(r.title, r.body, r.parent)
        vetoed = kind is None and lexicon_vetoes(r.title, r.parent)
        rule.append(kind if kind is not None and confidence >= RULE_CONFIDENT else OTHER if vetoed else None)
    best: list[tuple[str, float]] = [(OTHER, 0.0)] * len(rows)
    for train, test in GroupKFold(n_splits=CV_FOLDS).split(data.terms, data.labels, data.groups):
        pipeline = training.fit(
            training.Dataset([data.terms[i] for i in train], [data.labels[i] for i in train], [data.groups[i] for i in train])
        )
        for i, proba in zip(test, pipeline.predict_proba([data.terms[i] for i in test]), strict=True):
            k = max(range(len(proba)), key=proba.__getitem__)
            best[i] = (str(pipeline.classes_[k]), float(proba[k]))
    for threshold in THRESHOLDS:
        decided = [
            ruled if ruled is not None else OTHER if label == OTHER or p < threshold else label
            for ruled, (label, p) in zip(rule, best, strict=True)
        ]
        f1 = f1_score(data.labels, decided, labels=list(CHAPTER_TYPES), average=None, zero_division=0)
        accuracy = sum(g == d for g, d in zip(data.labels, decided, strict=True)) / len(decided)
        yield f"MODEL_MIN {threshold:.2f}  combined accuracy {accuracy:.3f}  lowest F1 {min(f1):.3f}  mean F1 {sum(f1) / len(f1):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs="*", default=None, help="one setting, e.g. C=4 class_weight=None")
    parser.add_argument("--chapters-only", action="store_true", help="skip the document model's CV")
    parser.add_argument("--thresholds", action="store_true", help="sweep the chapter model's MODEL_MIN instead")
    args = parser.parse_args()
    if args.thresholds:
        for line in threshold_scores():
            print(line, flush=True)
        return
    for setting in [_parse(args.set)] if args.set is not None else GRID:
        for line in scores(setting, documents_too=not args.chapters_only):
            print(line, flush=True)


if __name__ == "__main__":
    main()
