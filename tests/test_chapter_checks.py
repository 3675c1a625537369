"""The chapter checks on hand-built documents: what the outline stage hands them, nothing more."""

from docscreen.checkers.jurisdiction import detect_jurisdiction
from docscreen.checkers.rulebook import load_rulebook
from docscreen.checkers.screen import chapters_summary, screen
from docscreen.models import Block, BlockKind, Document, ReadError, Section

PROSE = (
    "本项目依托市级政务云平台部署，通过市数据共享交换平台与公安、民政、人社等部门实现数据共享，"
    "共享方式包括数据接口、联机查询和批量下载，更新频率为每日增量同步，共享数据目录按季度维护更新。"
    "项目建成后形成的人口、法人、证照等信息资源全部纳入市政务信息资源目录管理，"
    "明确数据来源、格式、更新周期、共享属性和开放属性，由项目单位指定专人负责目录的日常维护。"
    "数据资源共享清单随目录同步更新，共享流程为使用部门申请、提供部门审核后授权调用。"
    "系统采用SM2、SM3、SM4国密算法，按照GB/T 39786第三级要求设计，建成后开展商用密码应用安全性评估。"
)


def make_doc(chapters: list[tuple[str, str | None, str]], kind: str = "feasibility_report", cover: str = "") -> Document:
    """chapters: (heading, chapter_type, body) triples, each one level-1 section."""
    blocks: list[Block] = []
    if cover:
        blocks.append(Block(index=0, kind=BlockKind.PARAGRAPH, text=cover, page=1))
    outline: list[Section] = []
    for n, (heading, ctype, body) in enumerate(chapters, start=1):
        first = len(blocks)
        blocks.append(Block(index=first, kind=BlockKind.PARAGRAPH, text=heading, page=n + 1))
        if body:
            blocks.append(Block(index=first + 1, kind=BlockKind.PARAGRAPH, text=body, page=n + 1))
        outline.append(Section(number=f"第{n}章", title=heading, level=1, page=n + 1, page_end=n + 1,
                               first_block=first, end_block=len(blocks), body_end_block=len(blocks),
                               text=body, chapter_type=ctype, confidence=0.9))
    return Document(name="t.docx", format="docx", blocks=blocks, outline=outline, kind=kind)


YINGKOU_ALL = [
    ("数据资源共享分析", "data_sharing", PROSE),
    ("信息资源目录", "resource_catalogue", PROSE),
    ("软硬件产品安全可靠情况说明", "secure_products", PROSE),
    ("安全保障体系", "security", PROSE),
    ("密码应用方案", "crypto_plan", PROSE),
]


def codes(findings):
    return sorted((f.code, f.chapter_type) for f in findings)


def test_a_complete_document_has_no_chapter_findings():
    doc = make_doc(YINGKOU_ALL)
    assert screen(doc, load_rulebook("yingkou")) == []
    summary = chapters_summary(doc, load_rulebook("yingkou"))
    assert all(s.present and s.substantive for s in summary.values())
    assert summary["crypto_plan"].pages == (6, 6)


def test_missing_chapter_cites_its_article():
    doc = make_doc([c for c in YINGKOU_ALL if c[1] != "crypto_plan"])
    findings = screen(doc, load_rulebook("yingkou"))
    assert codes(findings) == [("missing_chapter", "crypto_plan")]
    f = findings[0]
    assert f.severity.value == "error"
    assert f.citation.article == "第十二条（三）"
    assert "密码应用方案" in f.citation.text
    assert "密码应用方案" in f.message


def test_a_chapter_only_guessed_by_the_model_is_reported_missing_with_the_guess_named():
    doc = make_doc([c for c in YINGKOU_ALL if c[1] != "crypto_plan"] + [("网络与密钥部署", "crypto_plan", PROSE)])
    guess = doc.outline[-1]
    guess.method, guess.confidence = "model", 0.55
    findings = screen(doc, load_rulebook("yingkou"))
    assert codes(findings) == [("missing_chapter", "crypto_plan")]
    assert findings[0].message.endswith("「第5章 网络与密钥部署」（置信度0.55）或为该章节，请人工核实。")
    assert [(e.page, e.text) for e in findings[0].evidence] == [(6, "第5章 网络与密钥部署")]
    guess.confidence = 0.6  # a sure model decision counts
    assert screen(doc, load_rulebook("yingkou")) == []


def test_thin_chapters_bare_heading_one_sentence_and_see_attachment():
    doc = make_doc([
        ("数据资源共享分析", "data_sharing", ""),
        ("信息资源目录", "resource_catalogue", "详见附件3《信息资源目录》。"),
        ("软硬件产品安全可靠情况说明", "secure_products", "本项目采用安全可靠的软硬件产品。"),
        ("安全保障体系", "security", PROSE),
        ("密码应用方案", "crypto_plan", PROSE),
    ])
    findings = screen(doc, load_rulebook("yingkou"))
    assert codes(findings) == [
        ("thin_chapter", "data_sharing"), ("thin_chapter", "resource_catalogue"), ("thin_chapter", "secure_products")
    ]
    assert all(f.severity.value == "warning" and f.evidence[0].page for f in findings)


def test_rules_apply_only_to_their_kinds():
    proposal = make_doc([("项目概况", None, PROSE)], kind="proposal")
    assert screen(proposal, load_rulebook("yingkou")) == []
    assert [c for c, _ in codes(screen(proposal, load_rulebook("jingle")))] == ["missing_chapter"]


def test_incomplete_document_is_not_reported_as_missing_everything():
    doc = make_doc([("项目概况", None, PROSE)])
    doc.complete, doc.incomplete_reason = False, "正文在第一章后中断"
    findings = screen(doc, load_rulebook("yingkou"))
    assert codes(findings) == [("incomplete_document", None)]
    assert "无法判断" in findings[0].message and "密码应用方案" in findings[0].message


def test_unreadable_document_gets_one_finding_saying_why():
    doc = Document(name="x.pdf", format="pdf", errors=[ReadError("encrypted", "文件已加密，无法读取。")])
    findings = screen(doc, load_rulebook(None))
    assert codes(findings) == [("unreadable", None)]
    assert findings[0].message == "文件已加密，无法读取。"


def test_jurisdiction_from_the_cover_outweighs_citations_in_the_body():
    body = "参照《山东省政务信息系统项目管理办法》和山东省的经验，" * 3 + PROSE
    doc = make_doc([("建设背景", None, body)], cover="建设单位：营口市大数据管理局")
    assert detect_jurisdiction(doc).id == "yingkou"


def test_no_place_names_means_no_jurisdiction():
    doc = make_doc([("建设背景", None, PROSE)], cover="建设单位：某某局")
    guess = detect_jurisdiction(doc)
    assert guess.id is None and guess.confidence == 0.0


def test_a_chapter_speaks_for_its_own_subsections_of_the_same_type():
    doc = make_doc([("信息安全设计", "security", PROSE)])
    first = len(doc.blocks)
    doc.blocks.append(Block(index=first, kind=BlockKind.PARAGRAPH, text="8.1 等级保护定级", page=2))
    doc.blocks.append(Block(index=first + 1, kind=BlockKind.PARAGRAPH, text="系统按第三级防护。", page=2))
    doc.outline[0].end_block = len(doc.blocks)
    doc.outline.append(Section(number="8.1", title="等级保护定级", level=2, page=2, page_end=2,
                               first_block=first, end_block=len(doc.blocks), body_end_block=len(doc.blocks),
                               chapter_type="security", confidence=0.95, parent=0))
    status = chapters_summary(doc, load_rulebook("shandong"))["security"]
    assert status.title == "第1章 信息安全设计"
    assert status.substantive
