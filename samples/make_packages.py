"""Build the sample 竣工验收 packages under `samples/验收材料/` and their manifest entries.

Called by `make_samples.py`: `render(build_dir)` writes every member DOCX (those that ship as PDF
into `build_dir`, to be exported with the plans in one LibreOffice run), then `assemble(pdf_dir)`
writes each package as a folder or a .zip. Members are recognisable by content only: a cover or
letter title, headings and the tables such documents carry; money is stated as 批复总投资,
实际完成投资/累计支出, 调整金额 with 大写 where a unit writes one. Every amount written goes into a
ledger, and the oracle re-derives the package's findings from the ledger and from the types each
file was written as, against `package_specs.py`'s own copy of the rules.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFont

from acceptance_text import DOCS as TEXTS, LISTING_HEADER, PARTIES, RISK_ASSESSMENT, SPEND_LINES, AcceptanceDoc
from make_samples import FIXED_ZIP_TIME, W, add_field, capital_amount, cn_num, column_widths, money, pinned_pdf, \
    save_docx, set_east_asian, style_run, yuan
from package_specs import (
    ACCEPTANCE_REQUIRED, ADJUSTMENT_LIMITS, OVERRUN_TOLERANCE_WAN, PACKAGES, Member, PackageSpec,
)
from sample_specs import DOCS as PLAN_DOCS, JURISDICTIONS, KIND_NAMES, P

HERE = Path(__file__).resolve().parent
ROOT = HERE / "验收材料"
TYPE_NAMES = {
    "acceptance_application": "竣工验收申请报告", "construction_summary": "项目建设总结报告", "financial_report": "财务报告",
    "audit_report": "审计报告", "supervision_report": "监理报告",
    "security_assessment": "安全风险评估报告（网络安全等级保护测评报告）",
    "crypto_assessment": "密码应用安全性评估报告", "sharing_assessment": "集约化建设和信息资源共享评估报告",
    "sharing_confirmation": "数据共享完成确认意见",
}
APPROVAL_PREFIX = {"yingkou": "营大数发", "xingan": "干发改字", "jingle": "静政信发", "shandong": "鲁政务字", "wuzhi": "武政数"}
CPA = ("王××", "李××", "赵××", "孙××")
FONT = "宋体"
HEADING_FONT = "黑体"
SCAN_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def wan(x: Decimal) -> Decimal:
    return x.quantize(W, ROUND_HALF_UP)


def month_text(year: int, month: int, day: int | None = None) -> str:
    return f"{year}年{month}月" + (f"{day}日" if day else "")


def shift(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + n
    return total // 12, total % 12 + 1


# ---------------------------------------------------------------- money


@dataclass
class Money:
    """The package's money: approved per line, after any adjustment, and spent; all in 万元."""

    approved: Decimal
    actual: Decimal
    contract: Decimal
    adjustment: Decimal
    names: list[str]
    budget: list[Decimal]  # 批复金额 per line
    adjusted: list[Decimal]  # 调整后预算 per line
    spent: list[Decimal]  # 实际支出 per line
    cut: list[Decimal]  # 审减 per line (送审 = spent + cut)


def build_money(spec: PackageSpec, rng: random.Random) -> Money:
    approved, actual = Decimal(spec.approved), Decimal(spec.actual)
    names = [n for n, _ in SPEND_LINES]
    budget = [wan(approved * Decimal(share)) for _, share in SPEND_LINES[:-1]]
    budget.append(approved - sum(budget))
    adjusted = list(budget)
    adj = Decimal(spec.adjustment or "0")
    if adj:  # out of 应用软件开发费 and 预备费, into 数据治理与系统集成费 and 云资源及安全服务费
        from_reserve = min(budget[5], wan(adj * Decimal("0.25")))
        into_data = wan(adj * Decimal("0.6"))
        adjusted[0] -= adj - from_reserve
        adjusted[5] -= from_reserve
        adjusted[1] += into_data
        adjusted[2] += adj - into_data
    base = adjusted[:5]  # 预备费 is drawn only once the lines are spent in full
    reserve = min(adjusted[5], max(actual - sum(base), Decimal(0)))
    lines = actual - reserve
    spent = [wan(b * lines / sum(base)) for b in base[:-1]]
    spent += [lines - sum(spent), reserve]
    cut = [Decimal("0.00")] * 6
    for i in rng.sample(range(5), 3):
        cut[i] = wan(Decimal(str(rng.uniform(1.2, 6.5))))
    contract = Decimal(spec.contract) if spec.contract else wan(approved * Decimal("0.94"))
    return Money(approved, actual, contract, adj, names, budget, adjusted, spent, cut)


@dataclass
class Ledger:
    """Every amount a package states, with what it means and which file states it, and every table
    with money in it: the oracle reads the package's money back from this."""

    statements: list[tuple[str, Decimal, str]] = field(default_factory=list)  # (meaning, 万元, file)
    tables: list[tuple[str, list[list[str]], str]] = field(default_factory=list)  # (unit, rows, file)


# ---------------------------------------------------------------- context


def package_context(spec: PackageSpec, money_: Money, rng: random.Random) -> dict[str, object]:
    project = P[spec.project]
    ctx: dict[str, object] = dict(JURISDICTIONS[spec.jurisdiction])
    ctx.update({k: v for k, v in vars(project).items() if isinstance(v, str)})
    ctx.update(PARTIES[spec.jurisdiction])
    plan = next(d for d in PLAN_DOCS if d.project is project)
    start_y, start_m = 2023, rng.randint(3, 7)
    months = rng.choice((10, 11, 12))
    fin_y, fin_m = shift(start_y, start_m, months - 1)
    trial_y, trial_m = shift(fin_y, fin_m, 1)
    trial_months = rng.choice((3, 4))
    end_y, end_m = shift(trial_y, trial_m, trial_months - 1)
    app_y, app_m = shift(end_y, end_m, 1)
    before_y, before_m = shift(app_y, app_m, -1)
    grade = rng.choice(("三", "三", "二"))
    modules = project.modules
    ctx.update({
        "plan_kind": KIND_NAMES["feasibility_report" if plan.kind == "proposal" else plan.kind],
        "approval_no": f"{APPROVAL_PREFIX[spec.jurisdiction]}〔{start_y - 1 if start_m < 5 else start_y}〕{rng.randint(6, 58)}号",
        "system": project.proj, "module_names": "、".join(m[0] for m in modules), "module_count": len(modules),
        "catalogue_count": max(len(project.catalogue), 4), "api_count": rng.randint(12, 40),
        "calls": rng.choice(("3.6", "8.2", "12.5", "21.8")), "served": rng.choice((8600, 15200, 36800, 52000)),
        "months": months, "start": month_text(start_y, start_m), "finish": month_text(fin_y, fin_m),
        "tender_date": month_text(*shift(start_y, start_m, -1)),
        "trial_start": month_text(trial_y, trial_m), "trial_end": month_text(end_y, end_m), "trial_months": trial_months,
        "apply_date": month_text(app_y, app_m, rng.randint(8, 26)),
        "audit_date": month_text(before_y, before_m, rng.randint(10, 28)),
        "sec_date": month_text(end_y, end_m, rng.randint(5, 25)), "sec_period": month_text(end_y, end_m),
        "crypto_date": month_text(end_y, end_m, rng.randint(5, 25)), "crypto_period": month_text(end_y, end_m),
        "confirm_date": month_text(before_y, before_m, rng.randint(3, 28)),
        "audit_no": f"{ctx['audit_prefix']}〔{app_y}〕第{rng.randint(21, 318):03d}号",
        "sec_no": f"{rng.randint(21000, 37999)}{app_y}{rng.randint(10000, 99999)}-{rng.randint(1, 9):02d}",
        "crypto_no": f"GMCP-{app_y}-{rng.randint(100, 999)}", "filing_no": f"{rng.randint(21000000000, 41999999999)}-{rng.randint(10000, 99999)}",
        "grade": grade, "grade_digit": {"二": 2, "三": 3}[grade],
        "sec_score": rng.choice(("81.36", "84.52", "86.17", "88.90")), "crypto_score": rng.choice(("80.25", "83.60", "86.94")),
        "mid_risks": rng.randint(2, 5), "low_risks": rng.randint(6, 14), "crypto_issues": rng.randint(2, 4),
        "assets": rng.randint(40, 90), "data_assets": rng.randint(8, 20),
        "vm_count": rng.randint(8, 24), "storage": rng.choice((10, 20, 30)), "history_rows": rng.choice((30, 80, 120, 260)),
        "meetings": rng.randint(30, 52), "topics": rng.randint(6, 15), "docs": rng.randint(24, 60),
        "tests": rng.randint(3, 6), "bugs": rng.randint(40, 160), "notices": rng.randint(2, 6), "payments": rng.randint(4, 9),
        "speedup": rng.choice((30, 35, 40, 45)), "fewer": rng.choice((35, 40, 50)),
        "chief": rng.choice(("周××", "吴××", "郑××")), "cpa": "、".join(rng.sample(CPA, 2)),
        "contract": money(money_.contract),
    })
    return ctx


# ---------------------------------------------------------------- document content


def text_for(spec: PackageSpec, doc_type: str) -> AcceptanceDoc:
    """The text a file of this type is written from (a 山东 security assessment is a 风险评估报告)."""
    return RISK_ASSESSMENT if doc_type == "security_assessment" and spec.risk_assessment else TEXTS[doc_type]


@dataclass
class Block:
    kind: str  # h1 | h2 | p | caption | table
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


class Writer:
    """Turns one acceptance document (or an application holding the summary as its second chapter)
    into blocks, filling the money paragraphs and tables and writing each amount into the ledger."""

    def __init__(self, spec: PackageSpec, member: Member, ctx: dict, money_: Money, ledger: Ledger):
        self.spec, self.member, self.ctx, self.m, self.ledger = spec, member, ctx, money_, ledger
        self.blocks: list[Block] = []
        self.tables = 0
        self.written: list[str] = []  # the acceptance types this file was written as, in order

    def fill(self, text: str) -> str:
        return text.format_map(self.ctx)

    def state(self, meaning: str, amount: Decimal) -> None:
        self.ledger.statements.append((meaning, amount, self.member.name))

    def table(self, caption: str, rows: list[list[str]], unit: str = "") -> None:
        self.tables += 1
        self.blocks.append(Block("caption", f"表{self.tables} {caption}" + (f"（单位：{unit}）" if unit else "")))
        self.blocks.append(Block("table", rows=rows))
        if unit:
            self.ledger.tables.append((unit, rows, self.member.name))

    def build(self) -> list[Block]:
        own, *chapters = self.member.holds
        self.written.append(own)
        sections = list(text_for(self.spec, own).sections)
        if chapters == ["construction_summary"] and own == "acceptance_application":  # the summary replaces 完成情况
            sections = [s for s in sections if s[0] != "项目建设完成情况"]
            sections.insert(1, ("项目建设总结", ()))
        elif chapters:
            raise SystemExit(f"{self.member.name}: no layout for {own} holding {chapters}")
        for n, (heading, paras) in enumerate(sections, 1):
            if heading:
                self.blocks.append(Block("h1", f"{cn_num(n)}、{heading}"))
            if heading == "项目建设总结" and not paras:
                self.written.append("construction_summary")
                for k, (sub, sub_paras) in enumerate(TEXTS["construction_summary"].sections, 1):
                    self.blocks.append(Block("h2", f"（{cn_num(k)}）{sub}"))
                    self.paragraphs(sub_paras)
                continue
            self.paragraphs(paras)
        return self.blocks

    def paragraphs(self, paras: tuple[str, ...]) -> None:
        for para in paras:
            if para.startswith("@"):
                getattr(self, "write_" + para[1:])()
            else:
                self.blocks.append(Block("p", self.fill(para)))

    # -- money paragraphs
    def pct(self, part: Decimal) -> str:
        return str((part / self.m.approved * 100).quantize(W, ROUND_HALF_UP))

    def write_approved(self) -> None:
        m = self.m
        self.blocks.append(Block("p", f"项目批复总投资{money(m.approved)}万元（大写：人民币{capital_amount(m.approved * 10000)}），"
                                      f"资金来源为{self.ctx['fund']}。"))
        self.state("approved", m.approved)

    def adjustment_sentence(self) -> str:
        if not self.m.adjustment:
            return ""
        self.state("adjustment", self.m.adjustment)
        return (f"建设期内，根据需求变化，经项目领导小组研究同意，在费用之间调整资金，调整金额{money(self.m.adjustment)}万元，"
                f"占批复总投资的{self.pct(self.m.adjustment)}%，项目总投资不变。")

    def balance_sentence(self) -> str:
        m = self.m
        if m.actual > m.approved:
            over = m.actual - m.approved
            return (f"实际完成投资超出批复总投资{money(over)}万元，主要是系统对接范围扩大和数据治理工作量增加所致，"
                    f"超支部分由{self.ctx['owner']}自筹资金解决。")
        return f"结余资金{money(m.approved - m.actual)}万元，将按原渠道退回。"

    def write_funds(self) -> None:
        m = self.m
        self.blocks.append(Block("p", f"项目批复总投资{money(m.approved)}万元，实际完成投资{money(m.actual)}万元，"
                                      f"占批复总投资的{self.pct(m.actual)}%。{self.balance_sentence()}{self.adjustment_sentence()}"))
        self.state("approved", m.approved)
        self.state("actual", m.actual)

    def write_investment(self) -> None:
        m = self.m
        self.blocks.append(Block("p", f"项目批复总投资{money(m.approved)}万元，承建合同金额{money(m.contract)}万元，"
                                      f"截至{self.ctx['trial_end']}，项目实际完成投资{money(m.actual)}万元。"
                                      f"{self.balance_sentence()}{self.adjustment_sentence()}"))
        self.state("approved", m.approved)
        self.state("contract", m.contract)
        self.state("actual", m.actual)

    def write_received(self) -> None:
        m = self.m
        own = max(m.actual - m.approved, Decimal(0))
        received = m.approved + own
        text = f"项目批复总投资{money(m.approved)}万元，截至{self.ctx['trial_end']}，实际到位资金{money(received)}万元，其中{self.ctx['fund']}{money(m.approved)}万元"
        text += f"，单位自筹资金{money(own)}万元。" if own else "。"
        self.blocks.append(Block("p", text))
        self.state("approved", m.approved)
        self.state("received", received)

    def write_spent(self) -> None:
        m = self.m
        written = f"{yuan(m.actual)}元" if self.spec.spend_in_yuan else f"{money(m.actual)}万元"
        self.blocks.append(Block("p", f"项目累计支出{written}，占批复总投资的{self.pct(m.actual)}%，各项费用支出情况见下表。"))
        self.state("actual", m.actual)

    def write_spend_table(self) -> None:
        m = self.m
        unit = "元" if self.spec.spend_in_yuan else "万元"
        write = yuan if self.spec.spend_in_yuan else money
        head = ["序号", "费用名称", "批复金额"] + (["调整后预算"] if m.adjustment else []) + ["实际支出", "节余"]
        rows = [head]
        for i, name in enumerate(m.names):
            budget = [m.budget[i]] + ([m.adjusted[i]] if m.adjustment else [])
            rows.append([str(i + 1), name, *map(write, budget), write(m.spent[i]), write(budget[-1] - m.spent[i])])
        totals = [m.approved] + ([sum(m.adjusted)] if m.adjustment else [])
        rows.append(["", "合计", *map(write, totals), write(m.actual), write(totals[-1] - m.actual)])
        self.table("资金使用明细表", rows, unit)

    def write_adjustment(self) -> None:
        m = self.m
        if not m.adjustment:
            self.blocks.append(Block("p", "项目建设期间未发生预算调整，各项费用均在批复金额内列支。"))
            return
        self.blocks.append(Block("p", self.adjustment_sentence() + "调整情况见下表。"))
        rows = [["序号", "费用名称", "批复金额", "调整后预算", "调整额"]]
        for i, name in enumerate(m.names):
            delta = m.adjusted[i] - m.budget[i]
            rows.append([str(i + 1), name, money(m.budget[i]), money(m.adjusted[i]), ("+" if delta > 0 else "") + money(delta)])
        rows.append(["", "合计", money(m.approved), money(sum(m.adjusted)), money(sum(m.adjusted) - m.approved)])
        self.table("预算调整对照表", rows, "万元")

    def write_financial_conclusion(self) -> None:
        m = self.m
        if m.actual > m.approved:
            text = f"项目实际支出超出批复总投资{money(m.actual - m.approved)}万元，超支部分已由单位自筹资金解决，其余资金使用符合批复和合同约定。"
        else:
            text = f"项目资金使用符合批复和合同约定，会计核算规范，结余资金{money(m.approved - m.actual)}万元将按原渠道退回。"
        self.blocks.append(Block("p", text))

    def write_audit_result(self) -> None:
        m = self.m
        cut = sum(m.cut)
        submitted = m.actual + cut
        self.blocks.append(Block("p", f"建设单位送审金额{money(submitted)}万元，经审计，审定项目实际完成投资{money(m.actual)}万元，"
                                      f"审减金额{money(cut)}万元，审减率{(cut / submitted * 100).quantize(W, ROUND_HALF_UP)}%。"
                                      "审计调整情况见下表。"))
        self.state("submitted", submitted)
        self.state("actual", m.actual)

    def write_audit_table(self) -> None:
        m = self.m
        reasons = ("合同外增项未经确认", "工作量核减", "重复计费", "费率调整")
        rows = [["序号", "项目", "送审金额", "审定金额", "审减金额", "调整原因"]]
        for i, name in enumerate(m.names):
            rows.append([str(i + 1), name, money(m.spent[i] + m.cut[i]), money(m.spent[i]), money(m.cut[i]),
                         reasons[i % len(reasons)] if m.cut[i] else "—"])
        cut = sum(m.cut)
        rows.append(["", "合计", money(m.actual + cut), money(m.actual), money(cut), ""])
        self.table("审计调整表", rows, "万元")

    def write_audit_conclusion(self) -> None:
        m = self.m
        if m.actual > m.approved:
            text = (f"经审计，项目实际完成投资{money(m.actual)}万元，批复总投资{money(m.approved)}万元，"
                    f"实际完成投资超出批复总投资{money(m.actual - m.approved)}万元，超支部分已由建设单位自筹资金解决。")
        else:
            text = f"经审计，项目实际完成投资{money(m.actual)}万元，未超出批复总投资{money(m.approved)}万元，财务管理基本规范，竣工决算真实反映了项目建设情况。"
        self.blocks.append(Block("p", text))
        self.state("actual", m.actual)
        self.state("approved", m.approved)

    def write_attachment_list(self) -> None:
        required, _ = ACCEPTANCE_REQUIRED[self.spec.jurisdiction]
        inside = set(self.member.holds)
        listed = [TYPE_NAMES[t] for t in required if t not in inside]
        self.blocks.append(Block("p", "附件：" + "；".join(f"{i}.{name}" for i, name in enumerate(listed, 1)) + "。"))

    # -- tables without money
    def write_content_table(self) -> None:
        rows = [["序号", "批复建设内容", "完成情况", "备注"]]
        for i, (name, desc, _) in enumerate(P[self.spec.project].modules, 1):
            rows.append([str(i), name, "已完成，" + desc.rstrip("。"), "已通过初验"])
        self.table("建设内容完成情况对照表", rows)

    def write_staff_table(self) -> None:
        rows = [["序号", "姓名", "监理岗位", "资格"], ["1", str(self.ctx["chief"]), "总监理工程师", "信息系统监理师（高级）"],
                ["2", "钱××", "专业监理工程师（软件）", "信息系统监理师"], ["3", "冯××", "专业监理工程师（安全）", "信息安全工程师"],
                ["4", "何××", "监理员", "信息系统监理师"]]
        self.table("项目监理部人员配置表", rows)

    def write_quality_table(self) -> None:
        rows = [["序号", "阶段", "检查项数", "合格项数", "合格率"]]
        for i, (stage, n) in enumerate((("需求与设计", 24), ("开发与测试", 58), ("系统集成", 31), ("试运行与初验", 19)), 1):
            rows.append([str(i), stage, str(n), str(n), "100%"])
        self.table("工程质量检查统计表", rows)

    def write_sec_table(self) -> None:
        rows = [["序号", "安全类", "测评项数", "符合", "部分符合", "不符合", "不适用"]]
        groups = (("安全物理环境", 22, 2), ("安全通信网络", 8, 0), ("安全区域边界", 20, 0), ("安全计算环境", 52, 0),
                  ("安全管理中心", 12, 0), ("安全管理制度", 7, 0), ("安全管理机构", 14, 0), ("安全管理人员", 12, 0),
                  ("安全建设管理", 35, 3), ("安全运维管理", 48, 0))
        partial_left = int(self.ctx["mid_risks"]) + 2
        totals = [0, 0, 0, 0, 0]
        for i, (name, n, na) in enumerate(groups, 1):
            partial = min(partial_left, 2 if n > 10 else 0)
            partial_left -= partial
            row = [n, n - na - partial, partial, 0, na]
            totals = [a + b for a, b in zip(totals, row)]
            rows.append([str(i), name, *map(str, row)])
        rows.append(["", "合计", *map(str, totals)])
        self.table("单项测评结论表", rows)

    def write_risk_table(self) -> None:
        mid, low = int(self.ctx["mid_risks"]), int(self.ctx["low_risks"])
        rows = [["序号", "风险等级", "风险项数", "已处置", "残余风险"], ["1", "高", "0", "0", "无"],
                ["2", "中", str(mid), str(mid), "可接受"], ["3", "低", str(low), str(low - 2), "可接受"],
                ["", "合计", str(mid + low), str(mid + low - 2), ""]]
        self.table("风险评估结果汇总表", rows)

    def write_crypto_table(self) -> None:
        rows = [["序号", "层面", "测评指标数", "符合", "部分符合", "不符合", "不适用"]]
        layers = (("物理和环境安全", 4, 3, 1, 0), ("网络和通信安全", 8, 6, 1, 1), ("设备和计算安全", 6, 5, 1, 0),
                  ("应用和数据安全", 8, 7, 1, 0), ("管理制度", 6, 6, 0, 0), ("人员管理", 4, 4, 0, 0),
                  ("建设运行", 4, 4, 0, 0), ("应急处置", 3, 3, 0, 0))
        totals = [0, 0, 0, 0, 0]
        for i, (name, n, ok, part, na) in enumerate(layers, 1):
            row = [n, ok, part, 0, na]
            totals = [a + b for a, b in zip(totals, row)]
            rows.append([str(i), name, *map(str, row)])
        rows.append(["", "合计", *map(str, totals)])
        self.table("密码应用安全性评估结果汇总表", rows)

    def write_assessment_table(self) -> None:
        rows = [["序号", "评估项", "评估内容", "评估结果"],
                ["1", "基础设施集约", "依托政务云部署，未新建机房、未采购服务器和存储设备", "符合"],
                ["2", "网络集约", "依托电子政务外网，未新建业务专网", "符合"],
                ["3", "支撑能力复用", "复用统一身份认证、电子印章、短信服务", "符合"],
                ["4", "信息资源目录", f"编制目录{self.ctx['catalogue_count']}类并注册发布", "符合"],
                ["5", "数据共享", f"开通共享接口{self.ctx['api_count']}个，累计调用{self.ctx['calls']}万次", "符合"]]
        self.table("集约化建设和信息资源共享评估指标表", rows)

    def write_confirm_table(self) -> None:
        rows = [["序号", "信息资源名称", "提供方", "共享方式", "共享属性", "确认情况"]]
        for i, row in enumerate(P[self.spec.project].catalogue, 1):
            rows.append([str(i), row[0], row[1], "接口" if row[3] == "接口" else "库表交换", row[5], "已共享"])
        self.table("共享信息资源确认表", rows)


# ---------------------------------------------------------------- DOCX


def acceptance_docx(doc: AcceptanceDoc, blocks: list[Block], ctx: dict, title: str, seed: int) -> Document:
    """A report with a cover, or a letter (a salutation, no cover) as 申请、审计报告、确认意见 are written."""
    d = Document()
    s = d.sections[0]
    s.page_width, s.page_height = Cm(21), Cm(29.7)
    s.left_margin = s.right_margin = Cm(2.8)
    normal = d.styles["Normal"]
    normal.font.size = Pt(12)
    set_east_asian(normal.element, FONT)
    normal.paragraph_format.line_spacing = 1.5
    for lvl, size in ((1, 15), (2, 14)):
        h = d.styles[f"Heading {lvl}"]
        set_east_asian(h.element, HEADING_FONT)
        h.font.size, h.font.bold, h.font.color.rgb = Pt(size), True, RGBColor(0, 0, 0)
    styled = seed % 2 == 0  # half the files use Heading styles, half bold paragraphs
    fp = s.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(fp, "PAGE", "1")

    def line(text: str, size: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, font: str = FONT) -> None:
        p = d.add_paragraph()
        p.alignment = align
        style_run(p.add_run(text), font, size, bold)

    if doc.salutation:
        line(title, 18, True, font=HEADING_FONT)
        for extra in doc.cover_lines:
            line(extra.format_map(ctx), 12)
        p = d.add_paragraph()
        style_run(p.add_run(doc.salutation.format_map(ctx)), FONT, 12)
    else:
        for _ in range(6):
            d.add_paragraph()
        line(str(ctx["proj"]), 20, True, font=HEADING_FONT)
        line(title.removeprefix(str(ctx["proj"])).removeprefix(str(ctx["system"])) or title, 24, True, font=HEADING_FONT)
        for _ in range(4):
            d.add_paragraph()
        for extra in doc.cover_lines:
            line(extra.format_map(ctx), 14)
        line(f"编制单位：{ctx[doc.issuer]}", 14)
        line(f"日期：{doc.closing[-1].format_map(ctx)}", 14)
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        line(title, 16, True, font=HEADING_FONT)
    for block in blocks:
        if block.kind in ("h1", "h2"):
            level = 1 if block.kind == "h1" else 2
            if styled:
                d.add_paragraph(block.text, style=f"Heading {level}")
            else:
                p = d.add_paragraph()
                style_run(p.add_run(block.text), HEADING_FONT if level == 1 else FONT, 14 if level == 1 else 12, True)
        elif block.kind == "p":
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            p.add_run(block.text)
        elif block.kind == "caption":
            line(block.text, 10.5, True)
        else:
            table = d.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = d.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    para = table.cell(r, c).paragraphs[0]
                    para.paragraph_format.line_spacing = 1.0
                    style_run(para.add_run(value), FONT, 10.5, r == 0 or value == "合计")
            table.autofit = False
            for c, width in enumerate(column_widths(block.rows)):
                table.columns[c].width = Cm(width)
                for cell in table.columns[c].cells:
                    cell.width = Cm(width)
    d.add_paragraph()
    for closing in doc.closing:
        line(closing.format_map(ctx), 12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    props = d.core_properties
    props.title, props.author, props.last_modified_by = title, str(ctx[doc.issuer]), str(ctx[doc.issuer])
    props.created = props.modified = dt.datetime(2024, 6, 1, 9, 0, 0)
    props.revision = 1
    return d


# ---------------------------------------------------------------- other members


def listing_txt(spec: PackageSpec, ctx: dict) -> bytes:
    """目录.txt as typed in Notepad: GBK, CRLF; it lists what should be there, not what is."""
    required, _ = ACCEPTANCE_REQUIRED[spec.jurisdiction]
    lines = [LISTING_HEADER.format_map(ctx), ""] + [f"{i}. {TYPE_NAMES[t]}" for i, t in enumerate(required, 1)]
    lines += ["", f"报送单位：{ctx['owner']}", f"联系人：{ctx['chief']}  联系电话：0796-{random.Random(spec.seed).randint(2600000, 2699999)}"]
    return "\r\n".join(lines).encode("gbk") + b"\r\n"


def scan_jpeg(spec: PackageSpec, ctx: dict) -> bytes:
    """A phone-camera scan of a stamped letter: an image, no text layer."""
    rng = random.Random(spec.seed)
    page = Image.new("RGB", (992, 1403), (246, 244, 238))
    draw = ImageDraw.Draw(page)
    title, body = ImageFont.truetype(SCAN_FONT, 34), ImageFont.truetype(SCAN_FONT, 24)
    draw.text((496, 150), f"关于{ctx['proj']}", font=title, fill=(30, 30, 30), anchor="mm")
    draw.text((496, 200), "数据共享完成情况的确认意见", font=title, fill=(30, 30, 30), anchor="mm")
    y = 290
    letter = (f"　　你单位报来的数据共享完成情况报告收悉。经审查，该项目已在{ctx['exchange']}注册信息资源目录"
              f"{ctx['catalogue_count']}类，开通共享接口{ctx['api_count']}个，已按要求完成数据共享任务，同意确认。")
    lines = [f"{ctx['owner']}："] + [letter[i:i + 31] for i in range(0, len(letter), 31)]
    for text in lines:
        draw.text((110, y), text, font=body, fill=(35, 35, 35))
        y += 52
    draw.text((640, y + 120), str(ctx["data_authority"]), font=body, fill=(35, 35, 35))
    draw.text((660, y + 170), str(ctx["confirm_date"]), font=body, fill=(35, 35, 35))
    draw.ellipse((650, y + 40, 850, y + 240), outline=(200, 40, 40), width=6)
    noise = Image.frombytes("L", page.size, rng.randbytes(page.size[0] * page.size[1]))
    page = Image.blend(page, Image.merge("RGB", (noise, noise, noise)), 0.06).rotate(0.7, fillcolor=(90, 90, 90))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=70)
    return out.getvalue()


def thumbs_db() -> bytes:
    """Windows Explorer's thumbnail cache: an OLE compound file header and nothing of use."""
    return bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + bytes.fromhex("3e000300feff0900") + bytes(1512)


def apple_double() -> bytes:
    """The `._name` companion macOS puts under __MACOSX/: Finder info, no data."""
    return (bytes.fromhex("00051607") + bytes.fromhex("00020000") + b"Mac OS X        " + bytes.fromhex("0002")
            + bytes.fromhex("00000009") + bytes.fromhex("00000032") + bytes.fromhex("00000020")
            + bytes.fromhex("00000002") + bytes.fromhex("00000052") + bytes.fromhex("00000000") + bytes(32))


def ds_store() -> bytes:
    return bytes.fromhex("00000001") + b"Bud1" + bytes(504)


# ---------------------------------------------------------------- zips


class NamedInfo(zipfile.ZipInfo):
    """A zip entry whose stored name bytes are chosen, not Python's: GBK as Chinese Windows writes
    them, or UTF-8 without the language-encoding flag as macOS does."""

    __slots__ = ("raw_name",)

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        return self.raw_name, self.flag_bits


def zip_entry(name: str, form: str) -> zipfile.ZipInfo:
    if form == "zip":
        info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
        info.create_system = 0
    else:
        info = NamedInfo(name, FIXED_ZIP_TIME)
        info.raw_name = name.encode("gbk" if form == "zip_gbk" else "utf-8")
        info.create_system = 0 if form == "zip_gbk" else 3
        info.external_attr = 0o100644 << 16 if form == "zip_mac" else 0x20
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_zip(path: Path, form: str, top: str, files: list[tuple[str, bytes]]) -> None:
    entries = [(f"{top}/{name}", data) for name, data in files]
    if form == "zip_mac":
        entries.append((f"{top}/.DS_Store", ds_store()))
        entries += [(f"__MACOSX/{top}/._{name}", apple_double()) for name, _ in files]
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            zf.writestr(zip_entry(name, form), data)


# ---------------------------------------------------------------- oracle


def package_expected(spec: PackageSpec, written: dict[str, list[str]], ledger: Ledger) -> set[tuple[str, str | None]]:
    """The findings the rules give for what was written: each required type held by no file, a note
    on files that are not documents (目录.txt, a scan), and the money the files state (an actual
    spend above the approved total; an adjustment over the limit)."""
    for member in spec.members:
        if tuple(written.get(member.name, ())) != member.holds:
            raise SystemExit(f"{spec.name}/{member.name}: written as {written.get(member.name)}, spec says {member.holds}")
    required, _ = ACCEPTANCE_REQUIRED[spec.jurisdiction]
    held = {t for types in written.values() for t in types}
    found: set[tuple[str, str | None]] = {("missing_attachment", t) for t in required if t not in held}
    if any(m.fmt in ("listing", "scan") for m in spec.members):
        found.add(("unreadable", None))  # one note naming the files that are not documents
    said: dict[str, set[Decimal]] = {}
    for meaning, amount, _ in ledger.statements:
        said.setdefault(meaning, set()).add(amount)
    for meaning in ("approved", "actual", "adjustment"):
        if len(said.get(meaning, ())) > 1:
            raise SystemExit(f"{spec.name}: the files disagree on {meaning}: {sorted(said[meaning])}")
    for unit, rows, name in ledger.tables:
        factor = Decimal(1) if unit == "万元" else Decimal("0.0001")
        numeric = [c for c in range(2, len(rows[0])) if all(r[c].replace(",", "").lstrip("+-").replace(".", "").isdigit()
                                                             for r in rows[1:] if r[c])]
        for c in numeric:
            values = [Decimal(r[c].replace(",", "")) * factor for r in rows[1:-1] if r[c]]
            if abs(sum(values) - Decimal(rows[-1][c].replace(",", "")) * factor) > OVERRUN_TOLERANCE_WAN:
                raise SystemExit(f"{spec.name}/{name}: column {rows[0][c]} does not add up")
    approved = next(iter(said["approved"]))
    if any(a - approved > OVERRUN_TOLERANCE_WAN for a in said.get("actual", ())):
        found.add(("budget_overrun", None))
    limit = ADJUSTMENT_LIMITS.get(spec.jurisdiction)
    if limit is not None and any(a > approved * limit for a in said.get("adjustment", ())):
        found.add(("budget_adjustment_over_limit", None))
    return found


# ---------------------------------------------------------------- build


@dataclass
class Built:
    spec: PackageSpec
    files: dict[str, bytes | Path]  # member name -> bytes, or the DOCX a PDF is exported from
    entry: dict


def render(build_dir: Path) -> list[Built]:
    """Render every package's members and check its findings; PDF members are left as DOCX in build_dir."""
    built = []
    for spec in PACKAGES:
        rng = random.Random(spec.seed)
        money_ = build_money(spec, rng)
        ctx = package_context(spec, money_, rng)
        ledger, written, files = Ledger(), {}, {}
        for index, member in enumerate(spec.members):
            if member.fmt == "listing":
                files[member.name] = listing_txt(spec, ctx)
                continue
            if member.fmt == "scan":
                files[member.name] = scan_jpeg(spec, ctx)
                continue
            if member.fmt == "thumbs":
                files[member.name] = thumbs_db()
                continue
            writer = Writer(spec, member, ctx, money_, ledger)
            blocks = writer.build()
            written[member.name] = writer.written
            doc = text_for(spec, member.holds[0])
            title = rng.choice(doc.titles).format_map(ctx)
            document = acceptance_docx(doc, blocks, ctx, title, spec.seed + index)
            target = build_dir / "packages" / f"p{spec.seed}_{index}.docx"
            save_docx(document, target)
            files[member.name] = target if member.fmt == "pdf" else target.read_bytes()
        found = package_expected(spec, written, ledger)
        if found != set(spec.expected):
            raise SystemExit(f"{spec.name}: expected {sorted(spec.expected, key=str)} but the rules give {sorted(found, key=str)}")
        required, _ = ACCEPTANCE_REQUIRED[spec.jurisdiction]
        attachments = {t: [name for name, types in written.items() if t in types] for t in required}
        suffix = "" if spec.form == "folder" else ".zip"
        built.append(Built(spec, files, {
            "path": f"samples/验收材料/{spec.name}{suffix}", "kind": "acceptance_package",
            "jurisdiction": spec.jurisdiction,
            "expected": [{"code": code, "chapter_type": ct} for code, ct in spec.expected],
            "attachments": {t: names for t, names in attachments.items() if names},
            "clean_control": spec.clean_control, "notes": spec.notes,
        }))
    return built


def pdf_sources(built: list[Built]) -> list[Path]:
    return [f for b in built for f in b.files.values() if isinstance(f, Path)]


def assemble(built: list[Built], pdf_dir: Path | None) -> None:
    """Write the packages. Without exported PDFs a package holding one keeps its committed copy."""
    if pdf_dir is not None and ROOT.exists():
        shutil.rmtree(ROOT)
    ROOT.mkdir(exist_ok=True)
    for b in built:
        if pdf_dir is None and any(isinstance(f, Path) for f in b.files.values()):
            continue
        files = [(name, f if isinstance(f, bytes) else pinned_pdf((pdf_dir / f"{f.stem}.pdf").read_bytes()))
                 for name, f in b.files.items()]
        if b.spec.form == "folder":
            folder = ROOT / b.spec.name
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            for name, data in files:
                (folder / name).write_bytes(data)
        else:
            write_zip(ROOT / f"{b.spec.name}.zip", b.spec.form, b.spec.name, files)
