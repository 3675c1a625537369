"""Coverage-guided fuzzing of the DOCX and PDF readers with atheris, for N seconds (not part of
the test suite). Seeds are the committed samples; a reader that raises or crashes stops the run
and libFuzzer writes the input as crash-*. Keep what it finds as a regression test.

    .venv/bin/pip install atheris
    .venv/bin/python scripts/fuzz_readers.py --seconds 300 [--format pdf|docx] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():  # the readers are imported lazily by read.py: load them here to instrument them
    from docscreen.extractors import docx_numbering, docx_reader, docx_styles, docx_tables, pdf_lines  # noqa: F401
    from docscreen.extractors import pdf_paragraphs, pdf_reader, pdf_tables  # noqa: F401
    from docscreen.extractors.read import read_document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def one_input(data: bytes) -> None:
    read_document(data, "fuzz")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
    parser.add_argument("--workdir", type=Path, help="keeps the corpus and any crash-* files (default: a temp dir)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="docscreen-fuzz-"))
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(sorted(SAMPLES.rglob(f"*.{args.format}"))[:8]):
        (corpus / f"seed{i}.{args.format}").write_bytes(seed.read_bytes())
    print(f"corpus and crashes in {work}", file=sys.stderr)
    atheris.Setup(
        [sys.argv[0], f"-max_total_time={args.seconds}", "-rss_limit_mb=4096", "-timeout=60",
         f"-artifact_prefix={work}/", str(corpus)],
        one_input,
    )
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
