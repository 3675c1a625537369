"""The report of a submission package: the package's own findings and required documents, and
each file inside with its own report (outline, chapters, budget, findings)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from docscreen.checkers.package_screen import AttachmentStatus
from docscreen.models import Finding, Severity
from docscreen.models.package import Package
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, KINDS, SCHEMA
from docscreen.reports.budget_json import yuan
from docscreen.reports.html_report import document_sections, esc, findings_html, meta_table, page
from docscreen.reports.json_report import Screening, build_report, finding_json

PACKAGE_KIND = "acceptance_package"


@dataclass(frozen=True, slots=True)
class PackageScreening:
    package: Package
    jurisdiction: str | None
    jurisdiction_name: str
    jurisdiction_confidence: float
    jurisdiction_source: str
    rules_version: str
    findings: list[Finding]  # the package's own: missing documents, spending across files, unreadable files
    attachments: dict[str, AttachmentStatus]
    members: list[Screening]  # one per file that could be opened, in the package's order

    def _count(self, severity: Severity) -> int:
        own = sum(1 for f in self.findings if f.severity is severity)
        return own + sum(1 for m in self.members for f in m.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self._count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self._count(Severity.WARNING)

    @property
    def readable(self) -> bool:
        return not any(f.code == "unreadable" and f.severity is Severity.ERROR for f in self.findings)


def build_package_report(s: PackageScreening) -> dict[str, Any]:
    p = s.package
    totals = [m.document.budget.total_yuan for m in s.members if m.document.budget.total_yuan is not None]
    return {
        "schema": SCHEMA,
        "document": {
            "name": p.name,
            "sha256": p.sha256,
            "size_bytes": p.size_bytes,
            "format": p.format,
            "pages": None,
            "pages_estimated": False,
            "ocr_pages": [],
            "kind": PACKAGE_KIND,
            "kind_label": KINDS[PACKAGE_KIND],
            "kind_confidence": 1.0,
            "title": None,
            "jurisdiction": s.jurisdiction,
            "jurisdiction_name": s.jurisdiction_name,
            "jurisdiction_confidence": round(s.jurisdiction_confidence, 2),
            "jurisdiction_source": s.jurisdiction_source,
            "complete": True,
            "incomplete_reason": None,
            "total_investment_yuan": yuan(totals[0]) if totals else None,
            "files": len(p.members),
        },
        "outline": [],
        "chapters": {},
        "budget": {},
        "attachments": {
            t: {"label": ACCEPTANCE_TYPES[t], "present": a.present, "files": a.files} for t, a in s.attachments.items()
        },
        "documents": [
            {"path": m.document.name, "acceptance_types": m.document.acceptance_types, **build_report(m)}
            for m in s.members
        ],
        "findings": [finding_json(f) for f in s.findings],
        "errors": [{"code": e.code, "message": e.message, "page": None} for e in p.errors]
        + [{"code": m.error.code, "message": m.error.message, "path": m.path} for m in p.members if m.error],
        "screening": {
            "docscreen_version": version("docscreen"),
            "rules_version": s.rules_version,
            "errors": s.errors,
            "warnings": s.warnings,
        },
    }


def _attachments_html(attachments: dict[str, Any]) -> str:
    if not attachments:
        return '<p class="muted">本辖区未规定验收材料清单。</p>'
    rows = "".join(
        f"<tr><td>{esc(a['label'])}<br><span class='muted'>{esc(t)}</span></td>"
        f"<td class='state'>{'<span class=ok>具备</span>' if a['present'] else '<span class=error>缺失</span>'}</td>"
        f"<td>{esc('、'.join(a['files']) or '—')}</td></tr>"
        for t, a in attachments.items()
    )
    return "<table><tr><th>验收材料</th><th>状态</th><th>所在文件</th></tr>" + rows + "</table>"


def _documents_html(documents: list[dict[str, Any]]) -> str:
    parts = []
    for d in documents:
        types = "、".join(ACCEPTANCE_TYPES[t] for t in d["acceptance_types"]) or d["document"]["kind_label"]
        counts = d["screening"]
        parts.append(
            f"<details><summary>{esc(d['path'])} — {esc(types)}（错误 {counts['errors']}，警告 {counts['warnings']}）"
            f"</summary>{document_sections(d, level=3)}</details>"
        )
    return "".join(parts) or '<p class="muted">包内没有可读取的文件。</p>'


def render_package_html(report: dict[str, Any]) -> str:
    doc = report["document"]
    counts = report["screening"]
    verdict_class = "error" if counts["errors"] else "warning" if counts["warnings"] else "ok"
    verdict = (
        f'<div class="verdict {verdict_class}">共 {doc["files"]} 个文件；发现 {counts["errors"]} 项错误、'
        f'{counts["warnings"]} 项警告。</div>'
    )
    meta = [
        ("材料包", doc["name"]),
        ("形式", "压缩包" if doc["format"] == "zip" else "文件夹"),
        ("适用辖区", doc["jurisdiction_name"] if doc["jurisdiction"] else "未识别（按全国基线审查）"),
        ("SHA-256", doc["sha256"]),
        ("规则版本", counts["rules_version"]),
    ]
    body = (
        verdict + meta_table(meta)
        + f"<h2>验收材料</h2>{_attachments_html(report['attachments'])}"
        + f"<h2>审查发现（材料包）</h2>{findings_html(report['findings'])}"
        + f"<h2>包内文件</h2>{_documents_html(report['documents'])}"
    )
    return page(doc["name"], body)
