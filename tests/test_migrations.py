"""Migrations build the schema from nothing on every supported database, and the models match it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

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
