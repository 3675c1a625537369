"""Key products named in a plan: the lexicon, and a use told from a replacement, a refusal, a
compatibility list, a client terminal or a description of what exists."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docscreen.extractors.data_files import load_yaml
from docscreen.extractors.mention_context import Stance, cell_cue, stance
from docscreen.extractors.passages import name_pattern
from docscreen.extractors.products import Product, find_products, load_product_lexicon, product_mentions
from tests._content_docs import make_doc


def said(text: str) -> list[tuple[str, str, str]]:
    return [(text[s:e], p.origin, stance(text, s, e).value) for s, e, p in find_products(text)]


def test_lexicon_loads_domestic_and_foreign_entries_of_every_category():
    lex = load_product_lexicon()
    products = set(lex.products)
    assert {p.origin for p in products} == {"domestic", "foreign"}
    assert {p.category for p in products} == set(lex.categories)
    assert sum(p.foreign for p in products) >= 40 and sum(not p.foreign for p in products) >= 60


@pytest.mark.parametrize("text, name", [
    ("数据库采用ＯＲＡＣＬＥ 19c", "Oracle Database"),  # full-width letters read as ASCII
    ("选用WebLogic 12c中间件", "WebLogic"),
    ("部署Windows Server 2019数据中心版", "Windows Server"),
    ("核心交换机采用思科Catalyst 9500", "Cisco"),
    ("服务器密码机采用SafeNet Luna 7", "SafeNet Luna"),
    ("处理器为Intel Xeon Gold 6248", "Intel Xeon"),
])
def test_foreign_names_and_aliases(text, name):
    from docscreen.extractors.passages import normalize

    text = normalize(text)
    (start, end, product), = find_products(text)
    assert product.name == name and product.foreign


def test_longest_leftmost_name_wins_and_whole_words_only():
    assert [p.name for _, _, p in find_products("中标麒麟操作系统")] == ["中标麒麟"]
    assert [p.name for _, _, p in find_products("华为 TaiShan 200服务器")] == ["华为TaiShan"]
    assert find_products("DESIGN文档与MyOracleX、EMC电磁兼容测试") == []


@pytest.mark.parametrize("text, expected", [
    ("数据库采用Oracle 19c企业版", [("Oracle", "foreign", "used")]),
    ("将原有Oracle数据库迁移至达梦数据库", [("Oracle数据库", "foreign", "replaced"), ("达梦数据库", "domestic", "used")]),
    ("采用人大金仓替代原SQL Server数据库", [("人大金仓", "domestic", "used"), ("SQL Server", "foreign", "replaced")]),
    ("由Oracle迁移到达梦", [("Oracle", "foreign", "replaced"), ("达梦", "domestic", "used")]),
    ("迁移完成后，原 Oracle 数据库停止使用", [("Oracle 数据库", "foreign", "replaced")]),  # PDF text spaces Latin words
    ("对WebLogic中间件进行国产化替代", [("WebLogic", "foreign", "replaced")]),
    ("不采用Cisco、Juniper等境外品牌网络设备", [("Cisco", "foreign", "rejected"), ("Juniper", "foreign", "rejected")]),
    ("避免使用MySQL等开源数据库", [("MySQL", "foreign", "rejected")]),
    ("国外数据库如Oracle存在供应链安全隐患", [("Oracle", "foreign", "rejected")]),
    ("系统兼容Windows客户端", [("Windows", "foreign", "compatible")]),
    ("基于PostgreSQL内核的瀚高数据库", [("PostgreSQL", "foreign", "compatible"), ("瀚高", "domestic", "compatible")]),
    ("现有系统运行在Windows Server 2008上", [("Windows Server", "foreign", "existing")]),
    ("继续使用原有的Oracle数据库", [("Oracle数据库", "foreign", "used")]),
    ("现有业务系统基于Oracle开发", [("Oracle", "foreign", "existing")]),
    ("在现有政务云平台上部署Oracle数据库", [("Oracle数据库", "foreign", "used")]),
    ("本项目不断加强安全管理，采用Dell服务器", [("Dell", "foreign", "used")]),  # 不断 is no refusal
])
def test_how_the_clause_speaks_of_a_product(text, expected):
    assert said(text) == expected


def test_a_cue_in_another_clause_does_not_reach_the_product():
    assert said("不采用境外品牌的安全设备，数据库采用Oracle") == [("Oracle", "foreign", "used")]


@pytest.mark.parametrize("cell, expected", [
    ("利旧", Stance.USED), ("原有设备利旧", Stance.USED), ("拟替换", Stance.REPLACED), ("迁移后停用", Stance.REPLACED),
    ("不采购", Stance.REJECTED), ("原有", None), ("国产，已通过安全可靠测评", None),
])
def test_a_table_cell_beside_the_name_states_the_row_stance(cell, expected):
    assert cell_cue(cell) is expected


FILLER = "本项目所用基础软硬件产品均经过安全可靠测评，供应链安全风险可控，适配工作纳入项目验收内容。"


def used_names(doc):
    return sorted({m.product.name for m in product_mentions(doc) if m.foreign_key_use})


def test_prose_is_read_in_the_product_chapter_and_product_sections_only():
    doc = make_doc([
        ("项目背景", None, ["长期以来，部门业务系统运行在Windows Server和Oracle数据库上。", "采购Cisco交换机的做法已不适应要求。"]),
        ("技术路线", None, ["系统采用微服务架构，数据库采用MySQL 8.0。"]),
        ("软硬件产品安全可靠情况说明", "secure_products", [FILLER, "应用服务器中间件采用WebLogic 14c。"]),
    ])
    assert used_names(doc) == ["MySQL", "WebLogic"]


def test_client_terminals_are_named_but_are_not_key_products():
    doc = make_doc([("软硬件产品安全可靠情况说明", "secure_products", [
        FILLER, "服务器操作系统采用银河麒麟，办公终端预装Windows 10。", "系统支持Windows、麒麟等客户端操作系统。",
    ])])
    mentions = product_mentions(doc)
    assert {m.product.name for m in mentions} >= {"银河麒麟", "Windows 10", "Windows"}
    assert used_names(doc) == []


def test_a_product_section_about_the_current_state_describes_what_exists():
    doc = make_doc([("软硬件现状", None, ["机房部署HP服务器两台，运行Oracle 11g。", "数据库继续沿用Oracle 11g。"])])
    assert [(m.product.name, m.stance) for m in product_mentions(doc) if m.product.name == "Oracle Database"] == [
        ("Oracle Database", Stance.EXISTING), ("Oracle Database", Stance.USED)]


EQUIPMENT = [
    ["序号", "设备名称", "品牌型号", "数量", "备注"],
    ["1", "核心交换机", "Cisco Catalyst 9500", "2台", "新购"],
    ["2", "数据库服务器", "华为TaiShan 200", "2台", ""],
    ["3", "数据库软件", "Oracle 19c", "1套", "原有，迁移至达梦"],
    ["4", "存储", "Dell EMC Unity 500", "1套", "利旧"],
    ["5", "办公终端", "Windows 11台式机", "10台", ""],
]


def test_a_product_table_anywhere_is_read_row_by_row():
    doc = make_doc([("建设内容", None, ["表3-1 主要设备清单", EQUIPMENT])])
    mentions = [m for m in product_mentions(doc) if m.product.foreign]
    assert [(m.product.name, m.stance.value, m.client, m.row) for m in mentions] == [
        ("Cisco", "used", False, 1), ("Oracle Database", "replaced", False, 3), ("Dell EMC", "used", False, 4),
        ("Windows 10", "used", True, 5),
    ]
    cisco = mentions[0]
    assert cisco.page == 2 and cisco.quote == "1 | 核心交换机 | Cisco Catalyst 9500 | 2台 | 新购"
    assert used_names(doc) == ["Cisco", "Dell EMC"]


def test_a_table_that_lists_no_products_is_not_read():
    doc = make_doc([("信息化建设现状", None, [[["系统名称", "运行环境"], ["审批系统", "Windows Server 2008 + Oracle 11g"]]])])
    assert product_mentions(doc) == []


def test_a_compatibility_table_lists_no_choice():
    doc = make_doc([("建设内容", None, ["表4-2 终端兼容适配清单", [["产品类别", "产品名称"], ["操作系统", "Red Hat 8"]]])])
    assert [m.stance for m in product_mentions(doc)] == [Stance.COMPATIBLE]


def test_a_budget_table_lists_what_the_project_buys():
    from tests._content_docs import make_docx

    doc = make_docx("某市政务服务平台项目可行性研究报告", [
        ("投资估算", ["表6-1 项目投资估算表（单位：万元）", [
            ["序号", "费用名称", "数量", "单价", "金额"],
            ["1", "应用软件开发费", "1", "120.00", "120.00"],
            ["2", "Oracle数据库企业版许可", "2", "30.00", "60.00"],
            ["3", "国产化替代改造费（替换原SQL Server）", "1", "20.00", "20.00"],
            ["", "合计", "", "", "200.00"],
        ]]),
    ])
    assert doc.budget.tables
    assert [(m.product.name, m.stance) for m in product_mentions(doc) if m.product.foreign] == [
        ("Oracle Database", Stance.USED), ("Microsoft SQL Server", Stance.REPLACED)]



def _lexicon_entries() -> list[tuple[str, Product]]:
    """(name, product) for every name and alias, longest first as a regex alternation needs them."""
    by_name = {p.name: p for p in load_product_lexicon().products}
    entries = [(str(n), by_name[spec["names"][0]]) for spec in load_yaml("product_lexicon.yaml")["products"]
               for n in spec["names"]]
    return sorted(entries, key=lambda e: -len(e[0]))


_ENTRIES = _lexicon_entries()
_WHOLE = re.compile("|".join(f"({name_pattern(n)})" for n, _ in _ENTRIES), re.IGNORECASE)
_NAMES = [n for n, _ in _ENTRIES]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(_NAMES),
    st.sampled_from(_NAMES).map(str.upper),
    st.sampled_from(_NAMES).map(lambda n: n[:2]),
    st.sampled_from([" ", "采用", "X", "3", "数据", "-"]),
    st.text(max_size=3),
), max_size=8).map("".join))
def test_matcher_finds_what_one_whole_alternation_finds(text):
    """Trying only the names that start with the character at hand is a speed-up, nothing else."""
    expected = [(m.start(), m.end(), _ENTRIES[m.lastindex - 1][1]) for m in _WHOLE.finditer(text)]
    assert find_products(text) == expected
