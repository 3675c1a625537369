"""PDF bytes to a `Document`: text blocks with font signals, tables, bookmarks, page status.

pdfium (pypdfium2) reads every page: text, lines and a few font facts per line, and a count
of path objects that says whether a page may hold a ruled table; only those pages go
through table finding (pdfplumber's algorithm on pdfium's ruling lines, see pdf_tables). The
reader never raises: unreadable input comes back as a `Document` whose `errors` say why.
A table that ends its page and goes on at the top of the next one becomes one table block.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docscreen.extractors.page_furniture import is_toc_title, remove_furniture, toc_entry, toc_pages
from docscreen.extractors.pdf_lines import CharQuery, Line, page_lines, page_text
from docscreen.extractors.pdf_paragraphs import Paragraph, body_size, paragraphs
from docscreen.extractors.pdfium_lock import PDFIUM_LOCK
from docscreen.extractors.pdf_tables import FoundTable, continues, join_tables, page_tables
from docscreen.extractors.table_captions import is_continued_caption
from docscreen.models.document import (
    Block,
    BlockKind,
    Bookmark,
    Document,
    PageInfo,
    PageStatus,
    ReadError,
)


RULED_PAGE_PATHS = 6  # path objects from which a page may hold a ruled table
_SCAN_MAX_CHARS = 10  # body chars (furniture aside) below which a page with an image counts as scanned
_IMAGE_CHECK_CHARS = 200  # above this many chars a page is text whatever images it holds
_GARBLED_SHARE = 0.3
_UNIFORM_BOLD_SHARE = 0.6
_BAD_CHARS = re.compile(r"[\ufffd\ufffe\uffff\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
_META_TITLE_NOISE = re.compile(r"^(?:microsoft word\s*-\s*)?|\.(?:docx?|wps|pdf)$", re.IGNORECASE)
_META_TITLE_JUNK = re.compile(r"^(?:untitled|无标题|文档\d*|document\d*|slide\s*\d*)$", re.IGNORECASE)


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    status: PageStatus
    chars: int
    images: int
    tables: list[FoundTable] = field(default_factory=list)


def read_pdf(data: bytes, name: str) -> Document:
    """Read a PDF; problems become `Document.errors`, never exceptions. PDFium is not thread-safe:
    one PDF is read at a time per process (`serve` and `rescreen` screen units on threads)."""
    doc = Document(name=name, format="pdf", sha256=hashlib.sha256(data).hexdigest(), size_bytes=len(data))
    if not data:
        doc.errors.append(ReadError("empty", "文件为空（0 字节）。"))
        return doc
    with PDFIUM_LOCK:
        return _read_locked(data, doc)


def _read_locked(data: bytes, doc: Document) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        doc.errors.append(_open_error(data))
        return doc
    try:
        _read(pdf, doc)
    except Exception as exc:  # noqa: BLE001 - a reader reports, it does not crash the screening
        doc.errors.append(ReadError("corrupt", f"PDF 文件内容损坏，无法完整读取（{type(exc).__name__}）。"))
    finally:
        pdf.close()
    return doc


def _open_error(data: bytes) -> ReadError:
    """Classify a failed open by loading again: pdfium keeps its last error across successful loads."""
    raw = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if raw:
        pdfium_c.FPDF_CloseDocument(raw)
        return ReadError("empty", "PDF 文件没有任何页面。")
    code = pdfium_c.FPDF_GetLastError()
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return ReadError("encrypted", "PDF 已加密，需要打开密码，无法读取。")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return ReadError("encrypted", "PDF 使用了不支持的加密方式，无法读取。")
    return ReadError("corrupt", "文件不是有效的 PDF，或已损坏、被截断。")


def _read(pdf: pdfium.PdfDocument, doc: Document) -> None:
    doc.pages = len(pdf)
    doc.pages_estimated = False
    if doc.pages == 0:
        doc.errors.append(ReadError("empty", "PDF 文件没有任何页面。"))
        return
    query = CharQuery()
    pages = [_read_page(pdf, i, query, doc) for i in range(doc.pages)]
    kept = remove_furniture([p.lines for p in pages], [p.height for p in pages])
    for page, lines in zip(pages, kept):
        page.lines = lines
        if page.images and page.status is PageStatus.TEXT and _body_chars(lines) <= _SCAN_MAX_CHARS:
            page.status, page.lines, page.tables = PageStatus.NO_TEXT_LAYER, [], []
    _drop_uniform_bold(pages)
    doc.page_info = [PageInfo(number=p.number, status=p.status, chars=p.chars) for p in pages]
    _page_errors(pages, doc)
    doc.bookmarks = _bookmarks(pdf)
    doc.blocks = _blocks(pages, doc)
    doc.title = _title(pages, pdf)


def _read_page(pdf: pdfium.PdfDocument, index: int, query: CharQuery, doc: Document) -> _Page:
    """One page through pdfium's bare handles: pypdfium2's page and text-page objects (a finalizer
    and a parent link each) cost a tenth of the whole reading on a long document."""
    number = index + 1
    page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
    if not page:
        doc.errors.append(ReadError("page_unreadable", f"第 {number} 页无法解析。", page=number))
        return _Page(number, 0.0, 0.0, [], PageStatus.EMPTY, 0, 0)
    try:
        width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise pdfium.PdfiumError("Failed to load text page.")
        try:
            text = page_text(textpage, pdfium_c.FPDFText_CountChars(textpage))
            visible = len("".join(text.split()))
            paths, images = _count_objects(page, stop_paths=visible > _IMAGE_CHECK_CHARS)
            status = _status(text, visible, images)
            if status is not PageStatus.TEXT:
                return _Page(number, width, height, [], status, visible, images)
            lines = page_lines(textpage, text, number, height, query)
            result = _Page(number, width, height, lines, status, visible, images)
            if paths >= RULED_PAGE_PATHS:
                _add_tables(result, page, textpage, doc)
            return result
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _add_tables(result: _Page, page: object, textpage: object, doc: Document) -> None:
    """Tables of a ruled page; their text lines leave the paragraph flow."""
    try:
        result.tables = page_tables(page, textpage, result.height, result.number)
    except Exception:  # noqa: BLE001 - a broken drawing must not cost the page its text
        doc.errors.append(ReadError("page_tables_unreadable", f"第 {result.number} 页的表格无法解析。", page=result.number))
        return
    if result.tables:
        result.lines = [ln for ln in result.lines if not any(_inside(ln, t.bbox) for t in result.tables)]


def _count_objects(page: object, stop_paths: bool) -> tuple[int, int]:
    """Path and image objects on the page, form XObjects included.

    On a page with text only the path count matters, so the walk stops once it says "ruled".
    """
    counts = [0, 0]
    get_type = pdfium_c.FPDFPageObj_GetType
    path_kind, image_kind = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE
    form_kind = pdfium_c.FPDF_PAGEOBJ_FORM

    def walk(count: int, get: object, parent: object, depth: int) -> bool:
        for i in range(count):
            obj = get(parent, i)  # type: ignore[operator]
            kind = get_type(obj)
            if kind == path_kind:
                counts[0] += 1
                if stop_paths and counts[0] >= RULED_PAGE_PATHS:
                    return True
            elif kind == image_kind:
                counts[1] += 1
            elif kind == form_kind and depth < 8:
                if walk(pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject, obj, depth + 1):
                    return True
        return False

    walk(pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject, page, 0)
    return counts[0], counts[1]


def _drop_uniform_bold(pages: list[_Page]) -> None:
    """When most text is "bold" (a body font named like 黑体 / Zen Hei), bold tells headings nothing."""
    total = bold = 0
    for page in pages:
        for ln in page.lines:
            total += len(ln.text)
            bold += len(ln.text) if ln.bold else 0
    if total and bold > _UNIFORM_BOLD_SHARE * total:
        for page in pages:
            for ln in page.lines:
                ln.bold = False


def _body_chars(lines: list[Line]) -> int:
    return sum(len(ln.text) for ln in lines)


def _status(text: str, visible: int, images: int) -> PageStatus:
    if visible == 0:
        return PageStatus.NO_TEXT_LAYER if images else PageStatus.EMPTY
    if visible <= _SCAN_MAX_CHARS and images:
        return PageStatus.NO_TEXT_LAYER
    bad = len(_BAD_CHARS.findall(text))
    return PageStatus.GARBLED if bad >= _GARBLED_SHARE * visible else PageStatus.TEXT


def _page_errors(pages: list[_Page], doc: Document) -> None:
    statuses = [p.status for p in pages]
    if all(s is PageStatus.EMPTY for s in statuses):
        doc.errors.append(ReadError("empty", "PDF 各页均为空白，没有文字也没有图像。"))
        return
    if PageStatus.NO_TEXT_LAYER in statuses and all(
        s in (PageStatus.NO_TEXT_LAYER, PageStatus.EMPTY) for s in statuses
    ):
        doc.errors.append(ReadError("no_text_layer", "扫描件：PDF 各页只有图像、无文字层，需要 OCR 识别后才能审查。"))
        return
    for p in pages:
        if p.status is PageStatus.NO_TEXT_LAYER:
            doc.errors.append(
                ReadError("page_no_text_layer", f"第 {p.number} 页为扫描图像，无文字层，其内容未参与审查。", page=p.number)
            )
        elif p.status is PageStatus.GARBLED:
            doc.errors.append(
                ReadError("page_garbled", f"第 {p.number} 页文字为乱码（字体无法映射），其内容未参与审查。", page=p.number)
            )


def _bookmarks(pdf: pdfium.PdfDocument) -> list[Bookmark]:
    marks: list[Bookmark] = []
    try:
        for item in pdf.get_toc():
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            title = item.get_title().strip()
            if title:
                marks.append(Bookmark(title=title, level=item.level + 1, page=None if index is None else index + 1))
    except pdfium.PdfiumError:
        pass  # a broken outline is no reason to lose the text; what was read stays
    return marks


def _inside(line: Line, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    return x0 - 1 <= line.left <= x1 + 1 and top - 1 <= line.bottom <= bottom + 1


def _blocks(pages: list[_Page], doc: Document) -> list[Block]:
    toc = toc_pages([p.lines for p in pages])
    blocks: list[Block] = []
    open_table: FoundTable | None = None  # the last block when it is a table that ended its page
    for i, page in enumerate(pages):
        if i in toc:
            open_table = None
            for ln in page.lines:
                blocks.append(_text_block(len(blocks), ln.text, ln.page, ln.size, ln.bold, False, in_toc=True))
                if not is_toc_title(ln.text):
                    doc.toc.append(toc_entry(ln.text))
            continue
        items = _page_items(page)
        if open_table is not None and open_table.table.pages[-1] == page.number - 1:
            start = 1 if items and isinstance(items[0], Paragraph) and is_continued_caption(items[0].text) else 0
            nxt = items[start] if len(items) > start else None
            if isinstance(nxt, FoundTable) and continues(open_table, nxt):
                open_table = join_tables(open_table, nxt)
                blocks[-1] = _table_block(blocks[-1].index, open_table, blocks[-1].page)
                items = items[start + 1 :]
                if not items:
                    continue  # the table fills the page and may run on
        for item in items:
            if isinstance(item, FoundTable):
                blocks.append(_table_block(len(blocks), item, page.number))
            else:
                blocks.append(_text_block(len(blocks), item.text, item.page, item.size, item.bold, item.centered))
        open_table = items[-1] if items and isinstance(items[-1], FoundTable) else None
    return blocks


def _page_items(page: _Page) -> list[Paragraph | FoundTable]:
    """A page's paragraphs and tables in reading order."""
    tables = sorted(page.tables, key=lambda t: t.top)
    items: list[Paragraph | FoundTable] = []
    for para in paragraphs(page.lines, page.width):
        while tables and tables[0].top <= para.top:
            items.append(tables.pop(0))
        items.append(para)
    items.extend(tables)
    return items


def _text_block(
    index: int, text: str, page: int, size: float, bold: bool, centered: bool, in_toc: bool = False
) -> Block:
    return Block(
        index=index,
        kind=BlockKind.PARAGRAPH,
        text=text,
        page=page,
        size=size,
        bold=bold,
        centered=centered,
        in_toc=in_toc,
    )


def _table_block(index: int, found: FoundTable, page: int) -> Block:
    text = "\n".join("\t".join(row) for row in found.table.grid())
    return Block(index=index, kind=BlockKind.TABLE, text=text, page=page, table=found.table)


def _title(pages: list[_Page], pdf: pdfium.PdfDocument) -> str:
    """The largest text of page 1 when it stands out from the body; else a meaningful metadata title."""
    body = body_size([p.lines for p in pages])
    first = pages[0].lines
    if first:
        largest = max(ln.size for ln in first)
        if largest > body + 0.5:
            run: list[str] = []
            for ln in first:
                if ln.size == largest:
                    run.append(ln.text)
                elif run:
                    break
            return "".join(run)[:200]
    return _metadata_title(pdf)


def _metadata_title(pdf: pdfium.PdfDocument) -> str:
    try:
        raw = pdf.get_metadata_value("Title")
    except (pdfium.PdfiumError, UnicodeDecodeError):
        return ""
    title = _META_TITLE_NOISE.sub("", raw.strip()).strip()
    if len(title) < 2 or _META_TITLE_JUNK.match(title) or _BAD_CHARS.search(title):
        return ""
    return title[:200]
