"""What guided value entry needs besides rounds and values: the units a chat user enters for, what each unit owes
in a round with its state, and reading ``a=1.500; b=1.000.000`` typed all at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Identity, Membership
from bot.services.duties import Duty, unit_duties
from bot.services.officials import sender
from bot.services.rounds import RoundInfo, unit_parts

_PAIR = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*[=:]\s*(.+?)\s*$")
ENTERING_ROLES = ("official", "head", "focal")


@dataclass(frozen=True)
class Owed:
    """One indicator a unit owes in a round, with the state of its part (``empty`` when nothing entered)."""

    duty: Duty
    state: str
    version: int


@dataclass(frozen=True)
class Member:
    """An official's registration with one unit of a plan."""

    official_id: int
    unit_id: int
    unit: str
    role: str


def memberships(session: Session, channel: str, user_id: str, plan_id: str) -> list[Member]:
    """The units of ``plan_id`` the chat user is registered with (through their channel identity), by unit name:
    from the turn's sender (``officials.sender``, read once per turn)."""
    official = sender(session, channel, user_id)
    if official is None:
        return []
    return sorted((Member(official.id, m.unit.id, m.unit.name, m.role) for m in official.in_plan(plan_id)),
                  key=lambda m: m.unit)


def owed_by(session: Session, kb: Any, info: RoundInfo, unit_id: int) -> list[Owed]:
    """The indicators this unit owes in the round, in the round's order, with each part's state."""
    mine = unit_duties(session, kb, info.plan, info.indicators, unit_id)
    states = unit_parts(session, info.id, unit_id)
    return [Owed(d, *states.get(d.indicator, ("empty", 0))) for d in mine]


def parse_pairs(text: str) -> dict[str, str] | None:
    """``a=1.500; b=1.000.000`` (or one per line, ``:`` also accepted) → {"a": "1.500", "b": "1.000.000"}; None
    when the text is not made of such pairs (then it is one answer to the current question)."""
    pieces = [p for p in re.split(r"[;\n]", text) if p.strip()]
    out: dict[str, str] = {}
    for piece in pieces:
        found = _PAIR.match(piece)
        if found is None:
            return None
        out[found.group(1)] = found.group(2)
    return out or None


def unit_chats(session: Session, unit_id: int) -> list[tuple[int, str, str]]:
    """Where to reach a unit's registered officials: (official id, channel, chat id) for each identity."""
    rows = session.execute(
        select(Identity.official_id, Identity.channel, Identity.chat_id)
        .join(Membership, Membership.official_id == Identity.official_id)
        .where(Membership.unit_id == unit_id).order_by(Identity.official_id, Identity.channel)
    ).all()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in dict.fromkeys(rows)]


def returned_notices(session: Session, version_id: int, unit_id: int) -> list[tuple[str, str, str]]:
    """Where to tell a unit its value was returned, with the outbox key of each message: (key, channel, chat
    id). One key per version and chat, the same from the chat and the web dashboard, so a return is told once."""
    return [(f"returned:{version_id}:{official}:{channel}", channel, chat)
            for official, channel, chat in unit_chats(session, unit_id)]


def parse_day(text: str) -> date | None:
    """``15/12/2024``, ``15-12-2024`` or ``2024-12-15`` → a date; None when it is not one."""
    cleaned = text.strip()
    for pattern in (r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", r"^(\d{4})-(\d{1,2})-(\d{1,2})$"):
        found = re.match(pattern, cleaned)
        if found:
            parts = [int(g) for g in found.groups()]
            day, month, year = parts if pattern.startswith(r"^(\d{1,2})") else parts[::-1]
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None
