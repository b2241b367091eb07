"""Typed tables. Conversation state lives here so that a restart or a second process loses nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC whatever zone it comes in and read back aware in UTC. SQLite keeps no offset: a
    time given at +07:00 (``dti-bot converse --now 2024-11-01T09:00+07:00``) was stored as its wall-clock and read
    back as UTC, 7 hours late; PostgreSQL's ``timestamptz`` gets the same UTC moment. A naive time is taken as
    UTC (the bot's clocks are aware; only old rows and tests write naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


# The one instance every moment column shares: SQLAlchemy makes a comparator class for each instance of a type
# decorator (46 columns, 0.1 MiB of a bot process, issue 20), and the type holds no state of its column.
UTC_MOMENT = UtcDateTime()


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
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


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
    updated_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow, onupdate=utcnow)


class ProcessedUpdate(Base):
    """Updates already handled, so a redelivered one is answered once."""

    __tablename__ = "processed_updates"
    __table_args__ = (Index("ix_processed_updates_created", "created_at"),)

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


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
    next_attempt_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    message_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)


class OutboxWorker(Base):
    """A process sending outbox rows, seen alive at ``seen_at`` (wall-clock UTC, renewed every few seconds while
    it runs, removed when it stops). ``id`` is what it writes in ``outbox.claimed_by``
    (``bot.core.workers.WorkerId``): a claim whose worker stopped beating, or is provably dead on this host, is
    taken back at once instead of after the lease."""

    __tablename__ = "outbox_workers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


# ------------------------------------------------------------------------------------------ officials and units


class Official(Base):
    """A person who uses the bot, whatever channels they use it on."""

    __tablename__ = "officials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class Identity(Base):
    """One channel account of an official (a Telegram user id, a Zalo user id, a console name) and the private
    chat the bot reaches them in."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("channel", "user_id", name="uq_identities_channel_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class Unit(Base):
    """A unit of a plan: one from the knowledge base's registry (a Sở, a Báo, "UBND các huyện, thành phố"), or a
    member unit an admin added under a group unit (each district or commune reports its own part).

    ``parent_id`` is the group a member unit was created under (it exists only as that group's member, and is
    named with it); a unit's other group memberships (a Sở of the plan joining "Các sở, ban, ngành", a district
    joining "Các địa phương" too) are rows of ``unit_groups``. A unit is a member of a group when either says so,
    never both (``bot.services.units.add_members`` keeps it so)."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("plan_id", "name", name="uq_units_plan_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), nullable=True,
                                                  index=True)
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class UnitGroup(Base):
    """A unit that is a member of a group unit besides the one it was created under (``units.parent_id``): it
    reports its own part of the group's indicators, as the group's other members do."""

    __tablename__ = "unit_groups"
    __table_args__ = (Index("ix_unit_groups_member", "member_id"),)

    group_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class Membership(Base):
    """An official's role in a unit of a plan: ``official``, ``head``, ``focal`` or ``admin``."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("official_id", "unit_id", "role", name="uq_memberships_who_where_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class Invite(Base):
    """A one-time registration code for a unit and role (``dti-bot invite``)."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime] = mapped_column(UTC_MOMENT)
    used_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class InviteAttempt(Base):
    """A wrong invite code an account typed (issue 15): counted per account and across the bot, so that codes
    cannot be guessed by trying; rows older than the longest window are deleted as new ones come."""

    __tablename__ = "invite_attempts"
    __table_args__ = (Index("ix_invite_attempts_account_at", "account", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(255))  # "telegram:1001"
    at: Mapped[datetime] = mapped_column(UTC_MOMENT, index=True)


class InviteHold(Base):
    """Code attempts held off until ``until``: one account's ("telegram:1001"), or everyone's ("*")."""

    __tablename__ = "invite_holds"

    scope: Mapped[str] = mapped_column(String(255), primary_key=True)
    until: Mapped[datetime] = mapped_column(UTC_MOMENT)


class RegistrationRequest(Base):
    """A self-service request to join a unit, decided by one of the plan's focal points."""

    __tablename__ = "registration_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(16), default="official")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


# ------------------------------------------------------------------------------------------ collection rounds


OPEN_ROUND = "state = 'open'"


def partial_indexes(dialect: str) -> None:
    """Give the partial unique index of ``Round`` its WHERE clause in ``dialect``'s options (``sqlite_where``,
    ``postgresql_where``), as the migrations create it; ``session.make_engine`` does it for its engine's
    database. Not written in ``Round``: naming ``postgresql_where`` there made SQLAlchemy import its PostgreSQL
    package (every PostgreSQL driver's dialect, 2 MiB) in every process, a bot on SQLite too (issue 20)."""
    for index in Round.__table__.indexes:  # type: ignore[attr-defined]
        if index.name == "uq_rounds_open_plan_period":
            index.dialect_options[dialect]["where"] = text(OPEN_ROUND)


class Round(Base):
    """A collection round: a plan's indicators collected for one period (``2024`` or ``2024-Q3``) by a due date.

    At most one round of a plan and period is open (a partial unique index, so two focal points opening it at
    once cannot both succeed). ``letter_date`` is the survey letter's date when the due date was counted from
    it (the commune plan: 15 days from the letter)."""

    __tablename__ = "rounds"
    # partial: its WHERE clause (``OPEN_ROUND``) is given per database by ``partial_indexes``
    __table_args__ = (Index("uq_rounds_open_plan_period", "plan_id", "period", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64), index=True)
    period: Mapped[str] = mapped_column(String(16))
    due: Mapped[date] = mapped_column(Date)
    letter_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="open")
    indicators: Mapped[list[str]] = mapped_column(JSON, default=list)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)


class RoundValue(Base):
    """One unit's part of one indicator in a round: which version is the latest and its state. The row is
    locked while a version is added, so two sessions entering for the same unit number their versions in
    turn and neither is lost; status reads these rows instead of searching the history."""

    __tablename__ = "round_values"
    __table_args__ = (
        UniqueConstraint("round_id", "indicator", "unit_id", name="uq_round_values_part"),
        # the score cache's fingerprint: the newest change and the newest version of a round, by index
        Index("ix_round_values_round_updated", "round_id", "updated_at"),
        Index("ix_round_values_round_latest", "round_id", "latest_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # the latest version's id (no foreign key: versions point here, a key back would make a cycle)
    latest_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="empty")  # the latest version's state and lateness
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class ValueVersion(Base):
    """One entry of a unit's part: never overwritten, the latest counts. ``state``: draft, submitted,
    returned (with the focal point's ``comment``) or approved (locks the part)."""

    __tablename__ = "value_versions"
    __table_args__ = (UniqueConstraint("value_id", "number", name="uq_value_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("round_values.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    inputs: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    channel: Mapped[str] = mapped_column(String(16), default="")
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")  # the unit's comment when it confirmed a far-off value
    # entered by someone who is not the unit's (a focal point or an admin, "nhập thay"): ``official_id`` is who
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="submitted")
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class ValueInput(Base):
    """One input of a version as its own row (a number, or a choice's key), so that the database adds up the
    parts of thousands of units without reading every version's JSON."""

    __tablename__ = "value_inputs"

    version_id: Mapped[int] = mapped_column(ForeignKey("value_versions.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[float | None] = mapped_column(Float, nullable=True)
    answer: Mapped[str | None] = mapped_column(String(255), nullable=True)


class EvidenceFile(Base):
    """A file (tài liệu kiểm chứng) attached to a value version, stored by the core's file store, or a link."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("value_versions.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer, default=0)
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    # A link given as evidence (http/https, never fetched): then ``name`` is the text sent with it and ``path``,
    # ``sha256`` are empty. One table for both, so that a link counts wherever a file does.
    url: Mapped[str | None] = mapped_column(String(2048), nullable=True)

    @property
    def is_link(self) -> bool:
        return self.url is not None


class RoundException(Base):
    """The focal point lets a unit enter into a closed round (one indicator, or all when ``indicator`` is
    empty), until ``until`` when given."""

    __tablename__ = "round_exceptions"
    __table_args__ = (Index("ix_round_exceptions_round_unit", "round_id", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    indicator: Mapped[str] = mapped_column(String(32), default="")
    until: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class ReminderPause(Base):
    """The focal point paused this unit's reminders (until resumed): its officials and head get none; the
    focal point's digest names it as paused."""

    __tablename__ = "reminder_pauses"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    paused_by: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class ReminderSnooze(Base):
    """"Hoãn" pressed in a chat: no reminder to it before ``until`` (then what fell meanwhile comes folded)."""

    __tablename__ = "reminder_snoozes"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    until: Mapped[datetime] = mapped_column(UTC_MOMENT)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class ImportedPlan(Base):
    """A plan imported from a table file (``dti-bot import-plan --apply``): the plan as the knowledge base's JSON
    (``data``), added to the knowledge base at start."""

    __tablename__ = "imported_plans"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    framework: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(255))  # the file's name as imported
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class TaskMark(Base):
    """Where a unit stands on one of its plan's tasks (a plan row that is not a scored indicator: Ninh Thuận's
    appendices, Gia Lai's detailed plan of section VI.2). No row: not started ("chưa làm"). The last mark wins;
    ``done_at`` keeps when it was first marked done (reports count tasks done in a period)."""

    __tablename__ = "task_status"
    __table_args__ = (UniqueConstraint("unit_id", "code", name="uq_task_status_unit_code"),
                      Index("ix_task_status_plan", "plan_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))  # "doing" | "done"
    note: Mapped[str] = mapped_column(Text, default="")
    proof_link: Mapped[str] = mapped_column(String(500), default="")
    proof_path: Mapped[str] = mapped_column(String(500), default="")  # a file in the core's file store
    proof_name: Mapped[str] = mapped_column(String(255), default="")
    proof_mime: Mapped[str] = mapped_column(String(100), default="")
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class Difficulty(Base):
    """A difficulty ("khó khăn, vướng mắc") an official reported to the plan's focal points, and the answer.
    ``channel``/``chat_id`` are where the asker is told the answer; ``answered_at`` None: still open."""

    __tablename__ = "difficulties"
    __table_args__ = (Index("ix_difficulties_plan_open", "plan_id", "answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(40), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), nullable=True)
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)


class PlanLink(Base):
    """This plan continues ``previous_id`` (written by ``dti-bot plan rollover --apply``): an indicator's
    history across years walks these links (``/diem MÃ``, ``/bieudo MÃ``)."""

    __tablename__ = "plan_links"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    previous_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class WebLogin(Base):
    """A one-time login link to the web dashboard, asked for with ``/web`` in a chat: only the token's SHA-256
    is stored (a database read gives no working link); used once, valid until ``expires_at``."""

    __tablename__ = "web_logins"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    plan_id: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTC_MOMENT)
    used_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)


class WebSession(Base):
    """A browser's session on the web dashboard: the chat user it acts as (permissions are theirs, checked on
    every request), the cookie's id stored hashed; ended by ``/logout`` or revocation (``revoked_at``) or after
    ``bot.web.auth.IDLE`` without a request (``seen_at``)."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_user", "channel", "user_id"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    plan_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTC_MOMENT, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTC_MOMENT, nullable=True)
