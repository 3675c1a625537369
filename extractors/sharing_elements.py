"""What the 数据资源共享分析 chapter states of the elements 营口 第十二条（一） names: 信息资源目录,
数据资源共享清单, 流程, 接口, 频率 (`data/sharing_elements.yaml`).

Read: the data_sharing chapter, its sub-sections, headings and tables. The catalogue and the list
may stand in a 信息资源目录 chapter of their own beside it: a catalogue table that gives each
resource's 共享属性 is the 共享清单.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from docscreen.extractors.catalogue_fields import FieldState, catalogue_fields
from docscreen.extractors.data_files import load_yaml
from docscreen.extractors.passages import Passage, chapter_blocks, chapter_sections, excerpt, normalize, passages
from docscreen.models.document import Document

CHAPTER = "data_sharing"
CATALOGUE_CHAPTER = "resource_catalogue"


@dataclass(frozen=True, slots=True)
class ElementSpec:
    name: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    in_catalogue: bool


@dataclass(frozen=True, slots=True)
class ElementReading:
    found: bool
    page: int | None = None
    quote: str = ""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    negation: re.Pattern[str]
    elements: tuple[ElementSpec, ...]


@cache
def sharing_lexicon() -> _Lexicon:
    raw = load_yaml("sharing_elements.yaml")
    return _Lexicon(
        negation=re.compile(raw["negation"]),
        elements=tuple(
            ElementSpec(name, spec["label"], tuple(re.compile(p, re.IGNORECASE) for p in spec["patterns"]),
                        bool(spec.get("catalogue", False)))
            for name, spec in raw["elements"].items()
        ),
    )


def element_label(name: str) -> str:
    return next(e.label for e in sharing_lexicon().elements if e.name == name)


def _texts(doc: Document, chapter_type: str) -> list[Passage]:
    """The chapter's headings and passages."""
    headings = [Passage(normalize(s.heading), s.page, s.first_block) for s in chapter_sections(doc, chapter_type)]
    return headings + list(passages(doc, chapter_blocks(doc, chapter_type)))


def _stated(spec: ElementSpec, texts: list[Passage]) -> ElementReading | None:
    negation = sharing_lexicon().negation
    for p in texts:
        for pattern in spec.patterns:
            for m in pattern.finditer(p.text):
                if not negation.search(p.text[: m.start()]):
                    return ElementReading(True, p.page, excerpt(p.text, m.start(), m.end()))
    return None


def sharing_elements(doc: Document) -> dict[str, ElementReading]:
    """Each element: found (with where) or not, in the data_sharing chapter (or the catalogue's)."""
    sharing = _texts(doc, CHAPTER)
    catalogue = _texts(doc, CATALOGUE_CHAPTER)
    readings: dict[str, ElementReading] = {}
    for spec in sharing_lexicon().elements:
        reading = _stated(spec, sharing) or (_stated(spec, catalogue) if spec.in_catalogue else None)
        if reading is None and spec.name == "list":
            listed = catalogue_fields(doc)
            share = listed.fields["share_type"]
            if listed.tables and share.state is FieldState.GIVEN:
                reading = ElementReading(True, share.page, share.quote)
        readings[spec.name] = reading or ElementReading(False)
    return readings
