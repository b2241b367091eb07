"""``dti-bot chat [--plan ID]``: the assistant in the terminal, no token and no server needed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=arg.plan_id, help="kế hoạch tra cứu (mặc định theo cấu hình, kon-tum-2024)")


def _prompted_lines() -> Iterator[str]:
    interactive = sys.stdin.isatty()
    while True:
        try:
            line = input("Bạn> ") if interactive else sys.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not interactive and line == "":
            return
        yield line


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channels.console import chat_loop
    from bot.cli.common import open_core, tolerant_stdin

    core = open_core(settings, args.plan)
    if core is None:
        return 2
    tolerant_stdin()
    print("Trợ lý DTI — gõ câu hỏi, Enter để gửi; gõ 'thoát' hoặc Ctrl+D để kết thúc.\n")
    chat_loop(core, _prompted_lines(), lambda s: print(s, flush=True), plan=args.plan)
    core.db.dispose()
    return 0
