"""Document kind (项目建议书, 可行性研究报告, 初步设计, 建设方案, 验收报告) from cover, title and text.

Evidence in order of weight: a cover line (paragraphs on pages 1–2 before the first heading) that
names a kind; the reader's title or the file name; the running text referring to itself ("本项目
建议书"); plain mentions. A line or sentence that cites another document (根据…批复, 《…》) is not
evidence: a feasibility report that quotes its 项目建议书批复 stays a feasibility report. Patterns
live in `data/kind_lexicon.yaml`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath


from docscreen.extractors.outline import cover_blocks
from docscreen.extractors.data_files import load_yaml
from docscreen.models.document import Block, BlockKind, Document
from docscreen.models.vocabulary import KINDS

_SENTENCE_SPLIT = re.compile(r"[。；;！!？?\n]")
_TITLE_HEAD_END = ("项目", "工程", "平台", "系统", "建设")
TEXT_EVIDENCE_BLOCKS = 400  # a document calls itself 本项目建议书 in its opening chapters


@dataclass(frozen=True, slots=True)
class _KindLexicon:
    title: dict[str, tuple[re.Pattern[str], ...]]
    self_ref: dict[str, tuple[re.Pattern[str], ...]]
    citation: tuple[str, ...]
    delegate: re.Pattern[str]
    scores: dict[str, float]


@cache
def kind_lexicon() -> _KindLexicon:
    raw = load_yaml("kind_lexicon.yaml")
    unknown = set(raw["kinds"]) - set(KINDS)
    if unknown:
        raise ValueError(f"kind_lexicon.yaml names unknown kinds: {sorted(unknown)}")
    return _KindLexicon(
        title={k: tuple(re.compile(p) for p in v["title"]) for k, v in raw["kinds"].items()},
        self_ref={k: tuple(re.compile(p) for p in v["self"]) for k, v in raw["kinds"].items()},
        citation=tuple(raw["citation"]),
        delegate=re.compile(raw["delegate"]),
        scores={k: float(v) for k, v in raw["scores"].items()},
    )


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cites(text: str, lex: _KindLexicon) -> bool:
    return any(c in text for c in lex.citation)


def kind_of_line(line: str) -> str | None:
    """The kind a title-like line names, or None (also None when the line only cites a document)."""
    lex = kind_lexicon()
    text = lex.delegate.sub("", _compact(line))
    if not text or _cites(text, lex):
        return None
    found = [(m.start(), kind) for kind, pats in lex.title.items() for p in pats if (m := p.search(text))]
    return min(found)[1] if found else None


def _cover_kind(cover: list[Block]) -> tuple[str, Block] | None:
    hits = [(b, kind) for b in cover if (kind := kind_of_line(b.text)) is not None]
    if not hits:
        return None
    block, kind = max(enumerate(hits), key=lambda ih: (ih[1][0].size or 0.0, -ih[0]))[1]
    return kind, block


def _text_evidence(doc: Document, skip: set[int]) -> tuple[Counter[str], Counter[str]]:
    """Self-references and plain (non-citing) mentions per kind in the running text; `skip` holds
    `id()`s of blocks already read as cover."""
    lex = kind_lexicon()
    self_refs: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for b in doc.blocks[:TEXT_EVIDENCE_BLOCKS]:
        if b.kind is not BlockKind.PARAGRAPH or b.in_toc or id(b) in skip:
            continue
        for sentence in _SENTENCE_SPLIT.split(_compact(b.full_text)):
            if not sentence:
                continue
            for kind, pats in lex.self_ref.items():
                self_refs[kind] += sum(len(p.findall(sentence)) for p in pats)
            if not _cites(sentence, lex):
                for kind, pats in lex.title.items():
                    if any(p.search(sentence) for p in pats):
                        mentions[kind] += 1
    return self_refs, mentions


def guess_title(cover: list[Block], title_block: Block | None) -> str:
    """The document title: the cover line naming the kind, joined with the project line above it."""
    if title_block is None:
        return ""
    lines = [b for b in cover if b.kind is BlockKind.PARAGRAPH]
    title = _compact(title_block.text)
    i = next((k for k, b in enumerate(lines) if b is title_block), None)
    if i and len(title) <= 12 and _compact(lines[i - 1].text).endswith(_TITLE_HEAD_END):
        return _compact(lines[i - 1].text) + title
    return title


def detect_kind(doc: Document) -> tuple[str, float]:
    """Decide the document kind and a confidence; sets `doc.kind`, `doc.kind_confidence`, and
    `doc.title` when the reader left it empty."""
    lex = kind_lexicon()
    s = lex.scores
    cover = cover_blocks(doc)
    cover_hit = _cover_kind(cover)
    named = [k for k in (kind_of_line(doc.title), kind_of_line(PurePath(doc.name).stem)) if k]
    kind, confidence = "unknown", 0.0
    if cover_hit is not None:
        kind, confidence = cover_hit[0], s["cover"]
        if kind in named:
            confidence = min(0.99, confidence + 0.03)
    elif named:
        kind, confidence = named[0], s["name"]
    else:
        self_refs, mentions = _text_evidence(doc, {id(b) for b in cover})
        if self_refs and self_refs.most_common(1)[0][1] > 0:
            kind, n = self_refs.most_common(1)[0]
            confidence = min(s["self_max"], s["self"] + s["self_each"] * (n - 1))
        elif mentions and mentions.most_common(1)[0][1] >= s["mention_min"]:
            kind, confidence = mentions.most_common(1)[0][0], s["mention"]
    if not doc.title and cover_hit is not None:
        doc.title = guess_title(cover, cover_hit[1])
    doc.kind, doc.kind_confidence = kind, round(confidence, 2)
    return doc.kind, doc.kind_confidence
