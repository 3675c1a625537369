"""What each document of a 竣工验收 package says, written the way units and their contractors write them.

An acceptance document is a title (with variants), an optional salutation, and sections of paragraphs.
A paragraph is a template filled from the package's context (`make_packages.py` builds it: project,
parties, dates, amounts), or an `@name` the builder writes itself: the money paragraphs, whose
amounts the oracle reads back, and the tables (测评结论表, 资金使用明细表, 审计调整表 …). The title and
the headings are what make a file one document type, whatever it is called.
"""

from __future__ import annotations

from dataclasses import dataclass

Para = str  # a template, or "@name" for a paragraph or table the builder writes


@dataclass(frozen=True)
class AcceptanceDoc:
    titles: tuple[str, ...]  # "{proj}" is filled in; the cover shows the chosen one
    issuer: str  # the context key of who writes it (owner, contractor, auditor …)
    sections: tuple[tuple[str, tuple[Para, ...]], ...]
    salutation: str = ""  # "{approver}：" for a letter
    cover_lines: tuple[str, ...] = ()  # extra cover lines (报告编号, 被测对象 …)
    closing: tuple[str, ...] = ()  # signature block


APPLICATION = AcceptanceDoc(
    titles=("{proj}竣工验收申请报告", "关于{proj}竣工验收的申请报告"),
    issuer="owner",
    salutation="{approver}：",
    sections=(
        ("项目基本情况", (
            "{proj}经{approver}《关于{proj}{plan_kind}的批复》（{approval_no}）批准建设，建设单位为{owner}，"
            "承建单位为{contractor}，监理单位为{supervisor}。",
            "@approved",
            "项目于{start}开工建设，{finish}完成全部建设任务，建设工期{months}个月，符合批复的建设工期要求。",
        )),
        ("项目建设完成情况", (
            "项目按照批复的建设内容，完成了{module_names}等{module_count}个应用模块的开发部署，完成了与{integrations}的对接，"
            "系统部署在{cloud}，未新建机房，未单独采购服务器和存储设备。",
            "项目编制信息资源目录{catalogue_count}类，全部在{exchange}注册发布，开通共享接口{api_count}个。",
        )),
        ("初步验收和试运行情况", (
            "{trial_start}，{owner}组织有关专家对项目进行了初步验收，专家组听取了承建单位和监理单位的汇报，"
            "查验了系统功能和文档资料，一致同意通过初步验收。",
            "系统自{trial_start}起投入试运行，至{trial_end}已稳定运行{trial_months}个月，累计服务用户{served}人次，未发生重大故障和网络安全事件。",
        )),
        ("资金使用情况", ("@funds",)),
        ("网络安全和密码应用情况", (
            "系统已按网络安全等级保护第{grade}级完成定级备案，并委托测评机构开展了等级测评；系统已按照GB/T 39786-2021第{grade}级要求落实密码应用措施，"
            "并委托商用密码应用安全性评估机构开展了密评，评估中发现的问题均已整改。",
        )),
        ("申请事项", (
            "项目已完成批复的全部建设内容，初验合格并稳定运行{trial_months}个月以上，具备竣工验收条件，现申请组织竣工验收。",
            "@attachment_list",
        )),
    ),
    closing=("{owner}", "{apply_date}"),
)

SUMMARY = AcceptanceDoc(
    titles=("{proj}项目建设总结报告", "{proj}建设总结"),
    issuer="owner",
    sections=(
        ("项目概况", (
            "为解决{pain}等问题，{owner}组织建设{proj}。项目经{approver}批复（{approval_no}），资金来源为{fund}。",
            "项目建设目标是实现{goal1}，为{region}{biz}提供信息化支撑。",
        )),
        ("建设内容完成情况", (
            "项目共建设{module_count}个应用模块，批复的建设内容已全部完成，具体完成情况见下表。",
            "@content_table",
            "项目完成历史数据治理和迁移{history_rows}万条，完成与{integrations}的接口对接，实现统一身份认证接入。",
        )),
        ("项目管理情况", (
            "项目实行项目法人责任制、招标投标制、合同管理制和工程监理制。{tender_date}，项目通过公开招标确定{contractor}为承建单位，"
            "中标金额{contract}万元，并委托{supervisor}对项目实施全过程监理。",
            "项目建设期间共召开周例会{meetings}次、专题协调会{topics}次，形成需求规格说明书、详细设计说明书、测试报告等过程文档{docs}份。",
        )),
        ("投资完成情况", ("@investment",)),
        ("数据共享和网络安全情况", (
            "项目编制信息资源目录{catalogue_count}类，在{exchange}注册发布共享接口{api_count}个，试运行期间累计提供共享调用{calls}万次。",
            "系统按等级保护第{grade}级要求落实安全防护措施，采用SM2、SM3、SM4算法落实密码应用要求，等级测评和密评发现的问题均已整改完毕。",
        )),
        ("试运行情况和应用成效", (
            "系统自{trial_start}起试运行，运行稳定，{users}普遍反映系统操作便捷、功能实用。",
            "项目实现了{goal1}，相关业务平均办理时限压缩{speedup}%，群众办事提交材料减少{fewer}%。",
        )),
        ("存在的问题和下一步工作", (
            "部分基层用户对系统功能掌握还不够熟练，个别部门数据更新不够及时。下一步，{owner}将加强用户培训和数据质量管理，"
            "完善运维保障机制，推动系统持续发挥效益。",
        )),
    ),
    closing=("{owner}", "{apply_date}"),
)

FINANCIAL = AcceptanceDoc(
    titles=("{proj}财务决算报告", "{proj}资金使用情况报告", "{proj}项目财务报告"),
    issuer="owner",
    sections=(
        ("项目概况", (
            "{proj}由{owner}组织建设，承建单位为{contractor}。项目于{start}开工，{finish}完成建设，{trial_start}通过初步验收。",
        )),
        ("资金到位情况", ("@received",)),
        ("资金使用情况", (
            "@spent",
            "@spend_table",
        )),
        ("预算调整情况", ("@adjustment",)),
        ("资金管理情况", (
            "项目资金实行专账核算、专款专用，按照合同约定和建设进度支付，每笔支付均经监理单位审核、建设单位审批。",
            "项目未发生挤占、挪用项目资金的情况，相关会计凭证、合同和支付审批单据已整理归档。",
        )),
        ("结论", ("@financial_conclusion",)),
    ),
    closing=("{owner}（财务部门）", "{apply_date}"),
)

AUDIT = AcceptanceDoc(
    titles=("{proj}竣工决算审计报告", "关于{proj}竣工决算的审计报告"),
    issuer="auditor",
    salutation="{owner}：",
    cover_lines=("{audit_no}",),
    sections=(
        ("审计依据和范围", (
            "我们接受委托，依据《中华人民共和国审计法》《基本建设财务规则》和有关规定，对{proj}竣工决算进行了审计。"
            "审计范围包括项目投资完成情况、资金到位和使用情况、合同执行情况和财务管理情况。",
            "提供真实、完整的决算资料是建设单位的责任，我们的责任是在实施审计工作的基础上发表审计意见。",
        )),
        ("项目基本情况", (
            "@approved",
            "项目承建单位为{contractor}，合同金额{contract}万元；监理单位为{supervisor}。",
        )),
        ("审计结果", (
            "@audit_result",
            "@audit_table",
        )),
        ("审计发现的问题及建议", (
            "个别合同变更未及时履行书面确认手续，部分付款凭证后附验收资料不完整。建设单位已在审计过程中补充完善相关手续。",
            "建议进一步规范合同变更管理，及时办理资产移交和入账手续。",
        )),
        ("审计结论", ("@audit_conclusion",)),
    ),
    closing=("{auditor}", "中国注册会计师：{cpa}", "{audit_date}"),
)

SUPERVISION = AcceptanceDoc(
    titles=("{proj}监理总结报告", "{proj}工程监理报告"),
    issuer="supervisor",
    sections=(
        ("工程概况", (
            "{proj}建设单位为{owner}，承建单位为{contractor}，合同金额{contract}万元，合同工期{months}个月。",
            "项目主要建设内容包括{module_names}，以及数据治理、系统集成和安全保障等工作。",
        )),
        ("监理工作范围和依据", (
            "{supervisor}受{owner}委托，对项目招标后的设计、实施、试运行和初步验收阶段实施全过程监理。",
            "监理工作依据《信息技术服务 监理》（GB/T 19668）系列标准、项目批复文件、承建合同和监理合同开展。",
        )),
        ("监理组织机构", (
            "项目监理部由总监理工程师、专业监理工程师和监理员组成，人员配置见下表。",
            "@staff_table",
        )),
        ("监理工作情况", (
            "质量控制方面，监理部审核了需求规格说明书、详细设计和测试方案，组织了{tests}次阶段测试，发现的{bugs}个问题均已闭环整改。",
            "进度控制方面，监理部按周检查实施进度，对滞后的数据治理工作下发监理通知单{notices}份，督促承建单位增加人员投入，项目按期完成。",
            "投资控制方面，监理部审核承建单位的付款申请{payments}次，审核支付金额与合同约定和实际完成工作量相符，未发生超合同付款。",
        )),
        ("工程质量评价", (
            "@quality_table",
            "项目各阶段质量检查合格，系统功能、性能满足合同要求，文档资料齐全。",
        )),
        ("监理结论", (
            "监理部认为，{proj}已按合同完成全部建设内容，工程质量合格，具备竣工验收条件。",
        )),
    ),
    closing=("{supervisor}", "总监理工程师：{chief}", "{apply_date}"),
)

SECURITY = AcceptanceDoc(
    titles=("{system}网络安全等级保护测评报告",),
    issuer="sec_assessor",
    cover_lines=("报告编号：{sec_no}", "被测对象：{system}", "被测单位：{owner}"),
    sections=(
        ("测评项目概述", (
            "受{owner}委托，{sec_assessor}依据《信息安全技术 网络安全等级保护基本要求》（GB/T 22239-2019）和"
            "《信息安全技术 网络安全等级保护测评要求》（GB/T 28448-2019），于{sec_period}对{system}开展了第{grade}级等级测评。",
            "测评采用访谈、核查和测试相结合的方法，覆盖安全物理环境、安全通信网络、安全区域边界、安全计算环境、安全管理中心和安全管理制度等方面。",
        )),
        ("被测对象描述", (
            "{system}部署在{cloud}，安全保护等级为第{grade}级（S{grade_digit}A{grade_digit}G{grade_digit}），已在公安机关完成定级备案，备案证明编号为{filing_no}。",
            "被测对象包括应用服务器{vm_count}台（云主机）、数据库服务器2台（云主机）以及政务云提供的安全资源池服务。",
        )),
        ("单项测评结果", (
            "各安全类的单项测评结果汇总如下表。",
            "@sec_table",
        )),
        ("安全问题风险分析", (
            "测评发现中风险问题{mid_risks}项、低风险问题{low_risks}项，未发现高风险问题。中风险问题主要为部分账户口令复杂度策略配置不足、审计日志留存时间配置偏短。",
            "上述问题经被测单位整改并复测，均已消除。",
        )),
        ("等级测评结论", (
            "综合得分{sec_score}分，等级测评结论为“基本符合”，{system}达到网络安全等级保护第{grade}级的基本要求。",
        )),
    ),
    closing=("{sec_assessor}", "{sec_date}"),
)

# The security assessment a 山东 package carries (第二十三条 says 信息安全风险评估报告).
RISK_ASSESSMENT = AcceptanceDoc(
    titles=("{system}信息安全风险评估报告",),
    issuer="sec_assessor",
    cover_lines=("报告编号：{sec_no}", "评估对象：{system}", "委托单位：{owner}"),
    sections=(
        ("评估概述", (
            "受{owner}委托，{sec_assessor}依据《信息安全技术 信息安全风险评估方法》（GB/T 20984-2022），于{sec_period}对{system}开展了信息安全风险评估。",
            "评估范围包括系统的应用、数据、主机、网络和安全管理，评估方法包括资产识别、威胁识别、脆弱性识别和已有安全措施确认。",
        )),
        ("资产识别", (
            "评估共识别信息资产{assets}项，其中数据资产{data_assets}项，重要数据主要为{sensitive}。系统安全保护等级为第{grade}级。",
        )),
        ("风险分析", (
            "综合威胁和脆弱性分析，系统风险评估结果汇总如下表。",
            "@risk_table",
        )),
        ("风险处置情况", (
            "针对评估发现的中风险项，被测单位已完成口令策略加固、日志留存时间调整和冗余端口关闭，经复核风险已降至可接受水平。",
        )),
        ("评估结论", (
            "{system}整体安全风险处于可接受水平，已建立较为完善的安全技术和管理措施，满足上线运行的安全要求。",
        )),
    ),
    closing=("{sec_assessor}", "{sec_date}"),
)

CRYPTO = AcceptanceDoc(
    titles=("{system}商用密码应用安全性评估报告",),
    issuer="crypto_assessor",
    cover_lines=("报告编号：{crypto_no}", "被测信息系统：{system}", "委托单位：{owner}"),
    sections=(
        ("评估概述", (
            "受{owner}委托，{crypto_assessor}依据《信息安全技术 信息系统密码应用基本要求》（GB/T 39786-2021）和"
            "《信息系统密码应用测评要求》（GM/T 0115-2021），于{crypto_period}对{system}开展了商用密码应用安全性评估。",
            "被测系统的密码应用方案已经{crypto_authority}审核，本次评估按照第{grade}级要求进行。",
        )),
        ("密码应用情况", (
            "系统在网络和通信层面部署国密SSL VPN安全网关，采用SM2算法实现身份鉴别，采用SM4算法保护传输数据的机密性，采用SM3算法的HMAC保护完整性。",
            "在设备和计算层面，运维人员通过智能密码钥匙登录堡垒机；在应用和数据层面，重要数据采用SM4算法加密存储，关键操作采用SM2数字签名。",
            "系统使用的服务器密码机、签名验签服务器由政务云密码服务平台提供，均具有商用密码产品认证证书。",
        )),
        ("测评结果", (
            "各层面的测评结果汇总如下表。",
            "@crypto_table",
        )),
        ("风险分析", (
            "测评发现物理和环境层面视频记录完整性保护措施不足（中风险）等问题{crypto_issues}项，经整改复测均已消除。",
        )),
        ("评估结论", (
            "{system}密码应用安全性评估得分{crypto_score}分，评估结论为“基本符合”。",
        )),
    ),
    closing=("{crypto_assessor}", "{crypto_date}"),
)

SHARING_ASSESSMENT = AcceptanceDoc(
    titles=("{proj}集约化建设和信息资源共享评估报告",),
    issuer="owner",
    sections=(
        ("评估概况", (
            "根据{policy_local}有关要求，{owner}对{proj}的集约化建设和信息资源共享情况进行了自评估。",
        )),
        ("集约化建设情况", (
            "项目所需计算、存储资源全部由{cloud}提供，共使用云主机{vm_count}台、块存储{storage}TB，未新建机房，未单独采购服务器和存储设备。",
            "项目依托电子政务外网部署，未新建业务专网；复用了统一身份认证、电子印章、短信服务等公共支撑能力。",
        )),
        ("信息资源共享情况", (
            "项目编制信息资源目录{catalogue_count}类，全部在{exchange}注册发布；开通共享接口{api_count}个，试运行期间累计提供共享调用{calls}万次，"
            "从其他部门获取{need_data}等数据，减少群众提交材料{fewer}%。",
            "@assessment_table",
        )),
        ("评估结论", (
            "项目集约化建设和信息资源共享情况符合要求，评估结论为“符合”。",
        )),
    ),
    closing=("{owner}", "{apply_date}"),
)

SHARING_CONFIRMATION = AcceptanceDoc(
    titles=("关于{proj}数据共享完成情况的确认意见",),
    issuer="data_authority",
    salutation="{owner}：",
    sections=(
        ("", (
            "你单位报来的《关于{proj}数据共享完成情况的报告》收悉。经审查，现将确认意见函告如下。",
            "一、{proj}已在{exchange}注册信息资源目录{catalogue_count}类，挂接数据资源{catalogue_count}类，开通共享接口{api_count}个，"
            "目录与数据资源挂接率100%。",
            "二、试运行期间，该项目累计向其他部门提供共享调用{calls}万次，数据更新及时，未发现数据质量问题。",
            "三、项目共享的信息资源如下表。",
            "@confirm_table",
            "四、经审查，该项目已按要求完成数据共享任务，同意确认。请你单位持续做好数据更新和共享服务工作。",
        )),
    ),
    closing=("{data_authority}", "{confirm_date}"),
)

DOCS: dict[str, AcceptanceDoc] = {
    "acceptance_application": APPLICATION,
    "construction_summary": SUMMARY,
    "financial_report": FINANCIAL,
    "audit_report": AUDIT,
    "supervision_report": SUPERVISION,
    "security_assessment": SECURITY,
    "crypto_assessment": CRYPTO,
    "sharing_assessment": SHARING_ASSESSMENT,
    "sharing_confirmation": SHARING_CONFIRMATION,
}

# Who signs what, per jurisdiction (fictitious firms).
PARTIES: dict[str, dict[str, str]] = {
    "yingkou": {"contractor": "辽宁云联信息技术有限公司", "supervisor": "辽宁正信工程项目管理有限公司",
                "auditor": "辽宁辽海会计师事务所有限责任公司", "audit_prefix": "辽海审字",
                "sec_assessor": "辽宁省网络安全等级保护测评中心营口分中心", "crypto_assessor": "辽宁商密检测评估有限公司",
                "data_authority": "营口市大数据管理局"},
    "xingan": {"contractor": "江西赣数科技有限公司", "supervisor": "江西中昌工程咨询监理有限公司",
               "auditor": "江西中审会计师事务所有限公司", "audit_prefix": "赣中审字",
               "sec_assessor": "江西赣安网络安全测评有限公司", "crypto_assessor": "江西密信检测技术有限公司",
               "data_authority": "新干县大数据中心"},
    "jingle": {"contractor": "山西数政通信息技术有限公司", "supervisor": "山西晋通工程监理有限公司",
               "auditor": "山西晋审会计师事务所有限公司", "audit_prefix": "晋审字",
               "sec_assessor": "山西三晋网络安全测评有限公司", "crypto_assessor": "山西商密测评技术有限公司",
               "data_authority": "静乐县政务信息管理局"},
    "shandong": {"contractor": "山东齐鲁数智科技有限公司", "supervisor": "山东华信工程项目管理有限公司",
                 "auditor": "山东泰和会计师事务所有限公司", "audit_prefix": "鲁泰审字",
                 "sec_assessor": "山东鲁安信息安全测评有限公司", "crypto_assessor": "山东商用密码测评中心有限公司",
                 "data_authority": "山东省大数据局"},
    "wuzhi": {"contractor": "河南豫数信息技术有限公司", "supervisor": "河南中原信息工程监理有限公司",
              "auditor": "河南豫诚会计师事务所有限公司", "audit_prefix": "豫诚审字",
              "sec_assessor": "河南中测网络安全测评有限公司", "crypto_assessor": "河南商密测评技术有限公司",
              "data_authority": "武陟县政务服务和大数据管理局"},
}

# The budget lines a package's financial documents use, and each one's share of the approved total.
SPEND_LINES: tuple[tuple[str, str], ...] = (
    ("应用软件开发费", "0.46"),
    ("数据治理与系统集成费", "0.14"),
    ("云资源及安全服务费", "0.12"),
    ("密码产品及服务费", "0.06"),
    ("工程建设其他费用", "0.19"),
    ("预备费", "0.03"),
)

# 目录.txt as a unit's clerk types it (Notepad, GBK): it names what the package should hold.
LISTING_HEADER = "{proj}竣工验收材料目录"
