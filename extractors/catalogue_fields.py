"""Which attributes the 信息资源目录 gives for its resources: source, format, update cycle, share
type, open type (`data/catalogue_fields.yaml`).

The catalogue is read in the resource_catalogue chapter. Its tables decide when it has any: an
attribute is given when a column names it (or holds its values, 有条件共享 under a bare 属性) and
at least half the resource rows fill it; a column of blanks gives nothing. Prose speaks for an
attribute only where no catalogue table exists, or where it states the attribute for every
resource at once (更新周期均为每日).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cache

from docscreen.extractors.data_files import load_yaml
from docscreen.extractors.passages import chapter_blocks, excerpt, passages, table_rows
from docscreen.models.document import BlockKind, Document

CHAPTER = "resource_catalogue"
FILLED_SHARE = 0.5
_TOTAL_ROW = re.compile(r"^(?:合计|小计|总计)$")


class FieldState(str, Enum):
    GIVEN = "given"
    EMPTY = "empty"  # a column for it, left blank
    ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    headers: tuple[str, ...]
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FieldReading:
    state: FieldState
    page: int | None = None
    quote: str = ""  # the column header, or the sentence that gives it


@dataclass(slots=True)
class CatalogueReading:
    tables: int = 0  # catalogue tables found in the chapter
    fields: dict[str, FieldReading] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    resource: tuple[str, ...]
    placeholders: frozenset[str]
    fields: tuple[FieldSpec, ...]


@cache
def catalogue_lexicon() -> _Lexicon:
    raw = load_yaml("catalogue_fields.yaml")
    return _Lexicon(
        resource=tuple(raw["resource"]),
        placeholders=frozenset(raw["placeholders"]),
        fields=tuple(
            FieldSpec(name, spec["label"], tuple(spec["headers"]), tuple(spec.get("values") or ()))
            for name, spec in raw["fields"].items()
        ),
    )


def field_label(name: str) -> str:
    return next(f.label for f in catalogue_lexicon().fields if f.name == name)


@dataclass(frozen=True, slots=True)
class _Table:
    page: int | None
    headers: tuple[str, ...]  # per column, the header rows joined
    body: list[tuple[str, ...]]


def _catalogue_table(rows: list[tuple[str, ...]], page: int | None) -> _Table | None:
    lex = catalogue_lexicon()
    words = lex.resource + tuple(w for f in lex.fields for w in f.headers)
    if not rows or sum(1 for cell in rows[0] if any(w in cell for w in words)) < 2:
        return None
    # a second header row sits under merged cells of the first (共享开放属性 over 共享属性 | 开放属性)
    head = 2 if len(rows) > 2 and "" in rows[0] and any(w in cell for cell in rows[1] for w in words) else 1
    headers = tuple("".join(r[c] for r in rows[:head]) for c in range(len(rows[0])))
    named = [h for h in headers if any(w in h for w in lex.resource)]
    attributes = [f for f in lex.fields if any(w in h for h in headers for w in f.headers)]
    if not named and len(attributes) < 2:
        return None
    body = [r for r in rows[head:] if r not in rows[:head] and any(c not in lex.placeholders for c in r)
            and not any(_TOTAL_ROW.match(c) for c in r)]
    return _Table(page, headers, body)


def _column_state(table: _Table, spec: FieldSpec) -> FieldReading:
    placeholders = catalogue_lexicon().placeholders
    columns = [c for c, h in enumerate(table.headers) if any(w in h for w in spec.headers)]
    columns += [c for c in range(len(table.headers)) if c not in columns
                and any(v in row[c] for row in table.body for v in spec.values)]
    if not columns:
        return FieldReading(FieldState.ABSENT)
    header = " | ".join(h for h in table.headers if h)
    filled = max(sum(1 for row in table.body if row[c] not in placeholders) for c in columns)
    if table.body and filled >= FILLED_SHARE * len(table.body):
        return FieldReading(FieldState.GIVEN, table.page, header)
    return FieldReading(FieldState.EMPTY, table.page, header)


def _prose_patterns(spec: FieldSpec, every_resource: bool) -> list[re.Pattern[str]]:
    words = "|".join(re.escape(w) for w in spec.headers)
    if every_resource:  # 更新周期均为每日 / 共享属性：有条件共享
        return [re.compile(rf"(?:{words})\s*(?:均|统一|全部|一律)?\s*(?:为|是|：|:)\s*[^\s，。；]")]
    return [re.compile(words)] + [re.compile(re.escape(v)) for v in spec.values]


def catalogue_fields(doc: Document) -> CatalogueReading:
    """How the resource_catalogue chapter gives each attribute; all ABSENT when it has no text."""
    blocks = chapter_blocks(doc, CHAPTER)
    tables = [
        t for i in blocks if doc.blocks[i].kind is BlockKind.TABLE
        if (t := _catalogue_table(table_rows(doc, i), doc.blocks[i].page)) is not None
    ]
    prose = [p for p in passages(doc, blocks) if p.row is None]
    reading = CatalogueReading(tables=len(tables))
    rank = {FieldState.GIVEN: 2, FieldState.EMPTY: 1, FieldState.ABSENT: 0}
    for spec in catalogue_lexicon().fields:
        best = max((_column_state(t, spec) for t in tables), key=lambda r: rank[r.state],
                   default=FieldReading(FieldState.ABSENT))
        if best.state is not FieldState.GIVEN:
            patterns = _prose_patterns(spec, every_resource=bool(tables))
            for p in prose:
                m = next((m for pat in patterns if (m := pat.search(p.text))), None)
                if m is not None:
                    best = FieldReading(FieldState.GIVEN, p.page, excerpt(p.text, m.start(), m.end()))
                    break
        reading.fields[spec.name] = best
    return reading
