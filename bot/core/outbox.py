"""The outbox: messages the bot starts, stored with the turn (or the planner run) that caused them and sent by
whichever worker claims them.

Queuing is part of the caller's transaction, so a message exists exactly when what caused it was committed. Sending
is at least once with the smallest window: a row is claimed (``sending``) in one short transaction, sent, and
marked ``sent`` in another. A claim whose worker died is taken back (``reclaim``): at once when the worker is
provably dead (same PID space, process gone) or stopped beating (``outbox_workers``, see ``bot.core.workers``),
otherwise once the claim is older than ``LEASE`` and its worker shows no fresh heartbeat. Only rows a dead worker
had claimed are sent again, so a crash repeats at most the messages it had in flight. On PostgreSQL workers claim
with ``FOR UPDATE SKIP LOCKED``, so two never take the same row; on SQLite the claiming transaction begins
``IMMEDIATE`` and is therefore alone.

A chat reads its messages in the order they were queued, whichever worker sends them: only a chat's oldest
unfinished message can be claimed (one at a time per chat, chats in parallel), and a message waiting for its
retry holds back the ones queued after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.core import workers
from bot.core.messages import Button, FileRef, Outgoing, Reply
from bot.db.models import OutboxMessage, OutboxWorker
from bot.db.upsert import dialect_insert

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


def reply_to_body(reply: Reply) -> dict[str, Any]:
    return {
        "text": reply.text,
        "html": reply.html,
        "buttons": [[b.label, b.payload] for b in reply.buttons],
        "files": [{"name": f.name, "path": f.path, "mime": f.mime, "size": f.size} for f in reply.files],
    }


def body_to_reply(body: dict[str, Any]) -> Reply:
    return Reply(
        text=str(body.get("text", "")),
        html=str(body.get("html", "")),
        buttons=tuple(Button(str(label), str(payload)) for label, payload in body.get("buttons", [])),
        files=tuple(FileRef(str(f["name"]), str(f["path"]), str(f["mime"]), int(f.get("size", 0)))
                    for f in body.get("files", [])),
    )


def enqueue(session: Session, key: str, outgoing: Outgoing, now: datetime) -> None:
    """Queue ``outgoing`` under ``key`` unless a message with that key was queued before (then nothing)."""
    enqueue_many(session, [(key, outgoing)], now)


def enqueue_many(session: Session, messages: Sequence[tuple[str, Outgoing]], now: datetime) -> None:
    """``enqueue`` for many messages in one statement (executemany), in order: a planner's fan-out of thousands
    of reminders costs one round trip per batch rather than a compiled statement per row."""
    if not messages:
        return
    rows = [{"key": key[:255], "channel": outgoing.channel, "chat_id": outgoing.chat_id,
             "body": reply_to_body(outgoing.reply), "status": PENDING, "attempts": 0, "next_attempt_at": now,
             "created_at": now} for key, outgoing in messages]
    statement = dialect_insert(session)(OutboxMessage.__table__).on_conflict_do_nothing(index_elements=["key"])
    session.execute(statement, rows)


@dataclass(frozen=True)
class Claimed:
    """A row claimed for sending: its id (to mark it), its key, and the message."""

    id: int
    key: str
    outgoing: Outgoing
    attempts: int


def claim(session: Session, now: datetime, worker: str, *, limit: int = 50,
          channels: Iterable[str] | None = None, chat_id: str | None = None,
          after_id: int | None = None) -> list[Claimed]:
    """Take up to ``limit`` due messages (oldest first, at most one per chat: its oldest unfinished one) for
    ``worker``: pending ones whose time has come and abandoned claims; optionally only those of ``channels``, of
    one chat, or queued after row ``after_id``. Commit the session right after, before sending."""
    alive = select(OutboxWorker.id).where(OutboxWorker.seen_at >= workers.wall_clock() - workers.STALE)
    due = or_(
        and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - LEASE,
             or_(OutboxMessage.claimed_by.is_(None), OutboxMessage.claimed_by.not_in(alive))),
    )
    heads = (select(func.min(OutboxMessage.id).label("id")).where(OutboxMessage.status.in_([PENDING, SENDING]))
             .group_by(OutboxMessage.channel, OutboxMessage.chat_id))
    if session.get_bind().dialect.name == "postgresql":
        # computed once whatever the planner believes (right after a burst of rows its estimates say "1 row",
        # and re-running the grouping for every candidate row costs seconds)
        materialized = heads.cte("heads").prefix_with("MATERIALIZED")
        heads = select(materialized.c.id)
    query = select(OutboxMessage).where(due, OutboxMessage.id.in_(heads))
    if channels is not None:
        query = query.where(OutboxMessage.channel.in_(list(channels)))
    if chat_id is not None:
        query = query.where(OutboxMessage.chat_id == chat_id)
    if after_id is not None:
        query = query.where(OutboxMessage.id > after_id)
    query = query.order_by(OutboxMessage.id).limit(limit).with_for_update(skip_locked=True, of=OutboxMessage)
    rows = session.scalars(query).all()
    claimed = []
    for row in rows:
        row.status, row.claimed_at, row.claimed_by = SENDING, now, worker[:64]
        row.attempts += 1
        claimed.append(Claimed(row.id, row.key, Outgoing(row.channel, row.chat_id, body_to_reply(row.body)),
                               row.attempts))
    return claimed


def heartbeat(session: Session, worker: str) -> None:
    """``worker`` is alive now (wall-clock time): its row in ``outbox_workers``, created or renewed."""
    now = workers.wall_clock()
    statement = dialect_insert(session)(OutboxWorker.__table__).values(id=worker[:64], started_at=now, seen_at=now)
    session.execute(statement.on_conflict_do_update(index_elements=["id"], set_={"seen_at": now}))


def retire(session: Session, worker: str) -> None:
    """``worker`` stops cleanly: its heartbeat row goes (it holds no claim once its last pass is over)."""
    session.execute(delete(OutboxWorker).where(OutboxWorker.id == worker[:64]))


def reclaim(session: Session, now: datetime, worker: str) -> int:
    """Give back (``pending``, due at ``now``) the rows claimed by workers that are dead: provably so on this
    host, or whose heartbeat stopped ``workers.STALE`` ago; forget those workers' heartbeats. Returns how many rows.
    Safe with several live workers: a row is given back only while still claimed by the dead one, and claiming it
    again is exclusive as ever (``FOR UPDATE SKIP LOCKED``)."""
    here = workers.WorkerId.parse(worker)
    claimers = set(session.scalars(select(OutboxMessage.claimed_by).distinct().where(
        OutboxMessage.status == SENDING, OutboxMessage.claimed_by.is_not(None), OutboxMessage.claimed_by != worker)))
    stale = set(session.scalars(select(OutboxWorker.id).where(
        OutboxWorker.seen_at < workers.wall_clock() - workers.STALE)))
    dead = {c for c in claimers if c in stale or (here is not None and (w := workers.WorkerId.parse(c)) is not None
                                                  and workers.provably_dead(w, here))}
    gone = dead | stale
    if gone:
        session.execute(delete(OutboxWorker).where(OutboxWorker.id.in_(gone)))
    if not dead:
        return 0
    result = session.execute(update(OutboxMessage).where(OutboxMessage.status == SENDING,
                                                         OutboxMessage.claimed_by.in_(dead))
                             .values(status=PENDING, next_attempt_at=now, claimed_at=None)
                             .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def mark_sent(session: Session, message_id: int, channel_message_id: str | None, now: datetime) -> None:
    row = session.get(OutboxMessage, message_id)
    if row is not None:
        row.status, row.sent_at, row.message_id, row.last_error = SENT, now, channel_message_id, None


def mark_failed(session: Session, message_id: int, error: str, now: datetime, *, permanent: bool = False) -> bool:
    """A failed send: retried later with a growing delay (True), or given up (``failed``) when permanent or after
    ``MAX_ATTEMPTS``."""
    row = session.get(OutboxMessage, message_id)
    if row is None:
        return False
    row.last_error = error[:500]
    if permanent or row.attempts >= MAX_ATTEMPTS:
        row.status = FAILED
        return False
    row.status = PENDING
    row.next_attempt_at = now + timedelta(seconds=min(2 ** row.attempts * 5, 3600))
    return True


Deliver = Callable[[Outgoing], str | None]


def last_id(session: Session) -> int:
    """The newest outbox row's id (0 when empty): what a caller drains "after" to take only what follows."""
    return int(session.scalar(select(func.max(OutboxMessage.id))) or 0)


def drain(open_session: Callable[[], Any], deliver: Deliver, clock: Callable[[], datetime], *, worker: str,
          channels: Iterable[str] | None = None, chat_id: str | None = None, after_id: int | None = None,
          limit: int = 1000) -> list[Outgoing]:
    """Send every due message synchronously with ``deliver`` (the console and ``dti-bot converse``); returns
    what was sent, in order. ``open_session`` is ``Database.session`` (a committing context manager)."""
    sent: list[Outgoing] = []
    while True:
        with open_session() as session:
            batch = claim(session, clock(), worker, limit=min(limit, 100), channels=channels, chat_id=chat_id,
                          after_id=after_id)
        if not batch:
            return sent
        for item in batch:
            try:
                channel_id = deliver(item.outgoing)
            except Exception as exc:  # the channel failed: keep the message for a later attempt
                with open_session() as session:
                    mark_failed(session, item.id, f"{exc.__class__.__name__}: {exc}", clock())
                continue
            with open_session() as session:
                mark_sent(session, item.id, channel_id, clock())
            sent.append(item.outgoing)
        limit -= len(batch)
        if limit <= 0:
            return sent
