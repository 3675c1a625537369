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
from docscreen.reports.budget_html import money
from docscreen.reports.html_page import esc
from docscreen.reports.html_report import (
    document_sections, findings_html, header_html, jurisdiction_text, report_page, section_links,
)
from docscreen.reports.json_report import Screening, build_report, finding_json

PACKAGE_KIND = "acceptance_package"
PRESENT = '<span class="state ok">✓ 具备</span>'
MISSING = '<span class="state error">✕ 缺失</span>'


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
            "models": dict(sorted({k: v for m in s.members for k, v in m.document.models.items()}.items())),
            "errors": s.errors,
            "warnings": s.warnings,
        },
    }


def _attachments_html(attachments: dict[str, Any]) -> str:
    if not attachments:
        return '<p class="muted">本辖区未规定验收材料清单。</p>'
    rows = "".join(
        f"<tr class='{'match' if a['present'] else 'bad'}'><td>{esc(a['label'])}<br><code>{esc(t)}</code></td>"
        f"<td>{PRESENT if a['present'] else MISSING}</td><td>{esc('、'.join(a['files']) or '—')}</td></tr>"
        for t, a in attachments.items()
    )
    present = sum(1 for a in attachments.values() if a["present"])
    return (
        f'<p class="note">应提交 {len(attachments)} 项，具备 {present} 项。</p>'
        "<table><tr><th>验收材料</th><th>状态</th><th>所在文件</th></tr>" + rows + "</table>"
    )


def _file_label(d: dict[str, Any]) -> str:
    return "、".join(ACCEPTANCE_TYPES[t] for t in d["acceptance_types"]) or d["document"]["kind_label"]


def _file_section(n: int, d: dict[str, Any]) -> str:
    counts = d["screening"]
    prefix = f"file{n}-"
    links = "".join(f'<a href="#{a}">{esc(label)}</a> ' for a, label in section_links(prefix, d))
    return (
        f'<section class="file" id="file{n}"><h2>{n}. {esc(d["path"])}</h2>'
        f'<p>{esc(_file_label(d))}　<span class="pill {"error" if counts["errors"] else "zero"}">错误 {counts["errors"]}</span> '
        f'<span class="pill {"warning" if counts["warnings"] else "zero"}">警告 {counts["warnings"]}</span></p>'
        f'<p class="note noprint">{links}</p>{document_sections(d, prefix, level=3)}</section>'
    )


def render_package_html(report: dict[str, Any]) -> str:
    doc = report["document"]
    total = doc["total_investment_yuan"]
    facts = [
        ("材料包", esc(doc["name"])),
        ("形式", "压缩包" if doc["format"] == "zip" else "文件夹"),
        ("适用辖区", esc(jurisdiction_text(doc))),
        ("项目总投资", f"<b>{money(total)}</b>" if total is not None else "未列明"),
        ("文件数", esc(doc["files"])),
        ("规则版本", f'<code>{esc(report["screening"]["rules_version"])}</code>'),
        ("SHA-256", f'<code>{esc(doc["sha256"])}</code>'),
    ]
    documents = report["documents"]
    header = header_html(report, "竣工验收材料审查报告", doc["name"], facts)
    files = "".join(_file_section(n, d) for n, d in enumerate(documents, 1))
    main = (
        f'<section id="attachments"><h2>验收材料清单</h2>{_attachments_html(report["attachments"])}</section>'
        f'<section id="findings"><h2>审查发现（材料包）</h2>{findings_html(report["findings"])}</section>'
        f'<section id="files"><h2>包内文件</h2>{_files_table(documents)}</section>{files}'
    )
    nav = [("verdict", "审查结论"), ("attachments", "验收材料"), ("findings", "审查发现"), ("files", f"包内文件（{len(documents)}）")]
    return report_page(doc["name"], header, nav, main, report)


def _files_table(documents: list[dict[str, Any]]) -> str:
    if not documents:
        return '<p class="muted">包内没有可读取的文件。</p>'
    rows = "".join(
        f'<tr><td><a href="#file{n}">{esc(d["path"])}</a></td><td>{esc(_file_label(d))}</td>'
        f'<td class="num">{d["screening"]["errors"]}</td><td class="num">{d["screening"]["warnings"]}</td></tr>'
        for n, d in enumerate(documents, 1)
    )
    return "<table><tr><th>文件</th><th>文档类型</th><th class='num'>错误</th><th class='num'>警告</th></tr>" + rows + "</table>"
