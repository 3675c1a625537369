"""Reading our HTML pages in tests: their tags, ids, inline script and style, policy, and the
index's embedded units."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser


class Page(HTMLParser):
    """Every tag with its attributes, every id, and the text of each <script> and <style>."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if "id" in dict(attrs):
            self.ids.add(dict(attrs)["id"] or "")
        if tag in self.raw:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for t, a in self.tags if t == "a"]

    def csp(self) -> str:
        return next(a["content"] or "" for t, a in self.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def units_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="units-data">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))
