"""A real DOCX whose text tries to run script in a report: a <script> element, an <img onerror>,
and a javascript: hyperlink, in the title, a chapter excerpt, a finding's evidence and the file name."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=1>"
JS_LINK = "javascript:window.__pwned=1"
FILE_NAME = '"><img src=x onerror=window.__pwned=1>营口市恶意测试项目可行性研究报告.docx'


def _hyperlink(paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def write_hostile_docx(folder: Path) -> Path:
    doc = docx.Document()
    doc.add_heading(f"营口市智慧停车{SCRIPT}项目可行性研究报告", level=0)
    doc.add_heading("第一章 项目概况", level=1)
    doc.add_paragraph(f"本项目由营口市交通运输局建设。{SCRIPT}项目总投资 356.80 万元，资金来源为市本级财政资金。")
    doc.add_heading("第二章 数据资源共享分析", level=1)
    doc.add_paragraph(f"详见附件。{IMG}")
    doc.add_heading("第三章 软硬件产品安全可靠情况说明", level=1)
    doc.add_paragraph(f"数据库拟采用 Oracle Database 19c{SCRIPT}，中间件采用 WebLogic。")
    doc.add_heading("第四章 网络与信息安全保障", level=1)
    paragraph = doc.add_paragraph(f"安全设计参见 {JS_LINK} 与")
    _hyperlink(paragraph, JS_LINK, "点击此处查看安全规范")
    doc.add_paragraph("系统按网络安全等级保护第三级要求建设，部署防火墙、入侵检测、日志审计等安全设备，"
                      "建立安全管理制度和应急响应机制，定期开展安全检查和风险评估。")
    doc.add_heading("第五章 投资估算及资金来源", level=1)
    doc.add_paragraph("项目总投资 356.80 万元，其中软件开发费 200.00 万元，硬件购置费 156.80 万元。")
    path = folder / FILE_NAME
    doc.save(str(path))
    return path
