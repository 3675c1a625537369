"""A finding made by a rule: every check reports its code and message with the rule's severity,
id, chapter type and citation, so the article a finding rests on is never forgotten."""

from __future__ import annotations

from docscreen.checkers.rulebook import Rule
from docscreen.models import Evidence, Finding


def merged_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """Each quoted place once, carrying the marks of every mention read there."""
    places: dict[tuple[int | None, str], tuple[str, ...]] = {}
    for e in evidence:
        places[(e.page, e.text)] = tuple(dict.fromkeys(places.get((e.page, e.text), ()) + e.marks))
    return [Evidence(page, text, marks) for (page, text), marks in places.items()]


def rule_finding(
    rule: Rule, code: str, message: str, evidence: list[Evidence], chapter_type: str | None = None
) -> Finding:
    return Finding(
        code=code,
        severity=rule.severity,
        message=message,
        rule_id=rule.id,
        chapter_type=chapter_type if chapter_type is not None else rule.chapter_type,
        citation=rule.citation,
        evidence=evidence,
    )
