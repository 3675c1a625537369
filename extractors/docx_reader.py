"""DOCX bytes to a `Document`: body paragraphs and tables in order, with heading signals.

python-docx opens the package; everything else is read from the XML with lxml, because
python-docx's per-paragraph style lookup is too slow for 100-page documents and its table
API repeats merged cells. Headers and footers are never read.

Pages are estimates: Word's own `w:lastRenderedPageBreak` marks when the file has them;
otherwise explicit page and section breaks plus a character count (about 700 CJK characters
or 17 table rows to a page), so page numbers in evidence still point somewhere sensible.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from docscreen.extractors.docx_numbering import Numbering
from docscreen.extractors.docx_styles import StyleInfo, StyleSheet, outline_level
from docscreen.extractors.docx_tables import grid_text, read_table
from docscreen.extractors.docx_toc import is_toc_style, is_toc_title, toc_entry
from docscreen.extractors.docx_xml import W, child, int_val, on_off, val
from docscreen.models.document import Block, BlockKind, Document, ReadError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

_PAGE_CHARS = 700  # CJK characters on a page of body text
_LINE_CHARS = 35  # characters on a line: a short paragraph still fills a line
_ROW_CHARS = 40  # what one table row costs on a page
_SECTION_PAGE_TYPES = frozenset({"nextPage", "oddPage", "evenPage"})

# run-level containers whose runs are part of the paragraph text
_RUN_CONTAINERS = frozenset(
    W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "sdt", "sdtContent", "dir", "bdo")
)
_WRAP = "\x00"  # a text-wrapping break until the neighbours decide how it joins
_TABS = re.compile(r"\t+")
_WRAPS = re.compile(r"\s*\x00[\s\x00]*")
_TITLE_WORDS = ("方案", "报告", "建议书", "设计", "可行性", "研究", "概算", "申请", "总结", "计划")
_LABEL_OR_DATE = re.compile(r"[:：]|\d{4}\s*年|[〇一二][〇一二三四五六七八九]{3}\s*年")
_GENERIC_TITLES = frozenset({"文档", "标题", "word文档", "microsoftword文档", "document", "title"})


def read_docx(data: bytes, name: str) -> Document:
    """Read a DOCX; never raises: unreadable input yields a Document whose `errors` say why."""
    doc = Document(name=name, format="docx", sha256=hashlib.sha256(data).hexdigest(), size_bytes=len(data))
    problem = _sniff(data)
    if problem is not None:
        doc.errors.append(problem)
        return doc
    try:
        package = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, BadZipFile, XMLSyntaxError...
        doc.errors.append(_open_error(exc))
        return doc
    try:
        _BodyReader(package).read_into(doc)
    except Exception as exc:  # malformed XML past what the reader expects: report, do not crash
        doc.errors.append(ReadError("corrupt", f"文档结构异常，读取中断（{type(exc).__name__}）"))
        return doc
    if not doc.blocks:
        doc.errors.append(ReadError("empty", "文档正文没有任何文字或表格"))
    doc.title = _title(package, doc.blocks)
    return doc


def _sniff(data: bytes) -> ReadError | None:
    if not data:
        return ReadError("empty", "文件为空（0 字节），无法读取")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            return ReadError("encrypted", "文件已加密（受密码保护），无法读取")
        return ReadError("unsupported_format", "文件是旧版 Word（.doc）等 OLE 复合文档，不是 DOCX 格式，无法直接读取")
    try:
        is_zip = zipfile.is_zipfile(io.BytesIO(data))
    except zipfile.BadZipFile:  # raised, not answered, for some damaged end records (a multi-disk claim)
        is_zip = False
    if not is_zip:
        return ReadError("corrupt", "文件不是有效的 DOCX（ZIP 压缩包损坏或格式不符），无法读取")
    return None


def _open_error(exc: Exception) -> ReadError:
    if isinstance(exc, ValueError) and "content type" in str(exc):
        return ReadError("unsupported_format", "压缩包不是 Word 文档（主文档类型不符），无法读取")
    if isinstance(exc, KeyError) or type(exc).__name__ == "PackageNotFoundError":
        return ReadError("corrupt", "DOCX 缺少正文部分（word/document.xml），文件已损坏")
    return ReadError("corrupt", f"DOCX 文件已损坏，无法解析（{type(exc).__name__}）")


@dataclass(slots=True)
class _Field:
    """An open complex field (w:fldChar begin … end)."""

    instr: list[str] = field(default_factory=list)
    toc: bool = False


@dataclass(slots=True)
class _Para:
    text: str
    number: str
    style: StyleInfo
    style_level: int | None
    size: float | None
    bold: bool
    centered: bool
    in_toc: bool


class _BodyReader:
    """One pass over w:body; keeps the counters (page, numbering, fields) that span paragraphs."""

    def __init__(self, package: docx.document.Document) -> None:
        part = package.part
        self.styles = StyleSheet(_part_root(part, RT.STYLES))
        self.numbering = Numbering(_part_root(part, RT.NUMBERING), self.styles.numbering_of)
        self.body = package.element.body
        self.rendered = self.body.find(f".//{W}lastRenderedPageBreak") is not None
        self.section_ends = set() if self.rendered else _section_page_ends(self.body)
        self.blocks: list[Block] = []
        self.page = 1
        self.page_fill = 0  # characters on the current page (estimate)
        self.first_text_page: int | None = None
        self.fields: list[_Field] = []

    def read_into(self, doc: Document) -> None:
        self._walk(self.body, in_toc=False)
        _mark_toc_titles_and_manual_tocs(self.blocks)
        doc.blocks = self.blocks
        doc.toc = [entry for b in self.blocks if b.in_toc and (entry := _toc_text(b))]
        doc.pages = self.page
        doc.pages_estimated = True

    # --- body ---------------------------------------------------------------------------

    def _walk(self, parent: etree._Element, in_toc: bool) -> None:
        for el in parent:
            if el.tag == W + "p":
                self._paragraph_block(el, in_toc)
            elif el.tag == W + "tbl":
                self._table_block(el)
            elif el.tag == W + "sdt":
                content = el.find(W + "sdtContent")
                if content is not None:
                    self._walk(content, in_toc or _is_toc_sdt(el))
            elif el.tag == W + "customXml":
                self._walk(el, in_toc)

    def _paragraph_block(self, p: etree._Element, in_toc: bool) -> None:
        self.first_text_page = None
        para = self._paragraph(p)
        page = self.first_text_page or self.page
        width = sum(1 if _is_cjk(ch) else 0.5 for ch in para.text)
        self._after_paragraph(p, max(1, -(-int(width) // _LINE_CHARS)) * _LINE_CHARS)
        if not para.text:
            return
        self.blocks.append(Block(
            index=len(self.blocks), kind=BlockKind.PARAGRAPH, text=para.text, page=page,
            number=para.number, style_level=para.style_level, style_name=para.style.name,
            size=para.size, bold=para.bold, centered=para.centered,
            in_toc=in_toc or para.in_toc or is_toc_style(para.style.name),
        ))

    def _table_block(self, tbl: etree._Element) -> None:
        self.first_text_page = None
        start = self.page
        table = read_table(tbl, self._cell_text)
        page = self.first_text_page or start
        self._fill(table.n_rows * _ROW_CHARS)
        table.pages = list(range(page, self.page + 1))
        if not table.cells:
            return
        self.blocks.append(Block(
            index=len(self.blocks), kind=BlockKind.TABLE, text=grid_text(table), page=page, table=table,
        ))

    def _cell_text(self, tc: etree._Element) -> str:
        lines: list[str] = []
        for el in _unwrap(tc):
            if el.tag == W + "p":
                para = self._paragraph(el)
                self._after_paragraph(el, 0)
                if para.text:
                    lines.append(Block(0, BlockKind.PARAGRAPH, para.text, number=para.number).full_text)
                elif para.number:  # an auto-numbered 序号 cell holds no text of its own
                    lines.append(para.number)
            elif el.tag == W + "tbl":
                nested = grid_text(read_table(el, self._cell_text)).strip()
                if nested:
                    lines.append(nested)
        return "\n".join(lines)

    # --- pages ----------------------------------------------------------------------------

    def _page_break(self) -> None:
        self.page += 1
        self.page_fill = 0

    def _fill(self, chars: int) -> None:
        """Estimate overflow onto new pages; Word's rendered breaks, when present, are the truth."""
        if self.rendered:
            return
        self.page_fill += chars
        while self.page_fill > _PAGE_CHARS:
            self.page += 1
            self.page_fill -= _PAGE_CHARS

    def _after_paragraph(self, p: etree._Element, chars: int) -> None:
        """Add the paragraph's space on the page (cells: 0, their rows count) and its section break."""
        self._fill(chars)
        if p in self.section_ends:
            self._page_break()

    # --- paragraphs -----------------------------------------------------------------------

    def _paragraph(self, p: etree._Element) -> _Para:
        ppr = p.find(W + "pPr")
        style = self.styles.paragraph(val(child(ppr, "pStyle")))
        if not self.rendered and self.page_fill and on_off(child(ppr, "pageBreakBefore")):
            self._page_break()  # a paragraph already at the top of a page starts no new one
        declared, level = outline_level(ppr)
        pieces: list[str] = []
        sizes: Counter[float] = Counter()
        all_bold = True
        toc_text = False
        for run, in_toc_field in _runs(p, False):
            rpr = run.find(W + "rPr")
            run_chars = 0
            for item in run:
                tag = item.tag
                if tag == W + "t":
                    text = item.text or ""
                    pieces.append(text)
                    visible = len(text.strip())
                    run_chars += visible
                    if visible:
                        if self.first_text_page is None:
                            self.first_text_page = self.page
                        if in_toc_field or any(f.toc for f in self.fields):
                            toc_text = True
                elif tag == W + "tab" or tag == W + "ptab":
                    pieces.append("\t")
                elif tag == W + "br":
                    if val(item, "type") == "page":
                        if not self.rendered:
                            self._page_break()
                    else:
                        pieces.append(_WRAP)
                elif tag == W + "cr":
                    pieces.append(_WRAP)
                elif tag == W + "noBreakHyphen":
                    pieces.append("-")
                elif tag == W + "lastRenderedPageBreak":
                    if self.rendered:
                        self._page_break()
                elif tag == W + "fldChar":
                    self._field_char(val(item, "fldCharType"))
                elif tag == W + "instrText" and self.fields:
                    self.fields[-1].instr.append(item.text or "")
            if run_chars:
                bold, size = self._run_format(rpr, style)
                all_bold = all_bold and bold
                if size is not None:
                    sizes[size] += run_chars
        text = _clean("".join(pieces))
        return _Para(
            text=text,
            number=self._number(ppr, style),
            style=style,
            style_level=level if declared else style.outline_level,
            size=sizes.most_common(1)[0][0] if sizes else self._run_format(None, style)[1],
            bold=bool(text) and all_bold,
            centered=(val(child(ppr, "jc")) or style.jc) == "center",
            in_toc=toc_text,
        )

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            top = self.fields[-1]
            top.toc = _is_toc_instr("".join(top.instr))
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _run_format(self, rpr: etree._Element | None, style: StyleInfo) -> tuple[bool, float | None]:
        """(bold, size in points) of a run: its own rPr, then its character style, the paragraph style, defaults."""
        char_style = self.styles.resolve(val(child(rpr, "rStyle")))
        bold = on_off(child(rpr, "b"))
        for fallback in (char_style.bold, style.bold, self.styles.default_bold):
            if bold is None:
                bold = fallback
        half_points = int_val(child(rpr, "sz"))
        size = half_points / 2 if half_points else None
        for fallback in (char_style.size, style.size, self.styles.default_size):
            if size is None:
                size = fallback
        return bool(bold), size

    def _number(self, ppr: etree._Element | None, style: StyleInfo) -> str:
        numpr = child(ppr, "numPr")
        num_id = int_val(child(numpr, "numId"))
        ilvl = int_val(child(numpr, "ilvl"))
        if num_id is None:
            num_id = style.num_id
            if ilvl is None and num_id:
                ilvl = style.ilvl
                if ilvl is None:
                    ilvl = self.numbering.level_for_style(num_id, style.style_id)
        if not num_id:
            return ""
        return self.numbering.next_label(num_id, ilvl or 0)


def _part_root(part: docx.parts.document.DocumentPart, reltype: str) -> etree._Element | None:
    try:
        return part.part_related_by(reltype).element
    except (KeyError, AttributeError):
        return None


def _runs(parent: etree._Element, in_toc_field: bool) -> Iterator[tuple[etree._Element, bool]]:
    """The w:r of a paragraph in order, through hyperlinks, insertions, content controls and simple fields.

    Text boxes and drawings sit inside runs and are not descended into: their paragraphs
    are not part of this paragraph's text.
    """
    for el in parent:
        tag = el.tag
        if tag == W + "r":
            yield el, in_toc_field
        elif tag == W + "fldSimple":
            yield from _runs(el, in_toc_field or _is_toc_instr(val(el, "instr") or ""))
        elif tag in _RUN_CONTAINERS:
            yield from _runs(el, in_toc_field)


def _unwrap(el: etree._Element) -> Iterator[etree._Element]:
    for item in el:
        if item.tag in (W + "sdt", W + "customXml"):
            content = item.find(W + "sdtContent") if item.tag == W + "sdt" else item
            if content is not None:
                yield from _unwrap(content)
        else:
            yield item


def _is_toc_instr(instr: str) -> bool:
    words = instr.split()
    return bool(words) and words[0].upper() == "TOC"


def _is_toc_sdt(sdt: etree._Element) -> bool:
    sdt_pr = sdt.find(W + "sdtPr")
    for holder in ("docPartObj", "docPartList"):
        gallery = val(child(sdt_pr, holder, "docPartGallery")) or ""
        if "table of contents" in gallery.lower():
            return True
    return False


def _section_page_ends(body: etree._Element) -> set[etree._Element]:
    """Paragraphs that end a section whose successor starts on a new page."""
    sections = list(body.iter(W + "sectPr"))
    ends: set[etree._Element] = set()
    for current, following in zip(sections, sections[1:]):
        owner = current.getparent()
        if owner is None or owner.tag != W + "pPr":
            continue
        if (val(child(following, "type")) or "nextPage") in _SECTION_PAGE_TYPES:
            ends.add(owner.getparent())
    return ends


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def _clean(raw: str) -> str:
    """Tabs become one space; a line break joins CJK tightly and anything else with a space."""
    text = _TABS.sub(" ", raw)
    if _WRAP in text:
        text = _WRAPS.sub(lambda m: _wrap_joint(text, m), text)
    return text.strip()


def _wrap_joint(text: str, match: re.Match[str]) -> str:
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if not before or not after or (_is_cjk(before) and _is_cjk(after)):
        return ""
    return " "


def _mark_toc_titles_and_manual_tocs(blocks: list[Block]) -> None:
    """A 目录 title belongs to the TOC after it; without a field TOC, lines ending in page numbers do."""
    for i, block in enumerate(blocks):
        if block.kind is not BlockKind.PARAGRAPH or not is_toc_title(block.text):
            continue
        following = blocks[i + 1:]
        if following and following[0].in_toc:
            block.in_toc = True
            continue
        entries = 0
        for nxt in following:
            if nxt.kind is not BlockKind.PARAGRAPH or toc_entry(nxt.text) is None:
                break
            nxt.in_toc = True
            entries += 1
        if entries:
            block.in_toc = True


def _toc_text(block: Block) -> str:
    if block.kind is not BlockKind.PARAGRAPH or is_toc_title(block.text):
        return ""
    return toc_entry(block.text) or block.text


def _title(package: docx.document.Document, blocks: list[Block]) -> str:
    """Core-properties title when meaningful, else the cover's title lines."""
    core = (package.core_properties.title or "").strip()
    if _meaningful(core):
        return core
    return _cover_title(blocks)


def _meaningful(title: str) -> bool:
    compact = re.sub(r"\s+", "", title).lower()
    if compact in _GENERIC_TITLES or compact.startswith("microsoftword-"):
        return False
    return sum(1 for ch in compact if _is_cjk(ch)) >= 4


def _cover_title(blocks: list[Block]) -> str:
    sizes = Counter(
        b.size for b in blocks
        if b.kind is BlockKind.PARAGRAPH and b.size and b.style_level is None and not b.centered
        for _ in b.text
    )
    body_size = sizes.most_common(1)[0][0] if sizes else None
    cover = [
        b for b in blocks
        if b.kind is BlockKind.PARAGRAPH and b.page == 1 and not b.in_toc and len(b.text) <= 60
        and (b.centered or (b.size is not None and body_size is not None and b.size >= body_size + 2))
    ]
    groups: list[list[Block]] = []
    for b in cover:
        last = groups[-1][-1] if groups else None
        if last is not None and last.index == b.index - 1 and last.size == b.size and len(groups[-1]) < 3 \
                and not _LABEL_OR_DATE.search(last.text + b.text):
            groups[-1].append(b)
        else:
            groups.append([b])
    for group in groups:
        if any(word in b.text for b in group for word in _TITLE_WORDS):
            return "".join(b.text for b in group)
    sized = [g for g in groups if g[0].size is not None]
    if sized:
        largest = max(sized, key=lambda g: g[0].size or 0.0)
        if body_size is None or (largest[0].size or 0.0) > body_size:
            return "".join(b.text for b in largest)
    return ""
