"""End-to-end speed: the whole `docscreen screen` command on one generated text PDF.

Times, in one run and on the same file: pypdfium2's raw text extraction, pdfplumber's plain
`extract_text`, and the `docscreen screen` command as a user runs it (a new process, start-up
and report writing included). Prints pages/second, the ratios, and the command's peak memory.

    python scripts/bench_screen.py [--pages 100] [--plumber-pages N] [--pdf PATH]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_pdf import _font, build_pdf, time_plumber, time_raw


def time_command(pdf: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "docscreen.flows.cli", "screen", str(pdf), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--plumber-pages", type=int, default=None, help="time pdfplumber on this many pages only")
    parser.add_argument("--pdf", type=Path, default=None, help="where to write (or reuse) the generated PDF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = args.pdf or Path(tmp) / f"bench-{args.pages}.pdf"
        if not pdf.exists():
            font, label = _font()
            build_pdf(pdf, args.pages, font)
            print(f"generated {pdf} ({args.pages} pages, {label})")
        data = pdf.read_bytes()
        raw_s, _ = time_raw(data)
        plumber_pages = min(args.plumber_pages or args.pages, args.pages)
        plumber_s = time_plumber(data, plumber_pages) * args.pages / plumber_pages
        screen_s = time_command(pdf, Path(tmp) / "out")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n = args.pages
    extrapolated = " (extrapolated)" if plumber_pages < n else ""
    print(f"{'pypdfium2 get_text_range':<34}{raw_s:>8.2f} s {n / raw_s:>9.1f} pages/s")
    print(f"{'pdfplumber extract_text' + extrapolated:<34}{plumber_s:>8.2f} s {n / plumber_s:>9.1f} pages/s")
    print(f"{'docscreen screen (whole command)':<34}{screen_s:>8.2f} s {n / screen_s:>9.1f} pages/s")
    print(f"docscreen screen = {raw_s / screen_s:.1%} of pypdfium2, {plumber_s / screen_s:.1f}x pdfplumber; "
          f"peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
