"""Shared pieces of the file and outbox tests: a valid PNG of any size (made here rather than stored in the
repository), queuing a message in the outbox, and reading the outbox rows back."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from bot.core import outbox
from bot.core.messages import Outgoing, Reply
from bot.db.models import OutboxMessage
from bot.db.session import Database


def png_bytes(width: int, height: int, rgb: tuple[int, int, int] = (30, 90, 160)) -> bytes:
    """A ``width`` × ``height`` PNG of one colour (8-bit RGB, no filter)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(
        b"IEND", b""
    )


def queue(db: Database, clock: Callable[[], datetime], key: str, channel: str, chat_id: str | int,
          reply: Reply | str) -> None:
    """Queue a message as a turn would (``Turn.notify``): in its own committed transaction."""
    if isinstance(reply, str):
        reply = Reply(text=reply, html=reply)
    with db.session() as session:
        outbox.enqueue(session, key, Outgoing(channel, str(chat_id), reply), clock())


def outbox_rows(db: Database) -> dict[str, OutboxMessage]:
    """Every outbox row by its key, as committed now."""
    with db.session() as session:
        return {row.key: row for row in session.scalars(select(OutboxMessage))}
