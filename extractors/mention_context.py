"""How a sentence speaks of a name it mentions: as what the project uses, or as what it replaces,
rules out, stays compatible with, or already has.

A product or an algorithm named in a plan is not always chosen: 「将原有Oracle数据库迁移至达梦」
replaces it, 「不采用Cisco等境外设备」 rules it out, 「兼容Windows客户端」 only promises
compatibility, 「现有系统运行在Windows Server上」 describes the past. The clause around the
mention (split at ，；) decides: the cue nearest before the mention wins, a cue right after it
(…迁移至, …替换为, …存在安全隐患) overrides, and with no cue the mention is a use.
"""

from __future__ import annotations

import re
from enum import Enum

_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?\n]")
AFTER_WINDOW = 24


class Stance(str, Enum):
    USED = "used"
    REPLACED = "replaced"  # 替换/迁移自/国产化替代: what the project moves away from
    REJECTED = "rejected"  # 不采用/避免/禁止, or named as a risk
    COMPATIBLE = "compatible"  # 兼容/适配/支持: a compatibility list, not a choice
    EXISTING = "existing"  # 原有/现有/目前: the situation before the project


# before the mention: (stance, pattern); on a tie of position the earlier entry wins
_BEFORE: tuple[tuple[Stance, re.Pattern[str]], ...] = (
    (Stance.REJECTED, re.compile(
        r"不再?(?:采用|使用|选用|选择|采购|购置|部署|依赖|引入|安装)|"
        r"(?:禁止|严禁|避免|杜绝|不得|不应|不宜|拒绝|排除|摒弃|减少|摆脱)(?:采用|使用|选用|采购|购置|部署|依赖|引入|安装|对)?|"
        r"(?:暂?不|无需|未)(?:开展|进行|实施|组织)|禁用|弃用|停用|停止使用|不含")),
    (Stance.REPLACED, re.compile(
        r"(?:替换(?:掉)?|替代|取代|代替|淘汰)(?:原有|现有|已有|原来|原先|原|旧有|老旧)?的?|下线|退役|迁移自|迁出|"
        r"(?:从|由)(?=[^，,；;。]{0,16}(?:迁移|切换|过渡|升级|替换|改造))")),
    (Stance.COMPATIBLE, re.compile(
        r"兼容|适配|支持|适用于|可运行于|(?:基于|源自|源于|衍生自)(?=[^，,；;。]{0,16}(?:内核|开源|源码|代码|分支|社区版|授权|架构|二次开发))")),
    (Stance.EXISTING, re.compile(
        r"原有|原来|原先|原(?=\s*[A-Za-z]|系统|平台|数据库|设备|服务器)|现有|已有|已建|现行|目前|现状|此前|以前|过去|以往|"
        r"长期以来|历来|早期|老旧|旧有|遗留")),
    (Stance.USED, re.compile(
        r"继续(?:使用|采用|沿用)|沿用|利旧|保留使用|采用|使用|选用|选型|部署|采购|购置|配置|安装|运行于|基于|"
        r"(?:迁移|替换|更换|切换|升级|改造|过渡)(?:至|到|为|成)")),  # the target of a migration is used
)
_AFTER_REPLACED = re.compile(
    r"^[^，,；;。]{0,16}?(?:迁移至|迁移到|迁移为|替换为|替换成|更换为|更换成|切换至|切换到|升级为|改造为|过渡到|过渡至|"
    r"被替换|被替代|被取代|将被|逐步(?:替换|淘汰|退出)|下线|退役|淘汰|停止使用|停用|不再使用|弃用|废弃|"
    r"国产化替代|国产化替换|国产化改造|信创(?:替代|改造))")
_AFTER_RISK = re.compile(r"^[^，,；;。]{0,20}?(?:存在|带来|面临|造成)[^，,；;。]{0,10}(?:风险|隐患|漏洞|后门|威胁)")
_KEEPS = re.compile(r"继续(?:使用|采用|沿用)|沿用|利旧|保留使用")
_TARGET = re.compile(r"(?:迁移|替换|更换|切换|升级|改造|过渡)(?:至|到|为|成)$")
# 原有系统采用3DES: the clause is about the old system (but 在现有平台上部署X is about X)
_EXISTING_SUBJECT = re.compile(r"(?<!在)(?:原有|现有|已有|已建|原|旧有|老旧)的?[^，,；;。在上]{0,8}?(?:系统|平台|环境|版本|设备|服务器)")


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): from the last ，；。 before it to the next one after it."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right = _CLAUSE_BREAK.search(text, end)
    return left, right.start() if right else len(text)


def stance(text: str, start: int, end: int) -> Stance:
    """How the clause holding text[start:end] speaks of it."""
    left, right = clause_bounds(text, start, end)
    before, after = text[left:start], text[end:right][:AFTER_WINDOW]
    if _AFTER_REPLACED.search(after):
        return Stance.REPLACED
    if _AFTER_RISK.search(after):
        return Stance.REJECTED
    clause, limit = text[left:right], start - left
    nearest: tuple[int, int, Stance, int] | None = None
    for rank, (kind, pattern) in enumerate(_BEFORE):
        for m in pattern.finditer(clause):
            if m.end() > limit:
                continue
            candidate = (m.end(), -rank, kind, m.start())
            if nearest is None or candidate[:2] > nearest[:2]:
                nearest = candidate
    if nearest is None:
        return Stance.USED
    end, _, kind, cue_start = nearest
    if kind is Stance.EXISTING and _KEEPS.search(before):
        return Stance.USED  # 继续使用原有Oracle数据库: kept, hence used
    if (kind is Stance.USED and not _KEEPS.search(clause[cue_start:end]) and not _TARGET.search(clause[cue_start:end])
            and _EXISTING_SUBJECT.search(clause[:cue_start])):
        return Stance.EXISTING
    return kind


# a table cell beside the name (备注, 状态) that states the stance on its own. 原有 alone does not: in a
# product list it marks equipment the project keeps using.
_CELL_CUES: tuple[tuple[Stance, re.Pattern[str]], ...] = (
    (Stance.REJECTED, re.compile(r"不采购|不采用|不使用|取消|删除")),
    (Stance.USED, re.compile(r"利旧|继续使用|沿用|新购|新增")),
    (Stance.REPLACED, re.compile(r"替换|替代|迁移|淘汰|下线|退役|停用")),
    (Stance.COMPATIBLE, re.compile(r"兼容|适配")),
)


def cell_cue(text: str) -> Stance | None:
    """The stance a table cell states about its row (利旧, 拟替换, 不采购 …), if any."""
    return next((kind for kind, pattern in _CELL_CUES if pattern.search(text)), None)
