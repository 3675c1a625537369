"""Score `docscreen screen` on the samples against samples/manifest.json.

Runs the real command over every manifest entry (documents, and packages with the files inside
them), then prints precision and recall of the chapter and attachment findings (missing_chapter,
thin_chapter, unreadable, missing_attachment; counted per finding) and of the budget and content
findings (counted once per code and document: one defect may rightly show at several lines),
kind and jurisdiction accuracy, the incomplete-document calls, the total investment read against
the manifest's, and which required documents each package was found to hold. Exit status 1 when
any figure is below 1.0 with --strict.

    python scripts/score_samples.py [--manifest samples/manifest.json] [--out DIR] [--strict]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from docscreen.flows.cli import main as docscreen

ROOT = Path(__file__).resolve().parents[1]
SCORED_CODES = ("missing_chapter", "thin_chapter", "unreadable", "missing_attachment")
BUDGET_CODES = (
    "budget_items_mismatch",
    "budget_total_conflict",
    "budget_annual_mismatch",
    "budget_annual_missing",
    "hardware_procurement",
    "process_threshold",
    "budget_overrun",
    "budget_adjustment_over_limit",
    "foreign_product",
    "crypto_noncompliant",
    "catalogue_fields_missing",
    "sharing_content_missing",
)
CENT = 0.005


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def score(manifest_path: Path, out: Path) -> dict[str, float]:
    entries = json.loads(manifest_path.read_text(encoding="utf-8"))
    paths = [str(ROOT / e["path"]) for e in entries]
    docscreen(["screen", *paths, "--out", str(out)])
    with (out / "summary.csv").open(encoding="utf-8") as f:
        rows = {row["input"]: row for row in csv.DictReader(f)}

    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    kind_ok = jur_ok = incomplete_ok = total_ok = attachments_ok = packages = 0
    for entry, path in zip(entries, paths, strict=True):
        report = json.loads((out / rows[path]["report_json"]).read_text(encoding="utf-8"))
        findings = report["findings"] + [f for d in report.get("documents", []) for f in d["findings"]]
        got = Counter((f["code"], f["chapter_type"]) for f in findings if f["code"] in SCORED_CODES)
        want = Counter((x["code"], x.get("chapter_type")) for x in entry["expected"] if x["code"] in SCORED_CODES)
        got.update({(f["code"], f["chapter_type"]) for f in findings if f["code"] in BUDGET_CODES})
        want.update({(x["code"], x.get("chapter_type")) for x in entry["expected"] if x["code"] in BUDGET_CODES})
        for key in got | want:
            tp[key[0]] += min(got[key], want[key])
            fp[key[0]] += max(0, got[key] - want[key])
            fn[key[0]] += max(0, want[key] - got[key])
            if got[key] != want[key]:
                print(f"  {entry['path']}: {key[0]} {key[1]} expected {want[key]}, got {got[key]}")
        doc = report["document"]
        expected_unreadable = any(x["code"] == "unreadable" for x in entry["expected"])
        if expected_unreadable or doc["kind"] == entry["kind"]:
            kind_ok += 1
        else:
            print(f"  {entry['path']}: kind expected {entry['kind']}, got {doc['kind']}")
        if expected_unreadable or doc["jurisdiction"] == entry["jurisdiction"]:
            jur_ok += 1
        else:
            print(f"  {entry['path']}: jurisdiction expected {entry['jurisdiction']}, got {doc['jurisdiction']}")
        if "attachments" in entry:
            packages += 1
            present = {t for t, a in report.get("attachments", {}).items() if a["present"]}
            if present == set(entry["attachments"]):
                attachments_ok += 1
            else:
                print(f"  {entry['path']}: attachments expected {sorted(entry['attachments'])}, got {sorted(present)}")
        stated, expected_total = doc["total_investment_yuan"], entry.get("total_investment_yuan")
        if "total_investment_yuan" not in entry:
            total_ok += 1  # packages: no single total to compare
        elif (stated is None and expected_total is None) or (
            stated is not None and expected_total is not None and abs(stated - expected_total) < CENT
        ):
            total_ok += 1
        else:
            print(f"  {entry['path']}: total investment expected {expected_total}, got {stated}")
        if (not doc["complete"]) == bool(entry.get("incomplete", False)):
            incomplete_ok += 1
        else:
            print(f"  {entry['path']}: incomplete expected {entry.get('incomplete', False)}, got {not doc['complete']}")

    figures: dict[str, float] = {}
    print(f"\n{'finding':<24}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    for code in SCORED_CODES + BUDGET_CODES:
        p, r = _ratio(tp[code], tp[code] + fp[code]), _ratio(tp[code], tp[code] + fn[code])
        figures[f"{code}.precision"], figures[f"{code}.recall"] = p, r
        print(f"{code:<24}{tp[code]:>5}{fp[code]:>5}{fn[code]:>5}{p:>11.3f}{r:>8.3f}")
    n = len(entries)
    figures["kind.accuracy"] = kind_ok / n
    figures["jurisdiction.accuracy"] = jur_ok / n
    figures["incomplete.accuracy"] = incomplete_ok / n
    figures["total_investment.accuracy"] = total_ok / n
    figures["attachments.accuracy"] = attachments_ok / packages if packages else 1.0
    print(f"\nkind accuracy          {kind_ok}/{n} = {kind_ok / n:.3f}")
    print(f"jurisdiction accuracy  {jur_ok}/{n} = {jur_ok / n:.3f}")
    print(f"incomplete calls       {incomplete_ok}/{n} = {incomplete_ok / n:.3f}")
    print(f"total investment       {total_ok}/{n} = {total_ok / n:.3f}")
    print(f"package attachments    {attachments_ok}/{packages} = {figures['attachments.accuracy']:.3f}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=ROOT / "samples" / "manifest.json")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every figure is 1.0")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        figures = score(args.manifest, args.out or Path(tmp))
    return 1 if args.strict and any(v < 1.0 for v in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
