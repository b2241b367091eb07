"""Logins to the web dashboard without passwords: ``/web`` in a chat makes a one-time link; opening it makes a
browser session acting as that chat user (whose permissions are checked on every request, as in the chat).

Tokens are random (``secrets``, 256 bits) and only their SHA-256 is stored, so a copy of the database opens
nothing. A link is good once, for ``LINK_VALID``; a session ends at ``/logout``, when revoked, or after ``IDLE``
without a request. Every login makes a new session id (no id from before the login is ever kept: session
fixation). The CSRF token of a session is derived from its secret id, so a page from another site cannot know it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.db.models import WebLogin, WebSession

LINK_VALID = timedelta(minutes=15)
IDLE = timedelta(hours=8)
SEEN_EVERY = timedelta(minutes=1)  # ``seen_at`` is written at most this often (not on every page view)
TOKEN_BYTES = 32


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def csrf_token(session_id: str) -> str:
    """The CSRF token of a session: only whoever holds the session's cookie can compute it."""
    return hmac.new(session_id.encode(), b"dti-web-csrf", hashlib.sha256).hexdigest()


def csrf_ok(session_id: str, given: str) -> bool:
    return bool(given) and hmac.compare_digest(csrf_token(session_id), given)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def create_link_token(session: Session, *, channel: str, user_id: str, plan_id: str, now: datetime) -> str:
    """A new one-time login token for this chat user (the caller puts it in ``<public_url>/login/<token>``)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.execute(delete(WebLogin).where(WebLogin.expires_at < now - LINK_VALID))  # old links: no use kept
    session.add(WebLogin(token_hash=digest(token), channel=channel, user_id=user_id, plan_id=plan_id,
                         expires_at=now + LINK_VALID, created_at=now))
    session.flush()
    return token


@dataclass(frozen=True)
class WebUser:
    """Who a browser session acts as: a chat user (channel, user id) in a plan. ``session_id`` is the cookie's
    secret value (only known to the request that carried it)."""

    session_id: str
    channel: str
    user_id: str
    plan_id: str

    @property
    def csrf(self) -> str:
        return csrf_token(self.session_id)


def redeem(session: Session, token: str, *, now: datetime) -> WebUser | None:
    """Use a login token: a new session for its chat user, or None when the token is unknown, used or expired.
    Marking it used is one conditional UPDATE, so two browsers opening one link at once get one session."""
    if not token or len(token) > 200:
        return None
    hashed = digest(token)
    used = session.execute(
        update(WebLogin).where(WebLogin.token_hash == hashed, WebLogin.used_at.is_(None),
                               WebLogin.expires_at >= now).values(used_at=now)
    )
    if getattr(used, "rowcount", 0) != 1:
        return None
    login = session.get(WebLogin, hashed)
    assert login is not None
    session_id = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(WebSession(id_hash=digest(session_id), channel=login.channel, user_id=login.user_id,
                           plan_id=login.plan_id, created_at=now, seen_at=now))
    session.flush()
    return WebUser(session_id, login.channel, login.user_id, login.plan_id)


def current(session: Session, session_id: str, *, now: datetime) -> WebUser | None:
    """The session of this cookie value, still good (not revoked, not idle for ``IDLE``), its last use noted."""
    if not session_id or len(session_id) > 200:
        return None
    row = session.get(WebSession, digest(session_id))
    if row is None or row.revoked_at is not None or _aware(row.seen_at) + IDLE < now:
        return None
    if _aware(row.seen_at) + SEEN_EVERY < now:
        row.seen_at = now
    return WebUser(session_id, row.channel, row.user_id, row.plan_id)


def end(session: Session, session_id: str, *, now: datetime) -> None:
    """Log out: the session is revoked (kept for the record, never usable again)."""
    session.execute(update(WebSession).where(WebSession.id_hash == digest(session_id)).values(revoked_at=now))


def revoke_user(session: Session, *, channel: str, user_id: str, now: datetime) -> int:
    """Revoke every session of a chat user (an official removed, a lost phone); how many were open."""
    done = session.execute(update(WebSession).where(WebSession.channel == channel, WebSession.user_id == user_id,
                                                    WebSession.revoked_at.is_(None)).values(revoked_at=now))
    return int(getattr(done, "rowcount", 0) or 0)


def open_sessions(session: Session, *, channel: str, user_id: str) -> int:
    return len(session.scalars(select(WebSession.id_hash).where(
        WebSession.channel == channel, WebSession.user_id == user_id, WebSession.revoked_at.is_(None))).all())
