"""`docscreen`: screen documents from the command line.

Exit status (CONTRACT.md): 0 every input screened; 1 an input could not be screened (its report
says why); 2 bad usage; 3 with `--fail-on`, a finding of that severity or worse.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docscreen", description="政务信息化项目材料审查")
    parser.add_argument("--version", action="version", version=f"docscreen {version('docscreen')}")
    commands = parser.add_subparsers(dest="command", required=True)

    screen = commands.add_parser("screen", help="审查文档，输出 JSON/HTML 报告、summary.csv 与 index.html")
    screen.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    screen.add_argument("--out", type=Path, required=True, metavar="DIR")
    screen.add_argument("--jurisdiction", metavar="ID", help="指定辖区，覆盖自动识别结果")
    screen.add_argument("--fail-on", choices=["error", "warning"], help="存在该级别及以上发现时退出码为 3")

    rules = commands.add_parser("rules", help="列出规则及其依据条款")
    rules.add_argument("--jurisdiction", metavar="ID")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "screen":
        from docscreen.flows.screen_command import run_screen

        return run_screen(args.paths, args.out, args.jurisdiction, args.fail_on)
    from docscreen.flows.rules_command import print_rules

    return print_rules(args.jurisdiction)


if __name__ == "__main__":
    sys.exit(main())
