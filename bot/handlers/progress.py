"""The focal point's side of a collection round (``opening``: /modot opens one).

/tiendo is one phone screen (``services.progress.summary``): the counts, then only the units that need action,
each a button, with "Xem tất cả" (every unit, a page at a time: ``pl:<round>:<offset>``) and "Đóng đợt". A unit's
screen lists its values (codes in natural order); from a value the focal point returns it with a comment (the
unit is told through the outbox) or approves it (locked from then on; the unit is told); "Nhắc ngay"
(``pn:<round>:<unit>``) reminds the unit now under the reminder planner's key (``services.remind``); closing the
round tells the units that entered nothing.

Officials and heads reach /tiendo too, but see only their own unit's values. Every button names its unit, and a
user can forge a button, so each handler checks the unit again with ``turn.require(action, unit_id=…)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.args import Code, Count, Gone, Word
from bot.core.messages import Button, Reply
from bot.core.permissions import PLAN_VIEW_ALL, ROUND_MANAGE, UNIT_VIEW, VALUES_APPROVE, allowed
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers.collect import STATE_LABELS
from bot.handlers.evidence_view import view_button
from bot.handlers.exceptions import GRANT_PREFIX
from bot.handlers.params import ROUND, UNIT
from bot.services import announce
from bot.services import rounds as round_service
from bot.services import tasks as task_service
from bot.services import values as value_service
from bot.services.entry import memberships, owed_by, returned_notices
from bot.services.officials import official_id_for
from bot.services.units import UnitInfo, unit_by_id
from scoring.codes import code_order

if TYPE_CHECKING:
    from bot.services.progress import UnitProgress

router = Router("progress")
SUMMARY_SHOWN = 6  # units needing action on the summary screen (+ "Xem tất cả", "Đóng đợt": the core's 8 buttons)
PAGE = 6  # units per page of "Xem tất cả" (+ previous, next: the core's 8 buttons)


class Review(StatesGroup):
    prefix = "review"
    comment = State("ghi lý do trả lại số liệu", needs=VALUES_APPROVE)  # on the value's unit
    close = State("xác nhận đóng đợt thu thập", needs=ROUND_MANAGE)


# ------------------------------------------------------------------------------------------ /tiendo


@router.command("tiendo", "Tiến độ nhập số liệu của đợt thu thập", needs=UNIT_VIEW)
def progress(turn: Turn) -> list[Reply]:
    from bot.services import progress as progress_service  # with the round's scores: loaded when asked (issue 20)

    info = round_service.latest_round(turn.session, turn.plan_id)
    if info is None:
        return [turn.reply("collect_no_round")]
    if not allowed(turn.session, turn.msg, PLAN_VIEW_ALL, plan_id=turn.plan_id):
        mine = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
        if not mine:
            return [turn.reply("collect_no_unit")]
        return _unit_values(turn, info, mine[0].unit_id)
    found = progress_service.summary(turn.session, turn.services.kb, info, turn.today)
    needing = found.needing
    buttons = [Button(_label(u), f"pu:{info.id}:{u.unit_id}") for u in needing[:SUMMARY_SHOWN]]
    if found.units:
        buttons.append(Button(f"📋 Xem tất cả ({len(found.units)})", f"pl:{info.id}:0"))
    if info.state == "open" and allowed(turn.session, turn.msg, ROUND_MANAGE, plan_id=turn.plan_id):
        buttons.append(Button("Đóng đợt", f"pc:{info.id}"))
    return [turn.reply("progress_summary", tuple(buttons), info=info, s=found, units=needing[:SUMMARY_SHOWN],
                       needing=found.needing_count, total=len(found.units),
                       evidence_late=turn.today > info.evidence_due,
                       tasks=bool(task_service.plan_tasks(turn.services.kb, turn.plan_id)))]


def _label(u: UnitProgress) -> str:
    return f"{u.name[:40]} {u.entered}/{u.owed}"


@router.payload("pl:", needs=UNIT_VIEW, args=(ROUND, Count))
def every_unit(turn: Turn) -> list[Reply]:
    """"Xem tất cả": every unit owing something, by name, a page at a time."""
    from bot.services import progress as progress_service

    info, offset = turn.params
    turn.require(PLAN_VIEW_ALL, plan_id=info.plan)
    found = progress_service.summary(turn.session, turn.services.kb, info, turn.today)
    units = sorted(found.units, key=lambda u: u.name)
    start = min(offset - offset % PAGE, max(0, (len(units) - 1) // PAGE * PAGE))
    page = units[start:start + PAGE]
    buttons = [Button(_label(u), f"pu:{info.id}:{u.unit_id}") for u in page]
    if start > 0:
        buttons.append(Button("◀️ Trang trước", f"pl:{info.id}:{start - PAGE}"))
    if start + PAGE < len(units):
        buttons.append(Button("Trang sau ▶️", f"pl:{info.id}:{start + PAGE}"))
    return [turn.reply("progress_page", tuple(buttons), info=info, units=page, start=start, total=len(units),
                       evidence_late=turn.today > info.evidence_due)]


@router.payload("pn:", needs=ROUND_MANAGE, args=(ROUND, UNIT))
def remind(turn: Turn) -> list[Reply]:
    """"Nhắc ngay": the unit's reminder now, under the planner's key (at most once a day per chat)."""
    from bot.services.remind import remind_now  # with the reminders' messages: loaded when asked (issue 20)

    info, unit = turn.params
    turn.require(ROUND_MANAGE, unit_id=unit.id)
    if info.state != "open" or unit.plan_id != info.plan:
        return [turn.reply("collect_round_closed", info=info, codes=())]
    services = turn.services
    done = remind_now(turn.session, services.kb, services.settings, unit.id, services.clock(), services.renderer)
    return [turn.reply("progress_reminded", done=done, unit=unit.label)]


@router.payload("pu:", needs=UNIT_VIEW, args=(ROUND, UNIT))
def unit_view(turn: Turn) -> list[Reply]:
    info, unit = turn.params
    return _unit_values(turn, info, unit.id, unit)


def _unit_values(turn: Turn, info: round_service.RoundInfo, unit_id: int,
                 unit: UnitInfo | None = None) -> list[Reply]:
    turn.require(UNIT_VIEW, unit_id=unit_id)  # a forged button naming another unit is refused here
    unit = unit or unit_by_id(turn.session, unit_id)
    owed = sorted(owed_by(turn.session, turn.services.kb, info, unit_id), key=lambda o: code_order(o.duty.indicator))
    lacking = {code for _, code in value_service.lacking_evidence(turn.session, info.id, unit_id)}
    latest = value_service.latest_versions(turn.session, info.id, unit_id)
    rows = [(o.duty.indicator, STATE_LABELS.get(o.state, o.state), latest.get(o.duty.indicator)) for o in owed]
    buttons = [Button(f"{code} · {label}", f"pv:{info.id}:{unit_id}:{code}")
               for code, label, version in rows if version is not None]
    manages = allowed(turn.session, turn.msg, ROUND_MANAGE, plan_id=info.plan)
    if info.state != "open" and rows and manages:
        buttons.append(Button("🔓 Mở lại cho đơn vị", f"{GRANT_PREFIX}{info.id}:{unit_id}"))
    if info.state == "open" and manages and (lacking or any(o.state not in value_service.COUNTED
                                                                 for o in owed)):
        buttons.append(Button("🔔 Nhắc ngay", f"pn:{info.id}:{unit_id}"))
    granted = round_service.running_exceptions(turn.session, info.id, unit_id, turn.services.clock())
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
    files = [("🔗 " if f.is_link else "") + f.name for f in value_service.evidence(turn.session, version.id)]
    buttons: tuple[Button, ...] = (view_button(round_id, unit_id, code),) if files else ()
    if version.state == "submitted" and allowed(turn.session, turn.msg, VALUES_APPROVE, plan_id=turn.plan_id):
        buttons += (Button("Duyệt", f"pa:{round_id}:{unit_id}:{code}"),
                    Button("Trả lại", f"pr:{round_id}:{unit_id}:{code}"))
    return [turn.reply("progress_value", buttons, v=version, unit=unit.label,
                       state=STATE_LABELS.get(version.state, version.state), files=files,
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
    chats = returned_notices(turn.session, version.id, unit_id)
    for key, channel, chat in chats:
        turn.notify(key, channel, chat, notice)
    return [turn.reply("progress_returned", code=code, count=len(chats))]


@router.payload("pa:", needs=VALUES_APPROVE, args=(ROUND, UNIT, Code))
def approve(turn: Turn) -> list[Reply]:
    info, unit, code = turn.params
    turn.require(VALUES_APPROVE, unit_id=unit.id)
    by = official_id_for(turn.session, turn.msg.channel, turn.msg.user_id)
    try:
        version = value_service.approve(turn.session, info.id, unit.id, code, now=turn.services.clock(), by=by)
    except round_service.RoundError as exc:
        return [turn.reply("collect_refused", reason=exc.reason)]
    services = turn.services
    told = announce.tell_approved(turn.session, services.kb, services.renderer, info, version, unit.label, by,
                                  services.clock())
    return [turn.reply("progress_approved", code=code, told=told)]


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
    services = turn.services
    notices = announce.round_closed(turn.session, services.kb, info)
    announce.queue(turn.session, services.renderer, notices, services.clock())
    return [turn.reply("progress_closed", info=info, told=len({n.key.split(":")[2] for n in notices}))]
