"""Held-out figures on the phrasing families training/ held at an earlier commit only.

When new families are added, a quarter of them join the held-out split, so `docscreen evaluate`
then scores old and new unseen phrasings together. This scores the current models on the
held-out rows of the families (heading families for chapters, title families for documents) that
existed at REV, so two data rounds are compared on the same unseen phrasings. Document rows may
still draw headings and openings added since REV.

    python scripts/held_out_since.py 3297e7b
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path
from typing import Any

import yaml

from docscreen.extractors.classifier_harness import held_out_documents, held_out_sections, report
from docscreen.extractors.training_data import training_dir

ROOT = Path(__file__).resolve().parents[1]


def training_at(rev: str, name: str) -> Any:
    """The training file `name` as it was at `rev`, parsed."""
    text = subprocess.run(["git", "show", f"{rev}:training/{name}"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return yaml.safe_load(text)


def _families_at(rev: str, name: str) -> dict[str, int]:
    """Per class, how many families the training file had at `rev`."""
    raw = training_at(rev, name)
    if name == "chapters.yaml":
        return {label: len(spec["headings"]) for label, spec in raw.items()}
    return {label: len(spec["titles"]) for label, spec in raw["classes"].items()}


def _old(group: str, counts: dict[str, int]) -> bool:
    label, _, index = group.rpartition("/")
    return int(index) < counts.get(label, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the commit whose families are scored")
    args = parser.parse_args()
    base = training_dir()
    chapters, documents = _families_at(args.rev, "chapters.yaml"), _families_at(args.rev, "documents.yaml")
    name = f"chapters · held-out, families of {args.rev}"
    print(report(held_out_sections(base, lambda r: _old(r.group, chapters), name)))
    name = f"documents · held-out, title families of {args.rev}"
    print(report(held_out_documents(base, lambda r: _old(r.group, documents), name)))


if __name__ == "__main__":
    main()
