"""The web dashboard over plain HTTP (Starlette's test client), on SQLite and PostgreSQL: login from the bot's
one-time link (a new session id, the cookie's flags), a reused or expired link refused, every page checking the
chat's permissions (an official sees only their unit; a forged unit id in a URL is refused), CSRF on every
change, the security headers, idle expiry, logout, HTML escaping of names and notes, and Return and Approve
through the chat's services with the unit told through the outbox."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.core import outbox
from bot.core.app import Core
from bot.db.models import EvidenceFile, OutboxMessage, Unit
from bot.services import announce, evidence, rounds, values
from bot.services.remind import reminder_key
from bot.web.app import create_app
from tests.flowkit import ManualClock, User, flow_fixtures, play
from tests.webkit import CODE, PLAN, World, build, login_path

clock, core = flow_fixtures(PLAN)


@pytest.fixture
def world(core: Core) -> World:
    from bot.services import board, scores

    board.clear_cache()  # the PostgreSQL database is emptied between tests: its ids and this clock's times repeat
    scores.clear_cache()
    return build(core)


def client(core: Core, base: str = "http://testserver") -> TestClient:
    return TestClient(create_app(core.settings, core.services, core.db), base_url=base, follow_redirects=False)


def logged_in(core: Core, user: str) -> TestClient:
    c = client(core)
    r = c.get(login_path(core, user))
    assert r.status_code == 303 and r.headers["location"] == "/"
    return c


def csrf_of(html: str) -> str:
    import re

    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def test_login_link_is_one_time_and_sets_a_fresh_strict_cookie(world: World) -> None:
    path = login_path(world.core, "focal")
    c = client(world.core, "https://testserver")
    c.cookies.set("dti_session", "planted-by-an-attacker")
    r = c.get(path)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Secure" in cookie
    session_id = cookie.split(";")[0].split("=", 1)[1]
    assert session_id and session_id != "planted-by-an-attacker"  # session fixation: a new id at login
    assert client(world.core).get(path).status_code == 410  # used
    assert "/web" in client(world.core).get(path).text
    plain = client(world.core).get(login_path(world.core, "focal"))
    assert "Secure" not in plain.headers["set-cookie"]  # plain http (no https public_url): no Secure flag


def test_expired_link_and_idle_session(world: World, clock: ManualClock) -> None:
    path = login_path(world.core, "focal")
    clock.advance(minutes=16)
    assert client(world.core).get(path).status_code == 410
    c = logged_in(world.core, "focal")
    assert c.get("/").status_code == 200
    clock.advance(hours=7, minutes=59)
    assert c.get("/").status_code == 200  # used within 8 hours: still open, and the idle time starts again
    clock.advance(hours=8, minutes=1)
    r = c.get("/")
    assert r.status_code == 401 and "/web" in r.text


def test_no_cookie_and_preview_robots(world: World) -> None:
    r = client(world.core).get("/")
    assert r.status_code == 401 and "/web" in r.text
    path = login_path(world.core, "focal")
    preview = client(world.core).get(path, headers={"user-agent": "TelegramBot (like TwitterBot)"})
    assert preview.status_code == 200 and "set-cookie" not in preview.headers
    assert client(world.core).get(path).status_code == 303  # the preview did not use the link


def test_pages_and_headers_for_the_focal_point(world: World) -> None:
    c = logged_in(world.core, "focal")
    home = c.get("/")
    assert home.status_code == 200
    assert "default-src 'none'" in home.headers["content-security-policy"]
    assert home.headers["x-frame-options"] == "DENY"
    assert "Sở Tài chính" in home.text and f">{CODE}<" in home.text and "phần phải nộp" in home.text
    assert "s-submitted" in home.text
    filtered = c.get("/", params={"state": "submitted"})
    assert "Sở Tài chính" in filtered.text and "Sở Kế hoạch và Đầu tư" not in filtered.text
    assert "Sở Tài chính" not in c.get("/", params={"unit": "ke hoach"}).text
    page = c.get(f"/i/{CODE}")
    assert page.status_code == 200 and "Phiên bản 1" in page.text and "Duyệt" in page.text
    assert f'src="/evidence/{world.evidence_id}"' in page.text
    img = c.get(f"/evidence/{world.evidence_id}")
    assert img.status_code == 200 and img.headers["content-type"] == "image/png"
    assert c.get(f"/u/{world.unit_a}").status_code == 200
    assert c.get("/scores").status_code == 200 and "<svg" in c.get("/scores").text
    book = c.get("/download/workbook")
    assert book.status_code == 200 and book.content[:2] == b"PK"
    assert c.get("/i/9.99").status_code == 404 and c.get("/u/99999999").status_code in (403, 404)
    assert "default-src" in c.get("/i/9.99").headers["content-security-policy"]


def test_official_sees_only_their_unit(world: World) -> None:
    c = logged_in(world.core, "u2")
    home = c.get("/")
    assert home.status_code == 200 and "Sở Kế hoạch và Đầu tư" in home.text and "Sở Tài chính" not in home.text
    assert "/downloads" not in home.text and "phần phải nộp" not in home.text  # the plan's counts are not theirs
    assert c.get(f"/u/{world.unit_a}").status_code == 403  # a forged unit id
    assert c.get(f"/u/{world.unit_b}").status_code == 200
    assert c.get(f"/evidence/{world.evidence_id}").status_code == 403
    part = c.get(f"/i/{CODE}").text
    assert f'id="u{world.unit_a}"' not in part and f'id="u{world.unit_b}"' in part
    assert c.get("/download/workbook").status_code == 403
    token = csrf_of(home.text)
    r = c.post(f"/i/{CODE}/u/{world.unit_a}/approve", data={"csrf": token})
    assert r.status_code == 403
    with world.core.db.session() as s:
        assert values.latest_version(s, world.round.id, world.unit_a, CODE).state == "submitted"  # type: ignore[union-attr]


def test_return_and_approve_through_the_chat_services(world: World, clock: ManualClock) -> None:
    c = logged_in(world.core, "focal")
    token = csrf_of(c.get(f"/i/{CODE}").text)
    assert c.post(f"/i/{CODE}/u/{world.unit_a}/return", data={"reason": "thiếu"}).status_code == 403  # no CSRF
    assert c.post(f"/i/{CODE}/u/{world.unit_a}/return", data={"reason": "x", "csrf": "forged"}).status_code == 403
    empty = c.post(f"/i/{CODE}/u/{world.unit_a}/return", data={"reason": " ", "csrf": token})
    assert empty.status_code == 409 and "lý do" in empty.text
    clock.advance(minutes=5)  # the return changes the round's fingerprint (its time) as it does in life
    r = c.post(f"/i/{CODE}/u/{world.unit_a}/return", data={"reason": "Thiếu chi <b>quý IV</b>", "csrf": token})
    assert r.status_code == 303
    assert "Đã trả lại" in c.get(r.headers["location"]).text
    sent = outbox.drain(world.core.db.session, lambda _: None, world.core.services.clock, worker="test")
    assert [m.chat_id for m in sent] == ["u1"] and "Thiếu chi <b>quý IV</b>" in sent[0].reply.text
    page = c.get(f"/i/{CODE}").text
    assert "Thiếu chi &lt;b&gt;quý IV&lt;/b&gt;" in page  # the reason shown as text
    home = c.get("/").text
    assert "<b>1</b> đã nhập" in home and "<b>1</b> bị trả lại" in home and "<b>0</b> đã duyệt" in home
    assert "Sở Tài chính" in c.get("/", params={"state": "returned"}).text
    assert "Sở Tài chính" not in c.get("/", params={"state": "submitted"}).text
    u = User(world.core, user="u1")
    play(u, [(f"/nhap {CODE}", ["Nhập b"]), ("b=1.500; c=100.000", ["Tóm tắt"]), ("[Xác nhận]", ["phiên bản 2"])])
    told = outbox.drain(world.core.db.session, lambda _: None, world.core.services.clock, worker="test")
    assert [m.chat_id for m in told] == ["focal"]  # the resubmitted value: the focal point who returned it
    assert c.post(f"/i/{CODE}/u/{world.unit_a}/approve", data={"csrf": token}).status_code == 303
    with world.core.db.session() as s:
        history = values.history(s, world.round.id, world.unit_a, CODE)
        assert [v.state for v in history] == ["returned", "approved"]
        keys = list(s.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("approved:%"))))
        assert keys == [f"approved:{history[-1].id}:test:u1"]  # the chat's key: approving there too tells once
        info = rounds.get_round(s, world.round.id)
        notices = announce.value_approved(s, world.core.services.kb, info, history[-1], "Sở Tài chính", None)
        assert announce.queue(s, world.core.services.renderer, notices, clock()) == 0
    approved = outbox.drain(world.core.db.session, lambda _: None, world.core.services.clock, worker="test")
    assert [m.chat_id for m in approved] == ["u1"]
    assert f"{CODE}" in approved[0].reply.text and "đã được đầu mối duyệt" in approved[0].reply.text
    again = c.post(f"/i/{CODE}/u/{world.unit_a}/approve", data={"csrf": token})
    assert again.status_code == 409 and "đã được duyệt" in again.text


def test_logout_needs_csrf_and_ends_the_session(world: World) -> None:
    c = logged_in(world.core, "focal")
    token = csrf_of(c.get("/").text)
    assert c.post("/logout").status_code == 403
    assert c.post("/logout", data={"csrf": token}).status_code == 200
    assert c.get("/").status_code == 401


def test_hostile_unit_name_and_note_are_text(world: World) -> None:
    with world.core.db.session() as s:
        unit = s.get(Unit, world.unit_a)
        assert unit is not None
        unit.name = "<script>alert(1)</script>"
    c = logged_in(world.core, "focal")
    for page in (c.get("/").text, c.get(f"/i/{CODE}").text, c.get(f"/u/{world.unit_a}").text):
        assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in c.get(f"/u/{world.unit_a}").text


def test_web_in_a_group_chat_gives_no_link(world: World) -> None:
    from bot.core.messages import Incoming

    reply = world.core.handle(Incoming("test", "group1", "focal", "/web", chat_type="group"))
    assert "/login/" not in reply[0].text and "riêng" in reply[0].text


def test_remind_now_from_the_unit_page(world: World, clock: ManualClock) -> None:
    """"Nhắc ngay" on the unit page is the chat's: ``remind_now`` under the planner's key (once a day per chat,
    whoever asked), for whoever manages the round; an official sees no button and is refused; the hook
    ``Web.remind`` unset shows no button."""
    c = logged_in(world.core, "focal")
    page = c.get(f"/u/{world.unit_b}").text
    assert "Nhắc ngay" in page
    token = csrf_of(page)
    assert c.post(f"/u/{world.unit_b}/remind").status_code == 403  # no CSRF token
    done = c.post(f"/u/{world.unit_b}/remind", data={"csrf": token})
    assert done.status_code == 200 and "Đã nhắc" in done.text and "Sở Kế hoạch và Đầu tư" in done.text
    day = clock().astimezone(ZoneInfo(world.core.settings.bot.timezone)).date().isoformat()
    with world.core.db.session() as s:
        keys = list(s.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("rem:%"))))
    assert keys == [reminder_key(day, "test", "u2")]  # the planner's key for the day
    [sent] = outbox.drain(world.core.db.session, lambda _: None, world.core.services.clock, worker="test")
    assert sent.chat_id == "u2" and CODE in sent.reply.text
    again = c.post(f"/u/{world.unit_b}/remind", data={"csrf": token})
    assert again.status_code == 200 and "đã được nhắc rồi" in again.text
    focal = User(world.core, user="focal")  # the chat's button says the same: one key
    with world.core.db.session() as s:
        assert s.scalar(select(OutboxMessage.key).where(OutboxMessage.key.like("rem:%")).limit(1)) == keys[0]
    (chat,) = focal.say(payload=f"pn:{world.round.id}:{world.unit_b}")
    assert "đã được nhắc rồi" in chat.text
    official = logged_in(world.core, "u2")
    own = official.get(f"/u/{world.unit_b}").text
    assert "Nhắc ngay" not in own
    refused = official.post(f"/u/{world.unit_b}/remind", data={"csrf": csrf_of(own)})
    assert refused.status_code == 403
    app = create_app(world.core.settings, world.core.services, world.core.db)
    app.state.web.remind = None
    bare = TestClient(app, follow_redirects=False)
    assert bare.get(login_path(world.core, "focal")).status_code == 303
    page = bare.get(f"/u/{world.unit_b}").text
    assert "Nhắc ngay" not in page
    assert bare.post(f"/u/{world.unit_b}/remind", data={"csrf": csrf_of(page)}).status_code == 404


def test_evidence_links_on_the_indicator_page(world: World) -> None:
    """A link sent as evidence is a link on the page (escaped, rel noopener noreferrer nofollow), never served as a
    file; a stored address that is not http(s) is shown as text only."""
    with world.core.db.session() as s:
        version = values.latest_version(s, world.round.id, world.unit_a, CODE)
        assert version is not None
        link = evidence.add_link(s, version.id, 'https://egov.example.vn/bb?a=1&b="2"', "<b>Biên bản</b> họp",
                                 official_id=None, now=world.core.services.clock())
        bad = EvidenceFile(version_id=version.id, path="", sha256="", name="lạ", mime=evidence.LINK_MIME,
                           size=0, url="javascript:alert(1)")
        s.add(bad)
        s.flush()
        bad_id = bad.id
    c = logged_in(world.core, "focal")
    page = c.get(f"/i/{CODE}").text
    assert ('<a href="https://egov.example.vn/bb?a=1&amp;b=&#34;2&#34;" rel="noopener noreferrer nofollow">'
            "&lt;b&gt;Biên bản&lt;/b&gt; họp</a>") in page
    assert "<b>Biên bản</b>" not in page and 'href="javascript:' not in page and "javascript:alert(1)" in page
    assert f'src="/evidence/{world.evidence_id}"' in page  # the picture still shown
    assert c.get(f"/evidence/{link}").status_code == 404 and c.get(f"/evidence/{bad_id}").status_code == 404
    official = logged_in(world.core, "u2")  # another unit's link: refused as its files are
    assert official.get(f"/evidence/{link}").status_code == 403
    assert "egov.example.vn" not in official.get(f"/i/{CODE}").text


def test_admin_requests_invites_and_groups(world: World, clock: ManualClock) -> None:
    from bot.services import registration
    from tests.flowkit import register_official
    from tests.webkit import FOCAL_UNIT

    with world.core.db.session() as s:
        asked = registration.create_request(s, world.unit_b, channel="test", user_id="newbie", chat_id="newbie",
                                            name="Người <mới>", now=clock())
    assert asked.request is not None
    official = logged_in(world.core, "u2")
    assert official.get("/admin").status_code == 403
    assert "Quản trị" not in official.get("/").text
    c = logged_in(world.core, "focal")
    page = c.get("/admin")
    assert page.status_code == 200 and "Người &lt;mới&gt;" in page.text and "UBND các huyện" in page.text
    assert "Tạo mã mời" not in page.text  # invites are the admin's (officials:manage)
    token = csrf_of(page.text)
    assert c.post(f"/admin/request/{asked.request.id}/approve").status_code == 403  # no CSRF token
    done = c.post(f"/admin/request/{asked.request.id}/approve", data={"csrf": token})
    assert done.status_code == 303 and "Đã duyệt" in c.get(done.headers["location"]).text
    sent = outbox.drain(world.core.db.session, lambda _: None, world.core.services.clock, worker="test")
    assert [m.chat_id for m in sent] == ["newbie"] and "đã được duyệt" in sent[0].reply.text
    assert c.post(f"/admin/request/{asked.request.id}/reject", data={"csrf": token}).status_code == 409
    assert c.post("/admin/invite", data={"csrf": token, "unit": str(world.unit_a), "role": "focal"}
                  ).status_code == 403
    register_official(world.core, PLAN, FOCAL_UNIT, "boss", role="admin")
    a = logged_in(world.core, "boss")
    admin_token = csrf_of(a.get("/admin").text)
    made = a.post("/admin/invite", data={"csrf": admin_token, "unit": str(world.unit_a), "role": "official"})
    assert made.status_code == 200 and "/start " in made.text and "t.me/" not in made.text  # no username set
    world.core.settings.telegram.username = "dti_kontum_bot"
    linked = a.post("/admin/invite", data={"csrf": admin_token, "unit": str(world.unit_a), "role": "official"})
    code = re.search(r"/start ([A-Za-z0-9_-]+)", linked.text)
    assert code is not None and f'href="https://t.me/dti_kontum_bot?start={code.group(1)}"' in linked.text
    assert a.post("/admin/invite", data={"csrf": admin_token, "unit": "x", "role": "official"}).status_code == 409
    assert a.post("/admin/invite", data={"csrf": admin_token, "unit": str(world.unit_a), "role": "god"}
                  ).status_code == 409


async def test_run_serves_the_dashboard_when_a_port_is_set(core: Core) -> None:
    """``dti-bot run``'s loop: no dashboard without ``[web] port``; with one, it answers and stops with the bot."""
    import asyncio
    import socket

    import httpx

    from bot.cli.run import start_web

    stop = asyncio.Event()
    assert start_web(core.settings, core, stop) is None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    core.settings.web.port = port
    task = start_web(core.settings, core, stop)
    assert task is not None
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(200):  # until it listens, within a deadline
                try:
                    r = await http.get(f"http://127.0.0.1:{port}/")
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError("the dashboard did not start")
        assert r.status_code == 401 and "content-security-policy" in r.headers
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def test_an_unexpected_error_is_a_page_with_the_headers(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.web import pages

    c = logged_in(world.core, "focal")
    c_raise = TestClient(c.app, raise_server_exceptions=False, follow_redirects=False)
    c_raise.cookies = c.cookies

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pages, "cached_status", broken)
    r = c_raise.get("/scores")
    assert r.status_code == 500 and "Đã có lỗi" in r.text and "boom" not in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_web_settings_from_the_environment_are_checked(tmp_path: object) -> None:
    from bot.config import ConfigError, load_settings

    good = load_settings(environ={"DTI_WEB_PORT": "8090", "DTI_WEB_PUBLIC_URL": "https://dti.example.vn"})
    assert good.web.port == 8090 and good.web.public_url == "https://dti.example.vn"
    assert load_settings(environ={}).web.port == 0  # not served by dti-bot run unless set
    for variable, value, key in (("DTI_WEB_PORT", "70000", "web.port"), ("DTI_WEB_PORT", "tám", "web.port"),
                                 ("DTI_WEB_PUBLIC_URL", "ftp://x", "web.public_url"),
                                 ("DTI_WEB_LISTEN", "a b", "web.listen")):
        with pytest.raises(ConfigError, match=key.replace(".", r"\.")) as refused:
            load_settings(environ={variable: value})
        assert variable in str(refused.value)
