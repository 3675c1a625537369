"""`docscreen`: screen documents from the command line.

Exit status (CONTRACT.md): 0 every input screened; 1 an input could not be screened (its report
says why); 2 bad usage; 3 with `--fail-on`, a finding of that severity or worse.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import NoReturn


_SIZE_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3}


def _positive(text: str, what: str, example: str, scale: int = 1, whole: bool = False) -> float:
    """The number `text` states times `scale` (cut to a whole number with `whole`), or the argparse
    error naming `what`: unreadable, not finite, or not above 0."""
    try:
        number = float(text) * scale
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"无法识别的{what} {text!r}（例：{example}）")
    if whole:
        number = int(number)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{what}必须大于 0")
    return number


def _memory(text: str) -> int:
    """Bytes from a size such as 3G, 512M or a plain byte count."""
    scale = _SIZE_UNITS.get(text[-1:].upper(), 1)
    return int(_positive(text[:-1] if scale > 1 else text, "内存上限", "3G、512M", scale, whole=True))


def _seconds(text: str) -> float:
    return _positive(text, "时间预算", "300")


def _add_budget(command: argparse.ArgumentParser) -> None:
    from docscreen.flows.bounded_read import DEFAULT_BUDGET

    command.add_argument(
        "--unit-timeout", type=_seconds, default=DEFAULT_BUDGET.seconds, metavar="SECONDS",
        help=f"读取单个文件的时间上限，超时即终止并报告（默认 {DEFAULT_BUDGET.seconds:g}）",
    )
    command.add_argument(
        "--unit-memory", type=_memory, default=DEFAULT_BUDGET.memory_bytes, metavar="SIZE",
        help=f"读取单个文件的内存上限，如 3G、512M（默认 {DEFAULT_BUDGET.memory_bytes / 1024**3:g}G）",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docscreen", description="政务信息化项目材料审查")
    parser.add_argument("--version", action="version", version=f"docscreen {version('docscreen')}")
    commands = parser.add_subparsers(dest="command", required=True)

    screen = commands.add_parser("screen", help="审查文档，输出 JSON/HTML 报告、summary.csv 与 index.html")
    screen.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    screen.add_argument("--out", type=Path, required=True, metavar="DIR")
    screen.add_argument("--jurisdiction", metavar="ID", help="指定辖区，覆盖自动识别结果")
    screen.add_argument("--fail-on", choices=["error", "warning"], help="存在该级别及以上发现时退出码为 3")
    _add_budget(screen)

    rules = commands.add_parser("rules", help="列出规则及其依据条款")
    rules.add_argument("--jurisdiction", metavar="ID")

    opinion = commands.add_parser("opinion", help="根据 JSON 审查报告生成审查意见初稿（DOCX），供审查人修改定稿")
    opinion.add_argument("reports", nargs="+", type=Path, metavar="REPORT.json")
    opinion.add_argument("--out", type=Path, metavar="DIR", help="写入此文件夹；默认写在各报告旁边")

    rescreen = commands.add_parser("rescreen", help="批量重新审查一个文件夹或 s3://bucket/prefix 下的全部材料（可中断续跑）")
    rescreen.add_argument("source", metavar="SOURCE", help="本地文件夹，或 s3://bucket/prefix")
    rescreen.add_argument("--reports", metavar="STORAGE", help="报告写入位置（文件夹或 s3://bucket/prefix），默认取环境配置")
    rescreen.add_argument("--concurrency", type=int, default=2, metavar="N", help="同时审查的单元数")
    rescreen.add_argument("--dask", metavar="ADDRESS", help="在该 Dask 集群上运行（需运行中的 Prefect server）")
    rescreen.add_argument("--jurisdiction", metavar="ID")
    _add_budget(rescreen)

    serve = commands.add_parser("serve", help="接收 MinIO 上传事件（webhook）或轮询存储桶，自动审查新上传的材料")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--poll", type=float, metavar="SECONDS", help="不接收事件，改为按此间隔轮询存储")
    serve.add_argument("--source", metavar="STORAGE", help="轮询的位置（文件夹或 s3://bucket/prefix）")
    serve.add_argument("--reports", metavar="STORAGE", help="报告写入位置")

    train = commands.add_parser("train", help="由 training/ 重新训练章节与文档类型分类模型")
    train.add_argument("--data", type=Path, metavar="DIR", help="训练数据目录，默认为源码树中的 training/")
    train.add_argument("--out", type=Path, metavar="DIR", help="模型写入目录，默认为随包发布的模型位置")

    evaluate = commands.add_parser("evaluate", help="输出分类模型在保留集、样例和交叉验证上的准确率")
    evaluate.add_argument("--root", type=Path, metavar="DIR", help="含 training/ 与 samples/ 的源码树根目录")
    evaluate.add_argument("--no-cv", action="store_true", help="跳过 5 折交叉验证")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return _run(_parser().parse_args(argv))


def console() -> NoReturn:
    """The `docscreen` console script. After `screen` it leaves without tearing the heap down (a long
    document's objects would be freed for nothing): its reports are written and closed, and it
    started nothing that exit handlers would have to stop."""
    args = _parser().parse_args()
    status = _run(args)
    if args.command != "screen":
        sys.exit(status)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _run(args: argparse.Namespace) -> int:
    if args.command == "screen":
        from docscreen.flows.bounded_read import UnitBudget, start_read
        from docscreen.flows.units import fetch, reads_as_document

        budget = UnitBudget(args.unit_timeout, args.unit_memory)
        first = args.paths[0]
        # The first file's read starts before the checkers and reports are imported: it is the
        # longest step of a single run, and a child process does it while this one loads the rest.
        first_read = start_read(fetch(first), first.name, budget) if reads_as_document(first) else None
        from docscreen.flows.screen_command import run_screen

        return run_screen(args.paths, args.out, args.jurisdiction, args.fail_on, budget, first_read)
    if args.command == "opinion":
        from docscreen.flows.opinion_command import run_opinion

        return run_opinion(args.reports, args.out)
    if args.command == "rescreen":
        from docscreen.flows.rescreen_command import run_rescreen

        return run_rescreen(args)
    if args.command == "serve":
        from docscreen.flows.serve_command import run_serve

        return run_serve(args)
    if args.command == "train":
        from docscreen.flows.train_command import run_train

        return run_train(args.data, args.out)
    if args.command == "evaluate":
        from docscreen.flows.evaluate_command import run_evaluate

        return run_evaluate(args.root, not args.no_cv)
    from docscreen.flows.rules_command import print_rules

    return print_rules(args.jurisdiction)


if __name__ == "__main__":
    console()
