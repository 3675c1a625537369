"""The structured document every reader produces and every later stage reads.

Readers (extractors/docx_reader.py, extractors/pdf_reader.py) fill `blocks`, `pages`,
`bookmarks` and `errors`; format-independent stages fill `outline`, `kind` and
`chapter` labels. Nothing here imports a parser library, so checkers and reports can
use these records without knowing where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum
from operator import attrgetter
from typing import Any

from docscreen.models.budget import Budget


class BlockKind(str, Enum):
    PARAGRAPH = "paragraph"
    TABLE = "table"


class PageStatus(str, Enum):
    """What a page's text layer is worth: a scanned page is not an empty page."""

    TEXT = "text"
    EMPTY = "empty"  # no text and no images: a blank page
    NO_TEXT_LAYER = "no_text_layer"  # images but no text: scanned, needs OCR
    GARBLED = "garbled"  # text present but not readable (cid:NN, U+FFFD, private-use glyphs)


@dataclass(slots=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class Table:
    """A table as a grid: `cells` holds each real cell once, with its span."""

    cells: list[Cell]
    n_rows: int
    n_cols: int
    pages: list[int] = field(default_factory=list)  # PDF: every page it spans

    def grid(self) -> list[list[str]]:
        """Row-major text grid; a merged cell's text sits in its top-left slot, '' elsewhere."""
        rows = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            if c.row < self.n_rows and c.col < self.n_cols:
                rows[c.row][c.col] = c.text
        return rows


@dataclass(slots=True)
class Block:
    """One paragraph (or one table) in reading order, with the signals a heading detector needs.

    `number` is the label a reader sees but the text does not hold (Word auto-numbering
    such as 第一章 / 1.1 / 一、), already rendered. `style_level` is the outline level a
    format declares (Word heading style or w:outlineLvl, 1-based), `None` when it declares
    none. `size` is the font size in points when known; `bold` is true when the whole
    paragraph is bold.
    """

    index: int
    kind: BlockKind
    text: str
    page: int | None = None  # 1-based; DOCX pages are estimates (see `Document.pages_estimated`)
    number: str = ""
    style_level: int | None = None
    style_name: str = ""
    size: float | None = None
    bold: bool = False
    centered: bool = False
    in_toc: bool = False  # part of a table of contents: never a body heading
    table: Table | None = None
    ocr: bool = False  # recognised from a scanned page image, not read from a text layer

    @property
    def full_text(self) -> str:
        """Text as a reader sees it, the auto-number included."""
        if self.number and not self.text.startswith(self.number):
            return f"{self.number}{self.text}" if _joins_tight(self.number) else f"{self.number} {self.text}"
        return self.text

    def __reduce__(self) -> tuple[type[Block], tuple[Any, ...]]:
        """Pickled as the constructor's arguments: a read document crosses a process pipe, and a
        slots object's default state (a dict of field names per block) doubles its cost."""
        return Block, _block_values(self)


_block_values = attrgetter(*(f.name for f in fields(Block)))


def _joins_tight(number: str) -> bool:
    return number.endswith(("、", "．", ".", "）", ")"))


@dataclass(slots=True)
class PageInfo:
    number: int
    status: PageStatus
    chars: int = 0


@dataclass(slots=True)
class Bookmark:
    """An entry of the PDF's own outline (bookmarks)."""

    title: str
    level: int
    page: int | None


@dataclass(slots=True)
class ReadError:
    """Why (part of) a file could not be read; `code` is stable, `message` is for reviewers."""

    code: str  # empty | corrupt | encrypted | unsupported_format | no_text_layer | too_large | timeout | ...
    message: str
    page: int | None = None


LOW_CONFIDENCE = 0.6  # a classification below this is shown as unsure, for a reviewer to look at


@dataclass(slots=True)
class Section:
    """A heading and everything under it up to the next heading of the same or a higher level."""

    number: str
    title: str
    level: int
    page: int | None
    page_end: int | None
    first_block: int  # index into Document.blocks of the heading block
    end_block: int  # exclusive: index of the next heading at the same or a higher level
    body_end_block: int  # exclusive: index of the next heading of any level (own text only)
    text: str = ""  # own body text (up to the first sub-heading)
    chapter_type: str | None = None
    confidence: float = 0.0  # of the chapter type; with no type, that the section is none
    method: str = ""  # rule | model: which classifier decided the chapter type
    parent: int | None = None  # index into Document.outline

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def low_confidence(self) -> bool:
        return bool(self.method) and self.confidence < LOW_CONFIDENCE


@dataclass(slots=True)
class Document:
    """A read document: what the reader found, then what the analysis stages added."""

    name: str
    format: str  # docx | pdf | doc | ...
    sha256: str = ""
    size_bytes: int = 0
    pages: int | None = None
    pages_estimated: bool = False  # DOCX: page numbers come from rendered page breaks, not layout
    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    page_info: list[PageInfo] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    toc: list[str] = field(default_factory=list)  # entries of the table of contents, as printed
    errors: list[ReadError] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # scanned pages whose text came from OCR
    # filled by the analysis stages
    outline: list[Section] = field(default_factory=list)
    kind: str = "unknown"
    kind_confidence: float = 0.0
    kind_method: str = ""  # rule | model: which classifier decided the kind (and an acceptance file's type)
    complete: bool = True  # False: the body stops before the content the TOC announces
    incomplete_reason: str = ""
    budget: Budget = field(default_factory=Budget)
    acceptance_types: list[str] = field(default_factory=list)  # what an acceptance file holds (CONTRACT types)
    models: dict[str, str] = field(default_factory=dict)  # learned model name -> version that classified this

    @property
    def readable(self) -> bool:
        return not any(e.code in FATAL_READ_ERRORS for e in self.errors)

    @property
    def kind_low_confidence(self) -> bool:
        return self.kind_method == "model" and self.kind_confidence < LOW_CONFIDENCE

    def text_between(self, start: int, end: int) -> str:
        return "\n".join(b.full_text for b in self.blocks[start:end] if b.kind is BlockKind.PARAGRAPH)

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is BlockKind.TABLE]


FATAL_READ_ERRORS = frozenset(
    {"empty", "corrupt", "encrypted", "unsupported_format", "no_text_layer", "too_large", "timeout",
     "out_of_memory", "reader_crashed", "converter_missing", "conversion_failed"}
)
