import pytest

from docscreen.extractors.chapters import classify_heading, classify_sections
from docscreen.extractors.outline import build_outline

from _blocks import h, make_doc

PRODUCT_BODY = (
    "本项目服务器采用国产鲲鹏处理器，操作系统选用银河麒麟V10，数据库采用达梦DM8，中间件采用东方通TongWeb，"
    "主要软硬件产品型号及厂商见下表。"
)
PRINCIPLE_BODY = "坚持安全可靠、自主可控原则，在系统设计中充分考虑信息安全，优先选用成熟稳定的技术。"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("信息资源共享分析", "data_sharing"),
        ("数据共享与交换", "data_sharing"),
        ("政务信息资源共享", "data_sharing"),
        ("数据资源共享分析篇", "data_sharing"),
        ("信息资源目录", "resource_catalogue"),
        ("数据资源目录", "resource_catalogue"),
        ("共享清单", "resource_catalogue"),
        ("数据共享清单", "resource_catalogue"),
        ("目录清单", "resource_catalogue"),
        ("政务信息资源共享目录", "resource_catalogue"),
        ("国产化适配情况", "secure_products"),
        ("软硬件产品安全可靠情况说明", "secure_products"),
        ("信创适配", "secure_products"),
        ("自主可控产品应用情况", "secure_products"),
        ("商用密码应用", "crypto_plan"),
        ("密码应用方案", "crypto_plan"),
        ("密码应用与安全性评估", "crypto_plan"),
        ("商密改造", "crypto_plan"),
        ("安全保障体系", "security"),
        ("网络安全设计", "security"),
        ("等级保护", "security"),
        ("信息安全", "security"),
        ("集约化建设", "intensive_construction"),
        ("依托政务云部署", "intensive_construction"),
        ("共建共享", "intensive_construction"),
        ("政务外网", "intensive_construction"),
        ("自建与购买服务比较", "purchase_vs_build"),
        ("投资估算", "investment"),
        ("投资概算", "investment"),
        ("资金筹措", "investment"),
        ("资金来源", "investment"),
        ("建设规模及投资估算", "investment"),
        ("投资估算及资金筹措", "investment"),
        ("绩效目标", "performance_goals"),
        ("运行维护", "operations"),
        ("运维保障", "operations"),
    ],
)
def test_synonyms_are_classified(title, expected):
    chapter_type, confidence = classify_heading(title, "", None)
    assert chapter_type == expected
    assert 0.5 <= confidence <= 1.0


@pytest.mark.parametrize(
    ("title", "body", "parent", "not_expected"),
    [
        ("安全可靠、自主可控", PRINCIPLE_BODY, "设计原则", "secure_products"),
        ("安全可靠原则", "系统建设遵循安全可靠原则。", "建设原则", "secure_products"),
        ("职业安全", "施工现场应配备安全帽，防止触电事故。", "劳动安全卫生", "security"),
        ("劳动安全卫生", "本项目施工和运行期间应遵守劳动保护规定。", None, "security"),
        ("消防安全", "机房按规定配置气体灭火系统和防火门。", None, "security"),
        ("机要密码通信", "机要室配备专用密码机，保障涉密文电传输。", "通信保障", "crypto_plan"),
        ("以信息共享为基础", "以信息共享为基础，推动业务协同。", "建设原则", "data_sharing"),
        ("共享原则", "按照“共享为原则，不共享为例外”的要求。", "建设原则", "data_sharing"),
        ("数据材料共享应用", "用户可以在线调取已归档的申请材料，实现材料复用。", "应用系统功能设计", "data_sharing"),
        ("共享交换子系统功能", "子系统提供数据订阅、发布和交换日志查询功能。", "功能设计", "data_sharing"),
        ("资金风险", "项目资金已列入财政预算，但存在支付进度与建设进度不匹配的风险。", "风险分析", "investment"),
    ],
)
def test_near_misses_are_not_taken(title, body, parent, not_expected):
    chapter_type, _ = classify_heading(title, body, parent)
    assert chapter_type != not_expected


def test_principle_heading_yields_to_product_section_in_the_same_document():
    doc = make_doc(
        [
            h("第三章 总体设计"),
            h("3.1 设计原则", size=14),
            h("3.1.1 安全可靠、自主可控", size=13),
            PRINCIPLE_BODY,
            h("3.1.2 集约建设", size=13),
            "坚持统筹集约原则，避免重复建设。",
            h("第七章 软硬件产品安全可靠情况说明"),
            PRODUCT_BODY,
        ]
    )
    build_outline(doc)
    classify_sections(doc)
    types = {s.title: s.chapter_type for s in doc.outline}
    assert types["安全可靠、自主可控"] is None
    assert types["集约建设"] is None
    assert types["软硬件产品安全可靠情况说明"] == "secure_products"


def test_chapter_found_as_sub_section_keeps_parent_type():
    doc = make_doc(
        [
            h("第六章 安全保障体系"),
            "按照网络安全等级保护第三级要求建设安全防护体系，部署防火墙和入侵检测设备。",
            h("6.1 安全技术措施", size=14),
            "采用访问控制、安全审计和数据备份措施。",
            h("6.2 密码应用方案", size=14),
            "依据GB/T 39786-2021，采用SM2、SM3、SM4国密算法，部署签名验签服务器，项目建成后开展密评。",
            h("第七章 投资估算"),
            "本项目总投资356.80万元，全部由市级财政资金安排。",
        ]
    )
    build_outline(doc)
    classify_sections(doc)
    by_title = {s.title: s for s in doc.outline}
    crypto = by_title["密码应用方案"]
    assert crypto.chapter_type == "crypto_plan" and crypto.confidence > 0.85
    assert doc.outline[crypto.parent].chapter_type == "security"
    assert by_title["投资估算"].chapter_type == "investment"


def test_keyword_in_prose_is_never_a_chapter():
    doc = make_doc(
        [
            h("第二章 项目建设的必要性"),
            "本项目将开展信息资源共享分析、商用密码应用和网络安全等级保护建设，并编制投资估算。",
        ]
    )
    build_outline(doc)
    classify_sections(doc)
    assert [(s.title, s.chapter_type) for s in doc.outline] == [("项目建设的必要性", None)]


def test_body_moves_confidence():
    bare, bare_conf = classify_heading("安全可靠", "", None)
    products, prod_conf = classify_heading("安全可靠", PRODUCT_BODY, None)
    principle, _ = classify_heading("安全可靠", PRINCIPLE_BODY + "遵循国家有关理念。", None)
    assert bare == products == "secure_products"
    assert prod_conf > bare_conf
    assert principle is None
