"""What an opinion asks the project unit to correct for a finding, and the article it cites.

The wording is data (`reports/data/corrections.yaml`, one template per finding code), so a
reviewing office can reword its requests without touching code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from docscreen.models.vocabulary import ACCEPTANCE_TYPES, CHAPTER_TYPES


@cache
def templates() -> dict[str, str]:
    text = resources.files("docscreen.reports").joinpath("data", "corrections.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def article_ref(citation: dict[str, Any] | None) -> str:
    """《办法》第十二条（三）; the regulation alone where its article is not on file."""
    if citation is None:
        return "有关文件"
    return f"《{citation['regulation']}》{citation['article'] or ''}"


def subject_label(chapter_type: str | None) -> str:
    return CHAPTER_TYPES.get(chapter_type or "") or ACCEPTANCE_TYPES.get(chapter_type or "") or "相关内容"


def correction(finding: dict[str, Any], chapters: dict[str, Any]) -> str:
    """The finding's template filled with its chapter (as the document titles it) and article."""
    label = subject_label(finding["chapter_type"])
    title = (chapters.get(finding["chapter_type"] or "") or {}).get("title")
    return templates()[finding["code"]].format(
        subject=f"“{title or label}”", label=label, basis=article_ref(finding["citation"])
    )
