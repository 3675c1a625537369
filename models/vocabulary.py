"""The stable names of CONTRACT.md with the Chinese a reviewer reads for each."""

from __future__ import annotations

SCHEMA = "docscreen.report/1"

KINDS: dict[str, str] = {
    "proposal": "项目建议书",
    "feasibility_report": "可行性研究报告",
    "preliminary_design": "初步设计（方案）及投资概算",
    "construction_plan": "项目建设方案",
    "acceptance_package": "竣工验收材料",
    "acceptance_report": "验收申请/验收报告",
    "unknown": "未识别",
}

PLAN_KINDS: tuple[str, ...] = ("proposal", "feasibility_report", "preliminary_design", "construction_plan")

OTHER = "other"  # the classifiers' label for a section or document of none of the types below

CHAPTER_TYPES: dict[str, str] = {
    "data_sharing": "数据资源共享分析",
    "resource_catalogue": "信息资源目录/数据共享清单",
    "secure_products": "软硬件产品安全可靠（可控）情况说明",
    "crypto_plan": "密码应用方案",
    "security": "网络与信息安全保障",
    "intensive_construction": "集约化建设",
    "purchase_vs_build": "自建与购买服务经济性比较",
    "investment": "投资估算/概算及资金来源",
    "performance_goals": "绩效目标",
    "operations": "运行维护方案",
}

ACCEPTANCE_TYPES: dict[str, str] = {
    "acceptance_application": "验收申请报告",
    "construction_summary": "项目建设总结",
    "financial_report": "财务报告",
    "audit_report": "审计报告",
    "supervision_report": "监理报告",
    "security_assessment": "安全风险评估/等保测评报告",
    "crypto_assessment": "密码应用安全性评估报告",
    "sharing_assessment": "集约化建设和信息资源共享评估报告",
    "sharing_confirmation": "数据共享完成确认意见",
}

FINDING_CODES: dict[str, str] = {
    "missing_chapter": "缺少必备章节",
    "thin_chapter": "章节内容空泛",
    "missing_attachment": "缺少验收材料",
    "budget_items_mismatch": "分项与合计不符",
    "budget_total_conflict": "总投资前后不一致",
    "budget_annual_mismatch": "分年度投资与总投资不符",
    "budget_annual_missing": "缺少分年度预算",
    "budget_adjustment_over_limit": "投资调整超出限额",
    "budget_overrun": "超出批复预算",
    "hardware_procurement": "违规采购计算/存储硬件",
    "foreign_product": "关键产品非安全可控",
    "crypto_noncompliant": "密码应用不合规",
    "catalogue_fields_missing": "信息资源目录属性不全",
    "sharing_content_missing": "数据共享分析要素不全",
    "process_threshold": "投资规模触发审批环节",
    "unreadable": "文件无法读取",
    "incomplete_document": "文档不完整，部分内容无法判断",
}

AMOUNT_MEANINGS: dict[str, str] = {
    "total_investment": "项目总投资",
    "fiscal_funds": "申请财政资金",
    "self_funded": "自筹资金",
    "annual": "分年度投资",
    "current_year_budget": "本年度预算",
    "operations": "运行维护费",
    "bid_price": "中标价",
    "contract_price": "合同金额",
    "approved": "批复金额",
    "adjusted": "调整后预算",
    "adjustment": "调整金额",
    "received": "到账资金",
    "actual_spend": "实际支出",
    "lifecycle_cost": "多年总成本",
    "item": "分项费用",
    "other": "其他金额",
}
