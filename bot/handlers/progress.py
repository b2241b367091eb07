"""The focal point's side of a collection round: /modot opens one, /tiendo shows who has reported what, and from a
unit's values the focal point returns one with a comment (the unit is told through the outbox), approves one (it
is locked from then on) or closes the round.

Officials and heads reach /tiendo too, but see only their own unit's values. Every button names its unit, and a
user can forge a button, so each handler checks the unit again with ``turn.require(action, unit_id=…)``.
"""

from __future__ import annotations

from collections import Counter

from bot.core.args import Code, Gone, Word
from bot.core.messages import Button, Reply
from bot.core.permissions import PLAN_VIEW_ALL, ROUND_MANAGE, UNIT_VIEW, VALUES_APPROVE, allowed
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers.collect import STATE_LABELS
from bot.handlers.exceptions import GRANT_PREFIX
from bot.handlers.params import ROUND, UNIT
from bot.services import rounds as round_service
from bot.services import tasks as task_service
from bot.services import values as value_service
from bot.services.entry import memberships, owed_by, parse_day, unit_chats
from bot.services.officials import official_id_for
from bot.services.status import round_status
from bot.services.units import UnitInfo, unit_by_id

router = Router("progress")
LETTER_WORDS = ("văn bản", "van ban", "vb")
UNITS_SHOWN = 40  # lines of the unit table in one reply; the rest are counted


class Opening(StatesGroup):
    prefix = "modot"
    needs = ROUND_MANAGE
    period = State("nhập kỳ của đợt thu thập")
    due = State("nhập hạn nộp của đợt thu thập")


class Review(StatesGroup):
    prefix = "review"
    comment = State("ghi lý do trả lại số liệu", needs=VALUES_APPROVE)  # on the value's unit
    close = State("xác nhận đóng đợt thu thập", needs=ROUND_MANAGE)


# ------------------------------------------------------------------------------------------ /modot


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
    try:
        info = round_service.open_round(
            turn.session, turn.services.kb, turn.plan_id, turn.flow["period"],
            due=None if word else day, letter_date=day if word else None,
            opened_by=official_id_for(turn.session, turn.msg.channel, turn.msg.user_id), now=turn.services.clock(),
            today=turn.today)
    except round_service.RoundError as exc:
        if exc.kind == "date":  # a day out of the window: asked again
            return [turn.reply("progress_ask_due", period=turn.flow["period"], problem=exc.reason)]
        turn.finish()
        return [turn.reply("collect_refused", reason=exc.reason)]
    turn.finish()
    return [turn.reply("progress_opened", info=info, count=len(info.indicators))]


# ------------------------------------------------------------------------------------------ /tiendo


@router.command("tiendo", "Tiến độ nhập số liệu của đợt thu thập", needs=UNIT_VIEW)
def progress(turn: Turn) -> list[Reply]:
    info = round_service.latest_round(turn.session, turn.plan_id)
    if info is None:
        return [turn.reply("collect_no_round")]
    if not allowed(turn.session, turn.msg, PLAN_VIEW_ALL, plan_id=turn.plan_id):
        mine = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
        if not mine:
            return [turn.reply("collect_no_unit")]
        return _unit_values(turn, info, mine[0].unit_id)
    status = round_status(turn.session, turn.services.kb, info, parts=False)
    units = sorted(status.units, key=lambda u: (u.submitted >= u.owed, u.name))
    reviewable = sorted(units, key=lambda u: (u.submitted == 0, u.name))  # units with values to review first
    buttons = [Button(f"{u.name[:40]} {u.submitted}/{u.owed}", f"pu:{info.id}:{u.unit_id}") for u in reviewable]
    if info.state == "open" and allowed(turn.session, turn.msg, ROUND_MANAGE, plan_id=turn.plan_id):
        buttons.insert(0, Button("Đóng đợt", f"pc:{info.id}"))
    if task_service.plan_tasks(turn.services.kb, turn.plan_id):  # the plan's tasks by unit: /nhiemvu's view
        buttons.insert(0, Button("📋 Nhiệm vụ theo đơn vị", "nv:"))
    lacking = Counter(unit for unit, _ in value_service.lacking_evidence(turn.session, info.id))
    return [turn.reply("progress_status", tuple(buttons), info=info, units=units[:UNITS_SHOWN],
                       more=max(0, len(units) - UNITS_SHOWN), indicators=status.indicators, total=status.total,
                       done=sum(1 for u in units if u.submitted >= u.owed), lacking=lacking,
                       evidence_late=turn.today > info.evidence_due)]


@router.payload("pu:", needs=UNIT_VIEW, args=(ROUND, UNIT))
def unit_view(turn: Turn) -> list[Reply]:
    info, unit = turn.params
    return _unit_values(turn, info, unit.id, unit)


def _unit_values(turn: Turn, info: round_service.RoundInfo, unit_id: int,
                 unit: UnitInfo | None = None) -> list[Reply]:
    turn.require(UNIT_VIEW, unit_id=unit_id)  # a forged button naming another unit is refused here
    unit = unit or unit_by_id(turn.session, unit_id)
    owed = owed_by(turn.session, turn.services.kb, info, unit_id)
    latest = value_service.latest_versions(turn.session, info.id, unit_id)
    rows = [(o.duty.indicator, STATE_LABELS.get(o.state, o.state), latest.get(o.duty.indicator)) for o in owed]
    buttons = [Button(f"{code} · {label}", f"pv:{info.id}:{unit_id}:{code}")
               for code, label, version in rows if version is not None]
    if info.state != "open" and rows and allowed(turn.session, turn.msg, ROUND_MANAGE, plan_id=info.plan):
        buttons.append(Button("🔓 Mở lại cho đơn vị", f"{GRANT_PREFIX}{info.id}:{unit_id}"))
    granted = round_service.running_exceptions(turn.session, info.id, unit_id, turn.services.clock())
    lacking = {code for _, code in value_service.lacking_evidence(turn.session, info.id, unit_id)}
    return [turn.reply("progress_unit", tuple(buttons), info=info, unit=unit.label if unit else str(unit_id),
                       rows=rows, granted=granted, lacking=lacking, evidence_late=turn.today > info.evidence_due)]


@router.payload("pv:", needs=UNIT_VIEW, args=(ROUND, UNIT, Code))
def value_view(turn: Turn) -> list[Reply]:
    info, unit, code = turn.params
    round_id, unit_id = info.id, unit.id
    turn.require(UNIT_VIEW, unit_id=unit_id)
    version = value_service.latest_version(turn.session, round_id, unit_id, code)
    if version is None:
        raise Gone(code)  # no value of that indicator: not a button the bot made
    files = value_service.evidence(turn.session, version.id)
    buttons: tuple[Button, ...] = ()
    if version.state == "submitted" and allowed(turn.session, turn.msg, VALUES_APPROVE, plan_id=turn.plan_id):
        buttons = (Button("Duyệt", f"pa:{round_id}:{unit_id}:{code}"),
                   Button("Trả lại", f"pr:{round_id}:{unit_id}:{code}"))
    return [turn.reply("progress_value", buttons, v=version, unit=unit.label,
                       state=STATE_LABELS.get(version.state, version.state), files=[f.name for f in files],
                       evidence_due=info.evidence_due)]


# ------------------------------------------------------------------------------------------ return, approve


@router.payload("pr:", needs=VALUES_APPROVE, args=(ROUND, UNIT, Code))
def return_start(turn: Turn) -> list[Reply]:
    info, unit, code = turn.params
    turn.require(VALUES_APPROVE, unit_id=unit.id)
    turn.enter(Review.comment, round=info.id, unit=unit.id, code=code)
    return [turn.reply("progress_ask_comment", code=code)]


@router.state(Review.comment)
def return_comment(turn: Turn) -> list[Reply] | None:
    comment = turn.args.strip()
    if not comment or comment.endswith("?"):
        return None
    round_id, unit_id, code = int(turn.flow["round"]), int(turn.flow["unit"]), str(turn.flow["code"])
    turn.finish()
    try:
        version = value_service.return_value(
            turn.session, round_id, unit_id, code, comment, now=turn.services.clock(),
            by=official_id_for(turn.session, turn.msg.channel, turn.msg.user_id))
    except round_service.RoundError as exc:
        return [turn.reply("collect_refused", reason=exc.reason)]
    notice = turn.reply("progress_returned_notice", code=code, comment=comment, version=version.number)
    chats = unit_chats(turn.session, unit_id)
    for official, channel, chat in chats:
        turn.notify(f"returned:{version.id}:{official}:{channel}", channel, chat, notice)
    return [turn.reply("progress_returned", code=code, count=len(chats))]


@router.payload("pa:", needs=VALUES_APPROVE, args=(ROUND, UNIT, Code))
def approve(turn: Turn) -> list[Reply]:
    info, unit, code = turn.params
    turn.require(VALUES_APPROVE, unit_id=unit.id)
    try:
        value_service.approve(turn.session, info.id, unit.id, code, now=turn.services.clock(),
                              by=official_id_for(turn.session, turn.msg.channel, turn.msg.user_id))
    except round_service.RoundError as exc:
        return [turn.reply("collect_refused", reason=exc.reason)]
    return [turn.reply("progress_approved", code=code)]


# ------------------------------------------------------------------------------------------ close


@router.payload("pc:", needs=ROUND_MANAGE, args=(ROUND,))
def close_start(turn: Turn) -> list[Reply]:
    (info,) = turn.params
    turn.require(ROUND_MANAGE, plan_id=info.plan)
    turn.enter(Review.close, round=info.id)
    return [turn.reply("progress_close_ask", (Button("Đóng đợt", "px:yes"), Button("Không", "px:no")), info=info)]


@router.payload("px:", state=Review.close, needs=ROUND_MANAGE, args=(Word("yes", "no"),))
def close_decided(turn: Turn) -> list[Reply]:
    round_id = int(turn.flow["round"])
    turn.finish()
    if turn.params[0] != "yes":
        return [turn.reply("cancelled", what="đóng đợt thu thập")]
    try:
        info = round_service.close_round(turn.session, round_id, now=turn.services.clock(),
                                         by=official_id_for(turn.session, turn.msg.channel, turn.msg.user_id))
    except round_service.RoundError as exc:
        return [turn.reply("collect_refused", reason=exc.reason)]
    return [turn.reply("progress_closed", info=info)]
