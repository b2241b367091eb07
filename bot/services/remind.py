""""Nhắc ngay": the focal point reminds one unit now, at most once a day.

The reminder goes to each chat of the unit's officials and head under the planner's own outbox key,
``rem:<day>:<channel>:<chat>`` (``bot.reminders.policy``): a chat reminded by the planner today is not reminded
again by the button, a chat reminded by the button is skipped by the planner for the rest of the day (it reads the
newest ``rem:`` key of each chat), and pressing twice, or from /tiendo and from the web dashboard at once, queues
one message. The text is the planner's (``reminder_unit``): what the unit still owes in the plan's open rounds,
values and evidence apart, with "Nhập số liệu", "Gửi minh chứng" and "Hoãn".

The web dashboard calls ``remind_now`` as the chat does; it returns plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.core import outbox
from bot.core.messages import Outgoing
from bot.db.models import Identity, Membership, Official, OutboxMessage, Round, Unit
from bot.reminders.calendar import WorkCalendar
from bot.reminders.messages import render_reminder
from bot.reminders.policy import Planned, PlannedItem
from bot.render import Renderer
from bot.services.announce import indicator_name
from bot.services.entry import owed_by
from bot.services.rounds import RoundInfo
from bot.services.values import COUNTED, lacking_evidence
from scoring.codes import code_order

ROLES = ("official", "head")  # whom the planner reminds


@dataclass(frozen=True)
class Reminded:
    """What "Nhắc ngay" did: ``status`` ``sent`` (``chats`` new messages), ``already`` (every chat of the unit
    was reminded today), ``nobody`` (no reachable official), ``nothing`` (the unit owes nothing now) or
    ``unknown`` (no such unit)."""

    status: str
    unit: str = ""
    chats: int = 0
    items: int = 0


def reminder_key(day: str, channel: str, chat: str) -> str:
    """The planner's key of a chat's reminder of the day (``policy._Gathering.planned`` writes the same)."""
    return f"rem:{day}:{channel}:{chat}"


def owed_items(session: Session, kb: Any, unit_id: int, unit: str, plan_id: str, today: Any) -> list[PlannedItem]:
    """What the unit still owes in the plan's open rounds: values not in, and evidence of values in without it."""
    items: list[PlannedItem] = []
    for row in session.scalars(select(Round).where(Round.plan_id == plan_id, Round.state == "open")
                               .order_by(Round.due, Round.id)):
        info = RoundInfo.of(row)
        bare = {code for _, code in lacking_evidence(session, info.id, unit_id)}
        for o in owed_by(session, kb, info, unit_id):
            code = o.duty.indicator
            name = indicator_name(kb, plan_id, code)
            if o.state not in COUNTED:
                items.append(PlannedItem(unit, code, name, info.due, (info.due - today).days))
            elif code in bare:
                items.append(PlannedItem(unit, code, name, info.evidence_due, (info.evidence_due - today).days,
                                         evidence=True))
    return sorted(items, key=lambda i: (i.due, code_order(i.code)))


def remind_now(session: Session, kb: Any, settings: Settings, unit_id: int, now: datetime,
               renderer: Renderer | None = None) -> Reminded:
    """Queue the unit's reminder now (in the caller's transaction) for each of its chats not reminded today."""
    row = session.get(Unit, unit_id)
    if row is None:
        return Reminded("unknown")
    today = WorkCalendar.from_settings(settings).local(now).date()
    items = owed_items(session, kb, unit_id, row.name, row.plan_id, today)
    if not items:
        return Reminded("nothing", row.name)
    chats = list(dict.fromkeys(session.execute(
        select(Identity.channel, Identity.chat_id)
        .join(Membership, Membership.official_id == Identity.official_id)
        .join(Official, Official.id == Membership.official_id)
        .where(Membership.unit_id == unit_id, Membership.role.in_(ROLES), Official.active.is_(True))
        .order_by(Identity.official_id, Identity.channel)).tuples()))
    if not chats:
        return Reminded("nobody", row.name, items=len(items))
    day = today.isoformat()
    keys = [reminder_key(day, c, chat) for c, chat in chats]
    known = set(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys))))
    fresh = [(c, chat) for c, chat in chats if reminder_key(day, c, chat) not in known]
    if not fresh:
        return Reminded("already", row.name, items=len(items))
    renderer = renderer or Renderer()
    values = tuple(i for i in items if not i.evidence)
    late = tuple(i for i in items if i.days_left < 0)
    kind = "overdue" if late else "due" if any(i.days_left == 0 for i in items) else "before"
    context = {"kind": kind, "role": "official", "name": "", "today": today, "items": tuple(items),
               "units": (row.name,), "late": late, "values_late": tuple(i for i in values if i.days_left < 0),
               "values_soon": tuple(i for i in values if i.days_left >= 0),
               "evidence": tuple(i for i in items if i.evidence), "tasks": ()}
    planned = [Planned(reminder_key(day, channel, chat), channel, chat, kind, (row.name,), min(i.due for i in items),
                       tuple(dict.fromkeys(i.code for i in items)), tuple(items), (), "reminder_unit", context)
               for channel, chat in fresh]
    reply = render_reminder(renderer, planned[0])  # one text for every chat (a head's too: told as an official)
    messages = [(p.key, Outgoing(p.channel, p.chat, reply)) for p in planned]
    outbox.enqueue_many(session, messages, now)
    return Reminded("sent", row.name, len(messages), len(items))
