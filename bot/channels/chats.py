"""The chats the bot has heard from, per channel.

Zalo bots may only write to users who wrote to them first, so any later message the bot starts (a reminder, a
deadline notice) needs the chat id remembered here. Telegram chats are kept the same way, for the same uses.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Chat, utcnow
from bot.db.session import Database
from bot.db.upsert import dialect_insert


def remember_chat(db: Database, *, channel: str, chat_id: str, chat_type: str, display_name: str) -> None:
    """Record that ``chat_id`` wrote to the bot now: insert it, or refresh its type, name and last_seen."""
    now = utcnow()
    name = display_name[:255]
    values = {"channel": channel, "chat_id": chat_id, "chat_type": chat_type, "display_name": name,
              "created_at": now, "last_seen": now}
    with db.session() as s:
        s.execute(
            dialect_insert(s)(Chat).values(**values).on_conflict_do_update(
                index_elements=["channel", "chat_id"],
                set_={"chat_type": chat_type, "display_name": name, "last_seen": now},
            )
        )


def known_chats(db: Database, channel: str) -> list[Chat]:
    """Every chat of ``channel`` the bot may write to, most recently seen first."""
    with db.session() as s:
        return list(s.scalars(select(Chat).where(Chat.channel == channel).order_by(Chat.last_seen.desc())))
