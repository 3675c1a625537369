"""What a path is to screening, told without reading it (the command line asks before it has
loaded anything heavy)."""

from __future__ import annotations

from pathlib import Path


def reads_as_document(path: Path) -> bool:
    """A file not named .zip is one document. A folder is a package; a .zip is opened first, to
    tell a package from a document with the wrong name."""
    return path.is_file() and path.suffix.lower() != ".zip"
