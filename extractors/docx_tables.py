"""DOCX tables as a grid of real cells.

python-docx's `row.cells` repeats a merged cell once per grid column it covers, so
the grid is rebuilt from the XML: w:gridSpan (colspan), w:vMerge (rowspan) and
w:gridBefore / w:gridAfter (grid columns a row leaves out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from docscreen.extractors.docx_xml import W, child, int_val, val
from docscreen.models.document import Cell, Table

_WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml"})


def children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with this tag, looking through content controls and custom XML."""
    for item in el:
        if item.tag == tag:
            yield item
        elif item.tag in _WRAPPERS:
            yield from children(item, tag)


def read_table(tbl: etree._Element, cell_text: Callable[[etree._Element], str]) -> Table:
    """Each real cell once with its span; `cell_text` renders a w:tc (and sees every cell in order)."""
    cells: list[Cell] = []
    above: dict[int, Cell] = {}  # grid column -> cell covering it in the previous row
    width = 0
    n_rows = 0
    for r, tr in enumerate(children(tbl, W + "tr")):
        n_rows = r + 1
        trpr = tr.find(W + "trPr")
        col = max(int_val(child(trpr, "gridBefore")) or 0, 0)
        current: dict[int, Cell] = {}
        for tc in children(tr, W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span = max(int_val(child(tcpr, "gridSpan")) or 1, 1)
            vmerge = child(tcpr, "vMerge")
            text = cell_text(tc)
            upper = above.get(col)
            if vmerge is not None and val(vmerge) != "restart" and upper is not None \
                    and upper.col == col and upper.colspan == span:
                upper.rowspan += 1
                cell = upper
            else:
                cell = Cell(text=text, row=r, col=col, colspan=span)
                cells.append(cell)
            for c in range(col, col + span):
                current[c] = cell
            col += span
        width = max(width, col + max(int_val(child(trpr, "gridAfter")) or 0, 0))
        above = current
    grid_cols = len(child(tbl, "tblGrid").findall(W + "gridCol")) if child(tbl, "tblGrid") is not None else 0
    return Table(cells=cells, n_rows=n_rows, n_cols=max(width, grid_cols))


def grid_text(table: Table) -> str:
    """Rows joined by newlines, cells by tabs: what a text search over the table needs."""
    return "\n".join("\t".join(row) for row in table.grid())
