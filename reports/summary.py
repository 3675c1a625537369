"""The batch summary: summary.csv, one row per unit (the index page is reports.index_page)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

COLUMNS = [
    "input", "report_json", "report_html", "kind", "jurisdiction", "total_investment_yuan", "errors", "warnings",
    "status", "codes",
]


@dataclass(frozen=True, slots=True)
class SummaryRow:
    input: str  # the path exactly as given on the command line
    report_json: str  # relative to the output folder
    report_html: str
    kind: str
    jurisdiction: str
    total_investment_yuan: str  # 元 with two decimals, '' when the document states none
    errors: int
    warnings: int
    status: str  # screened | unreadable
    codes: str  # finding codes, ';'-separated


def summary_csv(rows: list[SummaryRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, c) for c in COLUMNS])
    return buffer.getvalue()


def yuan_cell(value: float | None) -> str:
    """A report's total (a JSON number in 元) as the summary's two-decimal cell; '' when none is stated."""
    return "" if value is None else f"{Decimal(str(value)).quantize(Decimal('0.01'))}"
