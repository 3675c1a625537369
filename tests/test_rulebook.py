from pathlib import Path

import pytest
import yaml

from docscreen.checkers.rulebook import jurisdiction_ids, load_rulebook, rules_version
from docscreen.checkers.package_screen import PACKAGE_CHECKS
from docscreen.checkers.screen import CHECKS
from docscreen.flows.cli import main
from docscreen.models.vocabulary import CHAPTER_TYPES, KINDS

REGULATIONS = Path(__file__).resolve().parents[2] / "shared" / "regulations"
RULEBOOKS = Path(__file__).resolve().parents[1] / "checkers" / "rulebooks"


def test_the_five_jurisdictions_each_have_a_rulebook():
    assert jurisdiction_ids() == ["jingle", "shandong", "wuzhi", "xingan", "yingkou"]


@pytest.mark.parametrize("jurisdiction", ["jingle", "shandong", "wuzhi", "xingan", "yingkou"])
def test_every_local_rule_cites_an_article_quoted_from_the_regulation(jurisdiction):
    book = load_rulebook(jurisdiction)
    raw = yaml.safe_load((RULEBOOKS / f"{jurisdiction}.yaml").read_text(encoding="utf-8"))
    source = (REGULATIONS / raw["source"]).read_text(encoding="utf-8") if REGULATIONS.exists() else None
    own = [r for r in book.rules if r.id.startswith(f"{jurisdiction}.")]
    assert own
    for rule in book.rules:
        assert rule.check in (PACKAGE_CHECKS if rule.applies_to == ("acceptance_package",) else CHECKS)
        assert rule.chapter_type in CHAPTER_TYPES or (rule.chapter_type is None and rule.check != "chapter_required")
        assert set(rule.applies_to) <= set(KINDS)
        assert rule.citation.article or rule.basis, f"{rule.id}: a baseline rule names the articles that carry it"
    for rule in own:
        assert rule.citation.article and rule.citation.article.startswith("第")
        assert rule.citation.text, f"{rule.id}: the article's words are quoted in reports"
        if source is not None:
            article = rule.citation.article.split("（")[0]
            assert article in source, f"{rule.id}: {article} is not in {raw['source']}"
            first_words = rule.citation.text.replace("……", "")[:12]
            assert first_words in "".join(source.split()), f"{rule.id}: quoted text not found in the regulation"


def test_unknown_jurisdiction_falls_back_to_the_national_baseline():
    book = load_rulebook(None)
    assert book.jurisdiction.id == "national"
    assert {r.chapter_type for r in book.for_kind("feasibility_report")} >= {"data_sharing", "crypto_plan"}
    assert all(r.basis for r in book.rules), "baseline rules name the local articles that carry them"


def test_a_known_jurisdiction_replaces_the_fallback_rules():
    book = load_rulebook("wuzhi")
    assert all(r.id.startswith("wuzhi.") or r.scope == "all" for r in book.rules)
    chapters = [r for r in book.for_kind("feasibility_report") if r.check == "chapter_required"]
    assert {r.chapter_type for r in chapters} == {"resource_catalogue", "data_sharing", "investment", "performance_goals"}
    assert [r.check for r in book.for_kind("proposal")] == [
        "budget_items", "budget_total", "budget_annual", "secure_products", "crypto_compliance", "hardware_procurement"
    ]


def test_a_local_rule_with_the_same_key_replaces_the_baseline_one():
    ids = [r.id for r in load_rulebook("jingle").rules if r.check == "budget_annual"]
    assert ids == ["jingle.budget.annual"]


def test_rules_version_is_a_stable_digest():
    assert rules_version() == rules_version()
    assert len(rules_version()) == 12


def test_rules_command_lists_every_rule_with_its_article(capsys):
    assert main(["rules", "--jurisdiction", "yingkou"]) == 0
    out = capsys.readouterr().out
    for rule in load_rulebook("yingkou").rules:
        assert rule.id in out
        assert (rule.citation.article or rule.basis) in out


def test_rules_command_rejects_an_unknown_jurisdiction(capsys):
    assert main(["rules", "--jurisdiction", "atlantis"]) == 2
    assert "未知辖区" in capsys.readouterr().err
