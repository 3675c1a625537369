"""The checks that read what a mandated chapter says: foreign key products, the crypto plan, the
catalogue's attributes, the sharing analysis's elements, and chapters required only of projects
that use a mode (only_if_mentions). Hand-built documents for the cases, a real DOCX per check."""

from dataclasses import replace

import pytest

from docscreen.checkers.chapter_checks import check_chapter_required, uses_mode
from docscreen.checkers.content_checks import (
    check_catalogue_fields,
    check_crypto_compliance,
    check_secure_products,
    check_sharing_elements,
)
from docscreen.checkers.rulebook import load_rulebook
from docscreen.checkers.screen import chapters_summary, screen
from docscreen.extractors.crypto_facts import crypto_facts
from docscreen.models.vocabulary import FINDING_CODES
from tests._content_docs import make_doc, make_docx, rule

CONTENT_CODES = {"foreign_product", "crypto_noncompliant", "catalogue_fields_missing", "sharing_content_missing"}
FILLER = ("本章依据国家和地方有关规定编制，相关内容与项目建设内容、投资估算和实施进度安排保持一致，由项目建设单位负责组织落实。"
          "项目建设单位将在项目实施过程中根据业务发展和上级要求对本章内容进行动态完善，并在初步设计阶段进一步细化。")


def content_codes(doc, jurisdiction):
    return sorted((f.code, f.chapter_type) for f in screen(doc, load_rulebook(jurisdiction)) if f.code in CONTENT_CODES)


def test_the_new_code_has_a_label():
    assert FINDING_CODES["sharing_content_missing"] == "数据共享分析要素不全"


# ---- secure_products → foreign_product

PRODUCTS = "软硬件产品安全可靠情况说明"


def test_foreign_key_products_give_one_finding_naming_each_with_evidence_per_mention():
    doc = make_doc([
        (PRODUCTS, "secure_products", [
            FILLER, "服务器操作系统采用Windows Server 2019，数据库采用Oracle 19c企业版。", "数据分析库选用MySQL 8.0。",
        ]),
        ("建设内容", None, ["表3-1 主要设备清单", [["设备名称", "品牌型号", "数量"], ["核心交换机", "Cisco Catalyst 9500", "2台"]]]),
    ])
    findings = check_secure_products(doc, rule("jingle.content.products"))
    assert len(findings) == 1
    f = findings[0]
    assert f.code == "foreign_product" and f.severity.value == "error" and f.chapter_type == "secure_products"
    assert f.citation.article == "第二十四条" and "自主可控" in f.citation.text
    for name in ("Windows Server（操作系统）", "Oracle Database（数据库）", "MySQL（数据库，境外开源）", "Cisco（网络设备）"):
        assert name in f.message
    # one evidence per mentioning sentence or table row
    assert [(e.page, e.text[:10]) for e in f.evidence] == [
        (2, "服务器操作系统采用W"), (2, "数据分析库选用MyS"), (3, "核心交换机 | Ci")]


def test_replaced_refused_compatible_existing_and_client_products_are_not_flagged():
    doc = make_doc([(PRODUCTS, "secure_products", [
        FILLER,
        "本项目将原有Oracle数据库迁移至达梦数据库，采用人大金仓替代原SQL Server数据库。",
        "对WebLogic中间件进行国产化替代，改用东方通TongWeb。",
        "不采用Cisco、Juniper等境外品牌网络设备，核心网络设备采用华为、新华三产品。",
        "应用系统兼容Windows客户端，支持Windows 10/11、银河麒麟等终端操作系统。",
        "现有系统运行在Windows Server 2008上，本期全部迁移至麒麟操作系统。",
    ])])
    assert check_secure_products(doc, rule("jingle.content.products")) == []


def test_domestic_products_and_no_products_give_nothing():
    domestic = make_doc([(PRODUCTS, "secure_products", [FILLER, "服务器采用鲲鹏920处理器，操作系统采用统信UOS，数据库采用达梦DM8。"])])
    assert check_secure_products(domestic, rule("national.content.products")) == []
    assert check_secure_products(make_doc([("项目概况", None, [FILLER])]), rule("national.content.products")) == []


def test_products_end_to_end_from_a_docx():
    doc = make_docx("营口市城市运行管理平台项目可行性研究报告", [
        ("项目概况", [FILLER * 2]),
        (PRODUCTS, [FILLER, "本项目数据库采用Oracle Database 19c，应用服务器采用鲲鹏服务器。",
                    [["产品类别", "产品名称及型号", "生产厂商"], ["中间件", "东方通TongWeb V7.0", "北京东方通科技股份有限公司"],
                     ["安全设备", "FortiGate 600E防火墙", "Fortinet"]]]),
    ], cover="建设单位：营口市大数据管理局")
    assert doc.kind == "feasibility_report"
    (f,) = [f for f in screen(doc, load_rulebook("yingkou")) if f.code == "foreign_product"]
    assert "Oracle Database（数据库）" in f.message and "Fortinet（安全设备/软件）" in f.message
    assert f.rule_id == "national.content.products" and f.severity.value == "warning"
    assert any("FortiGate" in e.text for e in f.evidence)


# ---- crypto_compliance → crypto_noncompliant

CRYPTO = "密码应用方案"
GOOD_CRYPTO = [
    "依据《信息安全技术 信息系统密码应用基本要求》（GB/T 39786-2021），本项目按照第三级密码应用要求进行设计。",
    "网络和通信层面采用SM2算法实现身份鉴别，采用SM4算法保证传输数据机密性，采用SM3算法的HMAC保证完整性。",
    "系统建设完成后委托具有资质的机构开展商用密码应用安全性评估。",
]


def crypto_messages(chapters, rule_id="shandong.content.crypto"):
    return [f.message for f in check_crypto_compliance(make_doc(chapters), rule(rule_id))]


def test_a_compliant_crypto_plan_gives_nothing():
    assert crypto_messages([(CRYPTO, "crypto_plan", GOOD_CRYPTO)]) == []


def test_a_plan_on_foreign_algorithms_without_standard_level_or_assessment_lists_each_lack():
    (message,) = crypto_messages([(CRYPTO, "crypto_plan", [
        FILLER, "用户身份鉴别采用RSA数字证书，重要数据采用AES-256加密存储。",
    ])])
    assert message.startswith("「1 密码应用方案」未采用国密算法（SM2、SM3、SM4等），仅采用RSA、AES等国外算法")
    for lack in ("GB/T 39786", "未明确密码应用等级", "密评"):
        assert lack in message
    assert "山东省" in message and "第三十一条" in message


def test_weak_algorithms_in_use_are_named_with_their_sentence():
    doc = make_doc([(CRYPTO, "crypto_plan", GOOD_CRYPTO + ["用户口令采用MD5摘要后存储，接口签名沿用SHA-1。"])])
    (f,) = check_crypto_compliance(doc, rule("yingkou.content.crypto"))
    assert "采用MD5、SHA-1等不安全的密码算法" in f.message and "国密" not in f.message
    assert f.evidence[0].page == 2 and "MD5" in f.evidence[0].text
    assert f.citation.article == "第十三条"


def test_algorithms_replaced_forbidden_or_beside_their_guomi_counterpart_are_fine():
    assert crypto_messages([(CRYPTO, "crypto_plan", GOOD_CRYPTO + [
        "将原系统的MD5口令摘要替换为SM3，不得使用MD5、SHA-1、DES、RC4等不安全算法。",
        "原有系统采用3DES加密，本期改造为SM4。",
        "签名证书同时支持RSA和SM2双证书体系，数字签名采用RSA与SM2双算法。",
    ])]) == []


def test_the_standard_and_a_planned_assessment_may_stand_elsewhere_but_the_level_is_the_plans_own():
    doc = make_doc([
        ("编制依据", None, ["6.《信息安全技术 信息系统密码应用基本要求》（GB/T 39786-2021）；"]),
        ("安全保障体系", "security", ["根据定级指南，平台拟定级为第三级，将在上线前完成定级备案。"]),
        (CRYPTO, "crypto_plan", [FILLER, GOOD_CRYPTO[1]]),
        ("实施进度", None, ["试运行阶段完成等保测评、密评和初步验收。"]),
    ])
    facts = crypto_facts(doc)
    assert facts.standard.page == 2 and facts.assessment.page == 5 and facts.level is None
    (f,) = check_crypto_compliance(doc, rule("national.content.crypto"))
    assert "「3 密码应用方案」未明确密码应用等级（如第三级），" in f.message
    assert "GB/T" not in f.message and "密评" not in f.message and "国密" not in f.message
    doc.blocks[doc.outline[2].first_block + 1].text += "系统按照等保三级要求进行密码应用设计。"
    assert check_crypto_compliance(doc, rule("national.content.crypto")) == []


def test_a_regulation_title_or_a_refusal_is_no_assessment_plan():
    (message,) = crypto_messages([
        ("编制依据", None, ["《商用密码应用安全性评估管理办法》"]),
        (CRYPTO, "crypto_plan", GOOD_CRYPTO[:2] + ["本项目暂不开展密评。", FILLER]),
    ])
    assert message.endswith("未安排商用密码应用安全性评估（密评），不符合山东省政务信息系统项目管理办法第三十一条的密码应用要求。")


def test_an_absent_or_thin_crypto_chapter_is_left_to_the_chapter_checks():
    assert crypto_messages([("项目概况", None, [FILLER])]) == []
    assert crypto_messages([(CRYPTO, "crypto_plan", ["按国家要求做好密码应用。"])]) == []


def test_crypto_end_to_end_from_a_docx():
    doc = make_docx("山东省社会保障卡服务平台项目可行性研究报告", [
        ("项目概况", [FILLER * 2]),
        (CRYPTO, [FILLER, "系统采用RSA-2048算法实现身份鉴别，传输数据采用3DES加密，口令以MD5摘要存储。",
                  "系统建设完成后开展密码应用安全性评估，按照第三级要求整改。"]),
    ], cover="建设单位：山东省大数据局")
    (f,) = [f for f in screen(doc, load_rulebook("shandong")) if f.code == "crypto_noncompliant"]
    assert "未采用国密算法" in f.message and "3DES、MD5" in f.message and "GB/T 39786" in f.message
    assert "等级" not in f.message and "密评" not in f.message
    assert f.rule_id == "shandong.content.crypto" and f.chapter_type == "crypto_plan"


# ---- catalogue_fields → catalogue_fields_missing

CATALOGUE = "信息资源目录"
HEADER = ["序号", "信息资源名称", "提供方", "格式", "更新周期", "共享属性", "开放属性"]
ROWS = [
    ["1", "人口基础信息", "县公安局", "接口", "实时", "有条件共享", "不予开放"],
    ["2", "法人基础信息", "县市场监督管理局", "接口", "每日", "无条件共享", "有条件开放"],
]


def catalogue(table, prose=(FILLER,), rule_id="national.content.catalogue"):
    doc = make_doc([(CATALOGUE, "resource_catalogue", [*prose, table] if table else list(prose))])
    return check_catalogue_fields(doc, rule(rule_id))


def test_a_full_catalogue_table_gives_nothing():
    assert catalogue([HEADER, *ROWS]) == []


def test_a_share_column_of_blanks_is_missing_and_so_is_an_absent_open_column():
    table = [HEADER[:6], *[row[:5] + [""] for row in ROWS]]
    (f,) = catalogue(table, prose=(FILLER, "目录明确了数据来源、格式、更新周期、共享属性和开放属性。"))
    assert f.code == "catalogue_fields_missing" and f.severity.value == "warning"
    assert f.message.startswith("信息资源目录未列明共享属性（有列无内容）、开放属性（")
    assert f.evidence[0].text.startswith("序号 | 信息资源名称 | 提供方")


def test_a_column_is_known_by_its_values_and_a_sentence_may_state_a_value_for_every_resource():
    table = [["序号", "资源名称", "提供部门", "格式", "属性"],
             ["1", "人口基础信息", "县公安局", "接口", "有条件共享/不予开放"]]
    assert catalogue(table, prose=(FILLER, "上述信息资源更新周期均为每日。")) == []
    (f,) = catalogue(table)
    assert "更新周期" in f.message and "共享属性" not in f.message


def test_prose_speaks_for_a_catalogue_without_a_table():
    assert catalogue(None, prose=(FILLER, "目录逐项明确数据来源、资源格式、更新周期、共享属性和开放属性。")) == []
    (f,) = catalogue(None, prose=(FILLER, "目录逐项明确提供部门、资源格式和更新频率，按有条件共享和无条件共享分类。"))
    assert f.message.startswith("信息资源目录未列明开放属性（")


def test_a_rule_asks_only_for_its_fields_and_a_thin_chapter_is_skipped():
    table = [HEADER[:2] + ["共享属性"], ["1", "人口基础信息", "有条件共享"]]
    assert catalogue(table, rule_id="wuzhi.content.catalogue") == []
    assert [f.message[:12] for f in catalogue(table)] == ["信息资源目录未列明数据来"]
    assert catalogue(None, prose=("详见附件3《信息资源目录》。",)) == []


def test_a_rulebook_naming_an_unknown_attribute_fails_loudly():
    bad = replace(rule("national.content.catalogue"), params={"fields": ["source", "licence"]})
    with pytest.raises(ValueError, match="licence"):
        check_catalogue_fields(make_doc([(CATALOGUE, "resource_catalogue", [FILLER, [HEADER, *ROWS]])]), bad)


def test_catalogue_end_to_end_from_a_docx():
    doc = make_docx("静乐县智慧旅游平台可行性研究报告", [
        ("项目概况", [FILLER * 2]),
        (CATALOGUE, [FILLER, "本项目共梳理信息资源2类，具体清单见下表。",
                     [["序号", "信息资源名称", "提供方", "格式", "更新周期", "共享属性"],
                      ["1", "景区基本信息", "县文化和旅游局", "数据库", "每月", ""],
                      ["2", "游客流量信息", "县文化和旅游局", "接口", "实时", ""]]]),
    ], cover="建设单位：静乐县文化和旅游局")
    (f,) = [f for f in screen(doc, load_rulebook("jingle")) if f.code == "catalogue_fields_missing"]
    assert "共享属性（有列无内容）、开放属性" in f.message and f.rule_id == "jingle.content.catalogue"


# ---- sharing_elements → sharing_content_missing

SHARING = "数据资源共享分析"
FULL_SHARING = [
    "项目需调用的数据均纳入市政务信息资源目录，形成数据资源共享清单。",
    "数据共享流程为：使用部门提出申请，提供部门审核同意后授权调用。",
    "共享方式以接口调用为主，常规查询类接口实时调用，统计类数据按日批量同步。",
]


def sharing(chapters):
    return check_sharing_elements(make_doc(chapters), rule("yingkou.content.sharing"))


def test_a_sharing_chapter_stating_every_element_gives_nothing():
    assert sharing([(SHARING, "data_sharing", FULL_SHARING)]) == []


def test_missing_elements_are_named():
    (f,) = sharing([(SHARING, "data_sharing", [FILLER, FULL_SHARING[0], "项目通过市数据共享交换平台获取人口、法人等数据，暂无接口规范。"])])
    assert f.code == "sharing_content_missing" and f.chapter_type == "data_sharing"
    assert f.message == "「1 数据资源共享分析」未明确共享流程、共享接口、共享（更新）频率（营口市政务信息化项目管理办法第十二条（一））。"


def test_catalogue_and_list_may_stand_in_a_catalogue_chapter_beside_it():
    chapters = [
        (SHARING, "data_sharing", [FILLER, *FULL_SHARING[1:], "项目暂无共享清单。"]),
        (CATALOGUE, "resource_catalogue", [FILLER, [HEADER, *ROWS]]),
    ]
    assert sharing(chapters) == []
    (f,) = sharing(chapters[:1])
    assert "未明确信息资源目录、数据资源共享清单（" in f.message


def test_sub_sections_and_their_headings_count():
    assert sharing([(SHARING, "data_sharing", [
        FILLER, ("共享需求与资源目录", None, ["需共享数据列入共享清单。"]), ("共享方式与流程", None, ["通过接口实时获取。"]),
    ])]) == []


def test_a_thin_sharing_chapter_is_left_to_the_chapter_checks():
    assert sharing([(SHARING, "data_sharing", ["按有关规定共享。"])]) == []


def test_sharing_end_to_end_from_a_docx():
    doc = make_docx("营口市智慧停车平台可行性研究报告", [
        ("项目概况", [FILLER * 2]),
        (SHARING, [FILLER, "本项目需从市公安局获取车辆登记数据，通过市数据共享交换平台以接口方式获取。"]),
    ], cover="建设单位：营口市大数据管理局")
    (f,) = [f for f in screen(doc, load_rulebook("yingkou")) if f.code == "sharing_content_missing"]
    assert "信息资源目录、数据资源共享清单、共享流程、共享（更新）频率" in f.message
    assert "共享接口" not in f.message


# ---- only_if_mentions (营口 第十二条（二）)

PURCHASE_RULE = "yingkou.chapter.purchase_vs_build"


@pytest.mark.parametrize("text, uses", [
    ("本项目采用政府购买服务方式建设，由服务商负责建设和运维。", True),
    ("是否涉及政府购买服务：是。", True),
    ("本项目不涉及政府购买服务。", False),
    ("本项目不采用购买服务方式。", False),
    ("是否涉及政府购买服务：否。", False),
    ("日常运维采用购买服务方式委托专业运维团队承担。", True),
    ("云资源按需申请，相关服务费用按照政府购买服务方式纳入年度预算。", False),
    ("本项目采用政府购买服务方式建设，系统部署在政务云上。", True),
    ("按照规定，涉及政府购买服务的项目应当增加经济性比较分析章节。", False),
    ("依据《政府购买服务管理办法》编制。", False),
])
def test_what_counts_as_the_project_using_the_mode(text, uses):
    doc = make_doc([("项目概况", None, [text])])
    assert uses_mode(doc, ["政府购买服务", "购买服务方式", "购买服务模式"]) is uses


def test_the_chapter_is_required_and_listed_only_when_the_project_uses_the_mode():
    book = load_rulebook("yingkou")
    uses = make_doc([("项目概况", None, ["本项目采用政府购买服务方式建设。"])])
    (f,) = check_chapter_required(uses, rule(PURCHASE_RULE))
    assert f.code == "missing_chapter" and f.chapter_type == "purchase_vs_build" and f.citation.article == "第十二条（二）"
    assert chapters_summary(uses, book)["purchase_vs_build"].present is False

    silent = make_doc([("项目概况", None, ["本项目不涉及政府购买服务。"])])
    assert check_chapter_required(silent, rule(PURCHASE_RULE)) == []
    assert "purchase_vs_build" not in chapters_summary(silent, book)
    assert "data_sharing" in chapters_summary(silent, book)

    present = make_doc([("项目概况", None, ["本项目采用政府购买服务方式建设。"]),
                        ("自建与购买服务经济性比较", "purchase_vs_build", [FILLER * 2])])
    assert check_chapter_required(present, rule(PURCHASE_RULE)) == []


def test_a_cut_off_document_is_held_to_what_it_says_before_the_cut():
    silent = make_doc([("项目概况", None, [FILLER])], complete=False)
    assert "purchase_vs_build" not in chapters_summary(silent, load_rulebook("yingkou"))
    uses = make_doc([("项目概况", None, ["本项目采用政府购买服务方式建设。"])], complete=False)
    assert check_chapter_required(uses, rule(PURCHASE_RULE)) == []  # the chapter may be in the lost part
    assert chapters_summary(uses, load_rulebook("yingkou"))["purchase_vs_build"].present is None


def test_only_if_mentions_end_to_end_from_a_docx():
    doc = make_docx("营口市数字城管平台可行性研究报告", [
        ("项目概况", [FILLER, "本项目拟采用政府购买服务模式建设和运营。"]),
    ], cover="建设单位：营口市城市管理综合行政执法局")
    missing = [f.chapter_type for f in screen(doc, load_rulebook("yingkou")) if f.code == "missing_chapter"]
    assert "purchase_vs_build" in missing
