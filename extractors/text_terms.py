"""The terms the chapter and document-type classifiers read: words and character n-grams, tagged
by where they stand (title, parent heading, body).

Training (extractors/classifier_training.py) and screening (extractors/chapters.py, document_type.py) call these
same functions, so a model never sees text cut differently from the text it was trained on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from docscreen.extractors.outline import normalize_title, parse_numbering
from docscreen.extractors.segmenter import new_segmenter

# The opening sentences (what a section is about, before it goes into detail), cut where the
# training openings end: the model reads no more of a real section than it learnt from.
SECTION_BODY_CHARS = 120
DOCUMENT_BODY_CHARS = 300
DOCUMENT_HEADINGS = 24
TITLE_GRAMS = (1, 3)
PARENT_GRAMS = (2, 3)  # the parent heading's character n-grams: 数据资源 / 共享 under any wording
BODY_REPEAT = 2  # the opening's words count twice (1 + ln 2 under sublinear tf): a body speaks of 共享/交换 when the title does not
COVER_REPEAT = 2  # a document's cover-line terms count twice (chosen by the combined document CV)
# Every setting the terms depend on: the model version hashes them (classifier_training.data_version)
# and scripts/tune_classifiers.py sets them by their lower-case names.
SETTINGS = (
    "TITLE_GRAMS", "PARENT_GRAMS", "BODY_REPEAT", "COVER_REPEAT", "SECTION_BODY_CHARS", "DOCUMENT_BODY_CHARS",
    "DOCUMENT_HEADINGS",
)
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")



def settings() -> dict[str, Any]:
    """The term settings in force, by lower-case name."""
    return {name.lower(): globals()[name] for name in SETTINGS}


@cache
def word_segmenter() -> Any:  # a jieba.Tokenizer
    text = (resources.files("docscreen.extractors") / "data" / "classifier_words.txt").read_text("utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return new_segmenter(words)


def words(text: str) -> list[str]:
    """jieba words of `text`, numbers folded to one token, punctuation and spaces dropped."""
    folded = _DIGITS.sub("0", text)
    return [w if w != "0" else "<num>" for w in word_segmenter().cut(folded, HMM=False) if _WORDLIKE.search(w) or w == "0"]


def char_grams(text: str, low: int, high: int) -> list[str]:
    return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


def heading_title(title: str) -> str:
    """A heading's title without its number, spaces or punctuation (第三章 数据共享 → 数据共享)."""
    numbering = parse_numbering(title)
    return normalize_title(numbering.title if numbering else title)


def section_terms(title: str, parent: str, body: str) -> list[str]:
    """Terms of one section: the title weighs most (its words and character n-grams); the parent
    heading adds its words and character n-grams, the opening text its dictionary words (two
    characters or more), weighted by BODY_REPEAT."""
    head, above = heading_title(title), heading_title(parent)
    terms = [f"t:{w}" for w in words(head)] + [f"c:{g}" for g in char_grams(head, *TITLE_GRAMS)]
    terms += [f"p:{w}" for w in words(above) if len(w) > 1] + [f"q:{g}" for g in char_grams(above, *PARENT_GRAMS)]
    terms += [f"b:{w}" for w in words(body[:SECTION_BODY_CHARS]) if len(w) > 1] * BODY_REPEAT
    return terms


def document_terms(title_lines: Sequence[str], headings: Sequence[str], body: str) -> list[str]:
    """Terms of one document: its cover lines (counted COVER_REPEAT times) and top headings (words
    and character n-grams) and its opening text (words)."""
    terms: list[str] = []
    for line in title_lines:
        compact = normalize_title(line)
        terms += ([f"t:{w}" for w in words(compact)] + [f"c:{g}" for g in char_grams(compact, 2, 4)]) * COVER_REPEAT
    for heading in headings[:DOCUMENT_HEADINGS]:
        compact = heading_title(heading)
        terms += [f"h:{w}" for w in words(compact)] + [f"g:{g}" for g in char_grams(compact, 2, 3)]
    terms += [f"b:{w}" for w in words(body[:DOCUMENT_BODY_CHARS])]
    return terms
