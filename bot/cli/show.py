"""``dti-bot show [--plan ID] [--json] CODE``: the full record of one indicator under a plan (a contract)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=arg.plan_id, help="kế hoạch (mặc định theo cấu hình)")
    parser.add_argument("--json", action="store_true", help="in JSON")
    parser.add_argument("code", type=arg.text(40), help="mã chỉ số, ví dụ 6.22.1")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import check_plan, print_json
    from bot.handlers.search import SECTION_ORDER
    from bot.render import Renderer
    from knowledge.record import full_records
    from knowledge.store import load_knowledge

    plan_id = args.plan or settings.bot.plan
    if not check_plan(plan_id, settings):
        return 2
    kb = load_knowledge()
    code = args.code.strip()
    records = full_records(kb, plan_id, code)
    if not records:
        print(f"Không có chỉ số '{code}' trong kế hoạch {plan_id}.", file=sys.stderr)
        return 1
    if args.json:
        print_json(records[0].to_json() if len(records) == 1 else [r.to_json() for r in records])
        return 0
    renderer = Renderer()
    plan = kb.plan(plan_id)
    today = datetime.now(ZoneInfo(settings.bot.timezone)).date()
    for k, record in enumerate(records):
        text, _ = renderer.render("indicator", r=record, order=list(SECTION_ORDER), focus="lookup",
                                  occurrence=k, plan_name=plan.label, today=today)
        print(text + "\n")
    return 0
