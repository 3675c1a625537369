"""Hand-built analysed Documents and real DOCX files with chapters of given types, for the content checks."""

from __future__ import annotations

from typing import Union

import docx

from docscreen.checkers.rulebook import Rule, load_rulebook
from docscreen.extractors.pipeline import extract
from docscreen.models import Block, BlockKind, Cell, Document, Section, Table
from tests.docx_builders import to_bytes

Rows = list[list[str]]
# a paragraph, a table, or a sub-section (title, chapter type, items)
Item = Union[str, Rows, tuple[str, Union[str, None], list["Item"]]]


def make_doc(chapters: list[tuple[str, str | None, list[Item]]], kind: str = "feasibility_report",
             complete: bool = True) -> Document:
    """One level-1 section per chapter (on its own page), sub-sections at level 2."""
    doc = Document(name="t.docx", format="docx", kind=kind, complete=complete)

    def add_block(text: str, page: int, rows: Rows | None = None) -> int:
        i = len(doc.blocks)
        if rows is None:
            doc.blocks.append(Block(i, BlockKind.PARAGRAPH, text, page=page))
        else:
            cells = [Cell(t, r, c) for r, row in enumerate(rows) for c, t in enumerate(row)]
            table = Table(cells, len(rows), max(len(r) for r in rows), pages=[page])
            doc.blocks.append(Block(i, BlockKind.TABLE, "\n".join("\t".join(r) for r in rows), page=page, table=table))
        return i

    def add_section(number: str, title: str, ctype: str | None, items: list[Item], level: int, page: int,
                    parent: int | None) -> None:
        first = add_block(f"{number} {title}", page)
        index = len(doc.outline)
        section = Section(number=number, title=title, level=level, page=page, page_end=page, first_block=first,
                          end_block=first + 1, body_end_block=first + 1, chapter_type=ctype,
                          confidence=0.9 if ctype else 0.0, parent=parent)
        doc.outline.append(section)
        subs = 0
        for item in items:
            if isinstance(item, str):
                add_block(item, page)
            elif isinstance(item, tuple):
                subs += 1
                add_section(f"{number}.{subs}", item[0], item[1], item[2], level + 1, page, index)
            else:
                add_block("", page, item)
        section.end_block = len(doc.blocks)
        section.body_end_block = next((s.first_block for s in doc.outline[index + 1:]), section.end_block)
        section.text = " ".join(b.text for b in doc.blocks[first + 1:section.body_end_block])

    for n, (title, ctype, items) in enumerate(chapters, start=1):
        add_section(str(n), title, ctype, items, 1, n + 1, None)
    doc.pages = len(chapters) + 1
    return doc


def make_docx(title: str, chapters: list[tuple[str, list[str | Rows]]], cover: str = "") -> Document:
    """A real DOCX (heading styles, paragraphs, tables) run through the whole analysis."""
    d = docx.Document()
    d.add_paragraph(title)
    if cover:
        d.add_paragraph(cover)
    for n, (heading, items) in enumerate(chapters, start=1):
        d.add_heading(f"第{n}章 {heading}", level=1)
        for item in items:
            if isinstance(item, str):
                d.add_paragraph(item)
            else:
                t = d.add_table(rows=len(item), cols=len(item[0]))
                for r, row in enumerate(item):
                    for c, value in enumerate(row):
                        t.cell(r, c).text = value
    return extract(to_bytes(d), f"{title}.docx")


def rule(rule_id: str) -> Rule:
    jurisdiction = rule_id.split(".")[0]
    return next(r for r in load_rulebook(None if jurisdiction == "national" else jurisdiction).rules if r.id == rule_id)
