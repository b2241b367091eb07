"""A plan's tasks — its rows that are not scored indicators — and where each owning unit stands on them.

The tasks are the knowledge base's plan items (``Plan.items``: Ninh Thuận's appendices I–III, Gia Lai's detailed
plan of section VI.2); each lead unit of an item owns it on its own, so a task has one status per owning unit:
``todo`` ("chưa làm", no row), ``doing`` ("đang làm") or ``done`` ("xong"), kept in ``task_status`` (migration
0011) with a note (the document's number), a link or a stored file as proof, who and when. Handlers (``/xong``,
``/danglam``, ``/nhiemvu``), the reminder planner (a done task is not reminded) and the reports read the same
``tasks_of_plan``; nothing else writes ``task_status``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Official, Unit
from bot.db.models import TaskMark as TaskRow
from bot.db.upsert import insert_ignore
from bot.services.units import members_of, sync_plan_units
from knowledge.deadlines import due_date, parse_deadline
from knowledge.model import PlanItem
from knowledge.store import KnowledgeBase

TODO, DOING, DONE = "todo", "doing", "done"
STATUSES = (TODO, DOING, DONE)
LABELS = {TODO: "chưa làm", DOING: "đang làm", DONE: "xong"}  # as the reports write a status
MAX_NOTE = 500  # characters of a note kept (a document's number and a line of explanation)
MAX_LINK = 500
_LINK = re.compile(r"https?://[^\s<>\"']{3,}", re.IGNORECASE)


@dataclass(frozen=True)
class Task:
    """A task of the plan as the knowledge base holds it."""

    code: str
    name: str
    kind: str  # the plan item's kind: target, document, project, task
    group: str
    deadline: str  # the plan's words
    owners: tuple[str, ...]  # canonical unit names


@dataclass(frozen=True)
class TaskStatus:
    """One owning unit's standing on one task (plain data for handlers, CLI, reports)."""

    code: str
    name: str
    kind: str
    group: str
    deadline: str
    due: date | None  # the due date that matters today (a past one-off date stays, to say how late)
    unit_id: int
    unit: str
    status: str = TODO
    note: str = ""
    proof_link: str = ""
    proof_name: str = ""
    proof_path: str = ""
    by: str = ""
    updated_at: datetime | None = None
    done_at: datetime | None = None
    overdue: bool = False


class TaskError(ValueError):
    """A mark refused: ``kind`` says why (``unknown``: no such task; ``not_owner``: the unit does not own it)."""

    def __init__(self, kind: str, code: str, owners: tuple[str, ...] = ()) -> None:
        super().__init__(kind)
        self.kind, self.code, self.owners = kind, code, owners


def _task(item: PlanItem) -> Task:
    return Task(item.code, item.name, item.kind, item.group, item.deadline, tuple(dict.fromkeys(item.lead)))


def plan_tasks(kb: KnowledgeBase, plan_id: str) -> list[Task]:
    """The plan's tasks in the plan's order (its items that name an owner)."""
    plan = kb.plans.get(plan_id)
    return [_task(i) for i in plan.items if i.lead] if plan else []


def find_task(kb: KnowledgeBase, plan_id: str, code: str) -> Task | None:
    """The task with this code (as typed: case and a trailing dot do not matter)."""
    wanted = code.strip().rstrip(".").casefold()
    return next((t for t in plan_tasks(kb, plan_id) if t.code.casefold() == wanted), None)


def _due(text: str, today: date) -> date | None:
    try:
        return due_date(parse_deadline(text), today)
    except ValueError:  # an after-event span in working days: no calendar here, no date
        return None


def tasks_of_plan(session: Session, kb: KnowledgeBase, plan_id: str, *, today: date,
                  unit_ids: Collection[int] | None = None, codes: Collection[str] | None = None
                  ) -> list[TaskStatus]:
    """Every (task, owning unit) of the plan with its status, in the plan's order then by unit name; only the
    units in ``unit_ids`` and the tasks in ``codes`` when given. A task a group unit leads is owned by each of its
    members (the group itself while it has none). A task whose owner has no unit row is left out."""
    sync_plan_units(session, kb, plan_id)
    tops = list(session.scalars(select(Unit).where(Unit.plan_id == plan_id, Unit.parent_id.is_(None))))
    # a task led by a group unit ("Các sở, ban, ngành") is each member's own, as the group's indicators are
    members: dict[str, list[tuple[int, str]]] = {}
    for unit in tops:
        found = [(m.id, m.name) for m in members_of(session, unit.id)] if unit.is_group else []
        members[unit.name] = found or [(unit.id, unit.name)]
    rows = {(r.code, r.unit_id): (r, name) for r, name in session.execute(
        select(TaskRow, Official.name).outerjoin(Official, Official.id == TaskRow.official_id)
        .where(TaskRow.plan_id == plan_id))}
    out: list[TaskStatus] = []
    for task in plan_tasks(kb, plan_id):
        if codes is not None and task.code not in codes:
            continue
        due = _due(task.deadline, today)
        for unit_id, owner in sorted({m for name in task.owners for m in members.get(name, ())},
                                     key=lambda m: m[1]):
            if unit_ids is not None and unit_id not in unit_ids:
                continue
            row, by = rows.get((task.code, unit_id), (None, None))
            status = row.status if row is not None else TODO
            out.append(TaskStatus(
                task.code, task.name, task.kind, task.group, task.deadline, due, unit_id, owner, status,
                note=row.note if row else "", proof_link=row.proof_link if row else "",
                proof_name=row.proof_name if row else "", proof_path=row.proof_path if row else "",
                by=by or "", updated_at=row.updated_at if row else None, done_at=row.done_at if row else None,
                overdue=status != DONE and due is not None and due < today))
    return out


def done_tasks(session: Session, plan_id: str) -> set[tuple[str, str]]:
    """(task code, unit name) of the tasks marked done in the plan: what the reminder planner leaves out."""
    rows = session.execute(select(TaskRow.code, Unit.name).join(Unit, Unit.id == TaskRow.unit_id)
                           .where(TaskRow.plan_id == plan_id, TaskRow.status == DONE))
    return {(code, name) for code, name in rows}


def split_proof(text: str) -> tuple[str, str]:
    """(note, link): the first http(s) link in what was typed is the proof; the rest is the note (a document's
    number, a line of explanation), both bounded."""
    found = _LINK.search(text)
    link = found.group(0)[:MAX_LINK] if found else ""
    note = (text[:found.start()] + text[found.end():]) if found else text
    return " ".join(note.split())[:MAX_NOTE], link


@dataclass(frozen=True)
class Proof:
    """A stored file sent with ``/xong`` (the core's file store)."""

    path: str
    name: str
    mime: str


def mark_task(session: Session, kb: KnowledgeBase, plan_id: str, code: str, unit_id: int, status: str, *,
              now: datetime, official_id: int | None, note: str = "", link: str = "",
              proof: Proof | None = None) -> TaskStatus:
    """Set one unit's status on a task (the caller checked the permission on ``unit_id``). A new note, link or
    file replaces the old one; saying nothing keeps it. ``done_at`` is the first time it was marked done."""
    if status not in (DOING, DONE):
        raise ValueError(status)
    task = find_task(kb, plan_id, code)
    unit = session.get(Unit, unit_id)
    if task is None:
        raise TaskError("unknown", code)
    owners = {t.unit_id for t in tasks_of_plan(session, kb, plan_id, today=now.date(), codes={task.code})}
    if unit is None or unit.plan_id != plan_id or unit_id not in owners:
        raise TaskError("not_owner", task.code, task.owners)
    # two officials of the unit marking at once: the row is created once, then each update is applied in turn
    session.execute(insert_ignore(session, TaskRow, ["unit_id", "code"], {
        "plan_id": plan_id, "code": task.code, "unit_id": unit_id, "status": status, "note": "", "proof_link": "",
        "proof_path": "", "proof_name": "", "proof_mime": "", "updated_at": now}))
    row = session.scalars(select(TaskRow).where(TaskRow.unit_id == unit_id, TaskRow.code == task.code)
                          .with_for_update()).one()
    row.status = status
    row.official_id = official_id
    row.updated_at = now
    if note:
        row.note = note[:MAX_NOTE]
    if link:
        row.proof_link = link[:MAX_LINK]
    if proof is not None:
        row.proof_path, row.proof_name, row.proof_mime = proof.path, proof.name[:255], proof.mime[:100]
    if status == DONE and row.done_at is None:
        row.done_at = now
    session.flush()
    return next(t for t in tasks_of_plan(session, kb, plan_id, today=now.date(), unit_ids={unit_id},
                                         codes={task.code}))
