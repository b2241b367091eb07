"""/nhiemvu, /xong, /danglam: the plan's tasks that are not scored indicators, and their status per owning unit.

An official of a unit that leads a task marks it "đang làm" or "xong" (a note such as the document's number, a
link, a file sent with the command as its caption); a focal point (or an admin) may mark it for any owning unit and,
when several units own it, is asked which. The status is the unit's, kept by ``bot.services.tasks``; a task marked
done is no longer reminded. ``/nhiemvu`` lists the asker's tasks; a focal point gets every unit's counts with a
button per unit (``nv:<unit id>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.args import Arg, Opt, Text, matching
from bot.core.messages import Button, Reply
from bot.core.permissions import PLAN_VIEW_ALL, TASKS_MARK, UNIT_VIEW, plan_wide
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers.collect import file_hash, stored
from bot.handlers.params import UNIT
from bot.services import tasks as task_service
from bot.services.entry import memberships
from bot.services.officials import official_id_for
from bot.services.units import find_units

router = Router("tasks")
# A task code as the plans write them: "PL2.11", "PL3.A.III.2", "VI.2" (case does not matter when typed).
TASK_CODE = Arg(matching(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,39}"))
VERBS = {"xong": task_service.DONE, "danglam": task_service.DOING}
STATUS_WORDS = {task_service.DONE: "xong", task_service.DOING: "đang làm"}


class Tasks(StatesGroup):
    """Marking a task that several units own: which unit (the permission is checked on the unit chosen)."""

    prefix = "tasks"
    needs = TASKS_MARK
    unit = State("chọn đơn vị để cập nhật nhiệm vụ")


# ------------------------------------------------------------------------------------------ listing


def _counts(tasks: Sequence[task_service.TaskStatus]) -> dict[str, int]:
    return {"done": sum(t.status == task_service.DONE for t in tasks),
            "doing": sum(t.status == task_service.DOING for t in tasks),
            "todo": sum(t.status == task_service.TODO for t in tasks),
            "overdue": sum(t.overdue for t in tasks), "total": len(tasks)}


def _ordered(tasks: list[task_service.TaskStatus]) -> list[task_service.TaskStatus]:
    """Overdue first, then not done by due date, then done."""
    return sorted(tasks, key=lambda t: (t.status == task_service.DONE, not t.overdue,
                                        t.due.toordinal() if t.due else 10**9))


@router.command("nhiemvu", "Nhiệm vụ của đơn vị theo kế hoạch (ngoài các chỉ số) và tình trạng", needs=UNIT_VIEW)
def overview(turn: Turn) -> list[Reply]:
    kb, session = turn.services.kb, turn.session
    typed = turn.args.strip()
    everyone = plan_wide(session, turn.msg, PLAN_VIEW_ALL, plan_id=turn.plan_id)
    if everyone and typed:
        match = find_units(session, kb, turn.plan_id, typed)
        if match.status == "one":
            return _unit_list(turn, match.units[0].id, match.units[0].label)
        buttons = tuple(Button(u.label, f"nv:{u.id}") for u in match.units)
        return [turn.reply("tasks_refused", buttons, kind="which_unit", typed=typed, choices=len(buttons),
                           in_flow=False)]
    if everyone:
        return [_by_unit(turn)]
    mine = {m.unit_id: m.unit for m in memberships(session, turn.msg.channel, turn.msg.user_id, turn.plan_id)}
    tasks = task_service.tasks_of_plan(session, kb, turn.plan_id, today=turn.today, unit_ids=set(mine))
    return [turn.reply("tasks_list", tasks=_ordered(tasks), counts=_counts(tasks), unit="",
                       show_unit=len(mine) > 1)]


def _by_unit(turn: Turn) -> Reply:
    tasks = task_service.tasks_of_plan(turn.session, turn.services.kb, turn.plan_id, today=turn.today)
    by_unit: dict[int, list[task_service.TaskStatus]] = {}
    for t in tasks:
        by_unit.setdefault(t.unit_id, []).append(t)
    rows = sorted(((uid, ts[0].unit, _counts(ts)) for uid, ts in by_unit.items()),
                  key=lambda r: (-r[2]["overdue"], r[2]["done"] - r[2]["total"], r[1]))
    units = [{"id": uid, "unit": name, **counts} for uid, name, counts in rows]
    buttons = tuple(Button(name, f"nv:{uid}") for uid, name, _ in rows)
    return turn.reply("tasks_units", buttons, units=units)


@router.payload("nv:", needs=UNIT_VIEW, args=(Opt(UNIT),))
def unit_pressed(turn: Turn) -> list[Reply]:
    (unit,) = turn.params
    if unit is None:  # the button of /tiendo: every unit
        turn.require(PLAN_VIEW_ALL)
        return [_by_unit(turn)]
    turn.require(UNIT_VIEW, unit_id=unit.id)
    return _unit_list(turn, unit.id, unit.label, plan_id=unit.plan_id)


def _unit_list(turn: Turn, unit_id: int, label: str, plan_id: str | None = None) -> list[Reply]:
    tasks = task_service.tasks_of_plan(turn.session, turn.services.kb, plan_id or turn.plan_id, today=turn.today,
                                       unit_ids={unit_id})
    return [turn.reply("tasks_list", tasks=_ordered(tasks), counts=_counts(tasks), unit=label, show_unit=False)]


# ------------------------------------------------------------------------------------------ marking


@router.command("xong", "Báo xong một nhiệm vụ: /xong MÃ [ghi chú, số văn bản] (kèm tệp hoặc đường dẫn)",
                needs=TASKS_MARK, args=(TASK_CODE, Opt(Text)), usage="tasks_usage")
def done(turn: Turn) -> list[Reply]:
    return _mark(turn, task_service.DONE)


@router.command("danglam", "Báo đang làm một nhiệm vụ: /danglam MÃ [ghi chú]", needs=TASKS_MARK,
                args=(TASK_CODE, Opt(Text)), usage="tasks_usage")
def doing(turn: Turn) -> list[Reply]:
    return _mark(turn, task_service.DOING)


def _mark(turn: Turn, status: str) -> list[Reply]:
    code, rest = turn.params
    kb, session = turn.services.kb, turn.session
    task = task_service.find_task(kb, turn.plan_id, code)
    if task is None:
        indicator = kb.indicator(kb.plans[turn.plan_id].framework, code) is not None
        return [turn.reply("tasks_refused", kind="unknown", code=code, indicator=indicator)]
    note, link = task_service.split_proof(rest or "")
    data: dict[str, Any] = {"code": task.code, "status": status, "note": note, "link": link}
    if turn.msg.file is not None:
        file = stored(turn, turn.msg.file)
        file_hash(file.path)  # the stored file is readable before it is recorded
        data.update(proof_path=file.path, proof_name=file.name, proof_mime=file.mime)
    owners = task_service.tasks_of_plan(session, kb, turn.plan_id, today=turn.today, codes={task.code})
    if not owners:
        return [turn.reply("tasks_refused", kind="no_unit", code=task.code, owners=list(task.owners))]
    mine = {m.unit_id: m.unit for m in memberships(session, turn.msg.channel, turn.msg.user_id, turn.plan_id)}
    candidates = [t for t in owners if t.unit_id in mine]
    if plan_wide(session, turn.msg, TASKS_MARK, plan_id=turn.plan_id):  # any owner; their own units first
        candidates += [t for t in owners if t.unit_id not in mine]
    if not candidates:
        return [turn.reply("tasks_refused", kind="not_owner", code=task.code, owners=list(task.owners),
                           units=list(dict.fromkeys(mine.values())))]
    if len(candidates) == 1:
        return _save(turn, candidates[0].unit_id, data)
    turn.enter(Tasks.unit, **data, owners=[t.unit_id for t in candidates])
    buttons = tuple(Button(t.unit, f"tu:{t.unit_id}") for t in candidates)
    return [turn.reply("tasks_pick_unit", buttons, code=task.code, status=STATUS_WORDS[status])]


@router.payload("tu:", state=Tasks.unit, args=(UNIT,))
def unit_chosen(turn: Turn) -> list[Reply]:
    (unit,) = turn.params
    turn.require(TASKS_MARK, unit_id=unit.id)
    data = dict(turn.flow)
    turn.finish()
    return _save(turn, unit.id, data)



@router.state(Tasks.unit)
def unit_typed(turn: Turn) -> list[Reply] | None:
    """The unit typed by name instead of pressed (a task of 18 lead units has most of them behind "Xem thêm")."""
    typed = turn.args.strip()
    if not typed or typed.endswith("?"):
        return None
    owners = set(turn.flow.get("owners", ()))
    match = find_units(turn.session, turn.services.kb, turn.plan_id, typed)
    found = [u for u in match.units if u.id in owners]
    if len(found) != 1:
        buttons = tuple(Button(u.label, f"tu:{u.id}") for u in found)
        return [turn.reply("tasks_refused", buttons, kind="which_unit", typed=typed, choices=len(buttons),
                           in_flow=True, keep_choices=not buttons)]
    data = dict(turn.flow)
    turn.finish()
    return _save(turn, found[0].id, data)


def _save(turn: Turn, unit_id: int, data: dict[str, Any]) -> list[Reply]:
    turn.require(TASKS_MARK, unit_id=unit_id)
    proof = None
    if data.get("proof_path"):
        proof = task_service.Proof(str(data["proof_path"]), str(data.get("proof_name", "")),
                                   str(data.get("proof_mime", "")))
    try:
        saved = task_service.mark_task(
            turn.session, turn.services.kb, turn.plan_id, str(data["code"]), unit_id, str(data["status"]),
            now=turn.services.clock(), official_id=official_id_for(turn.session, turn.msg.channel, turn.msg.user_id),
            note=str(data.get("note", "")), link=str(data.get("link", "")), proof=proof)
    except task_service.TaskError as exc:
        return [turn.reply("tasks_refused", kind=exc.kind, code=exc.code, owners=list(exc.owners), units=[],
                           indicator=False)]
    return [turn.reply("tasks_marked", t=saved)]
