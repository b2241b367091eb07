"""`dti-bot round grant`: what /ngoaile does in chat, from the command line — a unit may enter into a closed
round (one indicator, or every one it owes) until a day, for a reason; its officials are told through the outbox
(sent by ``dti-bot run``)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from bot.config import Settings
from bot.core.messages import Outgoing
from bot.services.rounds import RoundError


def grant(args: argparse.Namespace, session: Any, kb: Any, settings: Settings) -> int:
    from bot.cli.round import find_round, local_today
    from bot.core import outbox
    from bot.core.services import system_clock
    from bot.handlers.exceptions import DEFAULT_WORKING_DAYS as DAYS
    from bot.reminders.calendar import WorkCalendar
    from bot.render import Renderer
    from bot.services.entry import owed_by, unit_chats
    from bot.services.rounds import end_of_day, grant_exception
    from bot.services.units import choose_unit

    if not args.unit or not (args.reason or "").strip():
        raise RoundError("args", "cần --unit và --reason")
    info = find_round(args, session)
    if info.state == "open":
        raise RoundError("open", f"Đợt thu thập {info.period} đang mở: các đơn vị vẫn nhập được.")
    choice = choose_unit(session, kb, info.plan, args.unit)
    if choice.unit is None:
        known = f": có thể là {'; '.join(choice.units)}" if choice.units else ""
        raise RoundError("unit", f"Không xác định được đơn vị '{args.unit}'{known}.")
    owed = [o.duty.indicator for o in owed_by(session, kb, info, choice.unit.id)]
    if not owed or (args.indicator and args.indicator not in owed):
        what = f"chỉ số {args.indicator}" if args.indicator else "chỉ số nào"
        raise RoundError("not_owed", f"{choice.unit.label} không phải nhập {what} trong đợt {info.period}.")
    now = system_clock()
    today = local_today(now, settings)
    day: date = args.until or WorkCalendar.from_settings(settings).add_working_days(today, DAYS)
    until = end_of_day(day, settings.bot.timezone)
    reason = args.reason.strip()
    granted = grant_exception(session, info.id, choice.unit.id, indicator=args.indicator, until=until,
                              reason=reason, today=today)
    notice = Renderer().reply("exception_notice", info=info, unit=choice.unit.label, code=args.indicator,
                              until=day, reason=reason)
    chats = unit_chats(session, choice.unit.id)
    for official, channel, chat in chats:
        outbox.enqueue(session, f"exception:{granted}:{official}:{channel}", Outgoing(channel, chat, notice), now)
    out = {"id": granted, "round": info.id, "unit": choice.unit.name, "indicator": args.indicator,
           "until": day.isoformat(), "reason": reason, "notified": len(chats)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"Đã cho {choice.unit.label} nhập bổ sung vào đợt {info.period} đến hết ngày "
              f"{day.strftime('%d/%m/%Y')}; đã báo {len(chats)} tài khoản.")
    return 0
