"""Typed records that flow between docscreen's stages; no parser or rule code lives here."""

from docscreen.models.document import (
    Block,
    BlockKind,
    Bookmark,
    Cell,
    Document,
    PageInfo,
    PageStatus,
    ReadError,
    Section,
    Table,
)
from docscreen.models.finding import Citation, Evidence, Finding, Severity

__all__ = [
    "Block",
    "BlockKind",
    "Bookmark",
    "Cell",
    "Citation",
    "Document",
    "Evidence",
    "Finding",
    "PageInfo",
    "PageStatus",
    "ReadError",
    "Section",
    "Severity",
    "Table",
]
