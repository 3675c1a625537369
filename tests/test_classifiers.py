"""The learned classifiers: shipped JSON reproducible from training/, inference equal to scikit-learn,
training deterministic, and the combination with the lexicon as screening uses it."""

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import docx
import pytest

from docscreen.extractors.acceptance import classify_acceptance
from docscreen.extractors.chapters import decide_heading
from docscreen.extractors.classifier_harness import cross_validate_documents, cross_validate_sections
from docscreen.extractors.chapters import RULE_CONFIDENT, classify_heading
from docscreen.extractors.classifier_training import (
    document_dataset,
    export,
    fit_chapters,
    fit_documents,
    model_json,
    section_dataset,
)
from docscreen.extractors.document_type import decide_document_type
from docscreen.extractors.kind import detect_kind
from docscreen.extractors.linear_model import MODEL_FILES, from_json
from docscreen.extractors.outline import build_outline
from docscreen.extractors.text_terms import COVER_REPEAT, SECTION_BODY_CHARS, document_terms, section_terms
from docscreen.extractors.training_data import document_examples, example_document, section_examples, training_dir
from docscreen.flows.cli import main
from docscreen.models.document import Block, BlockKind, Document
from docscreen.models.vocabulary import PLAN_KINDS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fitted():
    base = training_dir()
    return {"chapters": fit_chapters(base), "documents": fit_documents(base)}


def test_shipped_models_are_a_fresh_training_of_the_repository_data(fitted):
    for name, (pipeline, version) in fitted.items():
        shipped = (resources.files("docscreen.extractors") / "data" / MODEL_FILES[name]).read_text("utf-8")
        assert shipped == model_json(export(pipeline, version)), f"{name}: run `docscreen train` and commit"


def test_training_twice_gives_identical_models(fitted):
    pipeline, version = fit_documents(training_dir())
    assert model_json(export(pipeline, version)) == model_json(export(*fitted["documents"]))


def test_inference_equals_scikit_learn_on_the_held_out_split(fitted):
    held = {
        "chapters": section_dataset([r for r in section_examples() if r.held_out]),
        "documents": document_dataset([r for r in document_examples() if r.held_out]),
    }
    for name, (pipeline, version) in fitted.items():
        model = from_json(json.loads(model_json(export(pipeline, version))))
        expected = pipeline.predict_proba(held[name].terms)
        assert list(pipeline.classes_) == list(model.classes)
        for terms, row in zip(held[name].terms, expected, strict=True):
            assert model.predict_proba(terms) == pytest.approx(list(row), abs=1e-9)


def test_held_out_rows_share_no_heading_family_with_training():
    rows = section_examples()
    train_groups = {r.group for r in rows if not r.held_out}
    held = [r for r in rows if r.held_out]
    assert held and not {r.group for r in held} & train_groups
    train_bodies = {r.body for r in rows if not r.held_out and r.body}
    own = [r for r in held if r.body and r.body not in train_bodies]
    assert own, "held-out rows draw bodies of their own"


@pytest.mark.parametrize(
    ("examples", "parts"),
    [
        (section_examples, (lambda r: {r.group}, lambda r: {r.body} - {""})),
        (document_examples, (lambda r: {r.group}, lambda r: set(r.headings), lambda r: {r.body})),
    ],
    ids=["sections: no family or body", "documents: no title family, heading or opening"],
)
def test_cross_validation_folds_share_what_the_held_out_split_shares(examples, parts):
    rows = [r for r in examples(folds=5) if not r.held_out]
    assert {r.fold for r in rows} == set(range(5))
    for fold in range(5):
        inside = [r for r in rows if r.fold == fold]
        outside = [r for r in rows if r.fold != fold]
        for part in parts:
            assert not set().union(*map(part, inside)) & set().union(*map(part, outside))


@pytest.mark.parametrize(
    ("title", "body", "parent", "expected"),
    [
        ("政务数据归集与共享", "项目将业务数据按日汇聚至市大数据中心，供各部门按需调用。", "建设内容", "data_sharing"),
        ("国产数据库与中间件适配", "应用系统完成与达梦数据库、东方通中间件的适配。", "建设内容", "secure_products"),
        ("复用现有支撑平台", "统一身份认证和电子印章均复用市级平台。", "总体设计", "intensive_construction"),
    ],
)
def test_model_names_chapters_the_lexicon_misses(title, body, parent, expected):
    decision = decide_heading(title, body, parent)
    assert (decision.chapter_type, decision.method) == (expected, "model")
    assert decision.confidence >= 0.6


def test_a_model_guess_under_the_threshold_names_no_chapter():
    args = ("政务数据归集与共享", "项目将业务数据按日汇聚至市大数据中心，供各部门按需调用。", "建设内容")
    assert decide_heading(*args).chapter_type == "data_sharing"
    unsure = decide_heading(*args, minimum=1.01)
    assert (unsure.chapter_type, unsure.method) == (None, "model")


def test_section_cross_validation_scores_the_lexicon_and_the_fold_model_together():
    rows = [r for r in section_examples(folds=5) if not r.held_out and r.label in ("data_sharing", "security", "other")][::4]
    scored = cross_validate_sections("sections", rows, (0.5, 1.01))
    ruled = [i for i, r in enumerate(rows) if classify_heading(r.title, r.body, r.parent)[1] >= RULE_CONFIDENT]
    assert ruled and len(ruled) < len(rows)
    for minimum in (0.5, 1.01):
        combined = scored[minimum].predicted["combined"]
        assert all(combined[i] == classify_heading(rows[i].title, rows[i].body, rows[i].parent)[0] for i in ruled)
    # at 1.01 no model guess is taken: every row the lexicon does not decide is other or vetoed
    assert {scored[1.01].predicted["combined"][i] for i in set(range(len(rows))) - set(ruled)} == {"other"}
    assert scored[0.5].predicted["combined"] != scored[1.01].predicted["combined"]


def test_document_cross_validation_above_every_confidence_is_the_lexicons_alone():
    rows = [r for r in document_examples(folds=5) if not r.held_out and r.label in ("audit_report", "crypto_assessment", "other")]
    scored = cross_validate_documents("documents", rows, (1.01, 0.3))
    lexicon = []
    for r in rows:
        doc = example_document(r)
        detect_kind(doc)
        classify_acceptance(doc)
        lexicon.append(doc.kind if doc.kind in PLAN_KINDS else doc.acceptance_types[0] if doc.acceptance_types else "other")
    assert scored[1.01].predicted["combined"] == lexicon
    assert scored[0.3].predicted["combined"] != lexicon


def test_cover_lines_count_cover_repeat_times():
    terms = document_terms(["审计报告"], ["审计结论"], "")
    assert terms.count("c:审计") == COVER_REPEAT and terms.count("g:审计") == 1


def test_screening_reads_as_much_of_an_opening_as_training_gives_and_no_more():
    longest = max(len(r.body) for r in section_examples())
    assert longest <= SECTION_BODY_CHARS < longest + 20  # raise the cut with the training openings
    opening = "本章说明项目的数据共享需求。" * 20
    cut = section_terms("数据共享", "", opening[:SECTION_BODY_CHARS] + "防火墙入侵防御")
    assert cut == section_terms("数据共享", "", opening)


def test_confident_lexicon_hit_stands_as_rule():
    decision = decide_heading("数据共享与交换设计", "", None)
    assert (decision.chapter_type, decision.method) == ("data_sharing", "rule")


@pytest.mark.parametrize(("title", "body", "parent"), [("劳动安全卫生", "施工人员须佩戴安全帽。", ""), ("用户登录密码管理", "用户可以修改登录密码。", "功能设计")])
def test_near_misses_name_no_chapter(title, body, parent):
    assert decide_heading(title, body, parent).chapter_type is None


def test_lexicon_veto_of_a_principle_stands_against_the_model():
    decision = decide_heading("安全可靠、自主可控", "坚持安全可靠、自主可控的原则。", "设计原则")
    assert (decision.chapter_type, decision.method) == (None, "rule")


def _document(lines: list[tuple[str, int | None]]) -> Document:
    blocks = [Block(i, BlockKind.PARAGRAPH, text, page=1, style_level=level) for i, (text, level) in enumerate(lines)]
    doc = Document(name="附件5.docx", format="docx", blocks=blocks, pages=1)
    build_outline(doc)
    detect_kind(doc)
    classify_acceptance(doc)
    return doc


def test_model_types_an_acceptance_file_whose_cover_the_lexicon_does_not_know():
    doc = _document(
        [
            ("智慧城管平台项目", None),
            ("网络安全渗透测试与评估报告", None),
            ("第一章 被测系统概述", 1),
            ("本次测评依据GB/T 22239-2019开展，发现中危漏洞3个。", None),
            ("第二章 测评结论", 1),
        ]
    )
    assert doc.kind == "unknown" and not doc.acceptance_types
    decide_document_type(doc)
    assert (doc.kind, doc.kind_method, doc.acceptance_types) == ("acceptance_report", "model", ["security_assessment"])


def test_model_leaves_a_document_of_no_listed_type_unknown():
    doc = _document([("智慧城管平台项目", None), ("会议纪要", None), ("第一章 会议议题", 1), ("会议研究了项目推进中的问题。", None)])
    decide_document_type(doc)
    assert doc.kind == "unknown" and doc.acceptance_types == []


def test_report_carries_methods_confidences_and_model_versions(tmp_path):
    path = tmp_path / "营口市智慧城管平台可行性研究报告.docx"
    document = docx.Document()
    document.add_paragraph("营口市智慧城管平台可行性研究报告")
    for n, title in enumerate(["项目概况", "数据资源共享分析", "政务数据归集与共享", "数据供给与需求对接"], start=1):
        document.add_heading(f"第{n}章 {title}", level=1)
        document.add_paragraph("本项目需要公安、民政等部门提供人口和救助对象数据，按日汇聚至市大数据中心。")
    document.save(path)
    assert main(["screen", str(path), "--out", str(tmp_path / "out")]) == 0
    report = json.loads(next((tmp_path / "out").rglob("*.json")).read_text("utf-8"))
    outline = {e["title"]: e for e in report["outline"]}
    assert outline["数据资源共享分析"]["method"] == "rule"
    assert outline["政务数据归集与共享"]["method"] == "model"
    assert all(e["low_confidence"] == (e["confidence"] < 0.6) for e in report["outline"])
    sharing = report["chapters"]["data_sharing"]
    assert sharing["method"] == "rule" and sharing["confidence"] >= 0.6 and sharing["low_confidence"] is False
    shipped = {n: json.loads((resources.files("docscreen.extractors") / "data" / f).read_text("utf-8"))["version"] for n, f in MODEL_FILES.items()}
    assert report["screening"]["models"] == shipped
    assert report["document"]["kind_method"] == "rule"


def test_screening_does_not_import_scikit_learn(tmp_path):
    code = (
        "import sys\nfrom docscreen.extractors.pipeline import extract\n"
        f"extract(open({str(ROOT / 'samples/营口市/营口市智慧应急指挥平台项目建议书.docx')!r}, 'rb').read(), 'x.docx')\n"
        "print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
