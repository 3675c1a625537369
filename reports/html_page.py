"""The shell every HTML page shares: one self-contained file (inline CSS and JS, nothing fetched),
a Content-Security-Policy that lets only our own inline style and script run, and the escaping
helpers every document string passes through."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any, Iterable


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


@cache
def asset(name: str) -> str:
    return files("docscreen.reports").joinpath("static", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def marked(text: str, marks: Iterable[str]) -> str:
    """The text escaped, with every occurrence of each mark (case-insensitive) wrapped in <mark>."""
    words = sorted({m for m in marks if m and m.strip()}, key=len, reverse=True)
    if not words:
        return esc(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    parts, last = [], 0
    for hit in pattern.finditer(text):
        parts.append(esc(text[last:hit.start()]))
        parts.append(f"<mark>{esc(hit.group())}</mark>")
        last = hit.end()
    parts.append(esc(text[last:]))
    return "".join(parts)


def page(title: str, body: str, script: str) -> str:
    """A whole HTML document; `script` is one of our own files, never document text."""
    css = asset("report.css")
    policy = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{css}</style></head><body>{body}<script>{script}</script></body></html>"
    )
