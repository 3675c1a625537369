"""The report's `budget` section: every amount with where it was read, the budget tables with
their hierarchy, the annual split, the construction period, and the reconciliation rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docscreen.checkers.budget_reconcile import Reconciliation
from docscreen.models.budget import Amount, Budget, BudgetTable, ConstructionPeriod, Quantity
from docscreen.models.vocabulary import AMOUNT_MEANINGS

CENT = Decimal("0.01")


def yuan(value: Decimal | None) -> float | None:
    """CONTRACT.md: amounts in 元 as JSON numbers with at most two decimals."""
    return None if value is None else float(value.quantize(CENT))


def _where(a: Amount) -> dict[str, Any]:
    return {"page": a.where.page, "block": a.where.block, "row": a.where.row, "col": a.where.col}


def amount_json(a: Amount) -> dict[str, Any]:
    value: float | int | None = yuan(a.value) if a.quantity is Quantity.MONEY else float(a.value)
    return {
        "quantity": a.quantity.value,
        "value": value,
        "text": a.text,
        "unit": a.unit or None,
        "unit_source": a.unit_source.value,
        "capital": a.capital,
        "meaning": a.meaning if a.quantity is Quantity.MONEY else None,
        "meaning_label": AMOUNT_MEANINGS.get(a.meaning) if a.quantity is Quantity.MONEY else None,
        "year": a.year,
        **_where(a),
        "context": a.context or None,
    }


def _table(t: BudgetTable) -> dict[str, Any]:
    return {
        "caption": t.caption or None,
        "block": t.block,
        "pages": t.pages,
        "unit": t.unit,
        "unit_source": t.unit_source.value,
        "year_columns": t.year_columns,
        "lines": [
            {
                "row": line.row,
                "number": line.number or None,
                "label": line.label,
                "level": line.level,
                "role": line.role.value,
                "parent": line.parent,
                "category": line.category,
                "amount_yuan": yuan(line.amount.value) if line.amount else None,
                "text": line.amount.text if line.amount else None,
                "page": line.amount.where.page if line.amount else None,
                "quantity": float(line.quantity) if line.quantity is not None else None,
                "unit_price_yuan": yuan(line.unit_price.value) if line.unit_price else None,
                "by_year": {label: yuan(a.value) for label, a in line.by_year.items()},
            }
            for line in t.lines
        ],
    }


def _period(p: ConstructionPeriod | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "text": p.text,
        "months": p.months,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "multi_year": p.multi_year,
        "page": p.where.page,
    }


def _row(r: Reconciliation) -> dict[str, Any]:
    return {
        "check": r.check,
        "label": r.label,
        "stated_yuan": yuan(r.stated),
        "computed_yuan": yuan(r.computed),
        "difference_yuan": yuan(r.difference),
        "tolerance_yuan": yuan(r.tolerance),
        "ok": r.ok,
        "page": r.page,
        "quote": r.quote,
    }


def budget_json(budget: Budget, rows: list[Reconciliation]) -> dict[str, Any]:
    statements = budget.total_statements()
    return {
        "total_investment_yuan": yuan(budget.total_yuan),
        "total_statements": [
            {**amount_json(a), "source": "table" if a.where.row is not None else "text"} for a in statements
        ],
        "annual": [amount_json(a) for a in budget.annual()],
        "period": _period(budget.period),
        "tables": [_table(t) for t in budget.tables],
        "pairs": [{"capital": amount_json(p.capital), "figures": amount_json(p.figures)} for p in budget.pairs],
        "amounts": [amount_json(a) for a in budget.amounts],
        "reconciliation": [_row(r) for r in rows],
    }
