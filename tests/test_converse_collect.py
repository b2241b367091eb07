"""``dti-bot converse`` as a real process: a unit enters a value, the focal point finds it in /tiendo and returns
it with a comment; the unit's chat gets the notice in the same action's output. Two runs on one database, each
driven as a script reading every answer before its next line: the buttons of one answer are pressed in the next
line, and the first run's last buttons in the second run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bot.db.models import Identity, Membership, Official
from bot.db.session import Database
from bot.services import rounds
from knowledge.store import load_knowledge
from tests.test_collect_services import unit_id
from tests.test_converse import Conversing

PLAN = "gia-lai-2023"
NOW = ("--now", "2024-11-01T09:00+07:00", "--plan", PLAN)


def person(db: Database, unit: str, user: str, role: str) -> None:
    uid = unit_id(db, PLAN, unit)
    with db.session() as s:
        official = Official(name=f"Cán bộ {user}")
        s.add(official)
        s.flush()
        s.add(Identity(official_id=official.id, channel="console", user_id=user, chat_id=user))
        s.add(Membership(official_id=official.id, unit_id=uid, role=role))


def button(out: list[dict[str, object]], label: str) -> str:
    for reply in out[-1]["replies"]:  # type: ignore[attr-defined]
        for b in reply["buttons"]:
            if label in b["label"]:
                return str(b["payload"])
    raise AssertionError(f"no button {label!r} in {out[-1]}")


def line(user: str, **what: str) -> str:
    return json.dumps({"user": user, "chat": user, **what})


def test_unit_enters_and_focal_point_returns_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    db = Database(url)
    db.upgrade()
    with db.session() as s:
        rounds.open_round(s, load_knowledge(), PLAN, "2024", due=date(2024, 12, 15))
    person(db, "Sở Tài chính", "tc", "official")
    person(db, "Sở Thông tin và Truyền thông", "focal", "focal")
    db.dispose()
    with Conversing(url, *NOW) as bot:
        out = bot.send([line("tc", text="/nhap 6.22"), line("tc", text="b=1.200; c=100.000")])
        assert "Tóm tắt" in out[-1]["replies"][0]["text"]  # type: ignore[index]
        out = bot.send([line("tc", payload=button(out, "Xác nhận"))])
        assert "Đã lưu" in out[-1]["replies"][0]["text"]  # type: ignore[index]
        out = bot.send([line("tc", text="bỏ qua"), line("focal", text="/tiendo")])
        assert "Sở Tài chính: 1/" in out[-1]["replies"][0]["text"]  # type: ignore[index]
        out = bot.send([line("focal", payload=button(out, "Sở Tài chính"))])
        out = bot.send([line("focal", payload=button(out, "6.22"))])
        assert "b = 1200" in out[-1]["replies"][0]["text"]  # type: ignore[index]
    with Conversing(url, *NOW) as bot:  # the first run's buttons, pressed in a second run
        out = bot.send([line("focal", payload=button(out, "Trả lại")),
                        line("focal", text="Số chi thường xuyên chưa gồm quý IV")])
        replies = out[-1]["replies"]
        assert [r["chat"] for r in replies] == ["focal", "tc"]  # type: ignore[index]
        assert "Đã trả lại" in replies[0]["text"] and "chưa gồm quý IV" in replies[1]["text"]  # type: ignore[index]
        out = bot.send([line("tc", text="/nhap")])
        assert "6.22: bị trả lại" in out[-1]["replies"][0]["text"]  # type: ignore[index]
