"""`dti-bot export`: the round's Excel report (indicators, parts per unit and version, completeness per unit,
evidence), the same workbook ``/xuat`` sends.

    dti-bot export --plan gia-lai-2023 [--period 2024 | --round 3] --xlsx bao-cao.xlsx

Exit status: 0 written, 2 refused (no such plan or round, file not writable), 1 the database cannot be opened.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=arg.plan_id,
                        help="kế hoạch, ví dụ gia-lai-2023 (đợt đang mở, hoặc đợt gần nhất)")
    parser.add_argument("--period", type=arg.text(16), help="kỳ của đợt: năm (2024) hoặc quý (2024-Q3)")
    parser.add_argument("--round", type=arg.record_id, help="số của đợt thu thập")
    parser.add_argument("--xlsx", type=arg.output_file, required=True, help="tệp Excel sẽ ghi")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace, settings: Settings) -> int:

    from zoneinfo import ZoneInfo

    from bot.cli.round import write_for_round
    from bot.services.reports import report
    from knowledge.store import load_knowledge

    kb = load_knowledge()
    started = time.perf_counter()

    def write(session: Any, info: Any) -> int:
        data = report(session, kb, info, ZoneInfo(settings.bot.timezone))
        Path(args.xlsx).write_bytes(data)
        return len(data)

    done = write_for_round(args, settings, str(args.xlsx), write)
    if isinstance(done, int):
        return done
    info, size = done
    print(f"Đã ghi báo cáo đợt {info.id} ({info.plan}, kỳ {info.period}) vào {args.xlsx} "
          f"({size // 1024} KB, {time.perf_counter() - started:.2f} s).")
    return 0
