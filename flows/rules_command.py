"""`docscreen rules`: every rule in force for a jurisdiction, with its article."""

from __future__ import annotations

import sys

from docscreen.checkers.rulebook import jurisdiction_ids, load_rulebook
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, CHAPTER_TYPES, KINDS


def print_rules(jurisdiction: str | None) -> int:
    if jurisdiction is not None and jurisdiction not in jurisdiction_ids():
        print(f"docscreen: 未知辖区 {jurisdiction!r}，可选：{', '.join(jurisdiction_ids())}", file=sys.stderr)
        return 2
    book = load_rulebook(jurisdiction)
    j = book.jurisdiction
    print(f"{j.name}（{j.id}）  {j.regulation}{'（' + j.document_no + '）' if j.document_no else ''}  规则版本 {book.version}")
    for rule in book.rules:
        subject = CHAPTER_TYPES.get(rule.chapter_type or "", rule.chapter_type or "")
        if rule.check == "attachments_required":
            subject = "、".join(ACCEPTANCE_TYPES[t] for t in rule.params.get("types", ()))
        kinds = "、".join(KINDS[k] for k in rule.applies_to)
        article = rule.citation.article or f"条文未收录（各地对应条款：{rule.basis}）"
        print(f"- {rule.id}  [{rule.severity.value}] {rule.check} {subject}\n    依据：{rule.citation.regulation} {article}\n    适用：{kinds}")
    return 0
