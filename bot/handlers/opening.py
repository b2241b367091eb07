"""/modot: the focal point opens a collection round, and every unit with registered people is told.

The period is taken as people write it ("năm 2024", "6 tháng đầu năm 2024", "quý 3/2024"; ``rounds.check_period``
gives the canonical form). The due date is a day, or the survey letter's date ("văn bản 01/07/2024": due 15 days
later). A due date on a day off (a weekend, a public holiday of the reminders' working-day calendar) is not taken
silently: the next working day is offered beside keeping the day as typed, and another date can be typed. A
letter's date is a fact, not a choice, and is taken as it is.

Opening queues the announcement (``bot.services.announce.round_opened``): each unit is told what it owes, the due
date and the evidence deadline, with "Nhập số liệu" (``na:<round>:<unit>``), which goes into ``/nhap`` for that
unit in that round (a button from a round no longer open for the unit is answered as closed).
"""

from __future__ import annotations

from datetime import date

from bot.core.args import Gone, Word
from bot.core.messages import Button, Reply
from bot.core.permissions import ROUND_MANAGE
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers import collect
from bot.handlers.params import ROUND, UNIT
from bot.reminders.calendar import WorkCalendar
from bot.services import announce
from bot.services import rounds as round_service
from bot.services.entry import parse_day
from bot.services.officials import official_id_for
from knowledge.deadlines import fmt_date

router = Router("opening")
LETTER_WORDS = ("văn bản", "van ban", "vb")


class Opening(StatesGroup):
    prefix = "modot"
    needs = ROUND_MANAGE
    period = State("nhập kỳ của đợt thu thập")
    due = State("nhập hạn nộp của đợt thu thập")


@router.command("modot", "Mở đợt thu thập số liệu (đầu mối)", needs=ROUND_MANAGE)
def open_start(turn: Turn) -> list[Reply]:
    turn.enter(Opening.period)
    return [turn.reply("progress_ask_period", problem="")]


@router.state(Opening.period)
def open_period(turn: Turn) -> list[Reply] | None:
    text = turn.args.strip()
    if text.endswith("?"):
        return None
    try:
        period = round_service.check_period(text)
    except round_service.RoundError as exc:
        return [turn.reply("progress_ask_period", problem=exc.reason)]
    turn.enter(Opening.due, period=period)
    return [turn.reply("progress_ask_due", period=period, problem="")]


@router.state(Opening.due)
def open_due(turn: Turn) -> list[Reply] | None:
    text = turn.args.strip()
    if text.endswith("?"):
        return None
    lowered = text.lower()
    word = next((w for w in LETTER_WORDS if lowered.startswith(w)), None)
    day = parse_day(text[len(word):] if word else text)
    if day is None:
        problem = f"«{text[:40]}» không phải là một ngày (DD/MM/YYYY)."
        return [turn.reply("progress_ask_due", period=turn.flow["period"], problem=problem)]
    if word:
        return _open(turn, None, day)
    try:
        round_service.check_day(day, turn.today, "Hạn nộp")
    except round_service.RoundError as exc:
        return [turn.reply("progress_ask_due", period=turn.flow["period"], problem=exc.reason)]
    calendar = WorkCalendar.from_settings(turn.services.settings)
    if calendar.is_working_day(day):
        return _open(turn, day, None)
    working = calendar.next_working_day(day)
    turn.flow.update(typed=day.isoformat(), working=working.isoformat())
    buttons = (Button(f"Dùng {fmt_date(working)}", "mo:next"), Button(f"Giữ {fmt_date(day)}", "mo:keep"))
    return [turn.reply("progress_due_day_off", buttons, period=turn.flow["period"], day=day, working=working,
                       holiday=calendar.holiday_name(day) or "")]


@router.payload("mo:", state=Opening.due, needs=ROUND_MANAGE, args=(Word("next", "keep"),))
def due_chosen(turn: Turn) -> list[Reply]:
    chosen = turn.flow.get("working" if turn.params[0] == "next" else "typed")
    if not chosen:
        raise Gone("mo:")  # no day off was offered in this flow: not a button the bot made
    return _open(turn, date.fromisoformat(str(chosen)), None)


def _open(turn: Turn, due: date | None, letter: date | None) -> list[Reply]:
    session, services = turn.session, turn.services
    try:
        info = round_service.open_round(
            session, services.kb, turn.plan_id, turn.flow["period"], due=due, letter_date=letter,
            opened_by=official_id_for(session, turn.msg.channel, turn.msg.user_id), now=services.clock(),
            today=turn.today)
    except round_service.RoundError as exc:
        if exc.kind == "date":  # a day out of the window: asked again
            return [turn.reply("progress_ask_due", period=turn.flow["period"], problem=exc.reason)]
        turn.finish()
        return [turn.reply("collect_refused", reason=exc.reason)]
    turn.finish()
    notices = announce.round_opened(session, services.kb, info)
    announce.queue(session, services.renderer, notices, services.clock())
    units = len({n.key.split(":")[2] for n in notices})
    return [turn.reply("progress_opened", info=info, count=len(info.indicators), told=units, chats=len(notices))]


@router.payload(announce.ENTER_PREFIX, args=(ROUND, UNIT))
def enter_announced(turn: Turn) -> list[Reply]:
    """The announcement's "Nhập số liệu": ``/nhap`` for that unit in that round, while the unit may still enter
    there (the round open, or an exception running for it)."""
    info, unit = turn.params
    if unit.plan_id != info.plan:
        raise Gone(announce.ENTER_PREFIX)
    current, codes = round_service.entry_round(turn.session, info.plan, unit.id, turn.services.clock())
    if current is None or current.id != info.id or codes == ():
        return [turn.reply("collect_round_closed", info=info, codes=())]
    return collect.enter_for_unit(turn, unit)
