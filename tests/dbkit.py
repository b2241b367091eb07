"""Fresh databases for tests, without running every migration for every test.

The migrations build the schema once per test process (each pytest-xdist worker is its own process); each test
then gets that schema with no rows: on SQLite a copy of the migrated file, on PostgreSQL the process's own
migrated database emptied (every row deleted in foreign-key order, every sequence restarted, so ids start at 1
as in a new database). Deleting the rows of a few small tables takes a few milliseconds, where ``TRUNCATE`` or
``CREATE DATABASE … TEMPLATE`` takes hundreds (each new file is synced to disk) and the migrations take 0.1-0.4 s.

A test that changes the schema itself belongs on ``empty_database_url`` (no table at all); if one changes the
migrated database anyway, ``MigratedPostgres.clean`` notices (the catalogue's fingerprint differs) and builds the
schema again before the next test, so no test ever sees another's leftovers.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, make_url, text

from bot.db.models import Base
from bot.db.session import Database
from bot.services.round_caches import clear_round_caches

# Tables, sequences and indexes of the public schema with their column counts: what a migration or an ALTER
# changes. Read in one query before each test; the alembic revision is read beside it.
FINGERPRINT = text(
    "SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || c.relnatts::text, ',' ORDER BY c.relname) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'i', 'v')"
)


def worker_name() -> str:
    """``gw0``, ``gw1``… under pytest-xdist; ``main`` in a plain run."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


class SqliteTemplate:
    """A SQLite file migrated to head once; ``copy_to`` gives a test its own copy (a file copy: about 1 ms)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "migrated.db"
        db = Database(f"sqlite:///{self.path}")
        db.upgrade()
        db.dispose()  # the last connection closed: the WAL is checkpointed into the file and removed

    def copy_to(self, path: Path) -> str:
        shutil.copyfile(self.path, path)
        return f"sqlite:///{path}"


@contextmanager
def scratch_database(server_url: str, kind: str) -> Iterator[str]:
    """A database of its own on the server ``server_url`` names, for this test process; dropped at the end.

    Commits on it do not wait for the disk (``synchronous_commit = off``): only a crash of the server itself could
    lose them, which no test does, and what every transaction sees is unchanged."""
    url = make_url(server_url)
    name = f"dti_test_{os.getpid()}_{worker_name()}_{kind}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def reset_postgres(url: str) -> None:
    """An empty public schema: no tables at all."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


class MigratedPostgres:
    """One PostgreSQL database at the newest migration, emptied by ``clean`` before each test that uses it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine = create_engine(url)
        self._build()

    def _build(self) -> None:
        reset_postgres(self.url)
        db = Database(self.url)
        db.upgrade()
        db.dispose()
        with self._engine.connect() as conn:
            self._fingerprint = self._read_fingerprint(conn)
            tables = {row[0] for row in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))}
            sequences = [row[0] for row in conn.execute(text(
                "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'"))]
        known = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name in tables]  # children first
        order = sorted(tables - set(known)) + known  # tables the models do not know: first, they may refer to any
        self._empty = "".join(
            [f'DELETE FROM "{t}";' for t in order] + [f'ALTER SEQUENCE "{s}" RESTART;' for s in sequences])

    @staticmethod
    def _read_fingerprint(conn: Connection) -> tuple[str | None, list[str]]:
        tables = conn.execute(FINGERPRINT).scalar()
        version = [str(v) for v in conn.execute(text("SELECT version_num FROM alembic_version")).scalars()]
        return tables, version

    def clean(self) -> None:
        """No rows in any table, sequences at 1; the schema built again if a test changed it."""
        try:
            with self._engine.connect() as conn:
                intact = self._read_fingerprint(conn) == self._fingerprint
        except Exception:  # alembic_version dropped, or worse: build again
            intact = False
        if not intact:
            self._engine.dispose()
            self._build()
        with self._engine.begin() as conn:
            # a connection a test left open holding a lock fails the next test loudly instead of hanging it
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))
            conn.execute(text(self._empty))
        clear_round_caches()  # keyed by ids and clocks that repeat in the emptied database

    def dispose(self) -> None:
        self._engine.dispose()

