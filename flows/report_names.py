"""File names for what the commands write: one per input, never two inputs on one name."""

from __future__ import annotations

from pathlib import Path


def report_stem(path: Path, taken: set[str]) -> str:
    """A file name for the reports: the input's own name, numbered when two inputs share it."""
    stem = path.name
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}~{n}"
    taken.add(candidate)
    return candidate
