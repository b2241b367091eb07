"""The review loop tells people: messages the bot starts when a round opens, when a returned value comes back,
when a value is approved and when a round closes, queued in the core's outbox.

Each function returns ``Notice``s (plain data: key, chat, template, context, buttons) and ``queue`` renders and
queues them in the caller's transaction, so a message exists exactly when what caused it was committed. Every
key names the event and the chat, so doing the same thing twice (a repeated CLI call, a button pressed twice, two
workers) queues each message once:

- ``open:<round>:<unit>:<channel>:<chat>`` — the round opened: what the unit owes (codes with names, in natural
  order), the due date, the evidence deadline, and a "Nhập số liệu" button (``ENTER_PREFIX``: ``/nhap`` for that
  unit in that round);
- ``resub:<version>:<channel>:<chat>`` — a returned value entered again: the focal point who returned it;
- ``approved:<version>:<channel>:<chat>`` — a value approved: the unit's people (not the one who approved it);
- ``closed:<round>:<unit>:<channel>:<chat>`` — a round closed: the units that entered nothing in it.

A unit's people are its members of the roles that enter values (``entry.ENTERING_ROLES``) whose account is
active, on every channel they have a chat on. Read for all units at once: a province has thousands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core import outbox
from bot.core.messages import Button, Outgoing, Reply
from bot.db.models import Identity, Membership, Official, OutboxMessage, RoundValue, Unit, ValueVersion
from bot.render import Renderer
from bot.services.duties import duties
from bot.services.entry import ENTERING_ROLES
from bot.services.rounds import RoundInfo
from bot.services.values import Version
from scoring.codes import code_order

ENTER_PREFIX = "na:"  # "na:<round>:<unit>": the announcement's "Nhập số liệu" (owned by ``handlers.opening``)
VIEW_PREFIX = "pv:"  # "pv:<round>:<unit>:<code>": the focal point's view of a value (``handlers.progress``)


@dataclass(frozen=True)
class Notice:
    """One message to queue: ``key`` is its outbox key; ``template`` and ``context`` render its text (a context of
    hashable values, so one unit's chats share one rendering)."""

    key: str
    channel: str
    chat: str
    template: str
    context: tuple[tuple[str, Any], ...]
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Chat:
    official_id: int
    channel: str
    chat: str


def unit_people(session: Session, unit_ids: Iterable[int]) -> dict[int, list[Chat]]:
    """Unit id → the chats of its active members who enter values, in one query for all the units."""
    wanted = list(dict.fromkeys(unit_ids))
    out: dict[int, list[Chat]] = defaultdict(list)
    for start in range(0, len(wanted), 5000):  # bounded IN lists
        rows = session.execute(
            select(Membership.unit_id, Identity.official_id, Identity.channel, Identity.chat_id)
            .join(Identity, Identity.official_id == Membership.official_id)
            .join(Official, Official.id == Membership.official_id)
            .where(Membership.unit_id.in_(wanted[start:start + 5000]), Membership.role.in_(ENTERING_ROLES),
                   Official.active.is_(True))
            .order_by(Membership.unit_id, Identity.official_id, Identity.channel, Identity.chat_id)
        )
        for unit_id, official_id, channel, chat in rows:
            chat_of = Chat(int(official_id), str(channel), str(chat))
            if chat_of not in out[unit_id]:
                out[unit_id].append(chat_of)
    return dict(out)


def official_chats(session: Session, official_id: int) -> list[Chat]:
    rows = session.execute(select(Identity.channel, Identity.chat_id)
                           .join(Official, Official.id == Identity.official_id)
                           .where(Identity.official_id == official_id, Official.active.is_(True))
                           .order_by(Identity.channel, Identity.chat_id))
    return [Chat(official_id, str(c), str(chat)) for c, chat in dict.fromkeys(rows)]


def indicator_name(kb: Any, plan_id: str, code: str) -> str:
    """The indicator's name as the plan words it, else as its framework does ("" when neither has one)."""
    plan = kb.plans[plan_id]
    base = code.split("#")[0]
    own = next((a.name for a in plan.assignments if a.code == base and a.name), "")
    if own:
        return str(own)
    found = kb.indicator(plan.framework, base)
    return str(found.name) if found is not None else ""


# ------------------------------------------------------------------------------------------ events


def round_opened(session: Session, kb: Any, info: RoundInfo) -> list[Notice]:
    """Each unit owing something in the round, to each of its people's chats: its codes with names (natural
    order), the due date and the evidence deadline, with "Nhập số liệu"."""
    owed: dict[int, tuple[str, set[str]]] = {}
    for duty in duties(session, kb, info.plan, info.indicators):
        owed.setdefault(duty.unit_id, (duty.unit, set()))[1].add(duty.indicator)
    people = unit_people(session, owed)
    lists: dict[frozenset[str], tuple[tuple[str, str], ...]] = {}  # member units of a group owe the same codes
    out: list[Notice] = []
    for unit_id, (unit, codes) in owed.items():
        chats = people.get(unit_id)
        if not chats:
            continue
        key = frozenset(codes)
        if key not in lists:
            lists[key] = tuple((c, indicator_name(kb, info.plan, c)) for c in sorted(codes, key=code_order))
        context = (("unit", unit), ("period", info.period), ("due", info.due), ("evidence_due", info.evidence_due),
                   ("items", lists[key]))
        button = (Button("✍️ Nhập số liệu", f"{ENTER_PREFIX}{info.id}:{unit_id}"),)
        out.extend(Notice(f"open:{info.id}:{unit_id}:{c.channel}:{c.chat}", c.channel, c.chat, "announce_opened",
                          context, button) for c in chats)
    return out


def tell_resubmitted(session: Session, kb: Any, renderer: Renderer, info: RoundInfo, version: Version,
                     now: datetime) -> int:
    """After any entry (``/nhap``, ``/mau``): queue ``value_resubmitted``'s notices; how many were new."""
    return queue(session, renderer, value_resubmitted(session, kb, info, version), now)


def value_resubmitted(session: Session, kb: Any, info: RoundInfo, version: Version) -> list[Notice]:
    """A value entered again after it was returned: the focal point who returned it is told (nothing when the
    version before was not returned, or nobody returned it through the bot: a first entry reads nothing)."""
    if version.number < 2 or version.state != "submitted":
        return []
    before = session.execute(
        select(ValueVersion.state, ValueVersion.reviewed_by, ValueVersion.comment)
        .join(RoundValue, RoundValue.id == ValueVersion.value_id)
        .where(RoundValue.round_id == info.id, RoundValue.unit_id == version.unit_id,
               RoundValue.indicator == version.indicator, ValueVersion.number == version.number - 1)
    ).first()
    if before is None or before.state != "returned" or before.reviewed_by is None:
        return []
    if version.official_id == before.reviewed_by:  # the focal point entered it again on the unit's behalf
        return []
    unit = session.scalar(select(Unit.name).where(Unit.id == version.unit_id)) or ""
    context = (("unit", unit), ("code", version.indicator), ("name", indicator_name(kb, info.plan, version.indicator)),
               ("period", info.period), ("comment", before.comment or ""), ("number", version.number))
    button = (Button("Xem số liệu", f"{VIEW_PREFIX}{info.id}:{version.unit_id}:{version.indicator}"),)
    return [Notice(f"resub:{version.id}:{c.channel}:{c.chat}", c.channel, c.chat, "announce_resubmitted", context,
                   button) for c in official_chats(session, int(before.reviewed_by))]


def value_approved(session: Session, kb: Any, info: RoundInfo, version: Version, unit: str,
                   by: int | None) -> list[Notice]:
    """A value approved: the unit's people are told (the approver is not told of their own approval)."""
    context = (("unit", unit), ("code", version.indicator), ("name", indicator_name(kb, info.plan, version.indicator)),
               ("period", info.period), ("number", version.number))
    chats = [c for c in unit_people(session, [version.unit_id]).get(version.unit_id, []) if c.official_id != by]
    return [Notice(f"approved:{version.id}:{c.channel}:{c.chat}", c.channel, c.chat, "announce_approved", context)
            for c in chats]


def tell_approved(session: Session, kb: Any, renderer: Renderer, info: RoundInfo, version: Version, unit: str,
                  by: int | None, now: datetime) -> int:
    """After an approval (the chat's "Duyệt", the dashboard's Approve): queue ``value_approved``'s notices under
    their one key, so approving in either place tells each chat once; how many chats are told."""
    notices = value_approved(session, kb, info, version, unit, by)
    queue(session, renderer, notices, now)
    return len(notices)


def round_closed(session: Session, kb: Any, info: RoundInfo) -> list[Notice]:
    """A round closed: each unit that owed something and entered nothing (no version at all) is told."""
    entered = set(session.scalars(select(RoundValue.unit_id).where(RoundValue.round_id == info.id,
                                                                   RoundValue.version > 0).distinct()))
    owed: dict[int, tuple[str, set[str]]] = {}
    for duty in duties(session, kb, info.plan, info.indicators):
        if duty.unit_id not in entered:
            owed.setdefault(duty.unit_id, (duty.unit, set()))[1].add(duty.indicator)
    people = unit_people(session, owed)
    out: list[Notice] = []
    for unit_id, (unit, codes) in owed.items():
        context = (("unit", unit), ("period", info.period), ("codes", tuple(sorted(codes, key=code_order))))
        out.extend(Notice(f"closed:{info.id}:{unit_id}:{c.channel}:{c.chat}", c.channel, c.chat, "announce_closed",
                          context) for c in people.get(unit_id, ()))
    return out


# ------------------------------------------------------------------------------------------ queueing


UNIT_MARK = "\ue000đơn vị\ue000"  # a private-use mark no text contains, put where the unit's name goes


def render(renderer: Renderer, notices: Sequence[Notice]) -> list[Reply]:
    """Each notice's message, each distinct one rendered once (a unit's chats are told the same thing). The unit's
    name (the ``unit`` of the context) is put in after rendering, escaped for the HTML: the two thousand member
    units of a province owe a handful of different lists, so a round's announcement is rendered a handful of
    times, not once per unit."""
    done: dict[Hashable, Reply] = {}
    out = []
    for n in notices:
        context = dict(n.context)
        unit = str(context.pop("unit", ""))
        # the buttons' labels number the choices where there are no buttons (Zalo); their payloads, which name
        # the unit, are each notice's own
        key = (n.template, tuple(b.label for b in n.buttons), tuple(context.items()))
        if key not in done:
            done[key] = renderer.reply(n.template, n.buttons, unit=UNIT_MARK, **context)
        shown = done[key]
        out.append(Reply(text=shown.text.replace(UNIT_MARK, unit), html=shown.html.replace(UNIT_MARK, escape(unit)),
                         buttons=n.buttons, files=shown.files))
    return out


def queue(session: Session, renderer: Renderer, notices: Sequence[Notice], now: datetime) -> int:
    """Render and queue ``notices`` in the caller's transaction, in one statement; a key queued before is left
    alone (the outbox ignores it). Returns how many of them were new."""
    if not notices:
        return 0
    keys = [n.key[:255] for n in notices]
    known: set[str] = set()
    for start in range(0, len(keys), 5000):
        known.update(session.scalars(select(OutboxMessage.key).where(
            OutboxMessage.key.in_(keys[start:start + 5000]))))
    fresh = [n for n in notices if n.key[:255] not in known]
    outbox.enqueue_many(session, [(n.key, Outgoing(n.channel, n.chat, reply))
                                  for n, reply in zip(fresh, render(renderer, fresh), strict=True)], now)
    return len(fresh)
