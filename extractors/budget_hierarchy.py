"""A budget table's lines arranged into levels and parents: the tree its sums are checked on.

Apart from reading the table because it needs only the lines and what each row hinted (序号,
indentation, 小计, 其中), not the table's cells.
A line's level comes from 序号 (一 → 1, （一） → 2, 1 → 3, 1.1 and (1) → 4, ① → 5), else from a
number the label starts with (moved to `number`), else, when nothing in the table is numbered,
from the label's indentation. A line's parent is the nearest earlier line of a smaller level,
except that the lines a 小计 sums have the 小计 as their parent (it stands in their place under
their group). 合计/总计/项目总投资 lines are totals (level 0, never a parent); a group line with
children carries their sum (SUBTOTAL, as 小计 lines are). "其中" lines break down the line above
them: they are its children but do not make it a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from docscreen.models.budget import Amount, BudgetLine, LineRole

CN = "一二三四五六七八九十"
_NUMBER_LEVELS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"^第?[{CN}]+[、.．]?$"), 1),
    (re.compile(rf"^[（(][{CN}]+[)）]$"), 2),
    (re.compile(r"^\d+[、.．]?$"), 3),
    (re.compile(r"^[（(]\d+[)）]$|^\d+[)）]$"), 4),
    (re.compile(r"^[①-⑳]$"), 5),
)
_DOTTED = re.compile(r"^\d+(?:[.．]\d+)+[.．]?$")  # 1.1 → 4, 1.1.1 → 5
PREFIX = re.compile(
    rf"^(第?[{CN}]+[、.．]|[（(][{CN}]+[)）]|\d+(?:[.．]\d+)+(?!\d)|\d+[、.．](?!\d)"
    r"|\d{1,3}(?=\s+[^\s\d年月日度号期个台套项万元%％])"  # "1 服务器", never "2024 年" or "2 台"
    r"|[（(]\d+[)）]|\d+[)）]|[①-⑳])\s*"
)
TOTAL = re.compile(
    r"^(?:总合计|合计|总计|共计|累计|项目总投资|总投资|投资总额|总投资额|项目投资合计|投资合计|费用合计|总投资合计|项目总计)"
    r"(?:[（(][^）)]*[)）])?[:：]?$"
)
_SUBTOTAL = re.compile(r"小计|合计(?:[（(][^）)]*[)）])?$")
_OF_WHICH = re.compile(r"^其中")
_INDENT = {" ": 1, "\u3000": 2, "\t": 4, "\xa0": 1}
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Hint:
    """What a row says about its place in the hierarchy, before levels are assigned."""

    kind: str  # total | subtotal | of_which | plain
    level: int | None  # from 序号 or a label prefix
    indent: int
    continued: bool  # its 序号 cell is a merged cell from the row above


def kind(label: str) -> str:
    flat = _SPACE.sub("", label)
    if TOTAL.match(flat):
        return "total"
    if _SUBTOTAL.search(flat):
        return "subtotal"
    return "of_which" if _OF_WHICH.match(flat) else "plain"


def strip_number(text: str) -> str:
    return re.sub(r"[、.．\s]+$", "", _SPACE.sub("", text))


def number_level(number: str) -> int | None:
    text = _SPACE.sub("", number)
    if _DOTTED.match(text):
        return 3 + len(re.findall(r"[.．]\d", text))
    return next((level for pattern, level in _NUMBER_LEVELS if pattern.match(text)), None)


def indent(text: str) -> int:
    width = 0
    for ch in text:
        if ch not in _INDENT:
            break
        width += _INDENT[ch]
    return width


def arrange(lines: list[BudgetLine], hints: list[Hint]) -> None:
    """Levels, parents and roles, in reading order.

    The parent links form the tree a sum is checked on: a line's children add up to it. So the
    lines a 小计 sums get the 小计 as their parent (it comes after them), and the 小计 stands in
    their place under their group.
    """
    numbered = any(h.level is not None for h in hints)
    widths = sorted({h.indent for h in hints if h.kind == "plain"})
    by_indent = not numbered and len(widths) > 1
    for i, (line, hint) in enumerate(zip(lines, hints)):
        if hint.kind == "total":
            line.level, line.role = 0, LineRole.TOTAL
            continue
        if hint.kind == "of_which":
            line.level = lines[i - 1].level + 1 if i else 1
            line.parent = i - 1 if i else None
            continue
        if hint.kind == "subtotal":
            line.role = LineRole.SUBTOTAL
            line.level = _subtotal_level(lines, hints, i)
            for j in _run(lines, hints, i, line.level):
                lines[j].parent = i
        elif hint.level is not None and not hint.continued:
            line.level = hint.level
        elif by_indent:
            line.level = widths.index(hint.indent) + 1
        else:
            line.level = _unnumbered_level(lines, hints, i)
        line.parent = next(
            (j for j in range(i - 1, -1, -1) if lines[j].level < line.level and hints[j].kind == "plain"), None
        )
    for i, line in enumerate(lines):
        if line.role is LineRole.ITEM and any(
            other.parent == i and hints[j].kind != "of_which" for j, other in enumerate(lines)
        ):
            line.role = LineRole.SUBTOTAL


def _unnumbered_level(lines: list[BudgetLine], hints: list[Hint], i: int) -> int:
    """An unnumbered line is a sibling of the line before it (a 序号 merged over rows, a plain
    list), or, when the unnumbered run it opens adds up to the numbered line above, its child
    (一 工程费用 596.56 / 软件开发 474.52 / 硬件购置 122.04)."""
    above = next((j for j in range(i - 1, -1, -1) if hints[j].kind == "plain"), None)
    if above is None:
        return 1
    if hints[above].level is None or hints[i].continued or lines[above].amount is None:
        return lines[above].level
    run = []
    for line, hint in zip(lines[i:], hints[i:]):
        if hint.kind != "plain" or hint.level is not None or hint.continued:
            break
        run.append(line)
    if _adds_up(run, lines[above].amount):
        return lines[above].level + 1
    return lines[above].level


def _adds_up(run: list[BudgetLine], target: Amount | None) -> bool:
    """The run's amounts sum to `target` within half a written step of each figure."""
    amounts = [line.amount for line in run if line.amount is not None]
    if target is None or not run or len(amounts) < len(run):
        return False
    slack = sum((a.precision for a in amounts), target.precision) / 2
    return abs(sum((a.value for a in amounts), Decimal(0)) - target.value) <= slack


def _subtotal_level(lines: list[BudgetLine], hints: list[Hint], i: int) -> int:
    """A 小计 sums the run of same-level lines above it. Which level is ambiguous when the last
    line above has children of its own (3 机房 / 3.1 UPS / 3.2 空调 / 小计): the level whose run
    adds up to the 小计 wins, else the level of the line right above."""
    above = next((j for j in range(i - 1, -1, -1) if hints[j].kind == "plain"), None)
    if above is None:
        return 1
    candidates: list[int] = []
    j: int | None = above
    while j is not None and j < i:
        candidates.append(lines[j].level)
        j = lines[j].parent
    for level in candidates:
        if _adds_up([lines[k] for k in _run(lines, hints, i, level)], lines[i].amount):
            return level
    return candidates[0]


def _run(lines: list[BudgetLine], hints: list[Hint], i: int, level: int) -> list[int]:
    """The lines of `level` above line i, back to the previous 小计/合计 or the group they are in."""
    run = []
    for j in range(i - 1, -1, -1):
        if hints[j].kind in ("total", "subtotal") or lines[j].level < level:
            break
        if lines[j].level == level and hints[j].kind == "plain":
            run.append(j)
    return run
