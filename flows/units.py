"""What a path is to screening, told without reading it (the command line asks before it has
loaded anything heavy)."""

from __future__ import annotations

from pathlib import Path


def names_archive(name: str) -> bool:
    """A name ending .zip: opened first, to tell a package from a document with the wrong name."""
    return name.lower().endswith(".zip")


def reads_as_document(path: Path) -> bool:
    """A file not named .zip is one document; a folder is a package."""
    return path.is_file() and not names_archive(path.name)


def fetch(path: Path) -> bytes:
    """Read the original; it is opened read-only and never written."""
    return path.read_bytes()
