"""Shared fixtures. Database tests run on SQLite always and on PostgreSQL when DTI_TEST_POSTGRES_URL names a
server (CI sets it); without it the PostgreSQL half is skipped with a visible reason."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.db.session import Database

POSTGRES_ENV = "DTI_TEST_POSTGRES_URL"
SEEDS = Path(__file__).resolve().parents[1] / "knowledge" / "sources"
EVAL = Path(__file__).resolve().parent / "data" / "eval_questions.tsv"


def reset_postgres(url: str) -> None:
    """An empty public schema, so every test starts from no tables at all."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database created for this test run on the server DTI_TEST_POSTGRES_URL names, dropped at the end.

    An unreachable server is an error, not a skip: CI must not pass without having run these tests."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL database tests skipped")
    url = make_url(server)
    name = f"dti_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url: str = request.getfixturevalue("postgres_url")
    reset_postgres(url)
    yield url


@pytest.fixture
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    s = Settings()
    s.database.url = database_url
    s.files.folder = str(tmp_path_factory.mktemp("files"))  # never the working directory's ./data/files
    return s


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    """The migrated database of ``settings`` (whichever ``settings`` fixture the test module sees)."""
    database = Database(settings.database.url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def core(settings: Settings) -> Iterator[Core]:
    c = build_core(settings)
    yield c
    c.db.dispose()


@pytest.fixture
def sqlite_core(tmp_path: Path) -> Iterator[Core]:
    """A core on SQLite only, for tests about behaviour rather than storage."""
    s = Settings()
    s.database.url = f"sqlite:///{tmp_path / 'core.db'}"
    c = build_core(s)
    yield c
    c.db.dispose()

