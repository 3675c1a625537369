"""The caption lines around tables that the readers of every format must recognise."""

from __future__ import annotations

import re

CONTINUED_CAPTION = re.compile(r"^[（(]?\s*续\s*表")  # 续表 / 续表5-1 / （续表）


def is_continued_caption(text: str) -> bool:
    """A "续表" line above a continuation: it says what a join does, so it is not content."""
    return bool(CONTINUED_CAPTION.match(text.strip()))
