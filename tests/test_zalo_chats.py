"""The chats store (bot/channels/chats.py) on SQLite and PostgreSQL: Zalo bots may only write to users who
wrote first, so every chat heard from must be kept, once, with its latest name and time."""

from __future__ import annotations

import time

from bot.channels.chats import known_chats, remember_chat
from bot.db.session import Database


def test_a_chat_is_kept_once_with_its_latest_name_and_time(db: Database) -> None:
    remember_chat(db, channel="zalo", chat_id="u-1", chat_type="private", display_name="Trần Thị B")
    [first] = known_chats(db, "zalo")
    time.sleep(0.01)
    remember_chat(db, channel="zalo", chat_id="u-1", chat_type="private", display_name="Trần Thị Bình")
    [again] = known_chats(db, "zalo")
    assert again.id == first.id
    assert again.display_name == "Trần Thị Bình"
    assert again.last_seen > first.last_seen
    assert again.created_at == first.created_at


def test_chats_are_per_channel_most_recent_first(db: Database) -> None:
    remember_chat(db, channel="zalo", chat_id="u-1", chat_type="private", display_name="A")
    remember_chat(db, channel="telegram", chat_id="u-1", chat_type="group", display_name="Tổ CĐS")
    time.sleep(0.01)
    remember_chat(db, channel="zalo", chat_id="u-2", chat_type="private", display_name="B")
    assert [c.chat_id for c in known_chats(db, "zalo")] == ["u-2", "u-1"]
    assert [(c.chat_id, c.chat_type) for c in known_chats(db, "telegram")] == [("u-1", "group")]


def test_a_very_long_name_is_cut_to_the_column(db: Database) -> None:
    remember_chat(db, channel="zalo", chat_id="u-9", chat_type="private", display_name="Tên " * 100)
    [chat] = known_chats(db, "zalo")
    assert len(chat.display_name) == 255
