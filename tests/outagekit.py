"""A real database made unreachable and brought back: the SQLite file's folder moved away (new connections
fail with "unable to open database file") and its pooled connections closed, then moved back."""

from __future__ import annotations

from pathlib import Path

from bot.db.session import Database


class MovableSqlite:
    """A SQLite database in a folder of its own, which ``cut`` moves away and ``restore`` brings back."""

    def __init__(self, tmp: Path) -> None:
        self.folder = tmp / "db"
        self.away = tmp / "db-away"
        self.folder.mkdir()
        self.url = f"sqlite:///{self.folder / 'bot.db'}"

    def cut(self, *databases: Database) -> None:
        self.folder.rename(self.away)
        for db in databases:
            db.engine.dispose()  # connections already open would still reach the moved file

    def restore(self) -> None:
        self.away.rename(self.folder)
