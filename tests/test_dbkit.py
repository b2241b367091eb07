"""The test databases of ``tests/dbkit.py``: each test starts from the newest schema with no rows and ids at 1,
whatever the test before it left (rows, a changed schema), on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from bot.db.models import Official
from bot.db.session import Database
from tests import dbkit


def _add_official(url: str) -> int:
    db = Database(url)
    with db.session() as s:
        official = Official(name="Cán bộ thử")
        s.add(official)
        s.flush()
        new_id = official.id
    db.dispose()
    return new_id


def _count(url: str, table: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
    engine.dispose()
    return n


def test_a_copy_of_the_sqlite_template_is_migrated_and_its_own(sqlite_template: dbkit.SqliteTemplate,
                                                               tmp_path: Path) -> None:
    first = sqlite_template.copy_to(tmp_path / "a.db")
    assert _add_official(first) == 1
    second = sqlite_template.copy_to(tmp_path / "b.db")
    assert _count(second, "officials") == 0 and _add_official(second) == 1
    assert _count(first, "officials") == 1  # the copies share nothing


def test_postgres_cleaning_empties_rows_restarts_ids_and_undoes_schema_changes(
    migrated_postgres: dbkit.MigratedPostgres,
) -> None:
    migrated_postgres.clean()
    url = migrated_postgres.url
    assert _add_official(url) == 1 and _add_official(url) == 2
    migrated_postgres.clean()
    assert _count(url, "officials") == 0 and _add_official(url) == 1  # no rows, ids from 1 again
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:  # a test that changed the schema (it should have used empty_database_url)
        conn.execute(text("CREATE TABLE stray (id integer)"))
        conn.execute(text("ALTER TABLE officials ADD COLUMN extra integer"))
    engine.dispose()
    migrated_postgres.clean()
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    columns = {c["name"] for c in inspect(engine).get_columns("officials")}
    engine.dispose()
    assert "stray" not in tables and "extra" not in columns and "alembic_version" in tables
    assert _count(url, "officials") == 0 and _count(url, "alembic_version") == 1
