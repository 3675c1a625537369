"""How many openings of each chapter class mention a word, in training/chapters.yaml.

A word that only one class's openings use becomes that class's sign to the model, whatever the
heading says (round 9 of the README: 政务云 in no opening of `other`, in 14 of intensive_construction).

    python scripts/opening_words.py 政务云 [--rev 8d5a9f1]
"""

from __future__ import annotations

import argparse

import yaml

from held_out_since import training_at

from docscreen.extractors.training_data import training_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("word")
    parser.add_argument("--rev", help="the commit whose training file is read (default: the working tree)")
    args = parser.parse_args()
    raw = training_at(args.rev, "chapters.yaml") if args.rev else yaml.safe_load((training_dir() / "chapters.yaml").read_text("utf-8"))
    for label, spec in raw.items():
        bodies = [b for b in spec["bodies"] if b]
        print(f"{label:<24}{sum(args.word in b for b in bodies):>4} of {len(bodies):>3} openings mention {args.word}")


if __name__ == "__main__":
    main()
