"""The findings of a written report (a document's or a package's), read the one way every consumer
of the report reads them: the exit code, the summary and index, the HTML verdict, the opinion."""

from __future__ import annotations

from typing import Any

SEVERITIES = ("error", "warning", "info")


def all_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The unit's findings: a package's own and those of every file inside."""
    return report["findings"] + [f for d in report.get("documents", []) for f in d["findings"]]


def unreadable_finding(report: dict[str, Any]) -> dict[str, Any] | None:
    """The error saying the unit could not be read at all, if there is one."""
    return next((f for f in report["findings"] if f["code"] == "unreadable" and f["severity"] == "error"), None)


def severity_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITIES}
