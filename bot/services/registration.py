"""Registration: one-time invite codes (``dti-bot invite``, ``/dangky CODE``) and self-service requests that a
focal point of the plan approves or rejects.

Both are safe with several workers: a code is taken and a request decided by one conditional ``UPDATE`` (only
while unused / pending), so two people redeeming one code, or two focal points pressing at once, cannot both win.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import Invite, Official, RegistrationRequest
from bot.services.invite_guard import Hold, account_of, count_wrong, current_hold
from bot.services.officials import (
    OFFICIAL,
    ROLES,
    add_membership,
    ensure_official,
    has_membership,
    official_id_for,
)
from bot.services.units import UnitInfo, unit_by_id

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed on phones
CODE_LENGTH = 8
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class InviteInfo:
    code: str
    unit: UnitInfo
    role: str
    expires: datetime

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "plan": self.unit.plan_id, "unit": self.unit.name, "role": self.role,
                "expires": self.expires.isoformat()}


@dataclass(frozen=True)
class Redeemed:
    """The outcome of ``/dangky CODE``: ``ok``, ``already`` (the code's role in that unit was theirs already;
    the code is not used up), ``unknown``, ``used``, ``expired`` or ``held`` (too many wrong codes: not looked at,
    ``hold`` says until when). ``hold`` is also set on the wrong code that starts one."""

    status: Literal["ok", "already", "unknown", "used", "expired", "held"]
    unit: UnitInfo | None = None
    role: str = ""
    official_id: int | None = None
    hold: Hold | None = None


def normalize_code(code: str) -> str:
    return "".join(code.split()).upper()


def create_invite(session: Session, unit_id: int, role: str, now: datetime, days: float = 7) -> InviteInfo:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    unit = unit_by_id(session, unit_id)
    if unit is None:
        raise ValueError(f"no unit {unit_id}")
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Invite.id).where(Invite.code == code)) is None:
            break
    expires = now + timedelta(days=days)
    session.add(Invite(code=code, unit_id=unit_id, role=role, expires_at=expires, created_at=now))
    session.flush()
    return InviteInfo(code, unit, role, expires)


def redeem_invite(session: Session, code: str, *, channel: str, user_id: str, chat_id: str, name: str,
                  now: datetime) -> Redeemed:
    """Use a code: the sender becomes (or already is) an official and gets the code's role in its unit. Wrong
    codes are counted and lead to holds (``invite_guard``); while one runs, no code is looked at."""
    account = account_of(channel, user_id)
    held = current_hold(session, account, now)
    if held is not None:
        return Redeemed("held", hold=held)
    invite = session.scalar(select(Invite).where(Invite.code == normalize_code(code)))
    if invite is None:
        return Redeemed("unknown", hold=count_wrong(session, account, now))
    unit = unit_by_id(session, invite.unit_id)
    if invite.used_at is not None:
        return Redeemed("used", unit, invite.role)
    if aware(invite.expires_at) <= now:
        return Redeemed("expired", unit, invite.role)
    known = official_id_for(session, channel, user_id)
    if known is not None and has_membership(session, known, invite.unit_id, invite.role):
        return Redeemed("already", unit, invite.role, known)
    taken = session.execute(
        update(Invite).where(Invite.id == invite.id, Invite.used_at.is_(None)).values(used_at=now)
    )
    if getattr(taken, "rowcount", 0) != 1:
        return Redeemed("used", unit, invite.role)
    official_id = ensure_official(session, channel, user_id, chat_id, name)
    add_membership(session, official_id, invite.unit_id, invite.role)
    session.execute(update(Invite).where(Invite.id == invite.id).values(used_by=official_id))
    return Redeemed("ok", unit, invite.role, official_id)


# ------------------------------------------------------------------------------------------ requests


@dataclass(frozen=True)
class RequestInfo:
    id: int
    unit: UnitInfo
    channel: str
    user_id: str
    chat_id: str
    name: str
    role: str
    status: str
    decided_by: str = ""  # the deciding official's name
    decided_at: datetime | None = None


@dataclass(frozen=True)
class Requested:
    """``created`` (a new request), ``pending`` (the same request is waiting already), ``member`` (the sender
    already belongs to that unit)."""

    status: Literal["created", "pending", "member"]
    request: RequestInfo | None = None


@dataclass(frozen=True)
class Decided:
    """``approved`` / ``rejected`` (this decision), ``already`` (someone decided before: see the request) or
    ``unknown`` (no such request)."""

    status: Literal["approved", "rejected", "already", "unknown"]
    request: RequestInfo | None = None


def request_info(session: Session, request_id: int) -> RequestInfo | None:
    row = session.get(RegistrationRequest, request_id)
    if row is None:
        return None
    unit = unit_by_id(session, row.unit_id)
    if unit is None:
        return None
    decider = session.get(Official, row.decided_by) if row.decided_by is not None else None
    return RequestInfo(row.id, unit, row.channel, row.user_id, row.chat_id, row.name, row.role, row.status,
                       decider.name if decider else "", aware(row.decided_at) if row.decided_at else None)


def create_request(session: Session, unit_id: int, *, channel: str, user_id: str, chat_id: str, name: str,
                   now: datetime) -> Requested:
    known = official_id_for(session, channel, user_id)
    if known is not None and has_membership(session, known, unit_id):
        return Requested("member")
    waiting = session.scalar(select(RegistrationRequest.id).where(
        RegistrationRequest.unit_id == unit_id, RegistrationRequest.channel == channel,
        RegistrationRequest.user_id == user_id, RegistrationRequest.status == PENDING))
    if waiting is not None:
        return Requested("pending", request_info(session, waiting))
    row = RegistrationRequest(unit_id=unit_id, channel=channel, user_id=user_id, chat_id=chat_id,
                              name=name.strip()[:255], role=OFFICIAL, status=PENDING, created_at=now)
    session.add(row)
    session.flush()
    return Requested("created", request_info(session, row.id))


def decide_request(session: Session, request_id: int, *, approve: bool, decider_id: int,
                   now: datetime) -> Decided:
    """Approve (the requester becomes an official of the unit) or reject a pending request, once."""
    status = APPROVED if approve else REJECTED
    taken = session.execute(
        update(RegistrationRequest)
        .where(RegistrationRequest.id == request_id, RegistrationRequest.status == PENDING)
        .values(status=status, decided_by=decider_id, decided_at=now)
    )
    if getattr(taken, "rowcount", 0) != 1:
        info = request_info(session, request_id)
        return Decided("already" if info is not None else "unknown", info)
    row = session.get(RegistrationRequest, request_id)
    assert row is not None
    session.refresh(row)
    if approve:
        official_id = ensure_official(session, row.channel, row.user_id, row.chat_id, row.name)
        add_membership(session, official_id, row.unit_id, row.role)
    return Decided("approved" if approve else "rejected", request_info(session, request_id))
