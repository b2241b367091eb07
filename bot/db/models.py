"""Typed tables. Conversation state lives here so that a restart or a second process loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Chat(Base):
    """A chat the bot has heard from. Zalo bots may only write to users who wrote first, so we keep them."""

    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("channel", "chat_id", name="uq_chats_channel_chat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    chat_type: Mapped[str] = mapped_column(String(16), default="private")
    display_name: Mapped[str] = mapped_column(String(255), default="")
    plan_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Conversation(Base):
    """Where one user is in a conversation with the bot in one chat, and what it was offered last."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "chat_id", "user_id", name="uq_conversations_who"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(64), default="idle")
    data: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ProcessedUpdate(Base):
    """Updates already handled, so a redelivered one is answered once."""

    __tablename__ = "processed_updates"
    __table_args__ = (Index("ix_processed_updates_created", "created_at"),)

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxMessage(Base):
    """A message the bot starts (a notification, a reminder, an approval request), waiting to be sent or sent.

    ``key`` is unique: whatever queues a message names it (``register:42:focal:7``), so queuing twice sends
    once. A sender claims a due row (``sending``, ``claimed_at``), sends it, then marks it ``sent`` with the
    channel's message id; a claim older than the lease is taken again, so a crash between the channel's send and
    the row's update can repeat one message but never lose one."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    message_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
