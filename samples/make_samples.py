"""Build the sample submissions (DOCX, PDF), the broken inputs and `manifest.json`.

Run from anywhere: `python samples/make_samples.py`. Every document is drawn from the paragraph
banks in `sample_text.py` with `random.Random(seed)`, so a rerun reproduces the same text. The
documents vary in the ways real ones do (heading styles, typed vs Word numbering, TOC field vs
typed 目录, tables); the specs in `sample_specs.py` say which chapters each one lacks or thins
and which findings the screener must produce. PDFs are exported with LibreOffice; without
`soffice` the PDF step is skipped and the committed PDFs are kept.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_specs import DOCS, JURISDICTIONS, KIND_NAMES, PLANS, DocSpec, mandated  # noqa: E402
from sample_text import BASIS, PRINCIPLES, TOPICS, Section, Topic  # noqa: E402

HERE = Path(__file__).resolve().parent
FIXED_ZIP_TIME = (2023, 6, 1, 9, 0, 0)
CHARS_PER_PAGE = 780  # 宋体小四, 1.5 line spacing, A4: used for the TOC's page estimates
HEADING_SIZES = {1: 16, 2: 15, 3: 14}  # 三号 / 小三 / 四号
CN_DIGITS = "零一二三四五六七八九"
FONT_ALIASES = ("宋体", "黑体", "仿宋", "仿宋_GB2312", "楷体_GB2312", "方正小标宋简体")
W = Decimal("0.01")


# ---------------------------------------------------------------- content model


@dataclass
class Item:
    """One block of the abstract document: a heading, a paragraph, a list item or a table."""

    kind: str  # h | p | li | table | caption
    text: str = ""
    level: int = 0
    number: str = ""  # rendered number ("第三章 ", "3.2 "): typed into the text or left to Word
    auto: bool = False  # the number comes from Word numbering, not the text
    rows: list[list[str]] = field(default_factory=list)
    list_id: int = 0  # body list items that share Word list numbering


def cn_num(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else CN_DIGITS[tens] + "十") + (CN_DIGITS[ones] if ones else "")


def heading_number(scheme: str, counters: list[int], level: int) -> tuple[str, bool]:
    """The number a heading shows and whether Word's numbering (not the text) supplies it."""
    c1, c2, c3 = counters
    arabic = {1: f"{c1} ", 2: f"{c1}.{c2} ", 3: f"{c1}.{c2}.{c3} "}
    if scheme == "auto":
        return {1: f"第{cn_num(c1)}章 ", 2: arabic[2], 3: arabic[3]}[level], True
    if scheme == "auto_mixed":
        return {1: (f"第{cn_num(c1)}章 ", True), 2: (f"（{cn_num(c2)}）", False), 3: (f"{c3}. ", False)}[level]
    typed = {
        "chapter": {1: f"第{cn_num(c1)}章 ", 2: arabic[2], 3: arabic[3]},
        "chapter_arabic": {1: f"第{c1}章 ", 2: arabic[2], 3: arabic[3]},
        "arabic": arabic,
        "cnlist": {1: f"{cn_num(c1)}、", 2: f"（{cn_num(c2)}）", 3: f"{c3}. "},
        "mixed": {1: f"第{cn_num(c1)}章 ", 2: f"{cn_num(c2)}、", 3: f"（{cn_num(c3)}）"},
        "part": {1: f"第{cn_num(c1)}部分 ", 2: f"{cn_num(c2)}、", 3: f"（{cn_num(c3)}）"},
    }
    return typed[scheme][level], False


def money(x: Decimal) -> str:
    return f"{x.quantize(W, ROUND_HALF_UP):,.2f}".replace(",", "")


# ---------------------------------------------------------------- project context and budget


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + n
    return total // 12, total % 12 + 1


def doc_date(spec: DocSpec) -> str:
    """编制日期 on the cover: spread over 2023–2024 so the samples do not all share one date."""
    return f"{2023 + spec.seed % 2}年{(spec.seed * 5) % 12 + 1}月"


def build_context(spec: DocSpec, rng: random.Random) -> dict[str, object]:
    ctx: dict[str, object] = dict(JURISDICTIONS[spec.jurisdiction or "none"])
    ctx.update({k: v for k, v in vars(spec.project).items() if isinstance(v, str)})
    modules = list(spec.project.modules) + list(spec.extra_modules)
    months = rng.choice((10, 12, 14, 18, 24))
    start_y, start_m = int(doc_date(spec)[:4]), rng.randint(7, 11)
    end_y, end_m = add_months(start_y, start_m, months - 1)
    ctx.update({
        "doctype": KIND_NAMES[spec.kind], "modules": modules,
        "module_names": "、".join(m[0] for m in modules),
        "months": months, "start": f"{start_y}年{start_m}月", "finish": f"{end_y}年{end_m}月",
        "start_year": start_y, "end_year": end_y, "plan_year": start_y,
        "staff": rng.randint(28, 160), "tech_staff": rng.randint(3, 12), "legacy_pct": rng.choice((20, 30, 35, 40)),
        "concurrent": rng.choice((200, 300, 500, 1000)), "data_tb": rng.choice((2, 3, 5, 8)),
        "file_tb": rng.choice((10, 20, 30, 50)), "api_calls": rng.choice((5, 10, 20, 50)),
        "user_count": rng.choice((800, 1500, 3200, 6000, 12000)), "active_users": rng.choice((150, 300, 600, 1200)),
        "history_rows": rng.choice((30, 80, 120, 260)), "vm_count": rng.randint(8, 24), "ram": 0, "vcpu": 0,
        "storage": rng.choice((10, 20, 30)), "oss": rng.choice((20, 50, 100)), "saving": rng.choice((60, 85, 120, 150)),
        "grade": rng.choice(("二", "三", "三")), "ukey": rng.choice((20, 30, 40, 60)),
        "warranty": rng.choice((1, 2, 3)), "saving2": rng.choice((30, 45, 60, 80)), "paper": rng.choice((20, 35, 50)),
        "tables": rng.choice((80, 120, 160)), "threshold": rng.choice((100, 200, 400)),
        "cpu": rng.choice(("鲲鹏920", "飞腾S2500", "海光C86")), "os": rng.choice(("银河麒麟高级服务器操作系统V10", "统信UOS服务器操作系统V20")),
        "db": rng.choice(("达梦数据库DM8", "人大金仓KingbaseES V8")), "mw": rng.choice(("东方通TongWeb V7.0", "宝兰德BES应用服务器V9.5")),
        "leader": rng.choice(("王××", "李××", "张××", "刘××", "陈××")),
    })
    ctx["vcpu"] = int(ctx["vm_count"]) * 8
    ctx["ram"] = int(ctx["vm_count"]) * 16
    need = rng.randint(6, 14)
    have = rng.randint(2, need - 2)
    ctx.update({"need_count": need, "have_count": have, "new_count": need - have})
    ctx["budget"] = build_budget(modules, ctx, rng)
    ctx["total"] = money(ctx["budget"]["total"])
    ctx["self_cost"] = money(ctx["budget"]["total"] * Decimal("1.45"))
    ctx["buy_cost"] = money(ctx["budget"]["total"] * Decimal("1.62"))
    return ctx


def _dec(rng: random.Random, lo: float, hi: float) -> Decimal:
    return Decimal(str(round(rng.uniform(lo, hi), 2)))


def build_budget(modules: list, ctx: dict, rng: random.Random) -> dict:
    """A budget table whose lines add up exactly: 工程费用 + 其他费用 + 预备费 = 合计."""
    software = [(m[0], Decimal(1), _dec(rng, 36, 150)) for m in modules]
    integration = [("数据治理与迁移", Decimal(1), _dec(rng, 18, 55)), ("系统集成与接口开发", Decimal(1), _dec(rng, 12, 40))]
    cloud_unit = _dec(rng, 1.2, 2.4)
    cloud = [("政务云资源租用（首年）", Decimal(ctx["vm_count"]), cloud_unit),
             ("政务云安全服务（首年）", Decimal(1), _dec(rng, 8, 20))]
    crypto = [("智能密码钥匙", Decimal(ctx["ukey"]), Decimal("0.05")), ("密码服务（首年）", Decimal(1), _dec(rng, 10, 24))]
    groups = [("应用软件开发费", software, "套"), ("数据治理与系统集成费", integration, "项"),
              ("云资源及安全服务费", cloud, "台·年"), ("密码产品及服务费", crypto, "个")]
    eng = sum(q * u for _, items, _ in groups for _, q, u in items)
    others = [("项目前期咨询费", (eng * Decimal("0.015")).quantize(W)), ("工程监理费", (eng * Decimal("0.02")).quantize(W)),
              ("等级保护测评费", _dec(rng, 5, 10)), ("商用密码应用安全性评估费", _dec(rng, 8, 15)),
              ("招标代理费", _dec(rng, 2, 5))]
    other = sum(a for _, a in others)
    reserve = ((eng + other) * Decimal("0.03")).quantize(W)
    return {"groups": groups, "eng": eng, "others": others, "other": other, "reserve": reserve,
            "total": eng + other + reserve}


# ---------------------------------------------------------------- prose


def fill(text: str, ctx: dict) -> str:
    return text.format_map(ctx)


def draw_paragraphs(pool: tuple[str, ...], paras: tuple[int, int], rng: random.Random, ctx: dict) -> list[str]:
    """Distinct sentences from a pool, in the pool's order, split into 1–3 paragraphs."""
    n_paras = rng.randint(*paras)
    per = rng.randint(2, 4)
    take = min(len(pool), max(n_paras * per, n_paras))
    idx = sorted(rng.sample(range(len(pool)), take))
    chunks = [idx[i::n_paras] for i in range(n_paras)]
    chunks = [sorted(c) for c in chunks if c]
    return [fill("".join(pool[i] for i in c), ctx) for c in chunks]


class Builder:
    """Turns a spec into a list of Items: the chapters, their numbers, and the text under them."""

    def __init__(self, spec: DocSpec, ctx: dict, rng: random.Random):
        self.spec, self.ctx, self.rng = spec, ctx, rng
        self.items: list[Item] = []
        self.counters = [0, 0, 0]
        self.tables = 0
        self.lists = 0
        self.list_style = rng.choice(("dot", "paren", "circle")) if spec.numbering != "mixed" else "circle"

    # -- structure
    def heading(self, level: int, title: str) -> None:
        self.counters[level - 1] += 1
        for i in range(level, 3):
            self.counters[i] = 0
        number, auto = heading_number(self.spec.numbering, self.counters, level)
        self.items.append(Item("h", title, level, number, auto))

    def para(self, text: str) -> None:
        self.items.append(Item("p", text))

    def list_items(self, texts: list[str]) -> None:
        self.lists += 1
        for i, t in enumerate(texts, 1):
            marker = {"dot": f"{i}. ", "paren": f"（{i}）", "circle": "①②③④⑤⑥⑦⑧⑨⑩"[i - 1]}[self.list_style]
            self.items.append(Item("li", t, number=marker, list_id=self.lists))

    def table(self, caption: str, rows: list[list[str]]) -> None:
        self.tables += 1
        chapter = self.counters[0]
        self.items.append(Item("caption", f"表{chapter}-{self.tables} {caption}"))
        self.items.append(Item("table", rows=rows))

    # -- chapters
    def chapter_plan(self) -> list[str]:
        spec = self.spec
        plan = list(spec.plan or PLANS[spec.kind])
        for extra in spec.extra_chapters:
            anchor = {"labor_safety": "schedule", "purchase_vs_build": "investment"}.get(extra)
            if extra == "resource_catalogue":
                plan.insert(plan.index("design") + 1, extra)
            elif anchor in plan:
                plan.insert(plan.index(anchor), extra)
            else:
                plan.append(extra)
        return [t for t in plan if self.treatment(t) == "full" or self.treatment(t).startswith("thin")]

    def treatment(self, topic: str) -> str:
        return self.spec.treat.get(topic, "full")

    def subs_of(self, parent: str) -> list[str]:
        return [t for t, how in self.spec.treat.items() if how == f"sub:{parent}"]

    def title_for(self, topic: Topic, name: str) -> str:
        return self.rng.choice(self.fit_titles(topic.titles))

    def fit_titles(self, titles: tuple[str, ...]) -> tuple[str, ...]:
        """A preliminary design speaks of 概算, the other kinds of 估算."""
        wrong = "估算" if self.spec.kind == "preliminary_design" else "概算"
        return tuple(t for t in titles if wrong not in t) or titles

    def build(self) -> list[Item]:
        for name in self.chapter_plan():
            topic = TOPICS[name]
            how = self.treatment(name)
            self.heading(1, self.title_for(topic, name))
            self.tables = 0
            if how == "thin_bare":
                continue
            if how == "thin_sentence":
                self.para(fill(topic.thin_sentence, self.ctx))
                continue
            if how == "thin_attach":
                self.para(self.attachment_ref(topic, name))
                continue
            self.topic_body(name, topic, level=2)
            for sub in self.subs_of(name):
                sub_topic = TOPICS[sub]
                self.heading(2, self.title_for(sub_topic, sub))
                self.topic_body(sub, sub_topic, level=3)
        return self.items

    def attachment_ref(self, topic: Topic, name: str) -> str:
        if name == "investment":
            return f"详见《{self.ctx['proj']}{topic.attachment}》（另册）。"
        return f"详见附件{self.rng.randint(1, 5)}《{self.ctx['proj']}{topic.attachment}》。"

    def topic_body(self, name: str, topic: Topic, level: int) -> None:
        if topic.intro:
            self.para(fill(self.rng.choice(topic.intro), self.ctx))
        sections = list(topic.sections)
        if name == "security" and self.spec.jiyao:
            sections.insert(2, JIYAO)
        for section in sections:
            self.heading(level, self.rng.choice(self.fit_titles(section.titles)))
            if section.render:
                getattr(self, "render_" + section.render)(section, level + 1)
            else:
                for text in draw_paragraphs(section.pool, section.paras, self.rng, self.ctx):
                    self.para(text)

    def investment_stated(self) -> bool:
        how = self.treatment("investment")
        return how == "full" or how.startswith("sub:")

    # -- special renderers
    def render_fields(self, section: Section, level: int) -> None:
        c = self.ctx
        lines = [f"项目名称：{c['proj']}", f"项目建设单位：{c['owner']}", f"项目负责人：{c['leader']}",
                 f"建设地点：{c['region']}", f"建设性质：{self.rng.choice(('新建', '升级改造', '续建'))}",
                 f"建设周期：{c['months']}个月"]
        if self.investment_stated() and "investment" in self.chapter_plan() + self.subs_flat():
            lines.append(f"总投资及资金来源：项目总投资{c['total']}万元，资金来源为{c['fund']}。")
        for line in lines:
            self.para(line)

    def subs_flat(self) -> list[str]:
        return [t for t, how in self.spec.treat.items() if how.startswith("sub:")]

    def render_basis(self, section: Section, level: int) -> None:
        picks = sorted(self.rng.sample(range(len(BASIS)), 6))
        texts = [BASIS[i] for i in picks] + [fill("{policy_local}", self.ctx), "项目建设单位提供的有关业务资料和调研材料。"]
        self.para("本报告编制的主要依据包括：")
        self.list_items([t.rstrip("。") + "；" for t in texts[:-1]] + [texts[-1]])

    def render_basis_list(self, section: Section, level: int) -> None:
        self.list_items([fill(t, self.ctx) for t in section.pool])

    def render_scope(self, section: Section, level: int) -> None:
        self.para(fill("本项目主要建设内容包括以下几个方面：", self.ctx))
        self.list_items([f"{m[0]}。{m[1]}" for m in self.ctx["modules"]])
        self.para(fill("同时开展历史数据治理和迁移，完成与{integrations}的对接，落实网络安全等级保护和商用密码应用要求。", self.ctx)
                  if self.treatment("crypto_plan") != "missing" else
                  fill("同时开展历史数据治理和迁移，完成与{integrations}的对接，落实网络安全等级保护要求。", self.ctx))

    def render_problems(self, section: Section, level: int) -> None:
        parts = str(self.ctx["pain"]).split("、")
        order = "一二三四五"
        text = "".join(f"{order[i]}是{p}{'；' if i < len(parts) - 1 else '。'}" for i, p in enumerate(parts))
        self.para(f"经调研分析，目前{self.ctx['biz']}工作主要存在以下问题：{text}")
        self.para(fill(self.rng.choice((
            "上述问题在一定程度上制约了{owner}履职能力的提升，需要通过本项目建设加以解决。",
            "这些问题的存在，既增加了基层工作负担，也影响了企业和群众的办事体验。",
        )), self.ctx))

    def render_func_requirements(self, section: Section, level: int) -> None:
        self.para("根据业务需求，系统应满足以下主要功能要求：")
        reqs = ["系统应支持统一身份认证，用户一次登录即可访问授权范围内的全部功能。"]
        reqs += [r for m in self.ctx["modules"] for r in m[2]][:7]
        reqs.append("系统应支持操作日志记录，关键操作可追溯。")
        self.list_items(reqs)

    def render_modules(self, section: Section, level: int) -> None:
        extra = ("该模块面向{users}使用，是本项目的核心建设内容之一。",
                 "模块建设充分复用已有公共支撑能力，通过标准接口与其他模块协同。",
                 "模块支持PC端和移动端同步使用，界面风格与平台整体保持一致。")
        for name, desc, reqs in self.ctx["modules"]:
            self.heading(min(level, 3), name)
            self.para(desc + fill(self.rng.choice(extra), self.ctx) + "主要功能要求如下：")
            self.list_items(list(reqs))

    def render_principles(self, section: Section, level: int) -> None:
        near = {"安全可靠、自主可控", "以信息共享为基础，推进业务协同"}
        base = [p for p in PRINCIPLES if p not in near]
        chosen = [base[0]] + sorted(self.rng.sample(base[1:], 3), key=base.index) + list(self.spec.principles_extra)
        if self.spec.principle_headings:
            for name in chosen:
                self.heading(min(level, 3), name)
                self.para(fill(PRINCIPLES[name], self.ctx))
        else:
            for i, name in enumerate(chosen, 1):
                self.para(f"（{i}）{name}。" + fill(PRINCIPLES[name], self.ctx))

    def render_catalogue(self, section: Section, level: int) -> None:
        rows = [["序号", "信息资源名称", "提供方", "信息项", "格式", "更新周期", "共享属性", "开放属性"]]
        rows += [[str(i), *row] for i, row in enumerate(self.spec.project.catalogue, 1)]
        self.para(f"本项目共梳理信息资源{len(rows) - 1}类，具体清单见下表。")
        self.table("信息资源目录清单", rows)

    def render_products(self, section: Section, level: int) -> None:
        r, c = self.rng, self.ctx
        server = {"鲲鹏920": ("华为TaiShan 200服务器", "华为技术有限公司"), "飞腾S2500": ("长城擎天EF860服务器", "中国长城科技集团股份有限公司"),
                  "海光C86": ("曙光R6230服务器", "曙光信息产业股份有限公司")}[str(c["cpu"])]
        os_vendor = "麒麟软件有限公司" if "麒麟" in str(c["os"]) else "统信软件技术有限公司"
        db_vendor = "武汉达梦数据库股份有限公司" if "达梦" in str(c["db"]) else "北京人大金仓信息技术股份有限公司"
        mw_vendor = "北京东方通科技股份有限公司" if "东方通" in str(c["mw"]) else "北京宝兰德软件股份有限公司"
        rows = [["序号", "产品类别", "产品名称及型号", "生产厂商", "数量", "安全可靠情况"],
                ["1", "服务器（政务云）", f"{server[0]}（{c['cpu']}）", server[1], f"{c['vm_count']}台（云主机）", "国产，已通过安全可靠测评"],
                ["2", "操作系统", str(c["os"]), os_vendor, f"{c['vm_count']}套", "国产，已通过安全可靠测评"],
                ["3", "数据库", str(c["db"]), db_vendor, "2套", "国产，已通过安全可靠测评"],
                ["4", "中间件", str(c["mw"]), mw_vendor, f"{r.choice((4, 6, 8))}套", "国产，已通过安全可靠测评"],
                ["5", "SSL VPN安全网关", "国密SSL VPN安全网关", "政务云密码服务资源池提供", "1套", "具备商用密码产品认证证书"],
                ["6", "智能密码钥匙", "国密USBKey", r.choice(("飞天诚信科技股份有限公司", "北京海泰方圆科技股份有限公司")), f"{c['ukey']}个", "具备商用密码产品认证证书"],
                ["7", "办公终端", r.choice(("长城世恒DF720台式机", "联想开天M90z台式机")), r.choice(("中国长城科技集团股份有限公司", "联想开天科技有限公司")), f"{r.choice((6, 10, 12))}台", "国产CPU与操作系统"]]
        self.table("主要软硬件产品清单", rows)

    def render_schedule(self, section: Section, level: int) -> None:
        months = int(self.ctx["months"])
        y, m = int(self.ctx["start"][:4]), int(self.ctx["start"][5:-1])
        phases = [("项目启动与招标采购", 2), ("需求调研与详细设计", 2), ("系统开发与数据治理", months - 7),
                  ("系统集成与联调测试", 1), ("试运行与初步验收", 2)]
        rows = [["序号", "阶段", "工作内容", "时间安排"]]
        work = {"项目启动与招标采购": "完成招标采购，签订合同，组建项目团队", "需求调研与详细设计": "完成需求规格说明书和详细设计",
                "系统开发与数据治理": "完成各功能模块开发、数据治理和迁移", "系统集成与联调测试": "完成与相关系统对接和联调测试",
                "试运行与初步验收": "系统试运行，完成等保测评、密评和初步验收"}
        for i, (name, dur) in enumerate(phases, 1):
            ey, em = add_months(y, m, dur - 1)
            rows.append([str(i), name, work[name], f"{y}年{m}月—{ey}年{em}月"])
            y, m = add_months(ey, em, 1)
        self.para(fill("项目建设周期为{months}个月，具体进度安排如下表所示。", self.ctx))
        self.table("项目实施进度计划表", rows)

    def render_budget(self, section: Section, level: int) -> None:
        b = self.ctx["budget"]
        rows = [["序号", "费用名称", "单位", "数量", "单价（万元）", "金额（万元）", "备注"],
                ["一", "工程费用", "", "", "", money(b["eng"]), ""]]
        for gi, (gname, items, unit) in enumerate(b["groups"], 1):
            rows.append([f"（{cn_num(gi)}）", gname, "", "", "", money(sum(q * u for _, q, u in items)), ""])
            for ii, (name, q, u) in enumerate(items, 1):
                item_unit = unit if gname != "数据治理与系统集成费" else "项"
                if name.startswith("政务云安全") or name.startswith("密码服务"):
                    item_unit = "项"
                rows.append([str(ii), name, item_unit, str(q), money(u), money(q * u), ""])
        rows.append(["二", "工程建设其他费用", "", "", "", money(b["other"]), ""])
        for ii, (name, amount) in enumerate(b["others"], 1):
            rows.append([str(ii), name, "项", "1", money(amount), money(amount), ""])
        rows.append(["三", "预备费", "", "", "", money(b["reserve"]), "按一、二项之和的3%计"])
        rows.append(["", "合计", "", "", "", money(b["total"]), ""])
        pct = {k: (b[k] / b["total"] * 100).quantize(W, ROUND_HALF_UP) for k in ("eng", "other", "reserve")}
        self.para(f"经估算，项目总投资{money(b['total'])}万元。其中：工程费用{money(b['eng'])}万元，占总投资的{pct['eng']}%；"
                  f"工程建设其他费用{money(b['other'])}万元，占总投资的{pct['other']}%；预备费{money(b['reserve'])}万元，"
                  f"占总投资的{pct['reserve']}%。投资明细见下表。")
        self.table("项目投资估算表" if self.spec.kind != "preliminary_design" else "项目投资概算表", rows)

    def render_funding(self, section: Section, level: int) -> None:
        total = self.ctx["budget"]["total"]
        text = f"本项目总投资{money(total)}万元，资金来源为{self.ctx['fund']}，已纳入{self.ctx['plan_year']}年度政务信息化项目计划。"
        if int(self.ctx["end_year"]) > int(self.ctx["start_year"]):
            first = (total * Decimal("0.6")).quantize(W, ROUND_HALF_UP)
            text += (f"项目跨年度实施，分年度资金安排为：{self.ctx['start_year']}年安排{money(first)}万元，"
                     f"{self.ctx['end_year']}年安排{money(total - first)}万元。")
        else:
            text += "项目资金在建设期内一次性安排，按合同约定分期支付。"
        self.para(text)
        self.para("项目建成后的运行维护经费，按照有关规定纳入项目建设单位年度部门预算。")

    def render_kpi(self, section: Section, level: int) -> None:
        n = len(self.ctx["modules"])
        rows = [["一级指标", "二级指标", "三级指标", "指标值"],
                ["产出指标", "数量指标", "建设应用功能模块数量", f"≥{n}个"],
                ["产出指标", "数量指标", "编制信息资源目录数量", f"≥{max(len(self.spec.project.catalogue), 4)}类"],
                ["产出指标", "质量指标", "系统验收合格率", "100%"],
                ["产出指标", "时效指标", "项目按期完成率", "100%"],
                ["效益指标", "社会效益指标", "业务平均办理时限压缩比例", "≥30%"],
                ["效益指标", "可持续影响指标", "系统年可用率", "≥99.5%"],
                ["满意度指标", "服务对象满意度指标", "用户满意度", "≥90%"]]
        self.table("项目绩效指标表", rows)


JIYAO = Section(("机要密码通信保障",), (
    "涉及党政机关涉密文件传输的业务，统一通过县委机要部门的机要密码通信渠道办理，不在本平台中传输和存储。",
    "平台与机要密码通信系统物理隔离，不设置任何数据接口，确保机要密码通信安全。",
    "工作人员应严格遵守机要密码通信保密规定，严禁通过普通网络传输涉密信息。",
), paras=(1, 1))


# ---------------------------------------------------------------- DOCX rendering


def set_east_asian(rpr_owner, font: str) -> None:
    """Name the East Asian font on a run or style: python-docx only sets the Latin one."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")


def style_run(run, font: str, size: float | None = None, bold: bool | None = None) -> None:
    set_east_asian(run._r, font)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def add_field(paragraph, instr: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES, PAGEREF…) with a cached result, as Word writes it."""
    r = paragraph._p
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{shown}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        r.append(parse_xml(xml))


class DocxWriter:
    """Renders Items into a python-docx Document in one of the spec's heading/numbering/TOC forms."""

    def __init__(self, spec: DocSpec, ctx: dict, rng: random.Random):
        self.spec, self.ctx, self.rng = spec, ctx, rng
        self.doc = Document()
        self.font = spec.east_asian_font
        self.heading_font = "黑体" if self.font == "宋体" else "Noto Sans CJK SC"
        self.num_ids: dict[str, int] = {}
        self.bookmark = 0
        self.setup_page()
        self.setup_styles()
        if spec.numbering in ("auto", "auto_mixed"):
            self.setup_heading_numbering()

    # -- setup
    def setup_page(self) -> None:
        s = self.doc.sections[0]
        s.page_width, s.page_height = Cm(21), Cm(29.7)
        s.left_margin = s.right_margin = Cm(3.0)
        s.top_margin, s.bottom_margin = Cm(2.54), Cm(2.54)
        s.different_first_page_header_footer = True
        hp = s.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER if self.rng.random() < 0.6 else WD_ALIGN_PARAGRAPH.RIGHT
        style_run(hp.add_run(str(self.ctx["proj"]) + KIND_NAMES[self.spec.kind]), self.font, 9)
        fp = s.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        form = self.rng.choice(("dash", "page", "page_of"))
        if form == "dash":
            fp.add_run("— ")
            add_field(fp, "PAGE", "1")
            fp.add_run(" —")
        else:
            fp.add_run("第 ")
            add_field(fp, "PAGE", "1")
            fp.add_run(" 页")
            if form == "page_of":
                fp.add_run(" 共 ")
                add_field(fp, "NUMPAGES", "1")
                fp.add_run(" 页")
        for run in fp.runs:
            style_run(run, self.font, 9)

    def setup_styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(12)
        set_east_asian(normal.element, self.font)
        normal.paragraph_format.line_spacing = 1.5
        for lvl in (1, 2, 3):
            h = styles[f"Heading {lvl}"]
            set_east_asian(h.element, self.heading_font)
            h.font.color.rgb = RGBColor(0, 0, 0)
            h.font.size = Pt(HEADING_SIZES[lvl])
            h.font.bold = True
            h.paragraph_format.space_before = Pt(12)
            h.paragraph_format.space_after = Pt(6)
            if lvl == 1:
                h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.heading_styles = {lvl: f"Heading {lvl}" for lvl in (1, 2, 3)}
        if self.spec.heading == "custom":
            self.setup_custom_styles()
        for lvl in (1, 2, 3):
            toc = styles.add_style(f"toc {lvl}", WD_STYLE_TYPE.PARAGRAPH)
            toc.element.set(qn("w:styleId"), f"TOC{lvl}")
            toc.base_style = normal
            toc.paragraph_format.left_indent = Pt(12 * (lvl - 1) * 2)
            toc.paragraph_format.first_line_indent = Pt(0)
            toc.paragraph_format.tab_stops.add_tab_stop(Cm(15.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        caption = styles.add_style("图表标题", WD_STYLE_TYPE.PARAGRAPH)
        caption.element.set(qn("w:styleId"), "a8")
        caption.base_style = normal
        caption.font.size = Pt(10.5)
        caption.font.bold = True
        caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def setup_custom_styles(self) -> None:
        """一级标题 inherits its outline level through basedOn (Heading 1); 二级标题 declares
        w:outlineLvl itself; 三级标题 is basedOn 二级标题 and overrides the level: the three ways
        Chinese templates carry outline levels."""
        styles = self.doc.styles
        specs = (("一级标题", "a5", styles["Heading 1"], None), ("二级标题", "a6", styles["Normal"], 1),
                 ("三级标题", "a7", None, 2))
        made = {}
        for lvl, (name, sid, base, outline) in enumerate(specs, 1):
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.element.set(qn("w:styleId"), sid)
            st.base_style = base if base is not None else made[2]
            st.next_paragraph_style = styles["Normal"]
            set_east_asian(st.element, self.heading_font)
            st.font.size = Pt(HEADING_SIZES[lvl])
            st.font.bold = True
            st.font.color.rgb = RGBColor(0, 0, 0)
            if outline is not None:
                ppr = st.element.get_or_add_pPr()
                ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>'))
            if lvl == 1:
                st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            st.paragraph_format.keep_with_next = True
            made[lvl] = st
        self.heading_styles = {lvl: made[lvl].name for lvl in (1, 2, 3)}

    def setup_heading_numbering(self) -> None:
        """Add a multilevel list (第%1章 / %1.%2 / %1.%2.%3) to numbering.xml through the package's
        numbering part; custom-style documents link it from the styles, others from each paragraph."""
        numbering = self.doc.part.numbering_part.element
        levels = [(0, "chineseCounting", "第%1章", ""), (1, "decimal", "%1.%2", "<w:isLgl/>"),
                  (2, "decimal", "%1.%2.%3", "<w:isLgl/>")]
        mixed = self.spec.numbering == "auto_mixed"
        lvl_xml = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{lgl}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:suff w:val="space"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
            for i, fmt, text, lgl in (levels[:1] if mixed else levels))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
                             f'<w:multiLevelType w:val="multilevel"/>{lvl_xml}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        first_num.addprevious(abstract)
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
        self.num_ids["heading"] = 90
        if self.spec.heading == "custom":
            for lvl in ((1,) if mixed else (1, 2, 3)):
                st = self.doc.styles[self.heading_styles[lvl]]
                st.element.get_or_add_pPr().insert(0, parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{lvl - 1}"/><w:numId w:val="90"/></w:numPr>'))
        list_abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91"><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="480"/></w:pPr></w:lvl></w:abstractNum>')
        first_num.addprevious(list_abstract)

    def list_num_id(self, list_id: int) -> int:
        """A fresh w:num restarting at 1 for each body list (Word numbering that is not a heading)."""
        key = f"list{list_id}"
        if key not in self.num_ids:
            num_id = 100 + list_id
            self.doc.part.numbering_part.element.append(parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="91"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
            self.num_ids[key] = num_id
        return self.num_ids[key]

    # -- blocks
    def cover(self) -> None:
        d = self.doc
        for _ in range(5):
            d.add_paragraph()
        for text, size in ((str(self.ctx["proj"]), 22), (KIND_NAMES[self.spec.kind], 26), (self.spec.draft, 16)):
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            style_run(p.add_run(text), self.heading_font, size, True)
        for _ in range(6):
            d.add_paragraph()
        for label, value in (("建设单位", self.ctx["owner"]), ("编制单位", self.ctx["consultant"]), ("编制日期", doc_date(self.spec))):
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            style_run(p.add_run(f"{label}：{value}"), self.font, 16)
        p.add_run().add_break(WD_BREAK.PAGE)

    def toc(self, items: list[Item], pages: dict[int, int]) -> None:
        d = self.doc
        title = d.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style_run(title.add_run("目  录"), self.heading_font, 16, True)
        entries = [(i, it) for i, it in enumerate(items) if it.kind == "h"]
        if self.spec.toc == "manual":
            for i, it in entries:
                if it.level > 2:
                    continue
                p = d.add_paragraph()
                p.paragraph_format.left_indent = Pt(24 * (it.level - 1))
                label = f"{it.number}{it.text}"
                dots = "…" * max(4, 36 - len(label) - it.level * 2)
                style_run(p.add_run(f"{label}{dots}{pages[i]}"), self.font, 12)
        else:
            first = True
            for i, it in entries:
                p = d.add_paragraph(style=f"toc {it.level}")
                if first:
                    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>',
                                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'):
                        p._p.append(parse_xml(xml))
                    first = False
                link = parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="_Toc{1000 + i}" w:history="1"/>')
                p._p.append(link)
                label = f"{it.number}{it.text}"
                link.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{escape(label)}</w:t></w:r>'))
                link.append(parse_xml(f'<w:r {nsdecls("w")}><w:tab/></w:r>'))
                for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGEREF _Toc{1000 + i} \\h </w:instrText></w:r>',
                            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                            f'<w:r {nsdecls("w")}><w:t>{pages[i]}</w:t></w:r>',
                            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
                    link.append(parse_xml(xml))
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, index: int, it: Item) -> None:
        d = self.doc
        auto = it.auto
        text = it.text if auto else f"{it.number}{it.text}"
        if self.spec.heading == "plain":
            p = d.add_paragraph()
            if it.level == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(12 if it.level == 1 else 6)
            style_run(p.add_run(text), self.heading_font if it.level == 1 else self.font, HEADING_SIZES[it.level], True)
        else:
            p = d.add_paragraph(style=self.heading_styles[it.level])
            p.add_run(text)
            if auto and self.spec.heading != "custom":
                p._p.get_or_add_pPr().insert(0, parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{it.level - 1}"/><w:numId w:val="90"/></w:numPr>'))
        if self.spec.toc == "field":
            p._p.insert(1 if p._p.pPr is not None else 0, parse_xml(
                f'<w:bookmarkStart {nsdecls("w")} w:id="{index}" w:name="_Toc{1000 + index}"/>'))
            p._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{index}"/>'))

    def body_para(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(24)
        p.add_run(text)

    def list_item(self, it: Item) -> None:
        if self.num_ids.get("heading") and it.number[:1].isdigit():
            p = self.doc.add_paragraph()
            p._p.get_or_add_pPr().insert(0, parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{self.list_num_id(it.list_id)}"/></w:numPr>'))
            p.add_run(it.text)
        else:
            self.body_para(it.number + it.text)

    def table(self, rows: list[list[str]]) -> None:
        t = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = t.cell(r, c)
                para = cell.paragraphs[0]
                para.paragraph_format.line_spacing = 1.0
                if r == 0 or c == 0:
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                style_run(para.add_run(value), self.font, 10.5, r == 0 or value in ("合计",))
        weights = [min(max(len(row[c]) for row in rows), 16) + 2 for c in range(len(rows[0]))]
        t.autofit = False
        for c, weight in enumerate(weights):
            for cell in t.columns[c].cells:
                cell.width = Cm(15.0 * weight / sum(weights))
        if len(rows[0]) == 4 and rows[0][0] == "一级指标":
            self.merge_first_column(t, rows)
        self.doc.add_paragraph()

    @staticmethod
    def merge_first_column(t, rows: list[list[str]]) -> None:
        """Merge repeated 一级指标 cells vertically, as KPI tables are usually laid out."""
        start = 1
        for r in range(2, len(rows) + 1):
            if r == len(rows) or rows[r][0] != rows[start][0]:
                if r - 1 > start:
                    merged = t.cell(start, 0).merge(t.cell(r - 1, 0))
                    for extra in merged.paragraphs[1:]:
                        extra._p.getparent().remove(extra._p)
                start = r

    def render(self, items: list[Item], body_items: list[Item], pages: dict[int, int]) -> Document:
        self.cover()
        self.toc(items, pages)
        for index, it in enumerate(body_items):
            if it.kind == "h":
                if it.level == 1 and index > 0 and self.spec.kind != "proposal":
                    self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                self.heading(index, it)
            elif it.kind == "p":
                self.body_para(it.text)
            elif it.kind == "li":
                self.list_item(it)
            elif it.kind == "caption":
                self.doc.add_paragraph(it.text, style="图表标题")
            elif it.kind == "table":
                self.table(it.rows)
        props = self.doc.core_properties
        props.title = f"{self.ctx['proj']}{KIND_NAMES[self.spec.kind]}"
        props.author = str(self.ctx["consultant"])
        props.last_modified_by = str(self.ctx["consultant"])
        year, month = doc_date(self.spec)[:-1].split("年")
        props.created = props.modified = dt.datetime(int(year), int(month), 1, 9, 0, 0)
        props.revision = 1
        return self.doc


def estimate_pages(items: list[Item], kind: str) -> dict[int, int]:
    """Page each heading would land on: the cached numbers a TOC field shows before Word updates it."""
    pages, chars, page = {}, 0.0, 1
    for i, it in enumerate(items):
        if it.kind == "h" and it.level == 1 and i > 0 and kind != "proposal":
            page += 1 if chars else 0
            chars = 0.0
        if it.kind == "h":
            pages[i] = page + int(chars // CHARS_PER_PAGE)
            chars += 80
        elif it.kind == "table":
            chars += 70 * len(it.rows)
        else:
            chars += max(len(it.text), 40) * 1.05
        if chars >= CHARS_PER_PAGE:
            page += int(chars // CHARS_PER_PAGE)
            chars %= CHARS_PER_PAGE
    return pages


def cut_off(items: list[Item], chapters: int) -> list[Item]:
    """The body of a public copy that stops after `chapters` chapters, mid-sentence."""
    starts = [i for i, it in enumerate(items) if it.kind == "h" and it.level == 1]
    body = copy.deepcopy(items[: starts[chapters]] if chapters < len(starts) else items)
    last = next(i for i in range(len(body) - 1, -1, -1) if body[i].kind == "p")
    text = body[last].text
    body[last].text = text[: int(len(text) * 0.6)].rstrip("，。；、")
    return body[: last + 1]


# ---------------------------------------------------------------- files


def save_docx(doc: Document, path: Path) -> None:
    """Save with fixed zip timestamps so a rerun produces byte-identical DOCX files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    doc.save(str(tmp))
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    tmp.unlink()


def fontconfig_file(workdir: Path) -> Path:
    """A fontconfig file mapping 宋体/黑体/仿宋 to Noto CJK: without it LibreOffice's font
    fallback makes the conversion several times slower."""
    aliases = "".join(
        f"<alias binding=\"same\"><family>{name}</family><prefer><family>"
        f"{'Noto Sans CJK SC' if name in ('黑体', '方正小标宋简体') else 'Noto Serif CJK SC'}</family></prefer></alias>"
        for name in FONT_ALIASES)
    conf = workdir / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>',
                    encoding="utf-8")
    return conf


def convert_to_pdf(docx_files: list[Path], outdir: Path, workdir: Path) -> bool:
    soffice = shutil.which("soffice")
    if not soffice:
        print("soffice not found: PDF step skipped, the committed PDFs are kept.")
        return False
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(workdir)))
    subprocess.run([soffice, "-env:UserInstallation=file:///tmp/lo_profile_samples", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
    return True


def write_broken(pdf_source: Path | None) -> None:
    broken = HERE / "broken"
    broken.mkdir(exist_ok=True)
    (broken / "空文件.docx").write_bytes(b"")
    if pdf_source is not None and pdf_source.exists():
        data = pdf_source.read_bytes()
        (broken / "截断.pdf").write_bytes(data[: len(data) // 3])


# ---------------------------------------------------------------- manifest


def expected_from_rulebook(spec: DocSpec, plan: list[str]) -> set[tuple[str, str]]:
    """What the rulebook demands, given how the spec treats each chapter: a self-check on `expected`."""
    found = set()
    for t in mandated(spec.kind, spec.jurisdiction):
        how = spec.treat.get(t, "full" if t in plan else "missing")
        if how == "missing":
            found.add(("missing_chapter", t))
        elif how.startswith("thin"):
            found.add(("thin_chapter", t))
    return found


def manifest_entries(spec: DocSpec, plan: list[str]) -> list[dict]:
    if spec.body_chapters is None:
        declared = set(spec.expected)
        derived = expected_from_rulebook(spec, plan)
        if declared != derived:
            raise SystemExit(f"{spec.name}: expected {sorted(declared)} but the rulebook gives {sorted(derived)}")
    entries = []
    for fmt in spec.formats:
        entries.append({
            "path": f"samples/{spec.folder}/{spec.name}.{fmt}", "kind": spec.kind,
            "jurisdiction": spec.jurisdiction,
            "expected": [{"code": code, "chapter_type": ct} for code, ct in spec.expected],
            "incomplete": spec.body_chapters is not None, "clean_control": spec.clean_control,
            "notes": spec.notes,
        })
    return entries


BROKEN_ENTRIES = [
    {"path": "samples/broken/空文件.docx", "kind": "unknown", "jurisdiction": None,
     "expected": [{"code": "unreadable", "chapter_type": None}], "incomplete": False, "clean_control": False,
     "notes": "零字节文件：无法读取，应报 unreadable，不得报任何缺章。"},
    {"path": "samples/broken/截断.pdf", "kind": "unknown", "jurisdiction": None,
     "expected": [{"code": "unreadable", "chapter_type": None}], "incomplete": False, "clean_control": False,
     "notes": "只保留前三分之一字节的 PDF（缺交叉引用表、页面树和文档目录）：应报 unreadable。"},
]


# ---------------------------------------------------------------- main


def build_one(spec: DocSpec, build_dir: Path) -> tuple[Path, list[str]]:
    rng = random.Random(spec.seed)
    ctx = build_context(spec, rng)
    builder = Builder(spec, ctx, rng)
    items = builder.build()
    body = cut_off(items, spec.body_chapters) if spec.body_chapters is not None else items
    front = 1 + -(-sum(1 for it in items if it.kind == "h") // 26)  # cover + TOC pages before the body
    pages = {i: p + front for i, p in estimate_pages(items, spec.kind).items()}
    doc = DocxWriter(spec, ctx, rng).render(items, body, pages)
    target = (HERE / spec.folder if "docx" in spec.formats else build_dir / spec.folder) / f"{spec.name}.docx"
    save_docx(doc, target)
    return target, builder.chapter_plan() + builder.subs_flat()


def main() -> None:
    manifest: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="docscreen_samples_") as tmp:
        build_dir = Path(tmp)
        to_pdf: list[tuple[DocSpec, Path]] = []
        for spec in DOCS:
            docx_path, plan = build_one(spec, build_dir)
            manifest += manifest_entries(spec, plan)
            if "pdf" in spec.formats:
                to_pdf.append((spec, docx_path))
            print(f"built {docx_path.name}")
        pdf_out = build_dir / "pdf"
        pdf_out.mkdir()
        converted = convert_to_pdf([p for _, p in to_pdf], pdf_out, build_dir)
        if converted:
            for spec, docx_path in to_pdf:
                target = HERE / spec.folder / f"{spec.name}.pdf"
                shutil.copyfile(pdf_out / f"{docx_path.stem}.pdf", target)
                print(f"exported {target.name}")
        first_pdf = HERE / to_pdf[0][0].folder / f"{to_pdf[0][0].name}.pdf" if converted else None
        write_broken(first_pdf)
    manifest += BROKEN_ENTRIES
    (HERE / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote manifest.json ({len(manifest)} entries)")


if __name__ == "__main__":
    main()
