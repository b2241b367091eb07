"""/ngoaile: the focal point lets a unit enter into a closed round (one indicator, or all it owes), until a day
and for a reason; the unit's officials are told through the outbox and can then /nhap (or /mau) into that round,
while every other unit stays locked.

Reached by ``/ngoaile <đơn vị> [mã chỉ số]`` (the unit found by name as people type it, close names offered as
buttons) or by "Mở lại cho đơn vị" on a unit's values in /tiendo of a closed round. The flow asks until when
(a button gives the default: a few working days from today) and why. The core checks ``round:manage`` on that
unit again before every step (``Granting.needs``); a forged button naming a unit of another plan is refused.
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.args import Word
from bot.core.messages import Button, Reply
from bot.core.permissions import ROUND_MANAGE
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers.params import ROUND, UNIT
from bot.reminders.calendar import WorkCalendar
from bot.services import rounds as round_service
from bot.services.entry import owed_by, parse_day, unit_chats
from bot.services.officials import official_id_for
from bot.services.units import UnitInfo, find_units

router = Router("exceptions")
DEFAULT_WORKING_DAYS = 3
GRANT_PREFIX = "xg:"  # "Mở lại cho đơn vị" under a unit's values in /tiendo: xg:<round>:<unit>
_CODE = re.compile(r"^\d+(\.\d+)*[a-z]?(#\d+)?$")


class Granting(StatesGroup):
    prefix = "ngoaile"
    needs = ROUND_MANAGE  # checked again at every step (on the unit once it is chosen)
    unit = State("chọn đơn vị được nhập bổ sung")
    until = State("nhập hạn nhập bổ sung")
    reason = State("ghi lý do cho phép nhập bổ sung")


@router.command("ngoaile", "Cho một đơn vị nhập bổ sung vào đợt đã đóng (đầu mối)", needs=ROUND_MANAGE)
def start(turn: Turn) -> list[Reply]:
    info = round_service.latest_round(turn.session, turn.plan_id)
    if info is None:
        return [turn.reply("collect_no_round")]
    if info.state == "open":
        return [turn.reply("exception_usage", kind="open", info=info)]
    words = turn.args.split()
    code = words[-1] if words and _CODE.match(words[-1]) else ""
    if code and code not in info.indicators:
        return [turn.reply("exception_usage", kind="indicator", info=info, code=code)]
    typed = " ".join(words[:-1] if code else words)
    if not typed:
        return [turn.reply("exception_usage", kind="usage", info=info)]
    match = find_units(turn.session, turn.services.kb, turn.plan_id, typed)
    if match.status == "none":
        return [turn.reply("exception_usage", kind="no_unit", info=info, typed=typed)]
    if match.status == "one":
        return _begin(turn, info, match.units[0], code)
    turn.enter(Granting.unit, round=info.id, code=code)
    buttons = tuple(Button(u.label[:60], f"xu:{u.id}") for u in match.units)
    return [turn.reply("exception_pick", buttons, typed=typed, sure=match.sure)]


@router.payload("xu:", state=Granting.unit, needs=ROUND_MANAGE, args=(UNIT,))
def unit_chosen(turn: Turn) -> list[Reply]:
    info = round_service.get_round(turn.session, int(turn.flow["round"]))
    return _begin(turn, info, turn.params[0], str(turn.flow.get("code", "")))


@router.payload(GRANT_PREFIX, needs=ROUND_MANAGE, args=(ROUND, UNIT))
def from_progress(turn: Turn) -> list[Reply]:
    info, unit = turn.params
    return _begin(turn, info, unit, "")


def _calendar(turn: Turn) -> WorkCalendar:
    return WorkCalendar.from_settings(turn.services.settings)


def _begin(turn: Turn, info: round_service.RoundInfo, unit: UnitInfo, code: str) -> list[Reply]:
    unit_id = unit.id
    turn.require(ROUND_MANAGE, unit_id=unit_id)  # also refuses a unit of another plan than the round's
    if unit.plan_id != info.plan:
        return [turn.reply("expired_choice")]
    if info.state == "open":
        turn.finish()
        return [turn.reply("exception_usage", kind="open", info=info)]
    owed = [o.duty.indicator for o in owed_by(turn.session, turn.services.kb, info, unit_id)]
    if not owed or (code and code not in owed):
        turn.finish()
        return [turn.reply("exception_usage", kind="not_owed", info=info, code=code, unit=unit.label)]
    default = _calendar(turn).add_working_days(turn.today, DEFAULT_WORKING_DAYS)
    turn.enter(Granting.until, round=info.id, unit=unit_id, label=unit.label, code=code,
               default=default.isoformat())
    return [_ask_until(turn, "")]


def _ask_until(turn: Turn, problem: str) -> Reply:
    default = date.fromisoformat(turn.flow["default"])
    button = Button(f"Đến {default.strftime('%d/%m/%Y')} ({DEFAULT_WORKING_DAYS} ngày làm việc)", "xd:default")
    info = round_service.get_round(turn.session, int(turn.flow["round"]))
    return turn.reply("exception_ask_until", (button,), info=info, unit=turn.flow["label"], code=turn.flow["code"],
                      default=default, days=DEFAULT_WORKING_DAYS, problem=problem)


@router.state(Granting.until)
def until_typed(turn: Turn) -> list[Reply] | None:
    text = turn.args.strip()
    if text.endswith("?"):
        return None
    day = parse_day(text)
    if day is None:
        return [_ask_until(turn, f"«{text[:40]}» không phải là một ngày (DD/MM/YYYY).")]
    try:
        round_service.check_until(day, turn.today)
    except round_service.RoundError as exc:
        return [_ask_until(turn, exc.reason)]
    return _ask_reason(turn, day)


@router.payload("xd:", state=Granting.until, needs=ROUND_MANAGE, args=(Word("default"),))
def until_default(turn: Turn) -> list[Reply]:
    return _ask_reason(turn, date.fromisoformat(turn.flow["default"]))


def _ask_reason(turn: Turn, day: date) -> list[Reply]:
    turn.enter(Granting.reason, until=day.isoformat())
    return [turn.reply("exception_ask_reason", unit=turn.flow["label"], until=day)]


@router.state(Granting.reason)
def reason_typed(turn: Turn) -> list[Reply] | None:
    reason = turn.args.strip()
    if not reason or reason.endswith("?"):
        return None
    round_id, unit_id, code = int(turn.flow["round"]), int(turn.flow["unit"]), str(turn.flow["code"])
    day, label = date.fromisoformat(turn.flow["until"]), str(turn.flow["label"])
    turn.finish()
    until = round_service.end_of_day(day, turn.services.settings.bot.timezone)
    try:
        info = round_service.get_round(turn.session, round_id)
        grant = round_service.grant_exception(
            turn.session, round_id, unit_id, indicator=code, until=until, reason=reason,
            by=official_id_for(turn.session, turn.msg.channel, turn.msg.user_id), today=turn.today)
    except round_service.RoundError as exc:
        return [turn.reply("collect_refused", reason=exc.reason)]
    notice = turn.reply("exception_notice", info=info, unit=label, code=code, until=day, reason=reason)
    chats = unit_chats(turn.session, unit_id)
    for official, channel, chat in chats:
        turn.notify(f"exception:{grant}:{official}:{channel}", channel, chat, notice)
    return [turn.reply("exception_granted", info=info, unit=label, code=code, until=day, count=len(chats))]
