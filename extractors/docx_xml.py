"""WordprocessingML names and the few value rules every DOCX helper needs."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W_VAL = f"{W}val"

_OFF = frozenset({"0", "false", "off", "none"})


def child(el: etree._Element | None, *path: str) -> etree._Element | None:
    """Follow direct children by local w: name; None as soon as one is missing."""
    for name in path:
        if el is None:
            return None
        el = el.find(W + name)
    return el


def val(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(W + attr)


def int_val(el: etree._Element | None, attr: str = "val") -> int | None:
    raw = val(el, attr)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def on_off(el: etree._Element | None) -> bool | None:
    """A toggle like <w:b/> or <w:b w:val="0"/>: None when the element is absent."""
    if el is None:
        return None
    raw = el.get(W_VAL)
    return raw is None or raw.lower() not in _OFF
