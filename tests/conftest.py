"""Shared fixtures. Database tests run on SQLite always and on PostgreSQL when DTI_TEST_POSTGRES_URL names a
server (CI sets it); without it the PostgreSQL half is skipped with a visible reason."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.db.session import Database
from tests import dbkit

POSTGRES_ENV = "DTI_TEST_POSTGRES_URL"
SEEDS = Path(__file__).resolve().parents[1] / "knowledge" / "sources"
EVAL = Path(__file__).resolve().parent / "data" / "eval_questions.tsv"


WAITING = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests in an ``xdist_group`` (run one after the other on one worker) go first, so that their worker starts
    on them at once instead of finishing the run alone with them.

    The end-to-end tests (``tests/e2e``) mostly wait (on the emulator, on bot processes, on the Bot API's rate
    limits: some 75 s of wall for 13 s of CPU). Listed first, they were handed to every worker at once and the
    cores idled; they are spread one by one evenly between the other modules (a module's tests stay together: its
    module fixtures are built once per worker)."""
    grouped = [item for item in items if item.get_closest_marker("xdist_group") is not None]
    rest = [item for item in items if item.get_closest_marker("xdist_group") is None]
    waiting = [item for item in rest if item.path.is_relative_to(WAITING)]
    modules = [list(run) for _, run in itertools.groupby(
        (item for item in rest if not item.path.is_relative_to(WAITING)), key=lambda item: item.path)]
    ordered, k = list(grouped), 0
    for n, module in enumerate(modules):
        while k < len(waiting) and k * len(modules) <= n * len(waiting):  # the k-th before module k·M/W
            ordered.append(waiting[k])
            k += 1
        ordered += module
    ordered += waiting[k:]
    assert len(ordered) == len(items)
    items[:] = ordered


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The server DTI_TEST_POSTGRES_URL names; without it the PostgreSQL half is skipped, with the reason shown."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL database tests skipped")
    return server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A database of this test process (each xdist worker has its own) on the server, dropped at the end.

    An unreachable server is an error, not a skip: CI must not pass without having run these tests."""
    with dbkit.scratch_database(postgres_server, "m") as url:
        yield url


@pytest.fixture(scope="session")
def empty_postgres_url(postgres_server: str) -> Iterator[str]:
    """A second database of this test process, its schema dropped before each test that takes it."""
    with dbkit.scratch_database(postgres_server, "e") as url:
        yield url


@pytest.fixture(scope="session")
def migrated_postgres(postgres_url: str) -> Iterator[dbkit.MigratedPostgres]:
    pg = dbkit.MigratedPostgres(postgres_url)
    yield pg
    pg.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> dbkit.SqliteTemplate:
    """A SQLite file migrated once per test process; ``sqlite_template.copy_to(path)`` gives a test its own."""
    return dbkit.SqliteTemplate(tmp_path_factory.mktemp("template"))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database of each kind at the newest migration, with no rows (ids start at 1).

    SQLite: a copy of the worker's migrated file in the test's tmp_path; PostgreSQL: the worker's database,
    emptied. ``Database.upgrade()`` on it is a no-op. A test of the migrations themselves (or one that changes the
    schema) takes ``empty_database_url``."""
    if request.param == "sqlite":
        template: dbkit.SqliteTemplate = request.getfixturevalue("sqlite_template")
        yield template.copy_to(tmp_path / "test.db")
        return
    pg: dbkit.MigratedPostgres = request.getfixturevalue("migrated_postgres")
    pg.clean()
    yield pg.url


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of each kind without any table (for the migrations' own tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url: str = request.getfixturevalue("empty_postgres_url")
    dbkit.reset_postgres(url)
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
def sqlite_core(tmp_path: Path, sqlite_template: dbkit.SqliteTemplate) -> Iterator[Core]:
    """A core on SQLite only, for tests about behaviour rather than storage."""
    s = Settings()
    s.database.url = sqlite_template.copy_to(tmp_path / "core.db")
    c = build_core(s)
    yield c
    c.db.dispose()

