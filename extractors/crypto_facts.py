"""What a 密码应用方案 states: the algorithms it relies on, GB/T 39786 and the level it is designed
for, and the 商用密码应用安全性评估 (密评) it plans.

Algorithms are read in the crypto_plan chapter only, each with how the sentence speaks of it
(`mention_context`): MD5 「替换为SM3」 or 「不得使用」 is not relied on. The standard and the 密评
may be stated outside the chapter (编制依据 lists GB/T 39786; 实施进度 schedules the 密评), so the
body is read when the chapter is silent. The level must be the plan's own: the 等级保护 grade a
security chapter gives the system is not a statement of what the crypto design meets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from docscreen.extractors.data_files import load_yaml
from docscreen.extractors.mention_context import Stance, stance
from docscreen.extractors.passages import (
    NameMatcher,
    Passage,
    body_blocks,
    chapter_blocks,
    excerpt,
    in_book_title,
    passages,
)
from docscreen.models.document import Document

CHAPTER = "crypto_plan"
_NAMED = (Stance.USED, Stance.COMPATIBLE, Stance.EXISTING)  # a 国密 algorithm the plan names


@dataclass(frozen=True, slots=True)
class Algorithm:
    name: str
    family: str  # asymmetric | hash | symmetric
    origin: str  # guomi | foreign
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Statement:
    """Where the document states something: page and the words around it."""

    page: int | None
    quote: str


@dataclass(frozen=True, slots=True)
class AlgorithmMention:
    algorithm: Algorithm
    stance: Stance
    page: int | None
    quote: str


@dataclass(slots=True)
class CryptoFacts:
    algorithms: list[AlgorithmMention] = field(default_factory=list)
    standard: Statement | None = None  # GB/T 39786 cited
    level: Statement | None = None  # the GB/T 39786 level the plan is designed to
    assessment: Statement | None = None  # a 密评 planned

    def guomi(self) -> list[AlgorithmMention]:
        return [m for m in self.algorithms if m.algorithm.origin == "guomi" and m.stance in _NAMED]

    def weak_used(self) -> list[AlgorithmMention]:
        return [m for m in self.algorithms if m.algorithm.weak and m.stance is Stance.USED]

    def foreign_only(self) -> list[AlgorithmMention]:
        """Foreign algorithms relied on for a job no named 国密 algorithm does (RSA without SM2/SM9)."""
        covered = {m.algorithm.family for m in self.guomi()}
        return [
            m for m in self.algorithms
            if m.algorithm.origin == "foreign" and not m.algorithm.weak and m.stance is Stance.USED
            and m.algorithm.family not in covered
        ]


@dataclass(frozen=True, slots=True)
class CryptoLexicon:
    algorithms: NameMatcher[Algorithm]
    standard: tuple[re.Pattern[str], ...]
    level: tuple[re.Pattern[str], ...]
    assessment: tuple[re.Pattern[str], ...]


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@cache
def load_crypto_lexicon() -> CryptoLexicon:
    raw = load_yaml("crypto_lexicon.yaml")
    names = []
    for spec in raw["algorithms"]:
        algorithm = Algorithm(spec["names"][0], spec["family"], spec["origin"], bool(spec.get("weak", False)))
        names.extend((str(n), algorithm) for n in spec["names"])
    return CryptoLexicon(
        algorithms=NameMatcher(names),
        standard=_compile(raw["standard"]),
        level=_compile(raw["level"]),
        assessment=_compile(raw["assessment"]),
    )


def find_algorithms(text: str) -> list[tuple[int, int, Algorithm]]:
    """Algorithm names in `text`, leftmost-longest (3DES is not also a DES)."""
    return load_crypto_lexicon().algorithms.find(text)


def _first(found: Iterable[Passage], patterns: tuple[re.Pattern[str], ...], planned: bool = False) -> Statement | None:
    for p in found:
        for pattern in patterns:
            for m in pattern.finditer(p.text):
                if planned and (in_book_title(p.text, m.start())
                                or stance(p.text, m.start(), m.end()) is Stance.REJECTED):
                    continue
                return Statement(p.page, excerpt(p.text, m.start(), m.end()))
    return None


def crypto_facts(doc: Document) -> CryptoFacts:
    lex = load_crypto_lexicon()
    chapter = list(passages(doc, chapter_blocks(doc, CHAPTER)))
    facts = CryptoFacts()
    for p in chapter:
        for start, end, algorithm in find_algorithms(p.text):
            facts.algorithms.append(
                AlgorithmMention(algorithm, stance(p.text, start, end), p.page, excerpt(p.text, start, end)))
    body = list(passages(doc, body_blocks(doc)))
    facts.standard = _first(chapter, lex.standard) or _first(body, lex.standard)
    facts.level = _first(chapter, lex.level)
    headings = {s.first_block for s in doc.outline}  # a heading 密评安排 is no plan without its text
    facts.assessment = _first([p for p in chapter + body if p.block not in headings], lex.assessment, planned=True)
    return facts
