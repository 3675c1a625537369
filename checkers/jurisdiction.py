"""Which jurisdiction's measures a document answers to, told from its cover and its text.

The place names live in the rulebooks, so a new county is recognised by adding its file.
The cover (title, 建设单位, 编制单位) counts far more than the body: a document often
cites other regions' measures or products, while its cover names its own unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from docscreen.checkers.rulebook import Jurisdiction, jurisdictions
from docscreen.models import BlockKind, Document

COVER_BLOCKS = 40
BODY_CHARS = 60_000
COVER_WEIGHT = {"strong": 6.0, "weak": 1.5}
BODY_WEIGHT = {"strong": 1.0, "weak": 0.2}
BODY_CAP = 8.0  # many mentions in the body never outweigh the cover
MIN_SCORE = 3.0
MIN_MARGIN = 1.5  # the winner must beat the runner-up by this factor


@dataclass(frozen=True, slots=True)
class JurisdictionGuess:
    id: str | None
    confidence: float
    scores: dict[str, float]


def cover_text(doc: Document) -> str:
    """Title plus the lines before the first heading (or the first blocks when no outline)."""
    end = doc.outline[0].first_block if doc.outline else COVER_BLOCKS
    lines = [b.full_text for b in doc.blocks[: min(end, COVER_BLOCKS)] if b.kind is BlockKind.PARAGRAPH]
    return "\n".join([doc.title, *lines])


def _body_text(doc: Document) -> str:
    parts, size = [], 0
    for b in doc.blocks:
        if b.in_toc:
            continue
        parts.append(b.text)
        size += len(b.text)
        if size > BODY_CHARS:
            break
    return "\n".join(parts)


def _score(j: Jurisdiction, cover: str, body: str) -> float:
    score = 0.0
    for strength, places in (("strong", j.strong_places), ("weak", j.weak_places)):
        for place in _without_shadowed(places):
            score += COVER_WEIGHT[strength] * min(cover.count(place), 2)
            score += min(BODY_WEIGHT[strength] * body.count(place), BODY_CAP / 2)
    return min(score, 100.0)


def _without_shadowed(places: tuple[str, ...]) -> list[str]:
    """Keep the shortest form of each name (营口, not also 营口市) so one mention counts once."""
    return [p for p in places if not any(q != p and q in p for q in places)]


def detect_jurisdiction(doc: Document) -> JurisdictionGuess:
    cover, body = cover_text(doc), _body_text(doc)
    scores = {j.id: _score(j, cover, body) for j in jurisdictions()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best_id, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < MIN_SCORE or best < MIN_MARGIN * runner_up:
        return JurisdictionGuess(None, 0.0, scores)
    confidence = round(min(1.0, best / (best + runner_up + 3.0) + 0.25), 2)
    return JurisdictionGuess(best_id, confidence, scores)
