"""Time chapter typing (`classify_sections`) on one document, and count how its headings were typed.

The lexicon decides a heading it names confidently; every other heading costs a model call (its
terms cut by jieba, then the linear model), so the count by method explains the time. Runs against
any checkout that has `classify_sections`, `build_outline`, `read_document` and `warm_analysis`.

    python scripts/bench_chapters.py /tmp/bench/bench-1000.pdf [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path

from docscreen.extractors.chapters import classify_sections
from docscreen.extractors.outline import build_outline
from docscreen.extractors.pipeline import warm_analysis
from docscreen.extractors.read import read_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="runs; the median is reported")
    args = parser.parse_args()
    warm_analysis()
    doc = read_document(args.path.read_bytes(), args.path.name)
    build_outline(doc)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        classify_sections(doc)
        times.append(time.perf_counter() - start)
    methods = Counter(s.method for s in doc.outline)
    print(f"{args.path.name}: {len(doc.outline)} headings, {methods['rule']} typed by the lexicon, "
          f"{methods['model']} by the model; classify_sections {statistics.median(times):.3f} s "
          f"(median of {args.repeat}; runs {min(times):.3f}–{max(times):.3f} s)")


if __name__ == "__main__":
    main()
