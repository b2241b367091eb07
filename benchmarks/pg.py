"""A scratch PostgreSQL database for one benchmark run: created on the given server, dropped afterwards (even
when the benchmark fails), so a benchmark never writes into a database somebody uses."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text


def _admin(server: str, statement: str) -> None:
    engine = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


@contextmanager
def scratch_database(server: str, *, keep: bool = False) -> Iterator[str]:
    """Yield the URL of a new empty database on ``server``; drop it on the way out unless ``keep`` (then its
    name is printed, to explore it afterwards)."""
    name = f"dti_bench_{uuid.uuid4().hex[:8]}"
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"database kept: {name}")
        else:
            _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
