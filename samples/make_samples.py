"""Build the sample submissions (DOCX, PDF), the broken inputs and `manifest.json`.

Run from anywhere: `python samples/make_samples.py`. Every document is drawn from the paragraph
banks in `sample_text.py` with `random.Random(seed)`, so a rerun reproduces the same text. The
documents vary in the ways real ones do (heading styles, typed vs Word numbering, TOC field vs
typed 目录, tables); the specs in `sample_specs.py` say which chapters each one lacks or thins,
which budget and content defects and tricky-but-right controls it carries, and which findings the
screener must produce. Before writing `manifest.json` the script re-derives every expected finding
from what it rendered (chapters from the rulebook; budget findings from the written tables, totals,
大写 amounts and annual splits; content findings from each chapter's sentences and tables) and stops
on any disagreement. The 竣工验收 packages come from `make_packages.py`, built on the helpers here.
PDFs are exported with LibreOffice; without `soffice` the PDF step is skipped and the committed PDFs
are kept.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import re
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
from sample_specs import (  # noqa: E402
    ANNUAL_SPLIT_REQUIRED, BUDGET_CODES, BUDGET_CONTROLS, BUDGET_DEFECTS, CATALOGUE_FIELDS, COMPAT_WORDS,
    CONTENT_CODES, CONTENT_CONTROLS, CONTENT_DEFECTS, CRYPTO_EVALUATION_WORDS, CRYPTO_LEVEL, DOCS, FIELD_HEADERS,
    FOREIGN_WORDS, GUOMI_WORDS, HARDWARE_WORDS, JURISDICTIONS, KIND_NAMES, NOT_USED_WORDS, PLANS, PRODUCT_TABLE_WORDS,
    PURCHASE_NEGATIONS, PURCHASE_RULE, PURCHASE_WORDS, RENTING_WORDS, REPLACED_WORDS, SHARING_ELEMENTS, SHARING_RULE,
    TOLERANCE_YUAN, WEAK_WORDS, DocSpec, mandated, thresholds_hit,
)
from sample_text import (  # noqa: E402
    BASIS, CONFIG_ROWS, CONTROL_SENTENCES, DEFECT_SENTENCES, PRINCIPLES, TOPICS, VARIANTS, Section, Topic,
)

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
    topic: str = ""  # the chapter (or nested section) topic it belongs to: the content oracle reads by topic


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


def text_cm(text: str) -> float:
    """How wide a cell's text sets at 10.5pt: CJK characters 1em, digits and Latin letters about
    0.65em (the fallback for Times New Roman here is DejaVu Serif)."""
    return sum(0.37 if ord(ch) >= 0x2E80 else 0.24 for ch in text)


def column_widths(rows: list[list[str]], total: float = 15.0) -> list[float]:
    """Column widths (cm) as a typist sets them: short columns (序号, 单位, amounts) get what their
    longest cell needs, the header may wrap once, and the long text columns share the rest."""
    pad, short = 0.5, 2.8
    need = [max(0.8, text_cm(rows[0][c]) / 2, *(text_cm(r[c]) for r in rows[1:])) + pad
            for c in range(len(rows[0]))]
    numeric = [all(re.fullmatch(r"[\d,.%]*", r[c]) for r in rows[1:]) for c in range(len(rows[0]))]
    fixed = {c: n for c, n in enumerate(need) if n <= short or numeric[c]}
    flex = {c: min(n, 8.0) for c, n in enumerate(need) if c not in fixed}
    rest = total - sum(fixed.values())
    if not flex or rest < len(flex) * 2.0:
        return [total * n / sum(need) for n in need]
    return [fixed[c] if c in fixed else rest * flex[c] / sum(flex.values()) for c in range(len(need))]


def money(x: Decimal) -> str:
    return f"{x.quantize(W, ROUND_HALF_UP):,.2f}".replace(",", "")


def yuan(wan: Decimal) -> str:
    """An amount in 万元 written in 元 with thousands separators, as finance tables write it."""
    return f"{(wan * 10000).quantize(W, ROUND_HALF_UP):,.2f}"


CAP_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CAP_PLACES = ("", "拾", "佰", "仟")
CAP_GROUPS = ("", "万", "亿")
# Known renderings: the formatter is checked against them before any sample is written.
CAPITAL_EXAMPLES = {
    Decimal("3568000"): "叁佰伍拾陆万捌仟元整", Decimal("3050800"): "叁佰零伍万零捌佰元整",
    Decimal("231000"): "贰拾叁万壹仟元整", Decimal("10000000"): "壹仟万元整",
    Decimal("100000500"): "壹亿零伍佰元整", Decimal("1002003.45"): "壹佰万贰仟零叁元肆角伍分",
    Decimal("7000.50"): "柒仟元伍角整", Decimal("120.07"): "壹佰贰拾元零柒分",
    Decimal("120000000"): "壹亿贰仟万元整", Decimal("10500000"): "壹仟零伍拾万元整",
}


def _capital_group(n: int) -> str:
    """1–9999 in 大写, with one 零 for each run of inner zeros."""
    text, zero, started = "", False, False
    for place in range(3, -1, -1):
        digit = n // 10 ** place % 10
        if digit == 0:
            zero = zero or started
            continue
        text += ("零" if zero else "") + CAP_DIGITS[digit] + CAP_PLACES[place]
        zero, started = False, True
    return text


def capital_amount(amount_yuan: Decimal) -> str:
    """人民币大写 as 财务 writes it: 叁佰零伍万零捌佰元整, 壹佰贰拾元零柒分."""
    cents = int((amount_yuan * 100).quantize(Decimal(1), ROUND_HALF_UP))
    whole, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    groups = [whole // 10000 ** i % 10000 for i in range(len(CAP_GROUPS))]
    text, gap = "", False
    for i in range(len(groups) - 1, -1, -1):
        if groups[i] == 0:
            gap = gap or bool(text)
            continue
        if text and (gap or groups[i] < 1000):
            text += "零"
        text += _capital_group(groups[i]) + CAP_GROUPS[i]
        gap = False
    text += "元" if whole else ""
    if jiao:
        text += CAP_DIGITS[jiao] + "角"
    elif fen and whole:
        text += "零"
    return text + (CAP_DIGITS[fen] + "分" if fen else "整")


def capital_value(text: str) -> Decimal:
    """Read a 大写 amount back (元): the oracle reads what the document says, not what was meant."""
    digits = {c: i for i, c in enumerate(CAP_DIGITS)}
    places = {"拾": 10, "佰": 100, "仟": 1000}
    total, group, digit = Decimal(0), Decimal(0), 0
    for ch in text.removeprefix("人民币").removesuffix("整"):
        if ch in digits:
            digit = digits[ch]
        elif ch in places:
            group += (digit or 1) * places[ch]
            digit = 0
        elif ch == "亿":
            total = (total + group + digit) * 100000000
            group, digit = Decimal(0), 0
        elif ch in "万元":
            total += (group + digit) * (10000 if ch == "万" else 1)
            group, digit = Decimal(0), 0
        elif ch in "角分":
            total += Decimal(digit) / (10 if ch == "角" else 100)
            digit = 0
    return total


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
    if spec.months is not None:
        months = spec.months
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
    ctx["budget"] = build_budget(spec, modules, ctx, rng)
    ctx["total"] = money(ctx["budget"]["total"])
    ctx["self_cost"] = money(ctx["budget"]["total"] * Decimal("1.45"))
    ctx["buy_cost"] = money(ctx["budget"]["total"] * Decimal("1.62"))
    return ctx


def _dec(rng: random.Random, lo: float, hi: float) -> Decimal:
    return Decimal(str(round(rng.uniform(lo, hi), 2)))


@dataclass
class Line:
    """One row of the investment table. `amount` is what the row says (万元): a defect may leave
    it stale, so it is stored, not computed."""

    number: str
    name: str
    amount: Decimal
    unit: str = ""
    qty: Decimal | None = None
    price: Decimal | None = None
    note: str = ""
    children: list[Line] = field(default_factory=list)


def item_line(number: str, name: str, unit: str, qty: int, price: Decimal) -> Line:
    q = Decimal(qty)
    return Line(number, name, (q * price).quantize(W), unit, q, price)


def group_line(number: str, name: str, children: list[Line]) -> Line:
    return Line(number, name, sum((c.amount for c in children), Decimal(0)), children=children)


def build_budget(spec: DocSpec, modules: list, ctx: dict, rng: random.Random) -> dict:
    """The investment table, drawn so that its lines add up (工程费用 + 其他费用 + 预备费 = 合计).
    The spec's controls add lines first; its defects then break exactly what they name. Lines a
    control or defect adds draw from their own RNG so the prose of every sample stays as it was."""
    unknown = set(spec.budget_defects) - set(BUDGET_DEFECTS) | set(spec.budget_controls) - set(BUDGET_CONTROLS)
    if unknown:
        raise SystemExit(f"{spec.name}: unknown budget defects/controls {sorted(unknown)}")
    scale = Decimal(spec.budget_scale)
    extra = random.Random(spec.seed * 7919)

    def draw(r: random.Random, lo: float, hi: float) -> Decimal:
        return (_dec(r, lo, hi) * scale).quantize(W, ROUND_HALF_UP)

    controls, defects = spec.budget_controls, spec.budget_defects
    software = [(m[0], "套", 1, draw(rng, 36, 150)) for m in modules]
    integration = [("数据治理与迁移", "项", 1, draw(rng, 18, 55)), ("系统集成与接口开发", "项", 1, draw(rng, 12, 40))]
    cloud_unit = draw(rng, 1.2, 2.4)
    server = "云服务器租用（首年）" if "cloud_rent" in controls else "政务云资源租用（首年）"
    cloud = [(server, "台·年", ctx["vm_count"], cloud_unit), ("政务云安全服务（首年）", "项", 1, draw(rng, 8, 20))]
    crypto = [("智能密码钥匙", "个", ctx["ukey"], Decimal("0.05")), ("密码服务（首年）", "项", 1, draw(rng, 10, 24))]
    if "cloud_rent" in controls:
        cloud.insert(1, ("云存储租用（首年）", "TB·年", ctx["storage"], draw(extra, 0.3, 0.6)))
    if "egov_network" in controls:
        cloud.append(("电子政务外网接入服务（首年）", "项", 1, draw(extra, 3, 8)))
    groups = [("应用软件开发费", software), ("数据治理与系统集成费", integration),
              ("云资源及安全服务费", cloud), ("密码产品及服务费", crypto)]
    if "hardware_xingan" in defects:
        groups.append(("硬件设备及机房建设费", [
            ("应用服务器", "台", extra.randint(4, 8), draw(extra, 8, 12)),
            ("数据库服务器", "台", 2, draw(extra, 13, 18)),
            ("磁盘阵列（存储设备）", "套", extra.randint(1, 2), draw(extra, 55, 90)),
            ("机房改造（精密空调、UPS、综合布线）", "项", 1, draw(extra, 80, 130))]))
    if "hardware_wuzhi" in defects:
        groups.append(("机房及网络建设费", [
            ("业务机房建设（装修、UPS、精密空调）", "项", 1, draw(extra, 60, 110)),
            ("视频监控专网建设（光纤链路）", "公里", extra.randint(12, 30), draw(extra, 1.2, 2.0))]))
    group_lines = [group_line(f"（{cn_num(gi)}）", gname, [item_line(str(ii), *row) for ii, row in enumerate(rows, 1)])
                   for gi, (gname, rows) in enumerate(groups, 1)]
    eng = group_line("一", "工程费用", group_lines)
    others = [("项目前期咨询费", (eng.amount * Decimal("0.015")).quantize(W)),
              ("工程监理费", (eng.amount * Decimal("0.02")).quantize(W)),
              ("等级保护测评费", draw(rng, 5, 10)), ("商用密码应用安全性评估费", draw(rng, 8, 15)),
              ("招标代理费", draw(rng, 2, 5))]
    other = group_line("二", "工程建设其他费用", [item_line(str(ii), name, "项", 1, a) for ii, (name, a) in enumerate(others, 1)])
    reserve = Line("三", "预备费", ((eng.amount + other.amount) * Decimal("0.03")).quantize(W), note="按一、二项之和的3%计")
    total = eng.amount + other.amount + reserve.amount
    if "group_stale" in defects:  # a line re-priced, its group line left as it was
        line = extra.choice(group_lines[0].children)
        line.price += draw(extra, 6, 15)
        line.amount = (line.qty * line.price).quantize(W)
    if "qty_price" in defects:  # the server count changed, the amount not
        group_lines[2].children[0].qty += extra.randint(2, 6)
    return {"lines": [eng, other, reserve], "eng": eng.amount, "other": other.amount, "reserve": reserve.amount,
            "total": total}


def transposed(x: Decimal) -> Decimal:
    """The amount with its 十位 and 个位 digits swapped: the slip a 大写 written by hand picks up."""
    whole = int(x)
    tens, ones = whole // 10 % 10, whole % 10
    return x + (ones - tens) * 9 if tens != ones else x + 10


def annual_parts(amount: Decimal, years: list[int]) -> list[tuple[int, Decimal]]:
    """A multi-year split (60/40, or 30/50/20 over three budget years) that adds up exactly in 0.01万元."""
    shares = {2: ("0.6",), 3: ("0.3", "0.5")}[len(years)]
    parts = [(amount * Decimal(share)).quantize(W, ROUND_HALF_UP) for share in shares]
    parts.append(amount - sum(parts))
    return list(zip(years, parts))


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


@dataclass
class Ledger:
    """What the document says about money, as written, with the chapter it is written in: the
    oracle re-derives the budget findings from this, not from the spec's defect names."""

    totals: list[tuple[int, str]] = field(default_factory=list)  # every statement of the total investment
    pairs: list[tuple[int, str, str]] = field(default_factory=list)  # (chapter, 大写, 小写)
    annual: list[tuple[int, int, str]] = field(default_factory=list)  # (chapter, year, amount)
    tables: list[tuple[int, list[list[str]]]] = field(default_factory=list)  # investment tables as rendered


class Builder:
    """Turns a spec into a list of Items: the chapters, their numbers, and the text under them."""

    def __init__(self, spec: DocSpec, ctx: dict, rng: random.Random):
        self.spec, self.ctx, self.rng = spec, ctx, rng
        self.ledger = Ledger()
        self.items: list[Item] = []
        self.counters = [0, 0, 0]
        self.tables = 0
        self.lists = 0
        self.list_style = rng.choice(("dot", "paren", "circle")) if spec.numbering != "mixed" else "circle"
        self.topic = ""
        self.placed: set[str] = set()  # content defects and controls that made it into the text

    # -- structure
    def heading(self, level: int, title: str) -> None:
        self.counters[level - 1] += 1
        for i in range(level, 3):
            self.counters[i] = 0
        number, auto = heading_number(self.spec.numbering, self.counters, level)
        self.items.append(Item("h", title, level, number, auto, topic=self.topic))

    def para(self, text: str) -> None:
        self.items.append(Item("p", text, topic=self.topic))

    def list_items(self, texts: list[str]) -> None:
        self.lists += 1
        for i, t in enumerate(texts, 1):
            marker = {"dot": f"{i}. ", "paren": f"（{i}）", "circle": "①②③④⑤⑥⑦⑧⑨⑩"[i - 1]}[self.list_style]
            self.items.append(Item("li", t, number=marker, list_id=self.lists, topic=self.topic))

    def table(self, caption: str, rows: list[list[str]]) -> None:
        self.tables += 1
        chapter = self.counters[0]
        self.items.append(Item("caption", f"表{chapter}-{self.tables} {caption}", topic=self.topic))
        self.items.append(Item("table", rows=rows, topic=self.topic))

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

    def topic_of(self, name: str) -> Topic:
        """The chapter's text: the bank's, or the variant a content defect writes instead."""
        variants = [VARIANTS[d][1] for d in self.spec.content_defects if d in VARIANTS and VARIANTS[d][0] == name]
        if variants:
            self.placed.update(d for d in self.spec.content_defects if d in VARIANTS and VARIANTS[d][0] == name)
        return variants[0] if variants else TOPICS[name]

    def build(self) -> list[Item]:
        unknown = set(self.spec.content_defects) - set(CONTENT_DEFECTS) | set(self.spec.content_controls) - set(CONTENT_CONTROLS)
        if unknown:
            raise SystemExit(f"{self.spec.name}: unknown content defects/controls {sorted(unknown)}")
        for name in self.chapter_plan():
            self.topic = name
            topic = self.topic_of(name)
            how = self.treatment(name)
            self.heading(1, self.title_for(topic, name))
            self.tables = 0
            if how == "thin_bare":
                continue
            if how == "thin_sentence":
                self.para(fill(topic.thin_sentence, self.ctx))
                if name == "investment":
                    self.stated_total(f"{self.ctx['total']}万元")
                continue
            if how == "thin_attach":
                self.para(self.attachment_ref(topic, name))
                continue
            self.topic_body(name, topic, level=2)
            for sub in self.subs_of(name):
                self.topic = sub
                sub_topic = self.topic_of(sub)
                self.heading(2, self.title_for(sub_topic, sub))
                self.topic_body(sub, sub_topic, level=3)
        unplaced = {*self.spec.content_defects, *self.spec.content_controls} - self.placed
        if unplaced:
            raise SystemExit(f"{self.spec.name}: {sorted(unplaced)} found no chapter to go into")
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
            if section.lead:
                self.para(fill("".join(section.lead), self.ctx))
            if section.render:
                getattr(self, "render_" + section.render)(section, level + 1)
            else:
                for text in draw_paragraphs(section.pool, section.paras, self.rng, self.ctx):
                    self.para(text)
        configs = [d for d in self.spec.content_defects if d in CONFIG_ROWS]
        if name == "construction" and configs:
            self.heading(level, "主要软硬件配置")
            self.para("根据应用系统的部署要求，本项目主要软硬件配置如下表所示，服务器资源向政务云申请。")
            rows = [["序号", "类别", "产品名称及版本", "生产厂商", "数量", "部署位置"]]
            rows += [[str(i), *row] for i, row in enumerate(CONFIG_ROWS[configs[0]], 1)]
            self.table("主要软硬件配置清单", rows)
            self.placed.add(configs[0])
        for key in (*self.spec.content_controls, *self.spec.content_defects):
            chapter, sentence = {**CONTROL_SENTENCES, **DEFECT_SENTENCES}.get(key, ("", ""))
            if chapter == name:
                self.para(fill(sentence, self.ctx))
                self.placed.add(key)

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
            own = "和单位自筹资金" if {"funds_split", "capital_fiscal"} & {*self.spec.budget_controls, *self.spec.budget_defects} else ""
            lines.append(f"总投资及资金来源：项目总投资{c['total']}万元，资金来源为{c['fund']}{own}。")
            self.stated_total(f"{c['total']}万元")
        for line in lines:
            self.para(line)

    def stated_total(self, written: str) -> None:
        self.ledger.totals.append((self.counters[0], written))

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
        if "about" in self.spec.budget_controls:
            about = f"约{self.ctx['budget']['total'].quantize(Decimal(1), ROUND_HALF_UP)}万元"
            self.para(f"项目总投资{about}，建设周期{self.ctx['months']}个月。")
            self.stated_total(about)

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
        shown = {*self.spec.content_defects, *self.spec.content_controls}
        if {"catalogue_no_open", "catalogue_share_only"} & shown:
            rows = [row[:-1] for row in rows]
        if "catalogue_blank_share" in shown:
            rows = [row[:6] + ["" if r else row[6]] + row[7:] for r, row in enumerate(rows)]
        self.placed.update({"catalogue_no_open", "catalogue_share_only", "catalogue_blank_share"} & shown)
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
                ["5", "SSL VPN安全网关", "国密SSL VPN安全网关", "政务云密码服务资源池提供", "1套", "具备商用密码产品认证证书"]
                if "foreign_hsm" not in self.spec.content_defects else
                ["5", "服务器密码机", "Thales Luna Network HSM 7", "泰雷兹（Thales）集团", "2台", "进口产品，原系统已使用"],
                ["6", "智能密码钥匙", "国密USBKey", r.choice(("飞天诚信科技股份有限公司", "北京海泰方圆科技股份有限公司")), f"{c['ukey']}个", "具备商用密码产品认证证书"],
                ["7", "办公终端", r.choice(("长城世恒DF720台式机", "联想开天M90z台式机")), r.choice(("中国长城科技集团股份有限公司", "联想开天科技有限公司")), f"{r.choice((6, 10, 12))}台", "国产CPU与操作系统"]]
        self.table("主要软硬件产品清单", rows)

    def render_products_foreign(self, section: Section, level: int) -> None:
        c = self.ctx
        rows = [["序号", "产品类别", "产品名称及型号", "生产厂商", "数量", "产地"],
                ["1", "服务器", "Dell PowerEdge R750（Intel Xeon Gold 6330）", "戴尔（中国）有限公司", "6台", "进口"],
                ["2", "操作系统", "Microsoft Windows Server 2019 Datacenter", "微软（中国）有限公司", "6套", "进口"],
                ["3", "数据库", "Oracle Database 19c 企业版", "甲骨文（中国）软件系统有限公司", "2套", "进口"],
                ["4", "中间件", "Oracle WebLogic Server 14c", "甲骨文（中国）软件系统有限公司", "4套", "进口"],
                ["5", "核心交换机", "Cisco Catalyst 9300-48T", "思科系统（中国）网络技术有限公司", "2台", "进口"],
                ["6", "SSL VPN安全网关", "深信服SSL VPN M5400", "深信服科技股份有限公司", "1套", "国产"],
                ["7", "智能密码钥匙", "USBKey", "飞天诚信科技股份有限公司", f"{c['ukey']}个", "国产"]]
        self.para("本项目主要设备及软件配置情况见下表。")
        self.table("主要设备及软件配置清单", rows)

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
        unit = "元" if "table_yuan" in self.spec.budget_controls else "万元"
        write = yuan if unit == "元" else money
        rows = [["序号", "费用名称", "单位", "数量", f"单价（{unit}）", f"金额（{unit}）", "备注"]]

        def walk(line: Line) -> None:
            rows.append([line.number, line.name, line.unit, "" if line.qty is None else str(line.qty),
                         "" if line.price is None else write(line.price), write(line.amount), line.note])
            for child in line.children:
                walk(child)

        for line in b["lines"]:
            walk(line)
        rows.append(["", "合计", "", "", "", write(b["total"]), ""])
        if unit == "元":  # amounts in 元 leave no room for a 备注 column: its one note goes into the prose
            rows = [row[:-1] for row in rows]
        pct = {k: (b[k] / b["total"] * 100).quantize(W, ROUND_HALF_UP) for k in ("eng", "other", "reserve")}
        if self.spec.kind == "preliminary_design":
            lead = f"经概算，项目概算总投资{money(b['total'])}万元"
        elif self.spec.seed % 2:
            lead = f"本项目投资估算总额为{money(b['total'])}万元"
        else:
            lead = f"经估算，项目总投资{money(b['total'])}万元"
        unit_note = "（表中金额单位为元，预备费按一、二项之和的3%计）" if unit == "元" else ""
        self.para(f"{lead}。其中：工程费用{money(b['eng'])}万元，占总投资的{pct['eng']}%；"
                  f"工程建设其他费用{money(b['other'])}万元，占总投资的{pct['other']}%；预备费{money(b['reserve'])}万元，"
                  f"占总投资的{pct['reserve']}%。投资明细见下表{unit_note}。")
        self.stated_total(f"{money(b['total'])}万元")
        self.table("项目投资估算表" if self.spec.kind != "preliminary_design" else "项目投资概算表", rows)
        self.ledger.tables.append((self.counters[0], rows))
        self.stated_total(f"{rows[-1][5]}{unit}")

    def render_funding(self, section: Section, level: int) -> None:
        """资金来源: the total again (in the form the spec asks), the split by source and by year, upkeep."""
        c, b = self.ctx, self.ctx["budget"]
        controls, defects = self.spec.budget_controls, self.spec.budget_defects
        total = b["total"]
        stated = b["eng"] + b["other"] if "funding_total" in defects else total  # before 预备费 was added
        written = f"{yuan(stated)}元" if "total_yuan" in controls else f"{money(stated)}万元"
        if "capital_total" in defects or "capital" in controls:
            capital = capital_amount((transposed(stated) if "capital_total" in defects else stated) * 10000)
            if "total_yuan" in controls:
                text = f"本项目总投资为人民币{written}（大写：{capital}）"
            else:
                text = f"本项目总投资人民币{capital}（小写：{written}）"
            self.ledger.pairs.append((self.counters[0], capital, written))
        else:
            text = f"本项目总投资{written}"
        self.stated_total(written)
        fund = str(c["fund"])
        if "funds_split" in controls or "capital_fiscal" in defects:
            fiscal = (total * Decimal("0.7")).quantize(Decimal(1), ROUND_HALF_UP) + Decimal("0.00")
            own = total - fiscal
            if "capital_fiscal" in defects or "fiscal_capital" in controls:
                # a defect keeps the 大写 of the amount asked for before the split changed
                said = fiscal - (fiscal % 10 or 10) if "capital_fiscal" in defects else fiscal
                asked = f"人民币{capital_amount(said * 10000)}（小写：{money(fiscal)}万元）"
                self.ledger.pairs.append((self.counters[0], capital_amount(said * 10000), f"{money(fiscal)}万元"))
            else:
                asked = f"{money(fiscal)}万元"
            text += (f"，资金来源为{fund}和单位自筹资金，其中申请{fund}{asked}，单位自筹资金{money(own)}万元，"
                     f"已纳入{c['plan_year']}年度政务信息化项目计划。")
        else:
            text += f"，资金来源为{fund}，已纳入{c['plan_year']}年度政务信息化项目计划。"
        years = list(range(int(c["start_year"]), int(c["end_year"]) + 1))
        table = "annual_table" in controls and len(years) > 1 and not {"funding_total", "one_off"} & set(defects)
        if "funding_total" in defects:
            text += "项目资金按合同约定和建设进度分期拨付。"
        elif len(years) == 1 or "one_off" in defects:
            text += "项目资金在建设期内一次性安排，按合同约定分期支付。"
        elif table:
            text += "项目跨年度实施，分年度投资安排见下表。"
        else:
            base = (total * Decimal("1.1")).quantize(W) if "annual_over" in defects else total  # split before a revision
            parts = annual_parts(base, years)
            for year, part in parts:
                self.ledger.annual.append((self.counters[0], year, f"{money(part)}万元"))
            text += "项目跨年度实施，分年度资金安排为：" + "，".join(f"{y}年安排{money(x)}万元" for y, x in parts) + "。"
        self.para(text)
        if table:
            parts = annual_parts(total, years)
            shares = [(x / total * 100).quantize(W, ROUND_HALF_UP) for _, x in parts[:-1]]
            shares.append(Decimal(100) - sum(shares))
            rows = [["年度", "投资额（万元）", "占比（%）"]]
            rows += [[f"{y}年", money(x), str(share)] for (y, x), share in zip(parts, shares)]
            rows.append(["合计", money(total), "100.00"])
            self.table("分年度投资计划表", rows)
            for year, part in parts:
                self.ledger.annual.append((self.counters[0], year, f"{money(part)}万元"))
            self.stated_total(f"{money(total)}万元")
        if "ops_cost" in controls:
            ops = (total * Decimal("0.1")).quantize(W, ROUND_HALF_UP)
            self.para(f"项目建成后，年运行维护费用约为{money(ops)}万元（按建设投资的10%测算），按照有关规定纳入项目建设单位年度部门预算；"
                      f"按5年运行期测算，项目全生命周期总成本约为{money(total + 5 * ops)}万元。")
        else:
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
        t.autofit = False
        for c, cm in enumerate(column_widths(rows)):
            t.columns[c].width = Cm(cm)  # the table grid: LibreOffice lays columns out from it
            for cell in t.columns[c].cells:
                cell.width = Cm(cm)
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


PDF_STAMPS = re.compile(rb"(?<=/CreationDate\(D:)\d{14}|(?<=/ID \[ <)[0-9A-F]{32}(?=>)|(?<=>\n<)[0-9A-F]{32}(?=> \])"
                        rb"|(?<=/DocChecksum /)[0-9A-F]{32}")


def pinned_pdf(data: bytes) -> bytes:
    """A LibreOffice export with its time stamp, random /ID and checksum pinned: each is replaced by
    one of the same length, so the xref offsets stay right and a rerun writes the same bytes."""
    digest = hashlib.md5(PDF_STAMPS.sub(lambda m: b"0" * len(m[0]), data)).hexdigest().upper().encode()
    return PDF_STAMPS.sub(lambda m: b"20240601090000" if len(m[0]) == 14 else digest, data)


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


AMOUNT = re.compile(r"(约)?([\d,]+(?:\.\d+)?)(亿元|万元|元)")
IN_YUAN = {"元": 1, "万元": 10000, "亿元": 100000000}
CN_ORDINALS = set("一二三四五六七八九十")


def read_amount(written: str) -> tuple[Decimal, Decimal]:
    """An amount as written (约357万元, 3,568,000.00元) in 元, and how far off it may honestly be:
    0.01万元, or half a step of its last digit when it says 约."""
    m = AMOUNT.fullmatch(written)
    if m is None:
        raise SystemExit(f"not an amount: {written!r}")
    number = Decimal(m[2].replace(",", ""))
    step = Decimal(1).scaleb(number.as_tuple().exponent) * IN_YUAN[m[3]]
    return number * IN_YUAN[m[3]], max(step / 2, Decimal(TOLERANCE_YUAN)) if m[1] else Decimal(TOLERANCE_YUAN)


def table_mismatches(rows: list[list[str]]) -> list[str]:
    """Lines of a rendered investment table that do not add up: a group against its children,
    合计 against the top lines, 数量 × 单价 against 金额."""
    factor = IN_YUAN["万元" if "万元" in rows[0][5] else "元"]

    def num(cell: str) -> Decimal | None:
        return Decimal(cell.replace(",", "")) * factor if cell else None

    def level(number: str) -> int:
        if not number:
            return 0
        return 1 if number in CN_ORDINALS else 2 if number.startswith("（") else 3

    lines = [(level(r[0]), r[1], num(r[5]), Decimal(r[3]) if r[3] else None, num(r[4])) for r in rows[1:]]
    wrong = []
    for i, (lvl, name, amount, qty, price) in enumerate(lines):
        if qty is not None and price is not None and abs(qty * price - amount) > TOLERANCE_YUAN:
            wrong.append(f"{name}: 数量×单价")
        if lvl == 0:
            parts = [ln[2] for ln in lines if ln[0] == 1]
        else:
            below = list(itertools.takewhile(lambda ln: ln[0] > lvl, lines[i + 1:]))
            top = min((ln[0] for ln in below), default=None)
            parts = [ln[2] for ln in below if ln[0] == top]
        if parts and abs(sum(parts) - amount) > TOLERANCE_YUAN:
            wrong.append(f"{name}: 分项之和")
    return wrong


def budget_expected(spec: DocSpec, ledger: Ledger, ctx: dict) -> tuple[set[tuple[str, str | None]], Decimal | None]:
    """The budget findings the rules give for what was rendered, and the total investment (元) the
    document states first. On a cut-off copy, only what its body holds counts, and no budget finding
    is expected unless every money statement made it into the body."""
    limit = spec.body_chapters
    entries = [ch for ch, _ in ledger.totals + ledger.tables] + [e[0] for e in ledger.pairs + ledger.annual]
    totals = [read_amount(t) for ch, t in ledger.totals if limit is None or ch <= limit]
    first = totals[0][0] if totals else None
    if limit is not None and any(ch > limit for ch in entries):
        return set(), first
    found: set[tuple[str, str | None]] = set()
    if any(table_mismatches(rows) for _, rows in ledger.tables):
        found.add(("budget_items_mismatch", "investment"))
    conflicting = any(abs(a - b) > max(ta, tb) for (a, ta), (b, tb) in itertools.combinations(totals, 2))
    if conflicting or any(capital_value(cap) != read_amount(fig)[0] for _, cap, fig in ledger.pairs):
        found.add(("budget_total_conflict", "investment"))
    annual = [read_amount(a)[0] for _, _, a in ledger.annual]
    if annual and first is not None and abs(sum(annual) - first) > TOLERANCE_YUAN:
        found.add(("budget_annual_mismatch", "investment"))
    if spec.jurisdiction in ANNUAL_SPLIT_REQUIRED and first is not None:
        multi_year = int(ctx["end_year"]) > int(ctx["start_year"])
        if multi_year != (int(ctx["months"]) > 12):
            raise SystemExit(f"{spec.name}: {ctx['months']}个月 from {ctx['start']} to {ctx['finish']} is multi-year "
                             "by one reading and not by the other: choose `months` so both agree")
        if multi_year and not annual:
            found.add(("budget_annual_missing", "investment"))
    words = HARDWARE_WORDS.get(spec.jurisdiction or "", ())
    names = [row[1] for _, rows in ledger.tables for row in rows[1:]]
    if any(w in n for n in names for w in words if not any(r in n for r in RENTING_WORDS)):
        found.add(("hardware_procurement", "investment"))
    if first is not None and thresholds_hit(spec.kind, spec.jurisdiction, first / 10000):
        found.add(("process_threshold", None))
    return found, first


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"[。；]", text) if part]


def topic_texts(items: list[Item], topic: str) -> tuple[list[str], list[list[list[str]]]]:
    """A chapter's sentences and tables as rendered (headings left out: a title is not a statement)."""
    texts = [t for it in items if it.topic == topic and it.kind in ("p", "li") for t in sentences(it.text)]
    tables = [it.rows for it in items if it.topic == topic and it.kind == "table"]
    return texts, tables


def product_tables(items: list[Item]) -> list[list[list[str]]]:
    """Tables whose caption says they list products (产品清单, 配置清单), wherever they stand."""
    return [items[i + 1].rows for i, it in enumerate(items[:-1])
            if it.kind == "caption" and any(w in it.text for w in PRODUCT_TABLE_WORDS)]


def content_expected(spec: DocSpec, items: list[Item], plan: list[str]) -> set[tuple[str, str]]:
    """The content findings the rules give for what was rendered: the products named, the crypto
    chapter's algorithms, level and 密评, the catalogue's columns and cells, 营口's sharing elements
    and its 购买服务 comparison. Only chapters with substance are read."""
    found: set[tuple[str, str]] = set()
    jur = spec.jurisdiction or "*"

    def substantive(topic: str) -> bool:
        how = spec.treat.get(topic, "full")
        return topic in plan and (how == "full" or how.startswith("sub:")) and any(it.topic == topic for it in items)

    def foreign(text: str) -> bool:
        return any(w in text for w in FOREIGN_WORDS)

    said, _ = topic_texts(items, "secure_products") if substantive("secure_products") else ([], [])
    used = [t for t in said if foreign(t) and not any(w in t for w in REPLACED_WORDS)
            and not ("兼容" in t and any(w in t for w in COMPAT_WORDS))]
    listed = [" ".join(row) for rows in product_tables(items) for row in rows[1:] if foreign(" ".join(row))]
    if used or listed:
        found.add(("foreign_product", CONTENT_CODES["foreign_product"][0]))

    if substantive("crypto_plan"):
        said, _ = topic_texts(items, "crypto_plan")
        text = "".join(said)
        weak = [t for t in said if any(w in t for w in WEAK_WORDS) and not any(n in t for n in NOT_USED_WORDS)]
        if (not any(w in text for w in GUOMI_WORDS) or weak or not re.search(CRYPTO_LEVEL, text)
                or not any(w in text for w in CRYPTO_EVALUATION_WORDS)):
            found.add(("crypto_noncompliant", CONTENT_CODES["crypto_noncompliant"][0]))

    if substantive("resource_catalogue"):
        fields = CATALOGUE_FIELDS.get(jur, CATALOGUE_FIELDS["*"])
        for rows in topic_texts(items, "resource_catalogue")[1]:
            columns = [next((c for c, head in enumerate(rows[0]) if head in FIELD_HEADERS[f]), None) for f in fields]
            if None in columns or any(not row[c].strip() for row in rows[1:] for c in columns):
                found.add(("catalogue_fields_missing", CONTENT_CODES["catalogue_fields_missing"][0]))

    if jur == SHARING_RULE[0] and spec.kind in SHARING_RULE[1] and substantive("data_sharing"):
        said, tables = topic_texts(items, "data_sharing")
        text = "".join(said) + "".join(cell for rows in tables for row in rows for cell in row)
        if not all(any(w in text for w in words) for words in SHARING_ELEMENTS.values()):
            found.add(("sharing_content_missing", CONTENT_CODES["sharing_content_missing"][0]))

    if jur == PURCHASE_RULE[0] and spec.kind in PURCHASE_RULE[1] and spec.body_chapters is None:
        uses = [t for it in items if it.kind in ("p", "li") and it.topic != "purchase_vs_build"
                for t in sentences(it.text)
                if any(w in t for w in PURCHASE_WORDS) and not any(n in t for n in PURCHASE_NEGATIONS)]
        if uses and "purchase_vs_build" not in plan:
            found.add(("missing_chapter", "purchase_vs_build"))
    return found


def manifest_entries(spec: DocSpec, plan: list[str], ledger: Ledger, ctx: dict, items: list[Item]) -> list[dict]:
    declared = set(spec.expected)
    budget, total = budget_expected(spec, ledger, ctx)
    content = content_expected(spec, items, plan)
    if spec.body_chapters is None:
        chapters = expected_from_rulebook(spec, plan)
    else:  # a cut-off copy: its chapter expectations are declared, not derived
        chapters = {e for e in declared if e[0] not in BUDGET_CODES and e[0] not in CONTENT_CODES}
    if declared != chapters | budget | content:
        raise SystemExit(f"{spec.name}: expected {sorted(declared, key=str)} but the rules give "
                         f"{sorted(chapters | budget | content, key=str)}")
    notes = spec.notes
    if spec.content_controls:
        notes += "内容对照：" + "；".join(CONTENT_CONTROLS[k] for k in spec.content_controls) + "。"
    entries = []
    for fmt in spec.formats:
        entries.append({
            "path": f"samples/{spec.folder}/{spec.name}.{fmt}", "kind": spec.kind,
            "jurisdiction": spec.jurisdiction,
            "expected": [{"code": code, "chapter_type": ct} for code, ct in spec.expected],
            "total_investment_yuan": None if total is None else TotalYuan(total),
            "incomplete": spec.body_chapters is not None, "clean_control": spec.clean_control,
            "notes": notes,
        })
    return entries


class TotalYuan(Decimal):
    """A total written into the manifest as a JSON number with two decimals (6218900.00)."""


def manifest_json(entries: list[dict]) -> str:
    marker = "@total_yuan@"
    text = json.dumps(entries, ensure_ascii=False, indent=2,
                      default=lambda o: f"{marker}{o.quantize(W)}" if isinstance(o, TotalYuan) else None)
    return re.sub(f'"{marker}([0-9.]+)"', r"\1", text) + "\n"


BROKEN_ENTRIES = [
    {"path": "samples/broken/空文件.docx", "kind": "unknown", "jurisdiction": None,
     "expected": [{"code": "unreadable", "chapter_type": None}], "total_investment_yuan": None,
     "incomplete": False, "clean_control": False,
     "notes": "零字节文件：无法读取，应报 unreadable，不得报任何缺章。"},
    {"path": "samples/broken/截断.pdf", "kind": "unknown", "jurisdiction": None,
     "expected": [{"code": "unreadable", "chapter_type": None}], "total_investment_yuan": None,
     "incomplete": False, "clean_control": False,
     "notes": "只保留前三分之一字节的 PDF（缺交叉引用表、页面树和文档目录）：应报 unreadable。"},
]


# ---------------------------------------------------------------- main


def build_one(spec: DocSpec, build_dir: Path) -> tuple[Path, list[dict]]:
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
    return target, manifest_entries(spec, builder.chapter_plan() + builder.subs_flat(), builder.ledger, ctx, body)


def main() -> None:
    wrong = {v: capital_amount(v) for v, text in CAPITAL_EXAMPLES.items() if capital_amount(v) != text}
    if wrong or any(capital_value(text) != v for v, text in CAPITAL_EXAMPLES.items()):
        raise SystemExit(f"大写 formatter disagrees with its examples: {wrong}")
    import make_packages  # it builds on this module's helpers, so it is loaded after them

    manifest: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="docscreen_samples_") as tmp:
        build_dir = Path(tmp)
        to_pdf: list[tuple[DocSpec, Path]] = []
        for spec in DOCS:
            docx_path, entries = build_one(spec, build_dir)
            manifest += entries
            if "pdf" in spec.formats:
                to_pdf.append((spec, docx_path))
            print(f"built {docx_path.name}")
        packages = make_packages.render(build_dir)
        print(f"built {len(packages)} acceptance packages")
        pdf_out = build_dir / "pdf"
        pdf_out.mkdir()
        converted = convert_to_pdf([p for _, p in to_pdf] + make_packages.pdf_sources(packages), pdf_out, build_dir)
        if converted:
            for spec, docx_path in to_pdf:
                target = HERE / spec.folder / f"{spec.name}.pdf"
                target.write_bytes(pinned_pdf((pdf_out / f"{docx_path.stem}.pdf").read_bytes()))
                print(f"exported {target.name}")
        make_packages.assemble(packages, pdf_out if converted else None)
        first_pdf = HERE / to_pdf[0][0].folder / f"{to_pdf[0][0].name}.pdf" if converted else None
        write_broken(first_pdf)
    manifest += [p.entry for p in packages] + BROKEN_ENTRIES
    (HERE / "manifest.json").write_text(manifest_json(manifest), encoding="utf-8")
    print(f"wrote manifest.json ({len(manifest)} entries)")


if __name__ == "__main__":
    main()
