"""`docscreen evaluate`: the classifiers' accuracy tables (held-out, samples, cross-validation)."""

from __future__ import annotations

from pathlib import Path


def run_evaluate(root: Path | None, cross_validate: bool) -> int:
    from docscreen.extractors.classifier_harness import evaluate
    from docscreen.extractors.training_data import training_dir

    for table in evaluate(root or training_dir().parent, with_cv=cross_validate):
        print(table, end="\n\n", flush=True)
    return 0
