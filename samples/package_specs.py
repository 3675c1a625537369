"""What each sample 竣工验收 package is: its files, what each file holds by content, its money, its findings.

A package is a folder or a .zip screened as one unit. Each member file IS one acceptance document
type by what it says (its cover title and headings), whatever it is called; one may also hold a
second type as a chapter. The tables at the bottom are this generator's own copy of what each
jurisdiction requires in a package and of the acceptance money rules: `make_packages.py` renders
the packages, re-derives the findings from what it wrote and stops when they differ from `expected`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Member:
    name: str  # the file name inside the package, as the unit named it
    holds: tuple[str, ...] = ()  # acceptance types by content: the file's own type, then any it holds as a chapter
    fmt: str = "docx"  # docx | pdf (a DOCX exported by LibreOffice) | listing (目录.txt) | scan (.jpg) | thumbs


@dataclass(frozen=True)
class PackageSpec:
    name: str  # <项目名>竣工验收材料: the folder's name, or the zip's without .zip
    form: str  # folder | zip (UTF-8 names, flagged) | zip_gbk (GBK names, no flag) | zip_mac (UTF-8 names, no flag, __MACOSX)
    jurisdiction: str
    project: str  # key of sample_specs.P: the plan sample's project
    seed: int
    members: tuple[Member, ...]
    approved: str  # 批复总投资, 万元
    actual: str  # 实际完成投资, 万元
    expected: tuple[tuple[str, str | None], ...]
    clean_control: bool
    notes: str
    contract: str = ""  # 中标/合同金额, 万元 ("" = 94% of the approved total)
    adjustment: str = ""  # 调整金额, 万元: moved between budget lines, the total unchanged
    spend_in_yuan: bool = False  # the financial report's table in 元 (5,612,300.00)
    risk_assessment: bool = False  # the security assessment is a 信息安全风险评估报告 (山东 第二十三条's words)


MA = "missing_attachment"
OVER = ("budget_overrun", None)
ADJ = ("budget_adjustment_over_limit", None)

PACKAGES: tuple[PackageSpec, ...] = (
    PackageSpec(
        "山东省电子证照共享服务系统竣工验收材料", "folder", "shandong", "dzzz", 901,
        (Member("01-竣工验收申请报告.docx", ("acceptance_application",)),
         Member("02-项目建设总结报告.docx", ("construction_summary",)),
         Member("03-财务决算报告.pdf", ("financial_report",), "pdf"),
         Member("04-竣工决算审计报告.pdf", ("audit_report",), "pdf"),
         Member("05-信息安全风险评估报告.docx", ("security_assessment",)),
         Member("06-商用密码应用安全性评估报告.pdf", ("crypto_assessment",), "pdf"),
         Member("07-监理总结报告.docx", ("supervision_report",))),
        approved="576.50", actual="553.86", contract="548.60", expected=(), clean_control=True,
        notes="干净对照（文件夹）：山东第二十三条要求的验收申请、建设总结、财务报告、审计报告、安全风险评估、密码应用评估齐全，"
              "另附一份不要求的监理总结报告。财务决算报告的资金使用明细表以元为单位（千分位）；实际完成投资553.86万元低于批复总投资576.50万元，"
              "审计报告的送审金额和审减金额都不是实际支出。",
        spend_in_yuan=True, risk_assessment=True),
    PackageSpec(
        "营口市一网统管平台竣工验收材料", "zip", "yingkou", "ywtg", 902,
        (Member("01 验收申请报告.docx", ("acceptance_application",)),
         Member("02 项目建设总结.docx", ("construction_summary",)),
         Member("03 财务报告.docx", ("financial_report",)),
         Member("04 监理总结报告.pdf", ("supervision_report",), "pdf"),
         Member("05 等级保护测评报告.pdf", ("security_assessment",), "pdf"),
         Member("06 密码应用安全性评估报告.docx", ("crypto_assessment",))),
        approved="656.34", actual="643.18", adjustment="38.60", expected=(), clean_control=True,
        notes="干净对照（zip，UTF-8 文件名并置 UTF-8 标志位，包内有一层同名文件夹）：营口第十九条要求的六种材料齐全。"
              "陷阱：建设期内在费用之间调整38.60万元，占批复总投资5.88%，未超过营口第十七条的15%；实际完成投资低于批复总投资。"),
    PackageSpec(
        "新干县智慧党建平台竣工验收材料", "zip_gbk", "xingan", "zhdj", 903,
        (Member("1.竣工验收申请报告.docx", ("acceptance_application",)),
         Member("2.项目建设总结.docx", ("construction_summary",)),
         Member("3.财务报告.pdf", ("financial_report",), "pdf"),
         Member("4.集约化建设和信息资源共享评估报告.docx", ("sharing_assessment",)),
         Member("5.等保测评报告.pdf", ("security_assessment",), "pdf"),
         Member("目录.txt", fmt="listing"),
         Member("数据共享完成确认意见（扫描件）.jpg", fmt="scan"),
         Member("Thumbs.db", fmt="thumbs")),
        approved="803.18", actual="772.45",
        expected=((MA, "audit_report"), (MA, "crypto_assessment"), ("unreadable", None)), clean_control=False,
        notes="缺两种材料（新干第十六条）：没有审计报告和密码应用安全性评估报告。zip 由中文 Windows“发送到压缩文件夹”生成："
              "文件名按 GBK 存储、未置 UTF-8 标志位，含 Thumbs.db。陷阱：目录.txt（GBK）和验收申请报告的附件清单都列了审计报告和密评报告，"
              "但包里没有这两份文件——清单不等于材料；扫描件是一张 JPEG 图片（数据共享完成确认意见，新干第十六条不要求），不计入任何材料类型，"
              "也不是无法读取的材料包。"),
    PackageSpec(
        "营口市公共数据开放平台竣工验收材料", "folder", "yingkou", "kfpt", 904,
        (Member("竣工验收申请报告.docx", ("acceptance_application",)),
         Member("项目建设总结报告.docx", ("construction_summary",)),
         Member("财务决算报告.pdf", ("financial_report",), "pdf"),
         Member("监理报告.docx", ("supervision_report",)),
         Member("网络安全等级保护测评报告.docx", ("security_assessment",)),
         Member("商用密码应用安全性评估报告.pdf", ("crypto_assessment",), "pdf")),
        approved="611.79", actual="598.20", adjustment="112.40", expected=(ADJ,), clean_control=False,
        notes="投资调整超限（营口第十七条）：建设期内从应用软件开发费和预备费调出、调入数据治理与系统集成费和云资源费共112.40万元，"
              "占批复总投资611.79万元的18.37%，超过15%，未见报批；总投资未变，实际完成投资598.20万元低于批复总投资（不是超支）。材料齐全。"),
    PackageSpec(
        "静乐县智慧农业大数据平台竣工验收材料", "folder", "jingle", "zhny", 905,
        (Member("附件1.docx", ("acceptance_application", "construction_summary")),
         Member("附件2.pdf", ("financial_report",), "pdf"),
         Member("附件3.docx", ("security_assessment",)),
         Member("材料二.pdf", ("crypto_assessment",), "pdf"),
         Member("新建 Microsoft Word 文档.docx", ("sharing_confirmation",))),
        approved="463.39", actual="447.62", expected=(), clean_control=True,
        notes="文件名不说明内容的干净对照（静乐第二十二、二十三条）：附件1是竣工验收申请报告，其第二章就是项目建设总结（一个文件两种材料）；"
              "附件2是财务报告，附件3是等保测评报告，“材料二.pdf”是密评报告，“新建 Microsoft Word 文档.docx”是数据共享完成确认意见。"
              "必须按内容识别：六种材料都在。"),
    PackageSpec(
        "山东省无证明之省支撑系统竣工验收材料", "zip_mac", "shandong", "wzm", 906,
        (Member("验收申请报告.docx", ("acceptance_application",)),
         Member("建设总结报告.pdf", ("construction_summary",), "pdf"),
         Member("财务报告.docx", ("financial_report",)),
         Member("附件3.docx", ("audit_report",)),
         Member("等保测评报告.docx", ("security_assessment",)),
         Member("密评报告.pdf", ("crypto_assessment",), "pdf")),
        approved="596.79", actual="628.45", expected=(OVER,), clean_control=False,
        notes="超支（山东第十七条“原则上超支不补”）：批复总投资596.79万元，验收申请、建设总结、财务报告和审计报告都写实际完成投资628.45万元，"
              "超出31.66万元（申请报告说明由单位自筹解决）。材料齐全，“附件3.docx”是审计报告。zip 由 macOS“压缩”生成："
              "文件名为 UTF-8 但未置标志位，含 __MACOSX/ 下的 AppleDouble 文件和 .DS_Store。"),
    PackageSpec(
        "武陟县智慧城管平台竣工验收材料", "folder", "wuzhi", "zhcg", 907,
        (Member("竣工验收申请报告.docx", ("acceptance_application",)),
         Member("项目建设总结报告.docx", ("construction_summary",)),
         Member("数据共享完成确认意见.pdf", ("sharing_confirmation",), "pdf"),
         Member("财务报告.docx", ("financial_report",))),
        approved="652.55", actual="628.40", contract="609.80", expected=(), clean_control=True,
        notes="干净对照（武陟第二十条：验收申请、项目总结、数据资源共享情况；确认意见由县政务服务和大数据管理局出具）。"
              "陷阱：中标合同金额609.80万元低于实际完成投资628.40万元，但超支与否只与批复总投资652.55万元比较；"
              "另附一份武陟不要求的财务报告。"),
)

# The oracle's copy: the acceptance document types each jurisdiction requires in a package.
ACCEPTANCE_REQUIRED: dict[str, tuple[tuple[str, ...], str]] = {
    "shandong": (("acceptance_application", "construction_summary", "financial_report", "audit_report",
                  "security_assessment", "crypto_assessment"), "山东第二十三条"),
    "yingkou": (("acceptance_application", "construction_summary", "financial_report", "supervision_report",
                 "security_assessment", "crypto_assessment"), "营口第十九条"),
    "xingan": (("acceptance_application", "construction_summary", "financial_report", "audit_report",
                "sharing_assessment", "security_assessment", "crypto_assessment"), "新干第十六条"),
    "wuzhi": (("acceptance_application", "construction_summary", "sharing_confirmation"), "武陟第二十条"),
    "jingle": (("acceptance_application", "construction_summary", "financial_report", "security_assessment",
                "crypto_assessment", "sharing_confirmation"), "静乐第二十二条、第二十三条"),
}

# budget_overrun (山东第十七条, 营口第十六条, elsewhere the baseline): an actual spend above the approved total.
OVERRUN_TOLERANCE_WAN = Decimal("0.01")
# budget_adjustment_over_limit (营口第十七条 only): an adjustment above this share of the approved total.
ADJUSTMENT_LIMITS: dict[str, Decimal] = {"yingkou": Decimal("0.15")}
