"""What people changed about their reminders (migration 0005): a unit paused by the focal point, a chat that
pressed "Hoãn". The planner reads both each round (``planner.with_state``); nothing else holds reminder state."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.db.models import ReminderPause, ReminderSnooze
from bot.db.upsert import insert_ignore
from bot.services.rounds import aware


def pause(session: Session, unit_id: int, *, by: int | None, now: datetime) -> bool:
    """Pause the unit's reminders; False when they were paused already."""
    now = now.astimezone(UTC)
    if session.get(ReminderPause, unit_id) is not None:
        return False
    session.execute(insert_ignore(session, ReminderPause, ["unit_id"],
                                  {"unit_id": unit_id, "paused_by": by, "created_at": now}))
    return True


def resume(session: Session, unit_id: int) -> bool:
    """Resume the unit's reminders; False when they were not paused."""
    if session.get(ReminderPause, unit_id) is None:
        return False
    session.execute(delete(ReminderPause).where(ReminderPause.unit_id == unit_id))
    return True


def paused_units(session: Session) -> set[int]:
    return set(session.scalars(select(ReminderPause.unit_id)))


def snooze(session: Session, channel: str, chat_id: str, until: datetime, *, now: datetime) -> datetime:
    """No reminder to this chat before ``until`` (a later press moves it on; never back). Returns the date kept.
    Stored in UTC: SQLite keeps the wall time and drops the offset."""
    until, now = until.astimezone(UTC), now.astimezone(UTC)
    session.execute(insert_ignore(session, ReminderSnooze, ["channel", "chat_id"],
                                  {"channel": channel, "chat_id": chat_id, "until": until, "created_at": now}))
    row = session.scalars(select(ReminderSnooze).where(ReminderSnooze.channel == channel,
                                                       ReminderSnooze.chat_id == chat_id).with_for_update()).one()
    kept = max(aware(row.until), until)
    session.execute(update(ReminderSnooze).where(ReminderSnooze.channel == channel, ReminderSnooze.chat_id == chat_id)
                    .values(until=kept))
    return kept


def snoozes(session: Session, now: datetime | None = None) -> dict[tuple[str, str], datetime]:
    """(channel, chat) → snoozed until (only those still ahead of ``now`` when given)."""
    out = {(r.channel, r.chat_id): aware(r.until) for r in session.scalars(select(ReminderSnooze))}
    return {k: v for k, v in out.items() if now is None or v > now}
