"""Speed of the whole `docscreen screen` command, beside pdfplumber and pypdfium2 on the same files.

One run generates (or reuses, with --dir) a 100-page and a 1,000-page text PDF and a ~200-page
DOCX, then measures, each as the median of --repeat runs:
  - pypdfium2's raw text extraction and the PDF reader (read_pdf) on the 1,000-page PDF, and the
    DOCX reader: pages/second; pdfplumber's plain `extract_text` once (it takes a minute);
  - the `docscreen screen` command as a user runs it (a new process: start-up, reading, analysis,
    checks, JSON and HTML reports) on the three files, and its peak memory (RUSAGE_CHILDREN);
  - where the command's time goes, stage by stage, in a fresh process per repeat.
  - whether the host runs two processes at once at full speed (the command overlaps two).
It prints markdown tables (the README quotes them) and the two ratios against the targets:
the command at >= 25 % of pypdfium2's pages/second and >= 5x pdfplumber's, under 1 GiB.

    python scripts/bench_screen.py [--pages 1000] [--repeat 3] [--plumber-pages N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_pdf import _font, build_docx, build_pdf, time_plumber, time_raw

TARGET_RAW_SHARE = 0.25
TARGET_PLUMBER_TIMES = 5.0
TARGET_MEMORY_MB = 1024.0
STAGES = ("start-up imports", "warm-up: spaCy, models, lexicons", "read", "analyse", "checks", "reports")


def median_time(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `run` in this process."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(path: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `docscreen screen` run; CPU time suffers less from a busy machine."""
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "docscreen.flows.cli", "screen", str(path), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def stage_times(path: Path, out: Path) -> dict[str, tuple[float, float]]:
    """The command's stages, timed in a fresh process (the way `docscreen screen` runs them)."""
    done = subprocess.run(
        [sys.executable, __file__, "--stages-of", str(path), "--dir", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def _run_stages(path: Path, out: Path) -> None:
    """`docscreen screen` on one file, stage by stage, the document-independent warm-up (spaCy, models,
    lexicons) apart from the stages it would otherwise slow."""
    marks = [(time.perf_counter(), time.process_time())]
    from docscreen.extractors.pipeline import analyse, warm_analysis
    from docscreen.extractors.read import read_document
    from docscreen.flows.screen_command import unit_report
    from docscreen.flows.steps import check
    from docscreen.reports.json_report import dumps

    marks.append((time.perf_counter(), time.process_time()))
    warm_analysis()
    marks.append((time.perf_counter(), time.process_time()))
    doc = read_document(path.read_bytes(), path.name)
    marks.append((time.perf_counter(), time.process_time()))
    analyse(doc)
    marks.append((time.perf_counter(), time.process_time()))
    screening = check(doc)
    marks.append((time.perf_counter(), time.process_time()))
    report, html = unit_report(screening)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{path.name}.json").write_text(dumps(report), encoding="utf-8")
    (out / f"{path.name}.html").write_text(html, encoding="utf-8")
    marks.append((time.perf_counter(), time.process_time()))
    print(json.dumps({name: (b[0] - a[0], b[1] - a[1]) for name, a, b in zip(STAGES, marks, marks[1:])}))


_SPIN = "import time\nt = time.perf_counter()\nx = 0\nfor i in range(20_000_000):\n    x += i\nprint(time.perf_counter() - t)"


def two_cores() -> tuple[float, tuple[float, ...]]:
    """Seconds of a pure-Python loop alone, then of two copies side by side: the command overlaps its
    read with the warm-up on two cores, and a host that does not give both at once slows it."""
    alone = float(subprocess.run([sys.executable, "-c", _SPIN], capture_output=True, text=True, check=True).stdout)
    pair = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    return alone, tuple(float(p.communicate()[0]) for p in pair)


def time_read(path: Path, repeat: int) -> tuple[tuple[float, float], int]:
    from docscreen.extractors.read import read_document

    data = path.read_bytes()
    pages = read_document(data, path.name).pages or 0
    return median_time(lambda: read_document(data, path.name), repeat), pages


def _files(folder: Path, pages: int, small: int, docx_pages: int) -> tuple[Path, Path, Path]:
    font, label = _font()
    big, little, word = folder / f"bench-{pages}.pdf", folder / f"bench-{small}.pdf", folder / f"bench-{docx_pages}.docx"
    for path, n in ((big, pages), (little, small)):
        if not path.exists():
            build_pdf(path, n, font)
            print(f"generated {path} ({n} pages, {label})", file=sys.stderr)
    if not word.exists():
        build_docx(word, docx_pages)
        print(f"generated {word} (~{docx_pages} pages)", file=sys.stderr)
    return big, little, word


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--small-pages", type=int, default=100)
    parser.add_argument("--docx-pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--plumber-pages", type=int, default=None, help="time pdfplumber on this many pages only")
    parser.add_argument("--dir", type=Path, default=None, help="where to write (or reuse) the generated files")
    parser.add_argument("--stages-of", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages_of is not None:
        _run_stages(args.stages_of, args.dir)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        big, little, word = _files(folder, args.pages, args.small_pages, args.docx_pages)
        out = Path(tmp) / "out"
        _report(args, big, little, word, out)


def _verdict(share: float, times: float, peak_mb: float) -> str:
    return (f"{share:.1%} of pypdfium2's pages/s (target >= {TARGET_RAW_SHARE:.0%}: "
            f"{'met' if share >= TARGET_RAW_SHARE else 'NOT met'}), {times:.1f}x pdfplumber (target >= "
            f"{TARGET_PLUMBER_TIMES:.0f}x: {'met' if times >= TARGET_PLUMBER_TIMES else 'NOT met'}), peak memory "
            f"{peak_mb:.0f} MB (target < {TARGET_MEMORY_MB:.0f} MB: {'met' if peak_mb < TARGET_MEMORY_MB else 'NOT met'})")


def _report(args: argparse.Namespace, big: Path, little: Path, word: Path, out: Path) -> None:
    n, repeat = args.pages, args.repeat
    data = big.read_bytes()
    raw = median_time(lambda: time_raw(data), repeat)
    plumber_pages = min(args.plumber_pages or n, n)
    plumber = tuple(t * n / plumber_pages for t in median_time(lambda: time_plumber(data, plumber_pages), 1))
    pdf_read, _ = time_read(big, repeat)
    docx_read, docx_pages = time_read(word, repeat)
    cores = two_cores()
    runs = {path: [time_command(path, out) for _ in range(repeat)] for path in (little, big, word)}
    command = {path: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r)) for path, r in runs.items()}
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stages = [stage_times(big, out) for _ in range(repeat)]
    stage = {name: (statistics.median(s[name][0] for s in stages), statistics.median(s[name][1] for s in stages))
             for name in STAGES}

    extrapolated = f" ({plumber_pages} pages timed, extrapolated)" if plumber_pages < n else ""
    print(f"\n{n}-page text PDF, ~{docx_pages}-page DOCX; median of {repeat} runs, {time.strftime('%Y-%m-%d')}\n")
    print("| what | wall (s) | pages/s | CPU (s) |")
    print("|---|---:|---:|---:|")
    rows = [
        (f"pypdfium2 raw text (get_text_range), {n} pages", raw, n),
        (f"pdfplumber extract_text, {n} pages{extrapolated}", plumber, n),
        (f"docscreen PDF reader (read_pdf), {n} pages", pdf_read, n),
        (f"docscreen DOCX reader (read_docx), ~{docx_pages} pages", docx_read, docx_pages),
    ] + [
        (f"`docscreen screen` {path.name} (whole command)", command[path],
         docx_pages if path == word else args.small_pages if path == little else n)
        for path in (little, big, word)
    ]
    for label, (wall, cpu), pages in rows:
        print(f"| {label} | {wall:.2f} | {pages / wall:.1f} | {cpu:.2f} |")
    screen = command[big]
    print(f"\n`docscreen screen` on {n} pages, wall time: {_verdict(raw[0] / screen[0], plumber[0] / screen[0], peak_mb)}")
    print(f"The same in CPU time (steadier on a busy machine): {raw[1] / screen[1]:.1%} of pypdfium2, "
          f"{plumber[1] / screen[1]:.1f}x pdfplumber")
    walls = sorted(w for w, _ in runs[big])
    print(f"The command's {len(walls)} runs on {n} pages: wall {walls[0]:.2f}–{walls[-1]:.2f} s "
          f"({raw[0] / walls[-1]:.1%}–{raw[0] / walls[0]:.1%} of pypdfium2)")
    print(f"Two cores, checked before the command's runs: a pure-Python loop took {cores[0]:.2f} s alone and "
          f"{' / '.join(f'{t:.2f}' for t in cores[1])} s as two copies side by side")
    total = tuple(sum(stage[name][i] for name in STAGES) for i in (0, 1))
    print(f"\nWhere the command's time goes on {n} pages (in-process, median of {repeat}):\n")
    print("| stage | wall (s) | CPU (s) | share of CPU |")
    print("|---|---:|---:|---:|")
    for name in STAGES:
        print(f"| {name} | {stage[name][0]:.2f} | {stage[name][1]:.2f} | {stage[name][1] / total[1]:.0%} |")
    print(f"| total | {total[0]:.2f} | {total[1]:.2f} | |")
    print(f"\nOne after another in one process the stages take {total[0]:.2f} s. The command overlaps them: "
          f"the read (a forked child) with the parent's imports and warm-up, and the money of the prose (a "
          f"second child) with the outline and chapter types; whole command {screen[0]:.2f} s.")


if __name__ == "__main__":
    main()
