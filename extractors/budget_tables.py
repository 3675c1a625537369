"""Budget tables (投资估算表, 投资概算表, 分年度投资表) read from a `Document`'s table blocks.

Which tables are budgets and what their columns hold is `budget_layout`'s answer; every body row
then becomes a `BudgetLine`, `budget_hierarchy` gives the lines their levels and parents, and
`budget_items` says what each one buys.

Units: a cell's own unit wins, then its column header's (金额（万元）), then the table's (a title
row, a 单位：万元 line or the caption 表5-1 …（单位：万元）). With no unit anywhere 元 is assumed and
marked `UnitSource.ASSUMED`: the unit the document's prose uses is not known at this stage, and
guessing 万元 would make an unlabelled table ten thousand times larger.
"""

from __future__ import annotations

import re
from collections import Counter

from docscreen.extractors.budget_hierarchy import PREFIX, Hint, arrange, indent, kind, number_level, strip_number
from docscreen.extractors.budget_items import categorise
from docscreen.extractors.budget_layout import (
    ASSUMED_UNIT,
    YEAR,
    Col,
    Layout,
    Part,
    bare,
    cell_slots,
    continuations,
    find_caption,
    find_layout,
    holds_money,
    norm_row,
    own,
    unit_of,
    year_label,
)
from docscreen.extractors.figures import UNIT_FACTORS, parse_figure, parse_quantity
from docscreen.extractors.passages import chapter_sections
from docscreen.models.budget import Amount, BudgetLine, BudgetTable, LineRole, Quantity, UnitSource, Where
from docscreen.models.document import BlockKind, Document

_INVESTMENT = re.compile(r"投资|估算|概算|预算|资金|经费")


def read_budget_tables(doc: Document) -> list[BudgetTable]:
    """Every budget table of the document, each table block read once."""
    tables: list[BudgetTable] = []
    used: set[int] = set()
    for i, block in enumerate(doc.blocks):
        if block.kind is not BlockKind.TABLE or block.table is None or i in used:
            continue
        found = _read_table(doc, i)
        if found is not None:
            used.update(found.joined_blocks)
            tables.append(found)
    return tables


def _read_table(doc: Document, i: int) -> BudgetTable | None:
    block = doc.blocks[i]
    table = block.table
    assert table is not None
    slots = cell_slots(table)
    caption, near = find_caption(doc, i)
    layout = find_layout(table, slots)
    if layout is None:
        return None
    table_unit = unit_of(layout.title, near)
    if not holds_money(table, slots, layout, table_unit, caption):
        return None
    parts = [Part(block, table, slots, layout.body, 0)]
    parts.extend(continuations(doc, i, table, layout))
    investment = bool(_INVESTMENT.search(f"{caption}{layout.title}")) or _in_investment_chapter(doc, i)
    return _Reader(layout, table_unit, caption, investment).read(parts)


def _in_investment_chapter(doc: Document, i: int) -> bool:
    return any(s.first_block <= i < s.end_block for s in chapter_sections(doc, "investment"))


class _Reader:
    """Body rows of one budget table to lines, then their hierarchy, roles and categories."""

    def __init__(self, layout: Layout, table_unit: str | None, caption: str, investment: bool) -> None:
        self.layout = layout
        self.caption = caption
        self.investment = investment
        self.written: Counter[str] = Counter()
        amount = layout.amount
        self.amount_unit = (layout.units.get(amount) if amount is not None else None) or table_unit
        price = layout.first(Col.PRICE)
        self.price_unit = (layout.units.get(price) if price is not None else None) or self.amount_unit

    def read(self, parts: list[Part]) -> BudgetTable:
        lines: list[BudgetLine] = []
        hints: list[Hint] = []
        header_rows = {tuple(norm_row(r)) for r in parts[0].table.grid()[self.layout.head : self.layout.body]}
        for part in parts:
            grid = part.table.grid()
            for r in range(part.body, part.table.n_rows):
                if tuple(norm_row(grid[r])) in header_rows:
                    continue
                read = self._line(part, r)
                if read is not None:
                    lines.append(read[0])
                    hints.append(read[1])
        arrange(lines, hints)
        self._years_by_row(lines)
        categorise(lines)
        for line in lines:
            if line.role is LineRole.TOTAL and line.amount is not None and self.investment:
                line.amount.meaning = "total_investment"
        unit, source = self._table_unit()
        first = parts[0].block
        return BudgetTable(
            block=first.index,
            pages=sorted({p for part in parts for p in (part.table.pages or [part.block.page]) if p is not None}),
            caption=self.caption,
            unit=unit,
            unit_source=source,
            lines=lines,
            year_columns=[label for _, (label, _) in sorted(self.layout.years.items())],
            joined_blocks=[part.block.index for part in parts],
        )

    def _table_unit(self) -> tuple[str, UnitSource]:
        if self.amount_unit:
            return self.amount_unit, UnitSource.HEADER
        year_units = [self.layout.units[c] for c in self.layout.years if c in self.layout.units]
        if year_units:
            return year_units[0], UnitSource.HEADER
        if self.written:
            return self.written.most_common(1)[0][0], UnitSource.TEXT
        return ASSUMED_UNIT, UnitSource.ASSUMED

    def _line(self, part: Part, r: int) -> tuple[BudgetLine, Hint] | None:
        layout, slots = self.layout, part.slots
        if r in part.wide:
            return None  # a title or note row across the whole table
        number_col = layout.first(Col.NUMBER)
        number_cell = slots.get((r, number_col)) if number_col is not None else None
        label_cell = slots.get((r, layout.label))
        raw_label = label_cell.text if label_cell is not None else ""
        number = number_cell.text.strip() if number_cell is not None and number_cell.row == r else ""
        if number_cell is not None and number_cell is label_cell:
            number = ""  # 合计 merged over 序号 and 名称
        if not raw_label.strip() and number and number_level(number) is None:
            raw_label, number = number, ""  # 合计 written in the 序号 column
        label = raw_label.strip()
        prefix = None if number else PREFIX.match(label)
        if prefix:
            number, label = prefix.group(1), label[prefix.end() :]
        line = BudgetLine(row=part.offset + r, number=strip_number(number), label=label, level=0)
        line.amount = self._cell_amount(part, r, layout.amount, self.amount_unit, "item", None)
        if line.amount is None and not label and not number:
            return None
        quantity_col = layout.first(Col.QUANTITY)
        if quantity_col is not None and (text := own(slots, r, quantity_col)):
            line.quantity = parse_quantity(text)
        line.unit_price = self._cell_amount(part, r, layout.first(Col.PRICE), self.price_unit, "other", None)
        for c, (heading, year) in sorted(layout.years.items()):
            amount = self._cell_amount(part, r, c, layout.units.get(c) or self.amount_unit, "annual", year)
            if amount is not None:
                line.by_year[heading] = amount
        continued = number_cell is not None and number_cell.row < r and number_cell is not label_cell
        level = number_level(number) if number else None
        return line, Hint(kind(label), level, indent(raw_label), continued)

    def _cell_amount(
        self, part: Part, r: int, c: int | None, unit: str | None, meaning: str, year: int | None
    ) -> Amount | None:
        if c is None:
            return None
        text = own(part.slots, r, c).strip()
        if not text:
            return None
        parsed = parse_figure(text, unit or ASSUMED_UNIT)
        if parsed is None:
            return None
        value, applied, precision = parsed
        written = any(u in text for u in UNIT_FACTORS)
        if written:
            self.written[applied] += 1
        source = UnitSource.TEXT if written else UnitSource.HEADER if unit else UnitSource.ASSUMED
        label = own(part.slots, r, self.layout.label).strip()
        return Amount(
            quantity=Quantity.MONEY,
            value=value,
            text=text,
            where=Where(part.block.index, part.block.page, r, c),
            unit=applied,
            unit_source=source,
            precision=precision,
            meaning=meaning,
            year=year,
            context=f"{label}：{text}" if label else text,
        )

    def _years_by_row(self, lines: list[BudgetLine]) -> None:
        """分年度 tables with a row per year: the years' amounts are annual, and the total line
        (or, with none, each year line) carries them as `by_year`."""
        years: list[tuple[tuple[str, int | None], Amount, BudgetLine]] = []
        for line in lines:
            m = YEAR.match(bare(line.label))
            if m and line.amount is not None and line.role is not LineRole.TOTAL:
                years.append((year_label(m), line.amount, line))
        if len(years) < 2:
            return
        total = next((line for line in lines if line.role is LineRole.TOTAL and line.amount is not None), None)
        for (label, year), amount, line in years:
            amount.meaning, amount.year = "annual", year
            (total or line).by_year[label] = amount
