"""What a check concludes, with the evidence and the article it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(slots=True, frozen=True)
class Citation:
    regulation: str  # 营口市政务信息化项目管理办法
    article: str | None  # 第十二条 (None only where the source text is not on file)
    text: str = ""  # the article's words, quoted in reports
    document_no: str = ""  # 营政办发〔2022〕22号


@dataclass(slots=True, frozen=True)
class Evidence:
    page: int | None
    text: str
    marks: tuple[str, ...] = ()  # the words of the text that matter (a product, an amount as written); reports highlight them


@dataclass(slots=True)
class Finding:
    code: str
    severity: Severity
    message: str  # one Chinese sentence for the reviewer
    rule_id: str = ""
    chapter_type: str | None = None
    citation: Citation | None = None
    evidence: list[Evidence] = field(default_factory=list)
