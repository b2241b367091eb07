"""Migrations build the schema from nothing on every supported database, and the models match it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.db.models import Base
from bot.db.session import Database


def test_upgrade_creates_every_table_and_matches_models(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    assert inspect(db.engine).get_table_names() == []  # from nothing
    db.upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert {"chats", "conversations", "processed_updates", "alembic_version"} <= tables
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    db.upgrade()  # a second upgrade is a no-op, as at every bot start
    db.dispose()


def test_redelivered_update_is_recognised(database_url: str) -> None:
    db = Database(database_url)
    db.upgrade()
    assert db.was_handled("telegram", "42") is False
    db.mark_handled("telegram", "42")
    db.mark_handled("telegram", "42")  # a second delivery's mark is harmless
    assert db.was_handled("telegram", "42") is True
    assert db.was_handled("zalo", "42") is False
    db.dispose()


def test_cli_db_upgrade(empty_database_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    import os

    from bot.cli import main

    os.environ["DTI_DATABASE_URL"] = empty_database_url
    try:
        assert main(["db", "upgrade"]) == 0
    finally:
        del os.environ["DTI_DATABASE_URL"]
    assert "mới nhất" in capsys.readouterr().out


def test_database_errors_never_print_the_password(capsys) -> None:  # type: ignore[no-untyped-def]
    import os

    from bot.cli import main

    os.environ["DTI_DATABASE_URL"] = "postgresql+psycopg://dti:s3cret-pw@127.0.0.1:1/dti"
    try:
        assert main(["db", "upgrade"]) == 1
        assert main(["chat"]) == 2
    finally:
        del os.environ["DTI_DATABASE_URL"]
    err = capsys.readouterr().err
    assert "s3cret-pw" not in err
    assert "Không mở được cơ sở dữ liệu postgresql+psycopg://dti:***@127.0.0.1:1/dti" in err


def test_the_open_round_index_is_partial_in_the_models_as_in_the_database(empty_database_url: str) -> None:
    """The models give the index of open rounds its WHERE clause per database, when the engine is made (not in
    ``Round``, which would load PostgreSQL's dialect everywhere); Alembic's comparison does not look at it."""
    from sqlalchemy.schema import CreateIndex

    from bot.db.models import Round

    db = Database(empty_database_url)
    db.upgrade()
    (index,) = [i for i in Round.__table__.indexes if i.name == "uq_rounds_open_plan_period"]
    model = str(CreateIndex(index).compile(dialect=db.engine.dialect))
    with db.engine.connect() as conn:
        sqlite = db.engine.dialect.name == "sqlite"
        query = ("SELECT sql FROM sqlite_master WHERE name = :n" if sqlite
                 else "SELECT indexdef FROM pg_indexes WHERE indexname = :n")
        made = conn.execute(text(query), {"n": index.name}).scalar_one()
    db.dispose()
    assert "WHERE state = 'open'" in model
    assert "state = 'open'" in made.replace("(", "").replace(")", "").replace("::text", "")
