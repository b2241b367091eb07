"""/nhacviec: what the user's units owe and when, and the buttons of a reminder.

``/nhacviec`` lists, for each of the user's units in the plan, the indicators still owed in the open collection
rounds (due date and days left), the indicators whose values are in but whose evidence files are not (the round's
evidence deadline; ``/minhchung 7.12`` sends them) and the plan's tasks ahead (the plan's words for the deadline,
read by the ``han`` filter), with "Nhập số liệu", "Gửi minh chứng" and "Hoãn". "Hoãn" (``rm:snooze``, also under
every reminder) keeps reminders off this chat for one working day (``policy.snooze_until``): what falls due
meanwhile comes afterwards in one message. A focal point pauses a unit's reminders with ``/nhacviec dung <đơn
vị>`` and resumes them with ``/nhacviec tiep <đơn vị>`` (or the button under the list); the planner reads both
(``bot.services.reminder_state``).

The reminder's "Nhập số liệu" button (``n:start``) starts ``/nhap``: it calls the collection handler's own start.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.messages import Button, Reply
from bot.core.permissions import ROUND_MANAGE, allowed
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers import collect
from bot.handlers.params import UNIT
from bot.reminders.calendar import WorkCalendar
from bot.reminders.messages import ENTER, SNOOZE, evidence_button
from bot.reminders.planner import plan_tasks
from bot.reminders.policy import ENTER_PAYLOAD, SNOOZE_PAYLOAD, OwedItem, snooze_until
from bot.reminders.round_items import open_round_items
from bot.services import reminder_state
from bot.services.entry import memberships
from bot.services.tasks import done_tasks
from bot.services.units import choose_unit, unit_by_id
from knowledge.normalize import fold
from scoring.codes import code_order

router = Router("reminders")
PAUSE_VERBS = frozenset({"dung", "tamdung", "tam dung", "pause"})
RESUME_VERBS = frozenset({"tiep", "tieptuc", "tiep tuc", "resume"})
RESUME_PREFIX = "rm:resume:"


def _calendar(turn: Turn) -> WorkCalendar:
    return WorkCalendar.from_settings(turn.services.settings)


def _today(turn: Turn) -> date:
    return _calendar(turn).local(turn.services.clock()).date()


@router.command("nhacviec", "Việc đơn vị cần làm, hạn nộp; hoãn hoặc tạm dừng nhắc việc")
def overview(turn: Turn) -> list[Reply]:
    verb, _, rest = turn.args.strip().partition(" ")
    if fold(verb) in PAUSE_VERBS | RESUME_VERBS:
        return [_set_pause(turn, rest.strip(), fold(verb) in PAUSE_VERBS)]
    today = _today(turn)
    kb, session = turn.services.kb, turn.session
    mine = memberships(session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
    rounds = open_round_items(session, kb, turn.plan_id, today) if mine else {}
    tasks = plan_tasks(kb, kb.plans[turn.plan_id], today, done_tasks(session, turn.plan_id)) if mine else {}
    paused = reminder_state.paused_units(session)
    units: list[dict[str, Any]] = []

    def dated(items: list[OwedItem]) -> list[tuple[OwedItem, int]]:
        return [(i, (i.due - today).days) for i in sorted(items, key=lambda i: (i.due, code_order(i.code)))]

    for m in {m.unit_id: m for m in mine}.values():
        asked = rounds.get(m.unit_id, ())
        units.append({"name": m.unit, "owed": dated([i for i in asked if not i.submitted and not i.evidence]),
                      "evidence": dated([i for i in asked if i.evidence and not i.submitted]),
                      "submitted": [i.code for i in asked if i.submitted and not i.evidence],
                      "tasks": sorted(tasks.get(m.unit, ()), key=lambda i: (i.due, code_order(i.code))),
                      "paused": m.unit_id in paused})
    snoozed = reminder_state.snoozes(session, turn.services.clock()).get((turn.msg.channel, turn.msg.chat_id))
    focal = allowed(session, turn.msg, ROUND_MANAGE, plan_id=turn.plan_id)
    paused_here = [u for u in (unit_by_id(session, i) for i in sorted(paused)) if u and u.plan_id == turn.plan_id]
    buttons: list[Button] = []
    if any(u["owed"] for u in units):
        buttons.append(ENTER)
    if proofs := [i.code for u in units for i, _ in u["evidence"]]:
        buttons.append(evidence_button(proofs))
    if units:
        buttons.append(SNOOZE)
    if focal:
        buttons += [Button(f"▶️ Nhắc lại {u.label}", f"{RESUME_PREFIX}{u.id}") for u in paused_here]
    return [turn.reply("reminder_owed", tuple(buttons), units=units, today=today, registered=bool(mine),
                       snoozed=snoozed, focal=focal, paused_units=[u.label for u in paused_here])]


@router.payload(SNOOZE_PAYLOAD)
def snooze(turn: Turn) -> list[Reply]:
    now = turn.services.clock()
    until = reminder_state.snooze(turn.session, turn.msg.channel, turn.msg.chat_id,
                                  snooze_until(_calendar(turn), now), now=now)
    return [turn.reply("reminder_snoozed", until=_calendar(turn).local(until))]


@router.payload(ENTER_PAYLOAD)
def enter(turn: Turn) -> list[Reply] | None:
    """The reminder's "Nhập số liệu": exactly what ``/nhap`` does."""
    return collect.begin_entry(turn, None)


@router.payload(RESUME_PREFIX, args=(UNIT,))
def resume_pressed(turn: Turn) -> list[Reply]:
    (unit,) = turn.params
    if unit.plan_id != turn.plan_id:
        return [turn.reply("reminder_pause", kind="no_unit")]
    return [_change(turn, unit.id, unit.label, pause=False)]


def _set_pause(turn: Turn, typed: str, pause: bool) -> Reply:
    if not typed:
        return turn.reply("reminder_pause", kind="usage", pause=pause)
    choice = choose_unit(turn.session, turn.services.kb, turn.plan_id, typed)
    if choice.unit is None:
        return turn.reply("reminder_pause", kind=choice.problem, units=choice.units)
    return _change(turn, choice.unit.id, choice.unit.label, pause=pause)


def _change(turn: Turn, unit_id: int, label: str, *, pause: bool) -> Reply:
    turn.require(ROUND_MANAGE, unit_id=unit_id)
    if pause:
        changed = reminder_state.pause(turn.session, unit_id, by=_official_id(turn), now=turn.services.clock())
    else:
        changed = reminder_state.resume(turn.session, unit_id)
    return turn.reply("reminder_pause", kind="done", pause=pause, unit=label, changed=changed)


def _official_id(turn: Turn) -> int | None:
    found = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
    return found[0].official_id if found else None
