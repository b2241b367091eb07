"""The reminder planner over the database: what is owed, read through ``OwedSource``; what goes out, queued in the
core's outbox under the policy's keys.

The planner keeps no state of its own and trusts no scheduler: each run reads who owes what, when each chat was
last reminded (the newest ``rem:<day>:…`` key of that chat in the outbox) and the clock, and queues what the pure
policy says. Running it twice, or in two processes at once, queues nothing more: the outbox key is unique. That is
what lets an APScheduler interval job (no shared job store, any misfire setting) and ``dti-bot reminders run``
from cron be equally right.

``OwedSource`` is the seam for the services of the other branches: ``MembershipSource`` reads units, memberships
and identities (migration 0003) and the plan's own task deadlines; the round items (values owed for an open round,
and evidence owed for values already in: ``round_items.open_round_items``) come in through its ``round_items``
hook, and pauses and snoozes (``bot.services.reminder_state``, migration 0005) are applied with ``with_state``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core import outbox
from bot.core.messages import Outgoing, Reply
from bot.db.models import Identity, Membership, Official, OutboxMessage, Unit
from bot.reminders.calendar import WorkCalendar
from bot.reminders.messages import render_reminders
from bot.reminders.policy import (
    OpenDifficulty,
    OwedItem,
    Planned,
    Recipient,
    ReminderPolicy,
    UnitDues,
    plan_digests,
    plan_reminders,
)
from bot.reminders.round_items import open_round_items
from bot.reminders.skips import skipped
from bot.render import Renderer
from bot.services.difficulties import open_difficulties
from bot.services.reminder_state import paused_units, snoozes
from bot.services.tasks import done_tasks
from knowledge.deadlines import Kind, next_due, parse_deadline
from knowledge.model import Plan
from knowledge.store import KnowledgeBase

CONSOLE = "console"


class OwedSource(Protocol):
    """What the planner needs to know, read in the planner's session."""

    def plan_ids(self, session: Session) -> Sequence[str]:
        """Plans that have units to remind."""
        ...

    def units(self, session: Session, plan_id: str, today: date) -> Sequence[UnitDues]:
        """Every unit of the plan, with its members as recipients (``last_reminded`` filled) and what it owes:
        round items not yet submitted, and the plan's task deadlines for the units that lead them."""
        ...

    def focal_points(self, session: Session, plan_id: str) -> Sequence[Recipient]:
        ...


# ---- the plan's own task deadlines ---------------------------------------------------------------------------

_DATED = frozenset({Kind.DATE, Kind.PERIOD_END, Kind.HORIZON, Kind.RECURRING})


def plan_tasks(kb: KnowledgeBase, plan: Plan, today: date,
               done: Collection[tuple[str, str]] = ()) -> dict[str, list[OwedItem]]:
    """Lead unit name → the plan's tasks still ahead of it (due on or after ``today``), without those the unit
    marked done (``done``: (code, unit name), ``bot.services.tasks.done_tasks``). A passed one-off deadline is not
    reminded: a task nobody marks would otherwise be nagged about forever."""
    tasks: dict[str, list[OwedItem]] = defaultdict(list)
    entries = [(a.code, a.lead, a.deadline) for a in plan.assignments] + [(i.code, i.lead, i.deadline)
                                                                          for i in plan.items]
    for code, leads, text in entries:
        deadline = parse_deadline(text)
        if deadline.kind not in _DATED or (due := next_due(deadline, today)) is None:
            continue
        indicator = kb.indicator(plan.framework, code)
        name = indicator.name if indicator else next((i.name for i in plan.items if i.code == code), "")
        for unit in leads:
            if (code, unit) in done:
                continue
            tasks[unit].append(OwedItem(code, due, name, task=True, due_text=text.strip()))
    return dict(tasks)


# ---- the source over the tables of migration 0003 ------------------------------------------------------------

RoundItems = Callable[[Session, KnowledgeBase, str, date], Mapping[int, Sequence[OwedItem]]]


def last_reminded(session: Session) -> dict[tuple[str, str], date]:
    """(channel, chat) → the day of its newest reminder in the outbox (keys ``rem:YYYY-MM-DD:…`` sort by day)."""
    rows = session.execute(
        select(OutboxMessage.channel, OutboxMessage.chat_id, func.max(OutboxMessage.key))
        .where(OutboxMessage.key.like("rem:%"))
        .group_by(OutboxMessage.channel, OutboxMessage.chat_id)
    ).all()
    out: dict[tuple[str, str], date] = {}
    for channel, chat, key in rows:
        try:
            out[channel, chat] = date.fromisoformat(key.split(":")[1])
        except (IndexError, ValueError):  # a key not written by the planner: as if never reminded
            continue
    return out


@dataclass
class MembershipSource:
    """Units, members and their chats from the database; task deadlines from the knowledge base; round items
    from ``round_items(session, kb, plan_id, today)`` (unit id → items; by default what the units owe in the
    plan's open collection rounds, ``round_items.open_round_items``; None: no round items)."""

    kb: KnowledgeBase
    round_items: RoundItems | None = open_round_items

    def plan_ids(self, session: Session) -> Sequence[str]:
        ids = session.scalars(select(Unit.plan_id).distinct().order_by(Unit.plan_id))
        return [p for p in ids if p in self.kb.plans]

    def _recipients(self, session: Session, plan_id: str, roles: Iterable[str]) -> dict[int, list[Recipient]]:
        seen = last_reminded(session)
        rows = session.execute(
            select(Membership.unit_id, Membership.role, Official.id, Official.name, Identity.channel, Identity.chat_id)
            .join(Official, Official.id == Membership.official_id)
            .join(Unit, Unit.id == Membership.unit_id)
            .outerjoin(Identity, Identity.official_id == Official.id)
            .where(Unit.plan_id == plan_id, Membership.role.in_(list(roles)), Official.active.is_(True))
            .order_by(Membership.unit_id, Official.id, Identity.id)
        ).all()
        out: dict[int, list[Recipient]] = defaultdict(list)
        for unit_id, role, official_id, name, channel, chat in rows:
            if channel is None:  # an official with no chat on any channel: named in the digest as unreachable
                out[unit_id].append(Recipient("", f"official:{official_id}", role, name, reachable=False))
            else:
                out[unit_id].append(Recipient(channel, chat, role, name, last_reminded=seen.get((channel, chat))))
        return out

    def units(self, session: Session, plan_id: str, today: date) -> Sequence[UnitDues]:
        plan = self.kb.plans[plan_id]
        tasks = plan_tasks(self.kb, plan, today, done_tasks(session, plan_id))
        members = self._recipients(session, plan_id, ("official", "head"))
        owed = self.round_items(session, self.kb, plan_id, today) if self.round_items else {}
        registered = set(session.scalars(select(Membership.unit_id).join(Unit, Unit.id == Membership.unit_id)
                                         .where(Unit.plan_id == plan_id).distinct()))
        out = []
        for unit in session.scalars(select(Unit).where(Unit.plan_id == plan_id).order_by(Unit.id)):
            items = [*owed.get(unit.id, ()), *tasks.get(unit.name, ())]
            out.append(UnitDues(unit.id, unit.name, plan_id, tuple(members.get(unit.id, ())), tuple(items),
                                registered=unit.id in registered))
        return with_state(out, paused_units(session), snoozes(session))

    def focal_points(self, session: Session, plan_id: str) -> Sequence[Recipient]:
        return [r for people in self._recipients(session, plan_id, ("focal",)).values() for r in people]


# ---- one run ---------------------------------------------------------------------------------------------------


def due_now(session: Session, source: OwedSource, cal: WorkCalendar, policy: ReminderPolicy, renderer: Renderer,
            now: datetime) -> list[tuple[Planned, Reply]]:
    """What would be sent at ``now`` and is not in the outbox yet, rendered. A plan whose data cannot be planned
    is left out with one warning (``skips``); every other plan is planned as usual."""
    if not cal.is_working_time(now):
        return []
    today = cal.local(now).date()
    by_plan: dict[str, list[UnitDues]] = {}
    digests: list[Planned] = []
    for plan_id in source.plan_ids(session):
        try:
            with session.begin_nested():  # a failed statement must not spoil the transaction for the other plans
                units = list(source.units(session, plan_id, today))
                focal = source.focal_points(session, plan_id)
                asked = open_questions(session, plan_id)
            digests += plan_digests(units, focal, cal, now, policy, plan_id=plan_id, difficulties=asked)
        except Exception as exc:
            skipped(f"plan:{plan_id}", f"kế hoạch {plan_id}", exc)
            continue
        by_plan[plan_id] = units
    planned = _reminders(by_plan, cal, now, policy) + digests
    keys = [p.key for p in planned]
    known = set(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys)))) if keys else set()
    fresh = [p for p in planned if p.key not in known]
    return list(zip(fresh, render_reminders(renderer, fresh), strict=True))


def _reminders(by_plan: Mapping[str, Sequence[UnitDues]], cal: WorkCalendar, now: datetime,
               policy: ReminderPolicy) -> list[Planned]:
    """Every plan's reminders in one pass (a chat gets one message a day across plans); should that fail, each plan
    is tried alone to find the one at fault, which is left out."""
    try:
        return plan_reminders([u for units in by_plan.values() for u in units], cal, now, policy)
    except Exception:
        good: list[UnitDues] = []
        for plan_id, units in by_plan.items():
            try:
                plan_reminders(units, cal, now, policy)
            except Exception as exc:
                skipped(f"plan:{plan_id}", f"kế hoạch {plan_id}", exc)
                continue
            good.extend(units)
        return plan_reminders(good, cal, now, policy)


def queue(session: Session, planned: Sequence[tuple[Planned, Reply]], now: datetime) -> int:
    """Queue each message under its key (in the caller's transaction); a key queued meanwhile by another planner
    is left alone by the outbox. Returns how many were queued by this call."""
    keys = [p.key for p, _ in planned]
    before = set(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys)))) if keys else set()
    outbox.enqueue_many(session, [(p.key, Outgoing(p.channel, p.chat, reply)) for p, reply in planned], now)
    return len([p for p, _ in planned if p.key not in before])


PLANNER_LOCK = 0x44544952  # "DTIR": the advisory lock id only the planning worker holds, per transaction


def holds_planner_lock(session: Session) -> bool:
    """On PostgreSQL, try the transaction-scoped advisory lock: with several workers only its holder plans (the
    others skip this round; the keys would make their work useless anyway). SQLite serialises writers already."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(select(func.pg_try_advisory_xact_lock(PLANNER_LOCK))))


def plan_and_queue(session: Session, source: OwedSource, cal: WorkCalendar, policy: ReminderPolicy,
                   renderer: Renderer, now: datetime) -> tuple[list[tuple[Planned, Reply]], int]:
    """One planning round in the caller's transaction (the interval job and `reminders run`): what was due and
    how many rows this round queued — nothing when another worker holds the planner lock."""
    if not holds_planner_lock(session):
        return [], 0
    planned = due_now(session, source, cal, policy, renderer, now)
    return planned, queue(session, planned, now)


def open_questions(session: Session, plan_id: str) -> list[OpenDifficulty]:
    """The plan's unanswered difficulties for the focal points' digest (the day each was reported, in UTC when the
    database kept no zone)."""
    return [OpenDifficulty(d.id, d.unit, d.code, d.asker,
                           (d.created_at if d.created_at.tzinfo else d.created_at.replace(tzinfo=UTC)).date(),
                           d.text[:200]) for d in open_difficulties(session, plan_id)]


def as_contract(planned: Sequence[tuple[Planned, Reply]]) -> list[dict[str, object]]:
    return [p.contract(reply.text) for p, reply in planned]


def with_state(units: Sequence[UnitDues], paused: set[int], snoozes: dict[tuple[str, str], datetime]
               ) -> list[UnitDues]:
    """Apply stored pauses (unit ids) and snoozes ((channel, chat) → until) to what a source read."""
    return [replace(u, paused=u.unit_id in paused,
                    recipients=tuple(replace(r, snoozed_until=snoozes.get((r.channel, r.chat), r.snoozed_until))
                                     for r in u.recipients)) for u in units]
