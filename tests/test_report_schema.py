"""The published JSON Schema of the report: every report the command writes for the samples is valid."""

import copy
import json
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from docscreen.flows.cli import main
from docscreen.models import Severity
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, CHAPTER_TYPES, FINDING_CODES, KINDS, SCHEMA

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def load_schema() -> dict:
    text = resources.files("docscreen.reports").joinpath("schema", "report.schema.json").read_text("utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def sample_reports(tmp_path_factory) -> dict[str, dict]:
    inputs = sorted(
        [*SAMPLES.glob("*/*.docx"), *SAMPLES.glob("*/*.pdf"), *(SAMPLES / "验收材料").iterdir()],
        key=str,
    )
    out = tmp_path_factory.mktemp("schema")
    assert main(["screen", *map(str, inputs), "--out", str(out)]) == 1  # the broken samples are unreadable
    reports = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert len(reports) == len(inputs)
    return reports


def test_the_schema_names_the_report_version():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(SCHEMA)


def test_every_sample_report_is_valid(validator, sample_reports):
    kinds = {r["document"]["kind"] for r in sample_reports.values()}
    assert {"acceptance_package", "unknown", "feasibility_report"} <= kinds
    for name, report in sample_reports.items():
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(report)]
        assert errors == [], name


def test_enums_are_the_vocabulary():
    defs = load_schema()["$defs"]
    assert defs["kind"]["enum"] == list(KINDS)
    assert defs["chapterType"]["enum"] == list(CHAPTER_TYPES)
    assert defs["acceptanceType"]["enum"] == list(ACCEPTANCE_TYPES)
    assert defs["findingCode"]["enum"] == list(FINDING_CODES)
    assert defs["severity"]["enum"] == [s.value for s in Severity]


def test_the_schema_rejects_what_the_contract_forbids(validator, sample_reports):
    package = sample_reports["新干县智慧党建平台竣工验收材料.zip.json"]
    plan = sample_reports["营口市公共数据开放平台初步设计方案及投资概算.docx.json"]

    unknown_code = copy.deepcopy(plan)
    unknown_code["findings"][0]["code"] = "looks_wrong"
    no_checklist = copy.deepcopy(package)
    del no_checklist["attachments"]
    bad_member = copy.deepcopy(package)
    bad_member["documents"][0]["acceptance_types"] = ["invoice"]
    bad_amount = copy.deepcopy(plan)
    bad_amount["document"]["total_investment_yuan"] = "611.79万元"
    for broken in (unknown_code, no_checklist, bad_member, bad_amount):
        assert not validator.is_valid(broken)


def test_evidence_may_carry_marks(validator, sample_reports):
    plan = copy.deepcopy(sample_reports["营口市公共数据开放平台初步设计方案及投资概算.docx.json"])
    evidence = plan["findings"][0]["evidence"][0]
    evidence["marks"] = ["411.34"]
    assert validator.is_valid(plan)
    evidence["marks"] = [411.34]
    assert not validator.is_valid(plan)
