"""Money as the budget stages read it: every amount with where it was read and what it means.

Values are `Decimal`: money in 元, percentages in points, years as the year, durations in
months. An amount keeps the text it was read from and the precision it was written with, so
a check can tell an honest rounding (356.8万元 vs 3,568,000元) from a real difference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


class Quantity(str, Enum):
    MONEY = "money"
    PERCENT = "percent"
    YEAR = "year"
    DURATION = "duration"


class UnitSource(str, Enum):
    TEXT = "text"  # written beside the number (356.8万元)
    HEADER = "header"  # given once for a table (单位：万元, 金额（万元）)
    ASSUMED = "assumed"  # no unit anywhere (中标价为310): the document's usual unit was assumed


@dataclass(frozen=True, slots=True)
class Where:
    """Where an amount was read: a paragraph block, or one cell of a table block."""

    block: int
    page: int | None
    row: int | None = None
    col: int | None = None


@dataclass(slots=True)
class Amount:
    quantity: Quantity
    value: Decimal
    text: str  # as written, unit included when it was written
    where: Where
    unit: str = ""  # the unit applied: 元 / 千元 / 万元 / 亿元, 个月 / 年
    unit_source: UnitSource = UnitSource.TEXT
    precision: Decimal = Decimal("0.01")  # the value of one step of the last written digit
    capital: bool = False  # written in 大写 (叁佰伍拾陆万捌仟元整)
    meaning: str = "other"  # a key of models.vocabulary.AMOUNT_MEANINGS
    year: int | None = None  # the year an annual amount belongs to
    context: str = ""  # the clause it was read in: the evidence a reviewer reads


@dataclass(slots=True)
class AmountPair:
    """A 大写 amount and the 小写 one written beside it: they must agree exactly."""

    capital: Amount
    figures: Amount


class LineRole(str, Enum):
    ITEM = "item"
    SUBTOTAL = "subtotal"  # 小计, or a numbered group line that carries its children's sum
    TOTAL = "total"  # 合计 / 总计 / 项目总投资


@dataclass(slots=True)
class BudgetLine:
    row: int  # row in the (joined) table grid
    number: str  # 序号 as written: 一 / （一） / 1 / 1.1
    label: str
    level: int  # 1 for 一、, deeper for （一）, 1, 1.1; 0 for a total line
    role: LineRole = LineRole.ITEM
    amount: Amount | None = None
    quantity: Decimal | None = None
    unit_price: Amount | None = None
    parent: int | None = None  # index into BudgetTable.lines
    category: str | None = None  # what is bought, e.g. compute / storage / machine_room
    by_year: dict[str, Amount] = field(default_factory=dict)  # column label (2025年, 第一年) -> amount


@dataclass(slots=True)
class BudgetTable:
    block: int  # the table block (the first one when a PDF table was joined across pages)
    pages: list[int]
    caption: str
    unit: str  # 元 / 万元 / ...; the header's unit, else the unit most cells carry
    unit_source: UnitSource
    lines: list[BudgetLine] = field(default_factory=list)
    year_columns: list[str] = field(default_factory=list)
    joined_blocks: list[int] = field(default_factory=list)  # every table block it was joined from

    def children(self, index: int) -> list[BudgetLine]:
        return [line for line in self.lines if line.parent == index]

    @property
    def total_line(self) -> BudgetLine | None:
        totals = [line for line in self.lines if line.role is LineRole.TOTAL]
        return totals[-1] if totals else None


@dataclass(slots=True)
class ConstructionPeriod:
    text: str
    where: Where
    months: int | None = None
    start_year: int | None = None
    end_year: int | None = None

    @property
    def multi_year(self) -> bool:
        """Spans more than one budget year: 2025—2026年, or longer than twelve months."""
        if self.start_year is not None and self.end_year is not None:
            return self.end_year > self.start_year
        return self.months is not None and self.months > 12


@dataclass(slots=True)
class Budget:
    amounts: list[Amount] = field(default_factory=list)  # read in prose, in reading order
    pairs: list[AmountPair] = field(default_factory=list)
    tables: list[BudgetTable] = field(default_factory=list)
    period: ConstructionPeriod | None = None

    def stated(self, meaning: str) -> list[Amount]:
        """Prose amounts of one meaning, money only."""
        return [a for a in self.amounts if a.meaning == meaning and a.quantity is Quantity.MONEY]

    def total_statements(self) -> list[Amount]:
        """Every place the total investment is stated: prose, and the total line of investment tables."""
        found = self.stated("total_investment")
        for table in self.tables:
            line = table.total_line
            if line is not None and line.amount is not None and line.amount.meaning == "total_investment":
                found.append(line.amount)
        return found

    @property
    def total_yuan(self) -> Decimal | None:
        """The total the document states: the first statement in prose, else a table's total line."""
        statements = self.total_statements()
        return statements[0].value if statements else None

    def annual(self) -> list[Amount]:
        return [a for a in self.amounts if a.meaning == "annual" and a.year is not None]


def format_yuan(value: Decimal) -> str:
    """How a reviewer reads an amount: 万元 with two decimals from ten thousand up, else 元."""
    if abs(value) >= 10000:
        return f"{value / 10000:,.2f}万元"
    return f"{value:,.2f}元"
