"""The amount pipeline: spaCy's blank Chinese over jieba tokens, with two components of our own.

`amount_ruler` reads money, percentages, years and durations from the characters (jieba cuts
"231. 00万元" or "3,568,000元" into pieces, so numbers are read from the text, not the tokens)
and keeps each as a span in `doc.spans["amounts"]`, its reading in `span._.reading`.
`amount_meaning` finds the cue words of data/amount_meanings.yaml (项目总投资, 申请财政资金, 中标价 …)
with a PhraseMatcher over the jieba tokens and gives every amount the meaning of the nearest cue
before it in its clause (`span._.meaning`), the year it belongs to (`span._.year`), and marks the
amounts that state the construction period (`span._.period`).

jieba runs on a dictionary of our own (data/jieba_words.txt plus every cue) rather than its
350,000-word default, and without its HMM for unknown words: it loads in milliseconds instead of
the default's much longer load, and the cues, all in the dictionary, are single tokens
either way. Building the pipeline still costs spaCy's import, once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from docscreen.extractors.amount_text import Match, scan
from docscreen.extractors.data_files import load_yaml
from docscreen.extractors.segmenter import new_segmenter
from docscreen.models.budget import Quantity

SPAN_KEY = "amounts"
TEXT_KEY = "docscreen.text"
CLAUSE_END = re.compile(r"[，,。；;！？!?\n]")
SENTENCE_END = re.compile(r"[。；;！？!?\n]")
# Between a year and an amount with no cue: "2025年：120万元", "2025年度 120万元"
YEAR_ADJACENT = re.compile(r"^(?:度)?\s*[:：]?\s*$")

for _name in ("reading", "meaning", "year", "period"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@dataclass(frozen=True, slots=True)
class Cues:
    meanings: dict[str, tuple[str, ...]]
    annual: tuple[str, ...]
    period: tuple[str, ...]

    def words(self) -> set[str]:
        return {w for ws in self.meanings.values() for w in ws} | set(self.annual) | set(self.period)


@cache
def load_cues() -> Cues:
    raw = load_yaml("amount_meanings.yaml")
    return Cues(
        meanings={m: tuple(ws) for m, ws in raw["meanings"].items()},
        annual=tuple(raw["annual_cues"]),
        period=tuple(raw["period_cues"]),
    )


class JiebaTokenizer:
    """jieba on our own dictionary; spaCy only needs words whose concatenation is the text."""

    def __init__(self, vocab: Vocab, extra_words: Iterable[str]) -> None:
        self.vocab = vocab
        self.segmenter = new_segmenter(extra_words)

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.segmenter.cut(text, HMM=False) if w]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data[TEXT_KEY] = text
        return doc


def doc_text(doc: Doc) -> str:
    """The text as the tokenizer got it: `Doc.text` joins every token again on each call."""
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else doc.text


@Language.factory("amount_ruler")
def make_amount_ruler(nlp: Language, name: str) -> AmountRuler:
    return AmountRuler()


class AmountRuler:
    """Every amount as a span; the reading (value in 元, unit, precision) rides on the span."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match in scan(doc_text(doc)):
            span = doc.char_span(match.start, match.end, label=match.quantity.value, alignment_mode="expand")
            if span is not None:
                span._.reading = match
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("amount_meaning")
def make_amount_meaning(nlp: Language, name: str) -> AmountMeaning:
    return AmountMeaning(nlp, load_cues())


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int  # character offsets
    end: int
    label: str  # a meaning, or "annual" / "period" for the generic cues


class AmountMeaning:
    """Finding (cues) kept apart from deciding (`assign`), as spaCy's own rulers do."""

    def __init__(self, nlp: Language, cues: Cues) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        groups: dict[str, list[str]] = {m: list(ws) for m, ws in cues.meanings.items()}
        groups["@annual"] = list(cues.annual)
        groups["@period"] = list(cues.period)
        for label, words in groups.items():
            self.matcher.add(label, [nlp.make_doc(w) for w in words])

    def cues(self, doc: Doc) -> list[_Cue]:
        found = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            found.append(_Cue(span.start_char, span.end_char, doc.vocab.strings[match_id]))
        # the longest cue wins where cues overlap (项目总投资 over 投资)
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[_Cue] = []
        for cue in found:
            if not kept or cue.start >= kept[-1].end:
                kept.append(cue)
        return kept

    def __call__(self, doc: Doc) -> Doc:
        assign(doc_text(doc), list(doc.spans[SPAN_KEY]), self.cues(doc))
        return doc


def _clause_start(text: str, pos: int) -> int:
    cut = max((m.end() for m in CLAUSE_END.finditer(text, 0, pos)), default=0)
    return cut


def _same_sentence(text: str, a: int, b: int) -> bool:
    return SENTENCE_END.search(text, a, b) is None


def assign(text: str, spans: list[Span], cues: list[_Cue]) -> None:
    """Meaning, year and period for each amount span, from the cues and years before it."""
    previous: Span | None = None
    for span in spans:
        reading: Match = span._.reading
        clause = _clause_start(text, reading.start)
        before = [c for c in cues if clause <= c.start and c.end <= reading.start]
        if before and before[-1].label == "@period" and reading.quantity in (Quantity.DURATION, Quantity.YEAR):
            span._.period = True
        if reading.quantity is not Quantity.MONEY:
            continue
        year = next(
            (
                s._.reading
                for s in reversed(spans)
                if s._.reading is not None
                and s._.reading.quantity is Quantity.YEAR
                and clause <= s._.reading.start
                and s._.reading.end <= reading.start
            ),
            None,
        )
        specific = next((c for c in reversed(before) if not c.label.startswith("@")), None)
        generic = next((c for c in reversed(before) if c.label == "@annual"), None)
        meaning = _meaning(text, reading, specific, generic, year, previous)
        if meaning == "other" and reading.bare:
            span._.reading = None  # 20万 with no money word before it is not money
            continue
        span._.meaning = meaning
        if meaning == "annual":
            span._.year = int(year.value) if year is not None else previous._.year if previous is not None else None
        previous = span


def _meaning(
    text: str, reading: Match, specific: _Cue | None, generic: _Cue | None, year: Match | None, previous: Span | None
) -> str:
    """The nearest specific cue decides; a year makes the amount annual unless a total is named
    after it; the generic words (安排, 投资) count only with a year."""
    if specific is not None and not (year is not None and year.start > specific.end and specific.label != "total_investment"):
        return specific.label
    if year is not None and (specific or generic or YEAR_ADJACENT.match(text[year.end : reading.start])):
        return "annual"
    if specific is None and year is None and previous is not None and previous._.meaning:
        prev: Match = previous._.reading
        if _same_sentence(text, prev.end, reading.start) and _is_pair(text, prev, reading):
            return str(previous._.meaning)
    return "other"


PAIR_GAP = re.compile(r"^\s*[（(]?\s*(?:大写|小写)?\s*[:：]?\s*(?:人民币)?\s*$")


def _is_pair(text: str, first: Match, second: Match) -> bool:
    """A 大写 amount and a 小写 one written side by side: 贰拾叁万元整（小写：231.00万元）."""
    return first.capital != second.capital and PAIR_GAP.match(text[first.end : second.start]) is not None


def pairs(doc: Doc) -> Iterator[tuple[Span, Span]]:
    money = [s for s in doc.spans[SPAN_KEY] if s._.reading is not None and s._.reading.quantity is Quantity.MONEY]
    text = doc_text(doc) if len(money) > 1 else ""
    for first, second in zip(money, money[1:]):
        if _is_pair(text, first._.reading, second._.reading):
            capital, figures = (first, second) if first._.reading.capital else (second, first)
            yield capital, figures


@cache
def amount_nlp() -> Language:
    """Built once per process: the blank Chinese pipeline with our tokenizer and components."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = JiebaTokenizer(nlp.vocab, load_cues().words())
    nlp.add_pipe("amount_ruler")
    nlp.add_pipe("amount_meaning")
    return nlp


def analyse_texts(texts: list[str]) -> Iterator[Doc]:
    return amount_nlp().pipe(texts)


def describe(doc: Doc) -> list[dict[str, Any]]:
    """The annotations of one Doc in plain values: what a test or a debugging session looks at."""
    return [
        {
            "text": s._.reading.text,
            "quantity": s._.reading.quantity.value,
            "value": s._.reading.value,
            "meaning": s._.meaning,
            "year": s._.year,
            "period": bool(s._.period),
        }
        for s in doc.spans[SPAN_KEY]
        if s._.reading is not None
    ]
