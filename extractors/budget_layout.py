"""Which tables are budget tables, and what their header rows and columns say.

Apart from reading the rows because recognising a table is one job: where its header ends,
what each column holds (序号, 名称, 金额, 2025年…), its caption and unit, and which blocks carry it on.

A table is a budget table when one of its first rows is a header that names what is paid for
(费用名称, 建设内容, 项目…) and money: an amount column (金额, 投资, 估算, 合计…) or year columns
(2025年, 第一年), and its body holds figures there. KPI, schedule and catalogue tables name no
money column, or hold no figures in it (a 2025年 column of ticks is a schedule).

A table Word or a PDF join left in two blocks (the rest after a 续表 line, or straight after) is
read as one when the second part has the same columns and repeats the header or has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from docscreen.extractors.budget_hierarchy import CN, TOTAL
from docscreen.extractors.figures import parse_figure, unit_in_header
from docscreen.extractors.table_captions import is_continued_caption
from docscreen.models.document import Block, BlockKind, Cell, Document, Table

HEADER_ROWS = 4  # the header is one of a table's first rows (title rows may stand above it)
CAPTION_BLOCKS = 2  # a caption and a 单位：万元 line may stand right before a table
CAPTION_CHARS = 80
ASSUMED_UNIT = "元"


class Col(str, Enum):
    NUMBER = "number"
    LABEL = "label"
    UNIT = "unit"
    QUANTITY = "quantity"
    PRICE = "price"
    AMOUNT = "amount"
    YEAR = "year"
    REMARK = "remark"


YEAR = re.compile(
    rf"^(?:(?P<year>(?:19|20)\d{{2}})年?度?|第(?P<nth>[{CN}\d]+)年度?)(?:投资|预算|金额|资金|计划|支出)?$"
)
_ROLES: tuple[tuple[Col, re.Pattern[str]], ...] = (
    (Col.NUMBER, re.compile(r"^(?:序号|编号|序|no\.?)$", re.IGNORECASE)),
    (Col.UNIT, re.compile(r"^(?:计量|计价)?单位$")),
    (Col.PRICE, re.compile(r"单价")),
    (Col.QUANTITY, re.compile(r"^(?:数量|工程量|台套数)")),
    (Col.YEAR, YEAR),
    (Col.REMARK, re.compile(r"备注|依据|说明|比例|占比|比重|[%％]")),
    (Col.LABEL, re.compile(r"名称|内容|事项|明细|^(?:.{0,4}项目|类别|类型|.{0,4}构成|分项|年度|年份|资金来源)$")),
    (Col.AMOUNT, re.compile(r"金额|投资|估算|概算|预算|合计|小计|总计|费用|总价|合价|价格|造价|资金|经费|总额|报价|价款")),
)
_AMOUNT_PREFERRED = (re.compile(r"合计|总计|总额|小计"), re.compile(r"金额|投资|估算|概算|预算|总价|合价"))
_PAREN = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_UNIT_TAIL = re.compile(r"[/:：]?(?:单位[:：]?)?(?:亿元|万元|千元|元)$")
_SPACE = re.compile(r"\s+")
_BLANK = re.compile(r"^[-—–_/\\…·.。、\s]*$")
_MONEY_CUE = re.compile(r"投资|资金|预算|经费|费用|金额|估算|概算")
_CAPTION = re.compile(r"^(?:续\s*)?表\s*\S|(?:表|清单|明细|计划)(?:[（(][^）)]*[)）])?$")


@dataclass(slots=True)
class Layout:
    """Where a table's header ends and what each column holds."""

    head: int  # first header row (rows above it are title rows)
    body: int  # first body row
    cols: dict[int, Col]
    units: dict[int, str]  # a column's unit from its header
    years: dict[int, tuple[str, int | None]]  # year column -> (label, year)
    title: str
    amount: int | None
    label: int

    def first(self, role: Col) -> int | None:
        return next((c for c, r in sorted(self.cols.items()) if r is role), None)

    def money(self) -> list[int]:
        """The columns figures are read from: the amount column and the year columns."""
        return sorted({*self.years, *([self.amount] if self.amount is not None else [])})


@dataclass(slots=True)
class Part:
    """One table block of a (possibly joined) budget table, from its first body row."""

    block: Block
    table: Table
    slots: dict[tuple[int, int], Cell]
    body: int
    offset: int  # row of this part's first body row in the joined grid, minus `body`
    wide: set[int] = field(init=False)  # rows one cell spans across: titles, notes

    def __post_init__(self) -> None:
        self.wide = {c.row for c in self.table.cells if c.colspan >= self.table.n_cols}


def cell_slots(table: Table) -> dict[tuple[int, int], Cell]:
    """The real cell covering each grid slot."""
    slots: dict[tuple[int, int], Cell] = {}
    for cell in table.cells:
        for r in range(cell.row, min(cell.row + cell.rowspan, table.n_rows)):
            for c in range(cell.col, min(cell.col + cell.colspan, table.n_cols)):
                slots[(r, c)] = cell
    return slots


def own(slots: dict[tuple[int, int], Cell], r: int, c: int) -> str:
    """The text of the cell that starts in row r at or over column c ('' under a merge from above)."""
    cell = slots.get((r, c))
    return cell.text if cell is not None and cell.row == r else ""


def bare(text: str) -> str:
    """A header without spaces and without its unit: 金额（万元） → 金额, 单位：万元 → ''."""
    return _UNIT_TAIL.sub("", _PAREN.sub("", _SPACE.sub("", text)))


def _role(text: str) -> tuple[Col | None, tuple[str, int | None] | None]:
    header = bare(text)
    if not header:
        return None, None
    for col, pattern in _ROLES:
        m = pattern.search(header)
        if m:
            return col, year_label(m) if col is Col.YEAR else None
    return None, None


def year_label(m: re.Match[str]) -> tuple[str, int | None]:
    if m.group("year"):
        return f"{m.group('year')}年", int(m.group("year"))
    return f"第{m.group('nth')}年", None


def find_caption(doc: Document, i: int) -> tuple[str, str]:
    """The caption right before a table (表5-1 …), and all short lines there (单位：万元 included)."""
    caption, near = "", []
    for j in range(i - 1, max(i - 1 - CAPTION_BLOCKS, -1), -1):
        block = doc.blocks[j]
        text = block.full_text.strip()
        if block.kind is not BlockKind.PARAGRAPH or len(text) > CAPTION_CHARS or is_continued_caption(text):
            break
        near.append(text)
        if not caption and _CAPTION.search(text):
            caption = text
    return caption, " ".join(reversed(near))


def find_layout(table: Table, slots: dict[tuple[int, int], Cell]) -> Layout | None:
    for head in range(min(HEADER_ROWS, table.n_rows - 1)):
        layout = _header_at(table, slots, head)
        if layout is not None:
            return layout
    return None


def _header_at(table: Table, slots: dict[tuple[int, int], Cell], head: int) -> Layout | None:
    """The layout when row `head` is the header (with a second header row under merged cells)."""
    upper = {c: slots[(head, c)].text if (head, c) in slots else "" for c in range(table.n_cols)}
    texts = dict(upper)
    body = head + 1
    if body < table.n_rows - 1 and _sub_header(table, slots, head):
        texts.update({c: t for c in range(table.n_cols) if (t := own(slots, body, c))})
        body += 1
    cols: dict[int, Col] = {}
    units: dict[int, str] = {}
    years: dict[int, tuple[str, int | None]] = {}
    for c, text in texts.items():
        role, year = _role(text)
        if role is not None:
            cols[c] = role
        if year is not None:
            years[c] = year
        unit = unit_of(text, upper[c])
        if unit:
            units[c] = unit
    label = next((c for c, r in sorted(cols.items()) if r is Col.LABEL), None)
    if label is None and any(r in (Col.AMOUNT, Col.YEAR) for r in cols.values()):
        label = _text_column(table, slots, cols, body)
        if label is not None:
            cols[label] = Col.LABEL
    if label is None or not any(r in (Col.AMOUNT, Col.YEAR) for r in cols.values()):
        return None
    title = " ".join(t for r in range(head) for c in range(table.n_cols) if (t := own(slots, r, c)))
    return Layout(head, body, cols, units, years, title, _amount_column(cols, texts), label)


def unit_of(*texts: str) -> str | None:
    """The first unit the texts name (a sub-header's own, else the merged header's over it)."""
    return next((unit for text in texts if text and (unit := unit_in_header(text))), None)


def _sub_header(table: Table, slots: dict[tuple[int, int], Cell], head: int) -> bool:
    """Row head+1 is a second header row: the header has merged cells and the row holds header
    words only (2025年, 2026年, 合计 under a merged 金额), no figure."""
    merged = any(c.row == head and (c.colspan > 1 or c.rowspan > 1) for c in table.cells)
    texts = [t for c in range(table.n_cols) if (t := own(slots, head + 1, c))]
    roles = [_role(t)[0] for t in texts]
    return merged and bool(texts) and all(
        role is Col.YEAR or (role is not None and parse_figure(t) is None) for role, t in zip(roles, texts)
    )


def _text_column(table: Table, slots: dict[tuple[int, int], Cell], cols: dict[int, Col], body: int) -> int | None:
    """With no label header (序号 | 费用 | 金额): the first column whose body is words, not figures."""
    for c in range(table.n_cols):
        if cols.get(c) not in (None, Col.AMOUNT):
            continue
        texts = [t for r in range(body, table.n_rows) if (t := own(slots, r, c).strip())]
        if texts and sum(parse_figure(t) is None for t in texts) * 2 > len(texts):
            return c
    return None


def _amount_column(cols: dict[int, Col], texts: dict[int, str]) -> int | None:
    """The column a line's amount is read from: a 合计 column over years, else 金额/投资…, else the first."""
    amounts = sorted(c for c, r in cols.items() if r is Col.AMOUNT)
    for pattern in _AMOUNT_PREFERRED:
        for c in amounts:
            if pattern.search(bare(texts[c])):
                return c
    return amounts[0] if amounts else None


def holds_money(
    table: Table, slots: dict[tuple[int, int], Cell], layout: Layout, unit: str | None, caption: str
) -> bool:
    """Figures in the money columns (most of what is written there); year columns alone need a
    money word or unit nearby, or a table of head counts per year would pass."""
    money = layout.money()
    if not _mostly_figures(table, slots, money, layout.body):
        return False
    if layout.amount is not None:
        return True
    return bool(unit or any(layout.units.get(c) for c in money) or _MONEY_CUE.search(f"{caption}{layout.title}"))


def _mostly_figures(table: Table, slots: dict[tuple[int, int], Cell], cols: list[int], body: int) -> bool:
    """Some figures, and figures in at least half the written cells (dashes count as empty)."""
    texts = [t for r in range(body, table.n_rows) for c in cols if not _BLANK.match(t := own(slots, r, c))]
    figures = sum(parse_figure(t, ASSUMED_UNIT) is not None for t in texts)
    return figures > 0 and figures * 2 >= len(texts)


def continuations(doc: Document, i: int, table: Table, layout: Layout) -> list[Part]:
    """Table blocks that carry this one on: next in the document (a 续表 line may stand between),
    the same columns, and either the same header rows again or no header but figures where this
    table has them. A table that already ends in its total line is complete."""
    if any(TOTAL.match(_SPACE.sub("", t)) for row in table.grid()[layout.body :] for t in row):
        return []
    parts: list[Part] = []
    header = [norm_row(r) for r in table.grid()[layout.head : layout.body]]
    offset = table.n_rows
    j = i + 1
    while j < len(doc.blocks):
        if doc.blocks[j].kind is BlockKind.PARAGRAPH and is_continued_caption(doc.blocks[j].text):
            j += 1
        block = doc.blocks[j] if j < len(doc.blocks) else None
        if block is None or block.kind is not BlockKind.TABLE or block.table is None:
            break
        nxt, slots = block.table, cell_slots(block.table)
        if nxt.n_cols != table.n_cols:
            break
        if [norm_row(r) for r in nxt.grid()[: len(header)]] == header:
            body = len(header)
        elif find_layout(nxt, slots) is None and _mostly_figures(nxt, slots, layout.money(), 0):
            body = 0
        else:
            break
        parts.append(Part(block, nxt, slots, body, offset - body))
        offset += nxt.n_rows - body
        if any(TOTAL.match(_SPACE.sub("", t)) for row in nxt.grid()[body:] for t in row):
            break
        j += 1
    return parts


def norm_row(row: list[str]) -> list[str]:
    return [_SPACE.sub("", t) for t in row]
