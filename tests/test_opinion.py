"""`docscreen opinion` on reports of real samples: the DOCX draft holds what the reviewer must file."""

import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from docscreen.flows.cli import main
from docscreen.models.vocabulary import FINDING_CODES
from docscreen.reports.corrections import correction, templates
from docscreen.reports.unit_findings import all_findings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

PLAN_WITH_ERRORS = SAMPLES / "营口市" / "营口市公共数据开放平台初步设计方案及投资概算.docx"
PLAN_MANY = SAMPLES / "武陟县" / "武陟县智慧城管平台可行性研究报告.docx"
PLAN_PDF = SAMPLES / "山东省" / "山东省水利工程运行管理平台可行性研究报告.pdf"
WARNINGS_ONLY = SAMPLES / "新干县" / "新干县政务服务一体化平台初步设计方案.docx"
CLEAN = SAMPLES / "营口市" / "营口市一网统管平台可行性研究报告.docx"
PACKAGE_MISSING = SAMPLES / "验收材料" / "新干县智慧党建平台竣工验收材料.zip"
PACKAGE_OVER_LIMIT = SAMPLES / "验收材料" / "营口市公共数据开放平台竣工验收材料"
UNREADABLE = SAMPLES / "broken" / "截断.pdf"
INPUTS = [PLAN_WITH_ERRORS, PLAN_MANY, PLAN_PDF, WARNINGS_ONLY, CLEAN, PACKAGE_MISSING, PACKAGE_OVER_LIMIT, UNREADABLE]


@pytest.fixture(scope="module")
def opinions(tmp_path_factory) -> dict[Path, tuple[dict, docx.document.Document]]:
    """Each input's report and the opinion `docscreen opinion` wrote for it."""
    reports_dir = tmp_path_factory.mktemp("reports")
    assert main(["screen", *map(str, INPUTS), "--out", str(reports_dir)]) == 1  # 截断.pdf is unreadable
    out = tmp_path_factory.mktemp("opinions")
    jsons = [reports_dir / f"{p.name}.json" for p in INPUTS]
    assert main(["opinion", *map(str, jsons), "--out", str(out)]) == 0
    return {
        p: (json.loads(j.read_text(encoding="utf-8")), docx.Document(str(out / f"{p.name}.审查意见.docx")))
        for p, j in zip(INPUTS, jsons, strict=True)
    }


def full_text(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def expected_verdict(report: dict) -> str:
    severities = {f["severity"] for f in all_findings(report)}
    return "退回修改" if "error" in severities else "补充完善后可继续审查" if "warning" in severities else "原则同意"


def section(document, start: str, end: str | None) -> str:
    """The text of the paragraphs between two level-1 headings."""
    texts = [p.text for p in document.paragraphs]
    first = texts.index(start)
    last = texts.index(end) if end else len(texts)
    return "\n".join(texts[first + 1 : last])


def test_every_error_is_in_the_opinion_with_its_evidence_and_article(opinions):
    errors_seen = 0
    for path, (report, document) in opinions.items():
        text = " ".join(full_text(document).split())
        for f in all_findings(report):
            if f["severity"] != "error":
                continue
            errors_seen += 1
            assert f["message"] in text, (path.name, f["message"])
            for e in f["evidence"][:3]:
                if e["page"]:
                    assert f"（第{e['page']}页）：“{' '.join(e['text'].split())[:40]}" in text, (path.name, e)
            if f["citation"] and f["citation"]["article"]:
                assert f"《{f['citation']['regulation']}》" in text
                assert f["citation"]["article"] in text
    assert errors_seen >= 10


def test_the_plan_opinion_reads_like_one(opinions):
    report, document = opinions[PLAN_WITH_ERRORS]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、项目基本情况", "二、收到材料", "三、审查发现的问题", "四、修改要求", "五、审查结论"]
    assert document.paragraphs[0].text == "关于《营口市公共数据开放平台初步设计方案及投资概算》的审查意见（初稿）"
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["项目总投资"] == "611.79万元"
    assert facts["页数"] == "32页（按分页符估算）"
    assert facts["SHA-256"] == report["document"]["sha256"]
    assert "《营口市政务信息化项目管理办法》（营政办发〔2022〕22号）" in facts["审查依据"]

    problems = section(document, "三、审查发现的问题", "四、修改要求")
    assert "须修改的问题2项、需进一步核实的事项1项" in problems
    warning = next(f for f in report["findings"] if f["severity"] == "warning")
    assert problems.index("需进一步核实的事项\n") < problems.index(warning["message"])
    # the national baseline's article is not on file: the opinion names the local articles instead
    assert "该办法条文未收录，各地对应条款：新干 第八条" in problems
    # an article quoted once is not quoted again
    assert problems.count("项目建设单位应当按市大数据管理局要求编制可行性研究报告") == 1


def test_every_issue_has_its_correction(opinions):
    for path, (report, document) in opinions.items():
        issues = [f for f in all_findings(report) if f["severity"] in ("error", "warning")]
        if not issues or any(f["code"] == "unreadable" and f["severity"] == "error" for f in report["findings"]):
            continue
        table = document.tables[-1]
        assert [c.text for c in table.rows[0].cells] == ["序号", "问题", "修改要求"]
        rows = table.rows[1:]
        assert [r.cells[0].text for r in rows] == [str(n) for n in range(1, len(issues) + 1)], path.name
        assert all(r.cells[2].text and "{" not in r.cells[2].text for r in rows)
    _, document = opinions[PLAN_WITH_ERRORS]
    requests = [r.cells[2].text for r in document.tables[-1].rows[1:]]
    assert "按照《营口市政务信息化项目管理办法》第十二条（三）的规定，补充编制“软硬件产品安全可靠（可控）情况说明”章节" in requests[1]
    assert requests[2].startswith("充实“第十一章 密码应用与安全性评估”的内容")


def test_the_conclusion_follows_the_findings(opinions):
    verdicts = {}
    for path, (report, document) in opinions.items():
        conclusion = next(p.text for p in document.paragraphs if p.text.startswith("审查结论："))
        verdicts[path] = expected_verdict(report)
        assert conclusion.startswith(f"审查结论：{verdicts[path]}。"), path.name
        assert "审查人：" in full_text(document) and "日期：" in full_text(document)
    assert verdicts[CLEAN] == "原则同意"
    assert verdicts[WARNINGS_ONLY] == "补充完善后可继续审查"
    assert verdicts[PLAN_WITH_ERRORS] == verdicts[PACKAGE_MISSING] == verdicts[UNREADABLE] == "退回修改"


def test_a_clean_control_gets_no_requests(opinions):
    _, document = opinions[CLEAN]
    assert section(document, "四、修改要求", "五、审查结论") == "无。"
    assert "未发现不符合《营口市政务信息化项目管理办法》（营政办发〔2022〕22号）规定的问题" in full_text(document)


def test_a_package_lists_its_files_and_what_is_missing(opinions):
    report, document = opinions[PACKAGE_MISSING]
    assert document.paragraphs[0].text == "关于《新干县智慧党建平台竣工验收材料》的审查意见（初稿）"
    files = document.tables[1]
    listed = [row.cells[1].text for row in files.rows[1:]]
    assert len(listed) == report["document"]["files"] == 7
    assert "3.财务报告.pdf" in listed and "目录.txt" in listed
    checklist = {row.cells[1].text: row.cells[2].text for row in document.tables[2].rows[1:]}
    assert checklist == {a["label"]: "已提交" if a["present"] else "未提交" for a in report["attachments"].values()}
    assert checklist["审计报告"] == checklist["密码应用安全性评估报告"] == "未提交"
    text = full_text(document)
    assert "经核对，缺少审计报告、密码应用安全性评估报告，共2项。" in text
    assert "对照《新干县政务信息化项目建设管理办法》第十六条规定的验收材料核对如下" in text
    requests = [r.cells[2].text for r in document.tables[-1].rows[1:]]
    assert requests == [
        "补充提交《审计报告》，按照《新干县政务信息化项目建设管理办法》第十六条的规定随验收申请材料一并报送。",
        "补充提交《密码应用安全性评估报告》，按照《新干县政务信息化项目建设管理办法》第十六条的规定随验收申请材料一并报送。",
    ]


def test_an_unreadable_file_gets_a_resubmission_request(opinions):
    report, document = opinions[UNREADABLE]
    text = full_text(document)
    assert f"经核验，报送的文件无法读取：{report['findings'][0]['message']}未能对其内容进行审查。" in text
    assert section(document, "四、修改要求", "五、审查结论").startswith("请重新报送能够正常打开、内容完整的文件")


def test_the_draft_is_a4_in_the_office_fonts(opinions):
    _, document = opinions[PLAN_MANY]
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    faces = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs}
    assert faces == {"仿宋", "黑体", "楷体"}
    assert all(r.font.name == r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs)
    assert document.paragraphs[0].runs[0].font.name == "黑体"


def test_every_finding_code_has_a_correction():
    assert set(templates()) == set(FINDING_CODES)
    citation = {"regulation": "营口市政务信息化项目管理办法", "document_no": None, "article": "第十二条", "text": None}
    for code in FINDING_CODES:
        for chapter_type, cited in (("crypto_plan", citation), ("audit_report", citation), (None, None)):
            finding = {"code": code, "chapter_type": chapter_type, "citation": cited}
            text = correction(finding, {"crypto_plan": {"title": "第九章\u3000密码应用"}})
            assert text and "{" not in text and "}" not in text, code
            # one line per template: a folded YAML line would have put a space between two Chinese words
            assert " " not in text.replace("GB/T 39786", "").replace("信息安全技术 信息", ""), code


def test_opinion_next_to_the_report_and_exit_codes(tmp_path, capsys):
    assert main(["screen", str(CLEAN), "--out", str(tmp_path)]) == 0
    report = tmp_path / f"{CLEAN.name}.json"
    assert main(["opinion", str(report)]) == 0
    written = tmp_path / f"{CLEAN.name}.审查意见.docx"
    assert "原则同意" in full_text(docx.Document(str(written)))
    assert str(written) in capsys.readouterr().out

    assert main(["opinion", str(tmp_path / "没有这个报告.json")]) == 2
    assert "找不到报告" in capsys.readouterr().err
    assert main(["opinion", str(tmp_path / "summary.csv")]) == 2
    assert "不是 JSON 文件" in capsys.readouterr().err
    other = tmp_path / "其他.json"
    other.write_text(json.dumps({"name": "不是报告"}), encoding="utf-8")
    assert main(["opinion", str(report), str(other), "--out", str(tmp_path / "意见")]) == 2
    assert "不是 docscreen 审查报告" in capsys.readouterr().err
    assert not (tmp_path / "意见").exists()  # nothing is written when one input is wrong
