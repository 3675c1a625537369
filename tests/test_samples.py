"""The samples against their manifest, through the real command: the README quotes these figures."""

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from score_samples import score  # noqa: E402


def test_every_sample_yields_exactly_what_its_manifest_says(tmp_path):
    figures = score(ROOT / "samples" / "manifest.json", tmp_path)
    assert figures == {k: 1.0 for k in figures}


def test_clean_controls_are_quiet(tmp_path):
    manifest = json.loads((ROOT / "samples" / "manifest.json").read_text(encoding="utf-8"))
    score(ROOT / "samples" / "manifest.json", tmp_path)
    with (tmp_path / "summary.csv").open(encoding="utf-8") as f:
        rows = {Path(r["input"]).relative_to(ROOT).as_posix(): r for r in csv.DictReader(f)}
    controls = [e["path"] for e in manifest if e["clean_control"]]
    assert len(controls) >= 5
    for path in controls:
        assert rows[path]["errors"] == "0" and rows[path]["warnings"] == "0", path
