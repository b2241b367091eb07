"""Issue 16, item 2: the review loop tells people, through the outbox, each message exactly once.

A round opened in chat (and from the command line) tells each unit with registered people what it owes (codes
with names, naturally sorted), the due date and the evidence deadline, with "Nhập số liệu" going into /nhap for
that unit and round; a returned value entered again tells the focal point who returned it; an approved value tells
the unit's people; a closing tells the units that entered nothing. Pressing twice, repeating the command, or a
stale button queues nothing more."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.core.app import Core
from bot.core.messages import Incoming
from bot.core.outbox import body_to_reply
from bot.db.models import OutboxMessage
from bot.services import announce, rounds
from knowledge.store import load_knowledge
from scoring.codes import code_order
from tests.flowkit import User, flow_fixtures, play, register_official

KB = load_knowledge()
PLAN = "gia-lai-2023"
FOCAL_UNIT = "Sở Thông tin và Truyền thông"
UNIT = "Sở Tài chính"
OTHER = "Sở Giáo dục và Đào tạo"


clock, core = flow_fixtures(PLAN)


def rows(core: Core, prefix: str) -> dict[str, OutboxMessage]:
    with core.db.session() as s:
        found = s.scalars(select(OutboxMessage).where(OutboxMessage.key.like(f"{prefix}%"))).all()
        s.expunge_all()
    return {r.key: r for r in found}


def test_the_review_loop_tells_people_once(core: Core) -> None:
    register_official(core, PLAN, FOCAL_UNIT, "focal", "focal")
    unit = register_official(core, PLAN, UNIT, "u1")
    register_official(core, PLAN, UNIT, "u2")
    other = register_official(core, PLAN, OTHER, "u3")
    focal, u1 = User(core, user="focal"), User(core, user="u1")
    play(focal, [("/modot", []), ("năm 2024", []),
                 ("16/12/2024", ["Đã mở đợt thu thập 2024", "Đã báo cho", "tài khoản"])])
    with core.db.session() as s:
        info = rounds.find_open(s, PLAN)
    assert info is not None
    opened = rows(core, "open:")
    assert set(opened) >= {f"open:{info.id}:{unit}:test:u1", f"open:{info.id}:{unit}:test:u2",
                           f"open:{info.id}:{other}:test:u3"}
    told = body_to_reply(opened[f"open:{info.id}:{unit}:test:u1"].body)
    assert "6.22" in told.text and "Hạn nộp số liệu: 16/12/2024" in told.text
    assert "hạn gửi tài liệu kiểm chứng: 16/12/2024" in told.text
    listed = [line.split()[1] for line in told.text.splitlines() if line.startswith("• ")]
    assert listed == sorted(listed, key=code_order) and len(listed) >= 1
    assert [b.payload for b in told.buttons] == [f"na:{info.id}:{unit}"]

    # the same opening announced again (a repeated CLI call, a second worker): nothing more queued
    with core.db.session() as s:
        assert announce.queue(s, core.services.renderer, announce.round_opened(s, KB, info), core.services.clock()) == 0
    assert rows(core, "open:").keys() == opened.keys()

    # "Nhập số liệu" from the announcement goes into /nhap for that unit and round
    u1.say(payload=told.buttons[0].payload)
    assert "6.22" in u1.text() and UNIT in u1.text()
    play(u1, [("[6.22 ·]", ["Nhập b"]), ("b=1.200; c=100.000", ["Tóm tắt"]), ("[Xác nhận]", ["Đã lưu"]),
              ("bỏ qua", [])])
    # another unit's button, pressed by u1, is refused; a forged round is an expired choice
    u1.say(payload=f"na:{info.id}:{other}")
    assert "⛔" in u1.text(), u1.text()
    u1.say(payload=f"na:99999:{unit}")
    assert "hết hạn" in u1.text()

    # returned, entered again: the focal point who returned it is told, once
    play(focal, [("/tiendo", []), (f"[{UNIT}]", []), ("[6.22]", []), ("[Trả lại]", []), ("Thiếu quý IV", [])])
    assert rows(core, "resub:") == {}
    play(u1, [("/nhap 6.22", []), ("b=1.500; c=100.000", []), ("[Xác nhận]", ["phiên bản 2"]), ("bỏ qua", [])])
    resub = rows(core, "resub:")
    assert [k.rsplit(":", 2)[1:] for k in resub] == [["test", "focal"]]
    text = body_to_reply(next(iter(resub.values())).body)
    assert "Sở Tài chính" in text.text and "6.22" in text.text and "Thiếu quý IV" in text.text
    focal.say(payload=text.buttons[0].payload)  # "Xem số liệu": the value, to review
    assert "phiên bản 2" in focal.text()

    # approved: the unit's two officials told once; pressing "Duyệt" again (a stale button) adds nothing
    play(focal, [("[Duyệt]", ["Đã duyệt", "2 tài khoản"])])
    approved = rows(core, "approved:")
    assert sorted(k.rsplit(":", 1)[1] for k in approved) == ["u1", "u2"]
    focal.say(payload=f"pa:{info.id}:{unit}:6.22")
    assert "đã được duyệt" in focal.text()
    assert rows(core, "approved:").keys() == approved.keys()

    # closed: the unit that entered nothing is told, the one that did is not
    play(focal, [("/tiendo", []), ("[Đóng đợt]", []), ("[Đóng đợt]", ["Đã đóng", "đơn vị chưa nhập"])])
    closed = rows(core, "closed:")
    assert f"closed:{info.id}:{other}:test:u3" in closed
    assert not [k for k in closed if f":{unit}:" in k]
    assert "đã đóng" in body_to_reply(closed[f"closed:{info.id}:{other}:test:u3"].body).text
    with core.db.session() as s:
        assert announce.queue(s, core.services.renderer, announce.round_closed(s, KB, rounds.get_round(s, info.id)),
                              core.services.clock()) == 0

    # the announcement's button after the round closed: the round is closed, nothing opens
    u1.say(payload=told.buttons[0].payload)
    assert "đã đóng" in u1.text()


def test_a_round_opened_from_the_command_line_is_announced_once(core: Core, database_url: str,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    unit = register_official(core, PLAN, UNIT, "u1")
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)
    monkeypatch.setattr("bot.core.services.system_clock", lambda: datetime(2024, 11, 1, 3, tzinfo=UTC))
    assert main(["round", "open", "--plan", PLAN, "--period", "6 tháng đầu năm 2024", "--due", "2024-12-16"]) == 0
    out = capsys.readouterr().out
    assert "kỳ 2024-H1" in out and "Đã báo cho" in out
    keys = [k for k in rows(core, "open:") if k.endswith(":test:u1")]
    assert len(keys) == 1 and f":{unit}:" in keys[0]
    assert main(["round", "close", "--plan", PLAN, "--json"]) == 0
    assert '"announced"' in capsys.readouterr().out
    assert len([k for k in rows(core, "closed:") if k.endswith(":test:u1")]) == 1  # entered nothing: told
    with core.db.session() as s:
        info = rounds.latest_round(s, PLAN)
        assert info is not None and info.due == date(2024, 12, 16)


def test_a_message_outside_a_flow_still_reaches_the_button(core: Core) -> None:
    """The button works from any state: pressed while another flow is open, it starts /nhap for the unit."""
    unit = register_official(core, PLAN, UNIT, "u1")
    with core.db.session() as s:
        info = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 16))
    u1 = User(core, user="u1")
    u1.say("/nhap 6.22")
    replies = core.handle(Incoming(channel="test", chat_id="u1", user_id="u1", text="",
                                   payload=f"na:{info.id}:{unit}"))
    assert "6.22" in "\n".join(r.text for r in replies)


def test_the_unit_name_is_put_in_after_rendering_escaped_for_html() -> None:
    """Member units owing the same codes share one rendering; each message still names its own unit, and a name
    with HTML characters is escaped in the HTML and kept as is in the text."""
    from bot.render import Renderer

    context = (("period", "2024"), ("due", date(2024, 12, 16)), ("evidence_due", date(2024, 12, 16)),
               ("items", (("6.22", "Tổng chi <NSNN>"),)))
    notices = [announce.Notice(f"open:1:{n}:test:c{n}", "test", f"c{n}", "announce_opened", (("unit", name), *context))
               for n, name in enumerate(["Xã A & <B>", "Xã C"])]
    first, second = announce.render(Renderer(), notices)
    assert "Xã A & <B> cần nộp 1 chỉ số" in first.text and "Xã C cần nộp" in second.text
    assert "<b>Xã A &amp; &lt;B&gt;</b>" in first.html and "&lt;NSNN&gt;" in first.html
    assert "\ue000" not in first.text + first.html + second.text + second.html
