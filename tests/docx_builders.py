"""Build DOCX test files with python-docx, injecting raw WordprocessingML where it has no API
(numbering definitions, fields, content controls, merged table cells)."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _with_ns(fragment: str) -> str:
    return re.sub(r"^<([\w:]+)", rf'<\1 xmlns:w="{W_NS}"', fragment.strip(), count=1)


def new_doc() -> DocxDocument:
    return docx.Document()


def to_bytes(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def append(doc: DocxDocument, *fragments: str) -> None:
    """Append body-level elements (w:p, w:tbl, w:sdt) given as XML without namespace declarations."""
    sect_pr = doc.element.body.sectPr
    for fragment in fragments:
        sect_pr.addprevious(parse_xml(_with_ns(fragment)))


def run(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text: str = "", style: str | None = None, num: tuple[int, int] | None = None,
         ppr: str = "", runs: str = "") -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    props += ppr
    body = runs or (run(text) if text else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


def add_style(doc: DocxDocument, style_id: str, name: str, base: str | None = None,
              ppr: str = "", rpr: str = "", kind: str = "paragraph") -> None:
    based = f'<w:basedOn w:val="{base}"/>' if base else ""
    xml = (f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/>{based}'
           f'{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}</w:style>')
    doc.styles.element.append(parse_xml(_with_ns(xml)))


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "", style: str | None = None) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{pstyle}{extra}'
            f'<w:lvlText w:val="{escape(text)}"/></w:lvl>')


def abstract_num(aid: int, *levels: str, link: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{link}{"".join(levels)}</w:abstractNum>'


def num(num_id: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def set_numbering(doc: DocxDocument, *definitions: str) -> None:
    """Replace numbering.xml; abstractNum elements must come before num elements."""
    part = doc.part.numbering_part
    part._element = parse_xml(_with_ns(f"<w:numbering>{''.join(definitions)}</w:numbering>"))


def field_runs(instr: str, result_runs: str, end: bool = True) -> str:
    """A complex field begin … instr … separate … result [… end] as runs of one paragraph."""
    closing = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if end else ""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result_runs}{closing}')


FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
TAB = "<w:r><w:tab/></w:r>"


def numpr_element(num_id: int, ilvl: int | None = None):
    """A w:numPr element to append to a style's or paragraph's pPr."""
    ilvl_xml = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    return parse_xml(_with_ns(f'<w:numPr>{ilvl_xml}<w:numId w:val="{num_id}"/></w:numPr>'))
