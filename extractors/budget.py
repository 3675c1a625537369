"""Everything a document says about money, gathered into one `Budget`.

Sentences of prose and the rows of non-budget tables (项目基本情况表: 项目总投资 | 356.80万元) go
through the amount pipeline; budget tables are read as tables (budget_tables.py) and never also
as prose, so no line item is counted twice. Meaning is decided within a sentence, so only the
sentences that hold money or name the construction period are sent to spaCy, each distinct text
once (boilerplate and table rows repeat); a sentence with only a percentage or a duration is read
by the character scanner alone, and the rest are skipped.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docscreen.extractors.amount_text import Match, scan
from docscreen.extractors.budget_tables import read_budget_tables
from docscreen.models.budget import (
    Amount,
    AmountPair,
    Budget,
    ConstructionPeriod,
    Quantity,
    UnitSource,
    Where,
)
from docscreen.models.document import Block, BlockKind, Document

if TYPE_CHECKING:
    from spacy.tokens import Doc

NEEDS_MEANING = re.compile(r"[元万亿圆]|周期|建设期|工期|实施期|期限")
OTHER_QUANTITY = re.compile(r"[%％]|百分|个月|[年天日]")
SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?\n]*")
HAS_DIGIT = re.compile(r"[0-9０-９]")
HAS_NUMERAL = re.compile(r"[0-9０-９零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]")
CONTEXT_CHARS = 40
SENTENCE_END = re.compile(r"[。；;！？!?\n]")


@dataclass(slots=True)
class _Piece:
    """A text sent to the pipeline, and how to map a character offset back to the document."""

    text: str
    block: Block
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)  # (start, end, row, col)

    def where(self, offset: int) -> Where:
        for start, end, row, col in self.cells:
            if start <= offset < end:
                return Where(self.block.index, self.block.page, row, col)
        return Where(self.block.index, self.block.page)


def _row_piece(block: Block, row: list[str], r: int) -> _Piece | None:
    """A table row as clauses: a label cell binds to the value cell after it (项目总投资：356.80万元)."""
    text, cells, last = "", [], ""
    for c, cell in enumerate(row):
        if not cell.strip():
            continue
        if text:
            text += "，" if HAS_DIGIT.search(last) else "："
        cells.append((len(text), len(text) + len(cell), r, c))
        text += cell
        last = cell
    return _Piece(text, block, cells) if text else None


def _prose_pieces(doc: Document) -> Iterator[_Piece]:
    """Every sentence of prose that holds a numeral."""
    for block in doc.blocks:
        if block.in_toc or block.kind is not BlockKind.PARAGRAPH:
            continue
        text = block.full_text
        if HAS_NUMERAL.search(text):  # a paragraph without one has no sentence with one
            for m in SENTENCE.finditer(text):
                yield _Piece(m.group(), block)


def _row_pieces(doc: Document, budget_blocks: set[int]) -> Iterator[_Piece]:
    """Every row of a table that is not a budget table (项目基本情况表: 项目总投资 | 356.80万元)."""
    for block in doc.blocks:
        if block.in_toc or block.index in budget_blocks or block.table is None:
            continue
        for r, row in enumerate(block.table.grid()):
            piece = _row_piece(block, row, r)
            if piece is not None:
                yield piece


def _context(text: str, start: int, end: int) -> str:
    """The sentence an amount stands in, cut to a readable length around it."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    left = max(left, start - CONTEXT_CHARS)
    right = min(right, end + CONTEXT_CHARS)
    return text[left:right].strip()


def _amount(reading: Match, piece: _Piece, meaning: str = "other", year: int | None = None) -> Amount:
    return Amount(
        quantity=reading.quantity,
        value=reading.value,
        text=reading.text,
        where=piece.where(reading.start),
        unit=reading.unit,
        unit_source=UnitSource.TEXT,
        precision=reading.precision,
        capital=reading.capital,
        meaning=meaning,
        year=year,
        context=_context(piece.text, reading.start, reading.end),
    )


def _period(marked: list[Match], piece: _Piece) -> ConstructionPeriod | None:
    if not marked:
        return None
    first = marked[0]
    period = ConstructionPeriod(text=_context(piece.text, first.start, first.end), where=piece.where(first.start))
    for reading in marked:
        if reading.quantity is Quantity.DURATION and reading.unit != "天" and period.months is None:
            period.months = int(reading.value)
        elif reading.quantity is Quantity.YEAR:
            year = int(reading.value)
            period.start_year = year if period.start_year is None else min(period.start_year, year)
            period.end_year = year if period.end_year is None else max(period.end_year, year)
    return period


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the pipeline made of one text, in plain values: walking a spaCy Doc's spans and their
    extensions is slow, and one text's reading serves every piece with that text."""

    amounts: list[tuple[Match, str, int | None]]  # reading, meaning, year; years themselves left out
    pairs: list[tuple[int, int]]  # start offsets of the 大写 and the 小写 amount
    period: list[Match]  # the readings that state the construction period


def _reading(nlp_doc: Doc) -> _Reading:
    from docscreen.extractors.amount_nlp import SPAN_KEY, pairs

    spans = [s for s in nlp_doc.spans[SPAN_KEY] if s._.reading is not None]
    return _Reading(
        amounts=[(s._.reading, s._.meaning or "other", s._.year) for s in spans if s._.reading.quantity is not Quantity.YEAR],
        pairs=[(capital._.reading.start, figures._.reading.start) for capital, figures in pairs(nlp_doc)],
        period=[s._.reading for s in spans if s._.period],
    )


def warm_amount_pipeline() -> None:
    """Import spaCy and build the amount pipeline now (once per process), so that a caller
    with other work in flight (a child process reading the file) overlaps the two."""
    from docscreen.extractors.amount_nlp import amount_nlp

    amount_nlp()


def prose_money(doc: Document) -> Budget:
    """What the prose says about money, period and percentages. It needs neither the outline nor
    the tables, so a caller may have it read elsewhere while those are (see pipeline.analyse)."""
    return _read_pieces(_prose_pieces(doc))


def read_budget(doc: Document, prose: Budget | None = None) -> Budget:
    """Budget tables, and the money of prose (`prose`, when already read) and of other tables."""
    tables = read_budget_tables(doc)
    budget_blocks = {b for t in tables for b in (t.joined_blocks or [t.block])}
    prose = prose if prose is not None else prose_money(doc)
    rows = _read_pieces(_row_pieces(doc, budget_blocks))
    # A block is prose or a table, never both: both lists come in reading order, merged they stay so.
    periods = [period for period in (prose.period, rows.period) if period is not None]
    return Budget(
        amounts=list(heapq.merge(prose.amounts, rows.amounts, key=_reading_order)),
        pairs=sorted(prose.pairs + rows.pairs, key=lambda pair: pair.capital.where.block),
        tables=tables,
        period=min(periods, key=lambda period: period.where.block, default=None),
    )


def _reading_order(amount: Amount) -> tuple[int, int, int]:
    return amount.where.block, amount.where.row or 0, amount.where.col or 0


def _read_pieces(pieces: Iterable[_Piece]) -> Budget:
    """Amounts, 大写/小写 pairs and the construction period read in these pieces."""
    budget = Budget()
    to_spacy: list[_Piece] = []
    for piece in pieces:
        if not HAS_NUMERAL.search(piece.text):
            continue
        if NEEDS_MEANING.search(piece.text):
            to_spacy.append(piece)
        elif OTHER_QUANTITY.search(piece.text):
            budget.amounts.extend(
                _amount(m, piece) for m in scan(piece.text) if m.quantity in (Quantity.PERCENT, Quantity.DURATION)
            )
    from docscreen.extractors.amount_nlp import analyse_texts  # spaCy: imported when first needed

    unique = list(dict.fromkeys(p.text for p in to_spacy))  # a reading depends on the text alone
    readings = {text: _reading(nlp_doc) for text, nlp_doc in zip(unique, analyse_texts(unique), strict=True)}
    for piece in to_spacy:
        _add_annotated(budget, piece, readings[piece.text])
    budget.amounts.sort(key=_reading_order)
    return budget


def _add_annotated(budget: Budget, piece: _Piece, reading: _Reading) -> None:
    by_start: dict[int, Amount] = {}
    for match, meaning, year in reading.amounts:
        amount = _amount(match, piece, meaning, year)
        by_start[match.start] = amount
        budget.amounts.append(amount)
    for capital, figures in reading.pairs:
        budget.pairs.append(AmountPair(by_start[capital], by_start[figures]))
    if budget.period is None:
        budget.period = _period(reading.period, piece)
