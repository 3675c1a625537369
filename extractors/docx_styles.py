"""Style sheet of a DOCX, resolved once per style id.

`Paragraph.style` in python-docx costs ~0.9 ms a call; a 100-page document has
thousands of paragraphs, so the reader reads style ids from the XML and asks this
sheet, which follows each `w:basedOn` chain once and caches the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.styles import BabelFish
from lxml import etree

from docscreen.extractors.docx_xml import W, child, int_val, on_off, val

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_MAX_CHAIN = 32  # basedOn chains are short; a longer one is a cycle


@dataclass(frozen=True, slots=True)
class StyleInfo:
    """What a paragraph or character style contributes, inheritance already applied."""

    style_id: str = ""
    name: str = ""
    outline_level: int | None = None  # 1-based; None: body text
    num_id: int | None = None
    ilvl: int | None = None
    bold: bool | None = None
    size: float | None = None  # points
    jc: str | None = None


_EMPTY = StyleInfo()


class StyleSheet:
    """Paragraph and character styles of one document, keyed by style id."""

    def __init__(self, styles_root: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self._cache: dict[str, StyleInfo] = {}
        self._default_para: str | None = None
        self.default_size: float | None = None
        self.default_bold: bool | None = None
        if styles_root is None:
            return
        for el in styles_root.iterfind(W + "style"):
            sid = el.get(W + "styleId")
            if sid is None:
                continue
            self._raw[sid] = el
            if el.get(W + "type") == "paragraph" and _is_true(el.get(W + "default")):
                self._default_para = sid
        rpr = child(styles_root, "docDefaults", "rPrDefault", "rPr")
        half_points = int_val(child(rpr, "sz"))
        self.default_size = half_points / 2 if half_points else None
        self.default_bold = on_off(child(rpr, "b"))

    def paragraph(self, style_id: str | None) -> StyleInfo:
        """The paragraph style by id; the document's default paragraph style when absent."""
        sid = style_id if style_id in self._raw else self._default_para
        return self.resolve(sid) if sid else _EMPTY

    def resolve(self, style_id: str | None) -> StyleInfo:
        if not style_id or style_id not in self._raw:
            return _EMPTY
        cached = self._cache.get(style_id)
        if cached is None:
            cached = self._resolve_chain(style_id)
            self._cache[style_id] = cached
        return cached

    def numbering_of(self, style_id: str) -> int | None:
        """numId a (numbering) style declares, for w:numStyleLink."""
        return self.resolve(style_id).num_id

    def _resolve_chain(self, style_id: str) -> StyleInfo:
        chain: list[etree._Element] = []
        sid: str | None = style_id
        while sid and sid in self._raw and len(chain) < _MAX_CHAIN:
            el = self._raw[sid]
            if el in chain:
                break
            chain.append(el)
            sid = val(child(el, "basedOn"))
        fields: dict[str, object] = {}
        for el in reversed(chain):  # root first, so the derived style wins
            _overlay(el, fields)
        name = val(child(chain[0], "name")) or style_id
        level = fields.get("outline_level")
        if level is None:
            match = _HEADING_NAME.match(name.strip())
            level = int(match.group(1)) if match else None
        return StyleInfo(
            style_id=style_id,
            name=BabelFish.internal2ui(name),
            outline_level=level,  # type: ignore[arg-type]
            num_id=fields.get("num_id"),  # type: ignore[arg-type]
            ilvl=fields.get("ilvl"),  # type: ignore[arg-type]
            bold=fields.get("bold"),  # type: ignore[arg-type]
            size=fields.get("size"),  # type: ignore[arg-type]
            jc=fields.get("jc"),  # type: ignore[arg-type]
        )


def _is_true(raw: str | None) -> bool:
    return raw is not None and raw.lower() in {"1", "true", "on"}


def outline_level(ppr: etree._Element | None) -> tuple[bool, int | None]:
    """(declared?, 1-based level) of a w:pPr's w:outlineLvl; level 9 means body text."""
    lvl = int_val(child(ppr, "outlineLvl"))
    if lvl is None:
        return False, None
    return True, lvl + 1 if 0 <= lvl <= 8 else None


def _overlay(style: etree._Element, fields: dict[str, object]) -> None:
    ppr = style.find(W + "pPr")
    if ppr is not None:
        declared, level = outline_level(ppr)
        if declared:
            fields["outline_level"] = level
        numpr = ppr.find(W + "numPr")
        if numpr is not None:
            num_id = int_val(child(numpr, "numId"))
            if num_id is not None:
                fields["num_id"] = num_id
            ilvl = int_val(child(numpr, "ilvl"))
            if ilvl is not None:
                fields["ilvl"] = ilvl
        jc = val(child(ppr, "jc"))
        if jc is not None:
            fields["jc"] = jc
    rpr = style.find(W + "rPr")
    if rpr is not None:
        bold = on_off(rpr.find(W + "b"))
        if bold is not None:
            fields["bold"] = bold
        half_points = int_val(child(rpr, "sz"))
        if half_points:
            fields["size"] = half_points / 2
