"""The one place that creates the engine and opens sessions; everything else receives a session."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, delete, event, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import ProcessedUpdate, partial_indexes

if TYPE_CHECKING:
    from alembic.config import Config

KEEP_PROCESSED = timedelta(days=7)


def _migrations_dir() -> Path:
    return Path(str(resources.files("bot.db") / "migrations"))


def shown_url(url: str) -> str:
    """The URL as it may be printed or logged: any password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<URL cơ sở dữ liệu không hợp lệ>"


def error_line(exc: BaseException) -> str:
    """A database error in one line for a log (the driver's message, without SQLAlchemy's SQL and help link)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}"[:300]


def make_engine(url: str) -> Engine:
    """The engine for ``url``. SQLite: WAL, a 30 s busy timeout, and every transaction ``BEGIN IMMEDIATE`` (the
    driver's own deferred BEGIN is turned off), so that writers queue for the database lock at the start of a
    transaction instead of failing or losing an update half way (one turn per conversation across processes)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # no implicit BEGIN: ``_begin_immediate`` issues it
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True)
    partial_indexes(engine.dialect.name)
    return engine


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=(.*)$", re.M)


def newest_migration() -> str | None:
    """The revision no migration follows, read from the migration files' ``revision`` and ``down_revision``
    lines; None when there is not exactly one or a file does not say."""
    revisions, followed = set(), set()
    for path in (_migrations_dir() / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        followed.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    heads = revisions - followed
    return heads.pop() if len(heads) == 1 else None


class Database:
    """An engine plus a session factory. ``upgrade()`` brings the schema to the newest migration."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Apply the migrations the database lacks. A database already at the newest one (every start but the
        first after an update) is recognised without Alembic, which a bot process then never loads (Alembic,
        Mako and Pygments are a tenth of its memory, issue 20)."""
        if self.at_head():
            return
        from alembic import command

        cfg = alembic_config(self.url)
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def at_head(self) -> bool:
        """True when the database's migration is the one newest migration of ``migrations/versions``; False
        when in doubt (no table yet, several newest, a file not read): then Alembic decides."""
        head = newest_migration()
        if head is None:
            return False
        try:
            with self.engine.connect() as conn:
                found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except DBAPIError:
            return False
        return found == [head]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def was_handled(self, channel: str, update_key: str) -> bool:
        """True when this update was answered before (a redelivery, to be dropped)."""
        with self.session() as s:
            return s.get(ProcessedUpdate, (channel, update_key)) is not None

    def mark_handled(self, channel: str, update_key: str) -> None:
        """Record an update as answered. Called only once its replies are sent, so that an update whose
        process died mid-answer is answered when it is delivered again (at least once, never lost)."""
        try:
            with self.session() as s:
                s.add(ProcessedUpdate(channel=channel, update_key=update_key))
        except IntegrityError:
            pass  # marked by an earlier delivery: nothing to do

    def prune_processed(self, now: datetime, keep: timedelta = KEEP_PROCESSED) -> int:
        """Forget updates answered more than ``keep`` ago (channels redeliver within hours, not days)."""
        with self.session() as s:
            result = s.execute(delete(ProcessedUpdate).where(ProcessedUpdate.created_at < now - keep))
            return int(getattr(result, "rowcount", 0) or 0)

    def dispose(self) -> None:
        self.engine.dispose()
