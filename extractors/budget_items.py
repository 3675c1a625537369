"""What a budget line buys: compute, storage, machine_room, private_network, or none.

Apart from reading tables because it answers from a lexicon (data/budget_items.yaml), not from
a table's layout, and needs only a line's label and the labels of the groups above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from docscreen.extractors.data_files import load_yaml
from docscreen.models.budget import BudgetLine, LineRole

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Rules:
    exclude: tuple[re.Pattern[str], ...]
    context_exclude: tuple[re.Pattern[str], ...]
    categories: tuple[tuple[str, tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]], ...]


def _compile(patterns: list[str] | None) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns or [])


@cache
def load_item_lexicon() -> _Rules:
    """Read and compile `data/budget_items.yaml` once per process."""
    raw = load_yaml("budget_items.yaml")
    return _Rules(
        exclude=_compile(raw.get("exclude")),
        context_exclude=_compile(raw.get("context_exclude")),
        categories=tuple(
            (name, _compile(spec.get("include")), _compile(spec.get("exclude")))
            for name, spec in raw["categories"].items()
        ),
    )


def classify_item(label: str, context: list[str] | None = None) -> tuple[str | None, bool]:
    """What a line buys (compute, storage, machine_room, private_network) and whether a near miss
    (a service, a rental, software; or a rented group above it) rules every category out."""
    rules = load_item_lexicon()
    text = _SPACE.sub("", label)
    if any(p.search(text) for p in rules.exclude):
        return None, True
    if any(p.search(_SPACE.sub("", c)) for c in context or [] for p in rules.context_exclude):
        return None, True
    for name, include, exclude in rules.categories:
        if any(p.search(text) for p in include):
            if any(p.search(text) for p in exclude):
                return None, True
            return name, False
    return None, False


def categorise(lines: list[BudgetLine]) -> None:
    """Each item's category from its label; a line naming nothing takes the category of the
    nearest group above it that names one (机房建设 → 装修工程), unless a near miss on the way
    rules it out (云资源租用 → 云服务器)."""
    own = [classify_item(line.label, _ancestors(lines, i)) for i, line in enumerate(lines)]
    for i, line in enumerate(lines):
        if line.role is LineRole.TOTAL:
            continue
        category, excluded = own[i]
        parent = line.parent
        while category is None and not excluded and parent is not None:
            category, excluded = own[parent]
            parent = lines[parent].parent
        line.category = category


def _ancestors(lines: list[BudgetLine], i: int) -> list[str]:
    labels = []
    parent = lines[i].parent
    while parent is not None:
        labels.append(lines[parent].label)
        parent = lines[parent].parent
    return labels
