"""`dti-bot report`: the periodic report draft of a plan (the .docx /baocao sends), ``bot.services.periodic``.

    dti-bot report --plan kon-tum-2024 --period 2024-Q4|2024-H1|2024 --docx bao-cao-quy.docx [--json]

``--json`` prints exactly ``{"docx", "period", "units", "tasks_done", "tasks_overdue", "difficulties"}``: the
file, the period read (``2024-Q4``), the units owing values in the period's round, and how many tasks done,
tasks overdue and difficulties the report lists.

Exit status: 0 written, 2 refused (no such plan, a period that does not read, file not writable), 1 the database
cannot be opened.
"""

from __future__ import annotations

import argparse
import json

from bot.cli import args as arg
from bot.config import Settings


def period(text: str) -> str:
    """A period as ``read_period`` reads it (argparse refuses the rest with its reason)."""
    from bot.services.periods import PeriodError, read_period

    try:
        return read_period(text).key
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch, ví dụ kon-tum-2024")
    parser.add_argument("--period", type=period, required=True,
                        help="kỳ báo cáo: quý (2024-Q4), 6 tháng (2024-H1) hoặc năm (2024)")
    parser.add_argument("--docx", type=arg.output_file, required=True, help="tệp .docx sẽ ghi")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from zoneinfo import ZoneInfo

    from bot.cli.common import open_database
    from bot.cli.round import print_error
    from bot.core.services import system_clock
    from bot.services.periodic import write_periodic
    from bot.services.periods import read_period
    from knowledge.store import load_knowledge

    kb = load_knowledge()
    if args.plan not in kb.plans:
        return print_error(args, f"Không có kế hoạch '{args.plan}'. Các kế hoạch: {', '.join(sorted(kb.plans))}.")
    db = open_database(settings)
    if db is None:
        return 1
    try:
        with db.session() as session:
            written = write_periodic(session, kb, args.plan, read_period(args.period), str(args.docx),
                                     now=system_clock(), tz=ZoneInfo(settings.bot.timezone))
    except OSError as exc:
        return print_error(args, f"không ghi được tệp {args.docx}: {exc.strerror or exc}")
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(written.to_json(), ensure_ascii=False, indent=2))
        return 0
    source = f"đợt {written.round.id} (kỳ {written.round.period})" if written.round else "chưa có đợt thu thập"
    print(f"Đã ghi dự thảo báo cáo {args.plan} kỳ {written.period} vào {args.docx}: số liệu từ {source}, "
          f"{written.units} đơn vị, {written.tasks_done} nhiệm vụ xong, {written.tasks_overdue} quá hạn, "
          f"{written.difficulties} khó khăn vướng mắc.")
    return 0
