"""`dti-bot reminders plan|run --now ISO-8601 [--json]`: the reminder planner from cron or by hand (a contract).

``plan`` prints what would be sent at that moment without sending: a JSON list of ``{"recipient": {"channel",
"chat"}, "unit", "kind", "due", "indicators", "text"}`` — empty outside working hours and on days off. ``run``
plans and queues them in the outbox and prints ``{"planned", "sent", "failed"}``; run twice with the same or a
slightly later ``--now``, the second queues and sends nothing. Messages for console chats count as sent when
queued: ``dti-bot converse`` shows them first among the replies of that chat's next action. Messages for the
other channels are sent by the bot process's outbox sender.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    for name, text in (("plan", "in những nhắc việc sẽ gửi vào thời điểm đó, không gửi"),
                       ("run", "lập và gửi nhắc việc đến hạn (dùng cho cron)")):
        sp = sub.add_parser(name, help=text, description=text)
        sp.add_argument("--now", type=arg.moment,
                        help="thời điểm ISO-8601 (mặc định: bây giờ), ví dụ 2025-09-10T08:00+07:00")
        sp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def _now(moment: datetime | None, settings: Settings) -> datetime:
    """``--now`` (checked by argparse), in the bot's time zone when it names none; the current time without it."""
    from zoneinfo import ZoneInfo

    if moment is None:
        return datetime.now(ZoneInfo(settings.bot.timezone))
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(settings.bot.timezone))


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import check_reminder_plans, open_database, print_json
    from bot.reminders.calendar import WorkCalendar
    from bot.reminders.deliver import outcome
    from bot.reminders.planner import CONSOLE, MembershipSource, as_contract, due_now, plan_and_queue
    from bot.reminders.policy import ReminderPolicy
    from bot.render import Renderer
    from knowledge.store import load_knowledge

    now = _now(args.now, settings)
    db = open_database(settings)
    if db is None:
        return 1
    if not check_reminder_plans(settings):
        db.dispose()
        return 2
    source = MembershipSource(load_knowledge())
    cal, policy = WorkCalendar.from_settings(settings), ReminderPolicy.from_settings(settings)
    result: Any
    waiting = 0
    with db.session() as session:
        if args.action == "plan":
            result = as_contract(due_now(session, source, cal, policy, Renderer(), now))
        else:
            planned, queued = plan_and_queue(session, source, cal, policy, Renderer(), now)
    if args.action == "run":
        keys = [p.key for p, _ in planned] if queued else []
        channels = {p.channel for p, _ in planned if p.channel != CONSOLE} if queued else set()
        if channels & {name for name, token in (("telegram", settings.telegram.token),
                                               ("zalo", settings.zalo.token)) if token}:
            from bot.cli.common import open_core
            from bot.core.services import fixed_clock
            from bot.reminders.deliver import deliver_now

            core = open_core(settings, clock=fixed_clock(now))
            if core is None:
                return 1
            try:
                deliver_now(settings, core, channels, now)
            finally:
                core.db.dispose()
        done = outcome(db, keys, CONSOLE)
        result, waiting = {"planned": queued, "sent": done.sent, "failed": done.failed}, done.waiting
    db.dispose()
    if args.json:
        print_json(result)
    elif args.action == "plan":
        for item in result:
            print(f"== {item['recipient']['channel']}:{item['recipient']['chat']} · {item['kind']} · {item['unit']}")
            print(item["text"])
        print(f"Tổng cộng: {len(result)} tin nhắn.")
    else:
        print(f"Đã lập {result['planned']} tin nhắn nhắc việc; đã gửi {result['sent']}, lỗi {result['failed']}.")
        if waiting:
            print(f"Còn {waiting} tin chờ gửi (kênh chưa có token ở đây, hoặc chờ gửi lại): bot đang chạy sẽ gửi.")
    return 0
