"""Build `Document`s from lines, as the DOCX and PDF readers would, for the analysis-stage tests."""

from __future__ import annotations

from typing import Any

from docscreen.models.document import Block, BlockKind, Cell, Document, Table

BODY_PT = 12.0


def make_doc(lines: list[str | dict[str, Any]], name: str = "测试文档.docx", **doc_fields: Any) -> Document:
    """One block per line. A str is a body paragraph (body size, page 1 unless a dict set a later
    page); a dict gives Block fields (`text`, `bold`, `size`, `style_level`, `number`, `page`, …)
    or `{"table": [[...], ...]}` for a table block. Pages carry over from the previous line."""
    blocks: list[Block] = []
    page = 1
    for i, line in enumerate(lines):
        spec: dict[str, Any] = {"text": line} if isinstance(line, str) else dict(line)
        page = spec.pop("page", page)
        rows = spec.pop("table", None)
        if rows is not None:
            cells = [Cell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)]
            table = Table(cells, len(rows), max(len(r) for r in rows), pages=[page])
            text = "\n".join("\t".join(r) for r in rows)
            blocks.append(Block(i, BlockKind.TABLE, text, page=page, table=table))
            continue
        spec.setdefault("size", BODY_PT)
        blocks.append(Block(i, BlockKind.PARAGRAPH, page=page, **spec))
    return Document(name=name, format="docx", blocks=blocks, pages=page, **doc_fields)


def h(text: str, size: float = 15.0, bold: bool = True, **fields: Any) -> dict[str, Any]:
    """A heading line as a PDF reader sees it: bold and larger than body text."""
    return {"text": text, "size": size, "bold": bold, **fields}


def outline_of(doc: Document) -> list[tuple[str, str, int]]:
    return [(s.number, s.title, s.level) for s in doc.outline]
