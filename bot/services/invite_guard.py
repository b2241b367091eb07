"""Invite codes cannot be found by trying (issue 15): 8 characters of 32 are 40 bits, and a script typed 2 000 wrong
codes in a row, 300 a second, every one answered.

Wrong codes are counted in the database, so that every worker shares the count: after ``ACCOUNT_LIMIT`` wrong
codes within ``ACCOUNT_WINDOW`` an account (channel and user id) is held off for ``ACCOUNT_HOLD``; past
``EVERYONE_LIMIT`` wrong codes within ``EVERYONE_WINDOW`` across the bot (many accounts at once), everyone's code
attempts are held off for ``EVERYONE_HOLD``. While held, a code is not even looked up: a right code typed then is
refused too, otherwise the limit would only slow the guessing down. Holds are rows with an end (``invite_holds``),
so a hold lasts its whole time whatever is typed meanwhile. On PostgreSQL the counting of a wrong code takes a
transaction-scoped advisory lock, so two workers cannot both let the sixth code through.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.db.models import InviteAttempt, InviteHold
from bot.db.upsert import dialect_insert
from bot.services.rounds import aware  # SQLite hands back naive datetimes, stored in UTC

ACCOUNT_LIMIT = 5
ACCOUNT_WINDOW = timedelta(minutes=15)
ACCOUNT_HOLD = timedelta(minutes=15)
EVERYONE_LIMIT = 30
EVERYONE_WINDOW = timedelta(minutes=1)
EVERYONE_HOLD = timedelta(minutes=1)
EVERYONE = "*"
COUNTING_LOCK = 0x44544943  # "DTIC": the advisory lock taken while a wrong code is counted (PostgreSQL)


@dataclass(frozen=True)
class Hold:
    """Code attempts refused until ``until``: this account's (``everyone`` False) or the whole bot's."""

    until: datetime
    everyone: bool


def account_of(channel: str, user_id: str) -> str:
    """The account a count belongs to: "telegram:1001" (a digest when that would not fit the column)."""
    key = f"{channel}:{user_id}"
    return key if len(key) <= 200 else f"{channel}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def current_hold(session: Session, account: str, now: datetime) -> Hold | None:
    """The hold in force for ``account`` at ``now`` (its own or everyone's, whichever ends later), or None."""
    rows = session.execute(select(InviteHold.scope, InviteHold.until)
                           .where(InviteHold.scope.in_([account, EVERYONE]))).all()
    running = [(scope, aware(until)) for scope, until in rows if aware(until) > now]
    if not running:
        return None
    scope, until = max(running, key=lambda row: row[1])
    return Hold(until, scope == EVERYONE)


def count_wrong(session: Session, account: str, now: datetime) -> Hold | None:
    """Count a wrong code typed by ``account`` at ``now``; the hold it starts, if it reaches a limit (the
    account's own when both are reached: it lasts longer)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(COUNTING_LOCK)))
    longest = max(ACCOUNT_WINDOW, EVERYONE_WINDOW)
    session.execute(delete(InviteAttempt).where(InviteAttempt.at <= now - longest))
    session.execute(delete(InviteHold).where(InviteHold.until <= now))
    session.add(InviteAttempt(account=account, at=now))
    session.flush()
    mine = session.scalar(select(func.count()).select_from(InviteAttempt).where(
        InviteAttempt.account == account, InviteAttempt.at > now - ACCOUNT_WINDOW)) or 0
    everyone = session.scalar(select(func.count()).select_from(InviteAttempt).where(
        InviteAttempt.at > now - EVERYONE_WINDOW)) or 0
    started = None
    if everyone >= EVERYONE_LIMIT:
        started = _hold(session, EVERYONE, now + EVERYONE_HOLD)
    if mine >= ACCOUNT_LIMIT:
        started = _hold(session, account, now + ACCOUNT_HOLD)
    return started


def _hold(session: Session, scope: str, until: datetime) -> Hold:
    insert = dialect_insert(session)(InviteHold).values(scope=scope, until=until)
    session.execute(insert.on_conflict_do_update(index_elements=["scope"], set_={"until": until}))
    return Hold(until, scope == EVERYONE)
