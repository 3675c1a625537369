"""Ruled tables of a PDF page: pdfium's path objects fed to pdfplumber's `lines` table finder.

Letting pdfplumber parse a page costs ~55 ms (pdfminer interprets every glyph), 30× the
whole pdfium reading of that page. Its table finder itself is cheap and pure: it works on
edges. So the edges come from pdfium's path objects (thin objects as one edge, other paths
segment by segment), pdfplumber's own functions snap, join and intersect them into cells
with its `lines`-strategy defaults, and the cell text comes from pdfium's bounded text.
Merged cells come out as one larger cell box; spans are read from the box geometry.

`join_tables` makes one table of a table and its continuation on the next page (the reader
decides when the layout says so): the repeated header goes, a row cut by the break is whole again.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from docscreen.extractors.figures import parse_figure
from docscreen.models.document import Cell, Table

_THIN = 3.0  # an object this thin (points) is one ruling line
_MIN_EDGE = 3.0  # pdfplumber's edge_min_length
_INTERSECTION_TOLERANCE = 3.0
_AXIS_SLACK = 0.5  # a segment this far from horizontal/vertical still counts as axis-aligned
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_SEPARATED_FIGURE = re.compile(r"[\d,，.]*[,，.][\d,，.]*")
_COLUMN_SLACK = 3.0  # points: the same column edge drawn on two pages
_MAX_HEADER_ROWS = 3  # a repeated header is at most this many rows
_FIGURE = re.compile(r"[\d.,，%％\s\-—]+")
_CUT_MARKS = ".,，"
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class FoundTable:
    table: Table
    top: float  # top-down, points
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom; top-down
    columns: tuple[float, ...] = ()  # x of every column's left edge, then the table's right edge


def page_tables(page: object, textpage: object, height: float, page_no: int) -> list[FoundTable]:
    """The ruled tables of one page, in top-down coordinates."""
    from pdfplumber.table import (  # ~0.1 s to import: only once a page with ruling lines needs it
        DEFAULT_JOIN_TOLERANCE,
        DEFAULT_SNAP_TOLERANCE,
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    edges = filter_edges(
        merge_edges(_edges(page, height), DEFAULT_SNAP_TOLERANCE, DEFAULT_SNAP_TOLERANCE,
                    DEFAULT_JOIN_TOLERANCE, DEFAULT_JOIN_TOLERANCE),
        min_length=_MIN_EDGE,
    )
    if not edges:
        return []
    intersections = edges_to_intersections(edges, _INTERSECTION_TOLERANCE, _INTERSECTION_TOLERANCE)
    found = [_table(boxes, textpage, height, page_no) for boxes in cells_to_tables(intersections_to_cells(intersections))]
    return [f for f in found if f is not None]


def _edges(page: object, height: float) -> list[dict[str, object]]:
    edges: list[dict[str, object]] = []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if y1 - y0 <= _THIN and x1 - x0 > _THIN:
            edges.append(_edge(x0, x1, height - (y0 + y1) / 2, height - (y0 + y1) / 2))
        elif x1 - x0 <= _THIN and y1 - y0 > _THIN:
            edges.append(_edge((x0 + x1) / 2, (x0 + x1) / 2, height - y1, height - y0))
        elif x1 - x0 > _THIN and y1 - y0 > _THIN:
            edges.extend(_segment_edges(obj, height))
    return edges


def _segment_edges(obj: object, height: float) -> list[dict[str, object]]:
    """Axis-aligned straight segments of a path (cell rectangles, grids drawn as one path)."""
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    fx, fy = ctypes.c_float(), ctypes.c_float()
    edges: list[dict[str, object]] = []
    start = prev = None
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, fx, fy):
            continue
        point = (a * fx.value + c * fy.value + e, b * fx.value + d * fy.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            _add_segment(edges, prev, point, height)
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_segment(edges, point, start, height)
            prev = start
    return edges


def _add_segment(edges: list[dict[str, object]], p: tuple[float, float], q: tuple[float, float], height: float) -> None:
    (px, py), (qx, qy) = p, q
    if abs(py - qy) <= _AXIS_SLACK and abs(px - qx) > _THIN:
        edges.append(_edge(min(px, qx), max(px, qx), height - py, height - py))
    elif abs(px - qx) <= _AXIS_SLACK and abs(py - qy) > _THIN:
        edges.append(_edge(px, px, height - max(py, qy), height - min(py, qy)))


def _edge(x0: float, x1: float, top: float, bottom: float) -> dict[str, object]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "h" if top == bottom else "v",
        "object_type": "line",
    }


def _table(boxes: list[tuple[float, float, float, float]], textpage: object, height: float, page_no: int) -> FoundTable | None:
    if len(boxes) < 2:
        return None  # a lone framed box is a text frame, not a table
    lefts = sorted({round(b[0], 1) for b in boxes})
    tops = sorted({round(b[1], 1) for b in boxes})
    cells: list[Cell] = []
    for box in boxes:
        x0, top, x1, bottom = (round(v, 1) for v in box)
        cells.append(
            Cell(
                text=_cell_text(_bounded_text(textpage, box, height)),
                row=tops.index(top),
                col=lefts.index(x0),
                rowspan=max(1, sum(1 for y in tops if top <= y < bottom - 0.5)),
                colspan=max(1, sum(1 for x in lefts if x0 <= x < x1 - 0.5)),
            )
        )
    cells.sort(key=lambda cell: (cell.row, cell.col))
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    table = Table(cells=cells, n_rows=len(tops), n_cols=len(lefts), pages=[page_no])
    return FoundTable(table, top=bbox[1], bbox=bbox, columns=(*lefts, round(bbox[2], 1)))


def _bounded_text(textpage: object, box: tuple[float, float, float, float], height: float) -> str:
    x0, top, x1, bottom = box
    args = (textpage, x0, height - top, x1, height - bottom)
    n = pdfium_c.FPDFText_GetBoundedText(*args, None, 0)
    if n <= 0:
        return ""
    buffer = (ctypes.c_ushort * n)()
    pdfium_c.FPDFText_GetBoundedText(*args, buffer, n)
    return bytes(memoryview(buffer)).decode("utf-16-le", errors="replace").rstrip("\x00")


def _cell_text(text: str) -> str:
    """Undo the cell's line wrapping: CJK lines join tight, Latin words keep a space, and a
    figure wrapped in a narrow column is one figure again ("1,298,70" + "0.00")."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n") if p.strip()]
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        tight = _CJK.match(out[-1]) or _CJK.match(part[0]) or _wrapped_figure(out, part)
        out = f"{out}{part}" if tight else f"{out} {part}"
    return out


def _wrapped_figure(before: str, after: str) -> bool:
    """`before` ends in a figure with separators (5,965,60 · 506,500.) and `after` goes on with digits."""
    return bool(_SEPARATED_FIGURE.fullmatch(before.rsplit(" ", 1)[-1])) and after[0] in "0123456789.,，"


def continues(first: FoundTable, nxt: FoundTable) -> bool:
    """Whether `nxt` can carry on `first`: the same columns, at the same x-positions when known.

    The caller has already checked the layout: `first` ends its page, `nxt` opens the next one.
    """
    if first.table.n_cols != nxt.table.n_cols:
        return False
    if first.columns and nxt.columns:
        return all(abs(a - b) <= _COLUMN_SLACK for a, b in zip(first.columns, nxt.columns))
    return True


def join_tables(first: FoundTable, nxt: FoundTable) -> FoundTable:
    """One table from `first` and its continuation on the next page.

    The continuation's repeated header rows go, and a row the page break cut in two (Word and
    LibreOffice let a row break across pages) becomes one row again, its cell texts joined.
    """
    head = _repeated_header_rows(first.table, nxt.table)
    last = first.table.n_rows - 1
    cells = [Cell(c.text, c.row, c.col, c.rowspan, c.colspan) for c in first.table.cells]
    body = [c for c in nxt.table.cells if c.row >= head]
    split = _split_row(cells, body, last, head)
    if split:
        ends = {c.col: c for c in cells if c.row == last}
        for frag in (c for c in body if c.row == head and c.text):
            ends[frag.col].text = _cell_text(f"{ends[frag.col].text}\n{frag.text}")
        body = [c for c in body if c.row != head]
    offset = first.table.n_rows - head - (1 if split else 0)
    cells += [Cell(c.text, c.row + offset, c.col, c.rowspan, c.colspan) for c in body]
    table = Table(
        cells=cells,
        n_rows=nxt.table.n_rows + offset,
        n_cols=first.table.n_cols,
        pages=[*first.table.pages, *nxt.table.pages],
    )
    return FoundTable(table, top=first.top, bbox=first.bbox, columns=first.columns)


def _norm(row: list[str]) -> list[str]:
    return [_SPACE.sub("", text) for text in row]


def _repeated_header_rows(first: Table, nxt: Table) -> int:
    """How many leading rows of `nxt` repeat the leading rows of `first` (0 when none do)."""
    top, cont = first.grid(), nxt.grid()
    for k in range(min(_MAX_HEADER_ROWS, first.n_rows - 1, nxt.n_rows), 0, -1):
        rows = [_norm(r) for r in top[:k]]
        if rows == [_norm(r) for r in cont[:k]] and any(any(r) for r in rows):
            return k
    return 0


def _split_row(cells: list[Cell], body: list[Cell], last: int, head: int) -> bool:
    """Whether the continuation's first body row is the rest of `first`'s last row.

    Such a fragment has an empty first column under a numbered last row, holds text only
    where the last row has text, and fewer filled cells than the last row: only what wrapped
    runs on. A figure in it must finish a figure the break cut ("506,500." + "00"); a whole
    figure there (a 合计 row's) is a row of its own. A row whose first column is empty because
    a merged cell spans the break fills the other cells, so it stays a row too.
    """
    ends = {c.col: c for c in cells if c.row == last}
    frags = [c for c in body if c.row == head]
    if not frags or 0 not in ends or not ends[0].text or any(c.rowspan != 1 for c in frags):
        return False
    filled = [c for c in frags if c.text]
    if not filled or any(c.col == 0 for c in filled):
        return False
    for frag in filled:
        end = ends.get(frag.col)
        if end is None or not end.text or end.colspan != frag.colspan:
            return False
        if _FIGURE.fullmatch(frag.text) and not _cut_figure(end.text, frag.text):
            return False
    return len(filled) < sum(1 for c in ends.values() if c.col != 0 and c.text)


def _cut_figure(end: str, rest: str) -> bool:
    """Two halves of one figure: together they read as one, and the first half is unfinished
    (it ends in a separator, the rest starts with one, or it does not read as a figure alone)."""
    end, rest = end.strip(), rest.strip()
    if parse_figure(end + rest) is None:
        return False
    return end[-1] in _CUT_MARKS or rest[0] in _CUT_MARKS or parse_figure(end) is None
