"""The web dashboard in a real browser: Debian's Chromium driven by Playwright (never a downloaded browser)
against ``dti-bot web --port 0`` on 127.0.0.1, with the link obtained through the core (/web as a chat message).

Covered: login (a planted cookie replaced by a new session id; HttpOnly, SameSite=Lax), the matrix, an indicator
with its evidence picture shown, Return with a reason (the unit receives the notice through the outbox), the
unit's correction through the chat, Approve; an official's session refused on another unit's page (403); a reused
link refused; a POST without its CSRF token refused; an expired session; a unit named ``<script>`` shown as text;
no console errors (a Content-Security-Policy violation is one). One screenshot per page is kept in the test's
tmp_path for review."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core import outbox
from bot.core.app import Core
from bot.db.models import Unit, WebSession
from bot.services import values
from tests import dbkit
from tests.flowkit import User, play
from tests.webkit import CODE, PLAN, UNIT_A, build, login_path

CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT = 60.0
# the refusals the test itself asks for (a used link, an expired session, another unit's page) are logged by
# Chromium as failed loads; any other failed load (a stylesheet, a picture), script error or CSP violation counts
ASKED = re.compile(r"Failed to load resource: the server responded with a status of (401|403|410) ")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                reason=f"{CHROMIUM} missing: install Debian's chromium (apt-get install chromium "
                                       "chromium-driver; .ci/run does) to run the browser tests")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the test extras) is not installed")


@pytest.fixture
def core(tmp_path: Path, sqlite_template: dbkit.SqliteTemplate) -> Iterator[Core]:
    s = Settings()
    s.database.url = sqlite_template.copy_to(tmp_path / "web.db")
    s.files.folder = str(tmp_path / "files")
    s.bot.plan = PLAN
    c = build_core(s)
    yield c
    c.db.dispose()


@pytest.fixture
def server(core: Core, tmp_path: Path) -> Iterator[str]:
    """``dti-bot web --port 0`` on the core's database; its address (read from what it prints)."""
    env = {**os.environ, "DTI_DATABASE_URL": core.settings.database.url, "DTI_FILES_FOLDER": core.settings.files.folder,
           "DTI_BOT_PLAN": PLAN, "DTI_WEB_LISTEN": "127.0.0.1"}
    env.pop("DTI_CONFIG", None)  # this test's settings only
    exe = shutil.which("dti-bot", path=str(Path(sys.executable).parent)) or "dti-bot"
    proc = subprocess.Popen([exe, "web", "--port", "0"], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        url = _wait_for_url(proc)
        core.settings.web.public_url = url  # the links /web gives point at this server
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for_url(proc: subprocess.Popen[str]) -> str:
    import selectors
    import time

    deadline = time.monotonic() + START_TIMEOUT
    assert proc.stderr is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    seen = []
    while time.monotonic() < deadline:
        if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
            break
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if found:
            return found.group(1)
    raise AssertionError(f"dti-bot web did not start: {''.join(seen)[-2000:]}")


@pytest.fixture
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


class Watched:
    """A browser context whose pages' console errors and page errors are collected."""

    def __init__(self, browser: object, shots: Path, viewport: tuple[int, int] = (1280, 900)) -> None:
        width, height = viewport
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" and not ASKED.search(
            m.text) else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.shots = shots

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


def test_focal_point_reviews_in_the_browser(core: Core, server: str, browser: object, tmp_path: Path) -> None:
    world = build(core)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    focal = Watched(browser, shots)
    page = focal.page
    focal.context.add_cookies([{"name": "dti_session", "value": "planted", "url": server}])
    link = server + login_path(core, "focal")
    response = page.goto(link)
    assert response is not None and response.ok and page.url == server + "/"
    cookie = next(c for c in focal.context.cookies() if c["name"] == "dti_session")
    assert cookie["value"] != "planted" and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.locator("table.matrix").is_visible()
    assert page.locator("table.matrix tbody th", has_text=UNIT_A).count() == 1
    focal.shot("round")

    page.locator("table.matrix thead a", has_text=CODE).first.click()
    page.wait_for_url(f"{server}/i/**")
    image = page.locator(f'img[src="/evidence/{world.evidence_id}"]')
    sync_api.expect(image).to_be_visible()
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1
    focal.shot("indicator")

    part = page.locator(f"#u{world.unit_a}")
    part.locator('input[name="reason"]').fill("Thiếu chi thường xuyên quý IV")
    part.get_by_role("button", name="Trả lại").click()
    sync_api.expect(page.get_by_role("status")).to_contain_text("Đã trả lại số liệu")
    sent = outbox.drain(core.db.session, lambda _: None, core.services.clock, worker="test")
    assert [m.chat_id for m in sent] == ["u1"] and "Thiếu chi thường xuyên quý IV" in sent[0].reply.text

    play(User(core, user="u1"), [(f"/nhap {CODE}", ["Nhập b"]), ("b=1.500; c=100.000", ["Tóm tắt"]),
                                 ("[Xác nhận]", ["phiên bản 2"])])
    page.reload()
    page.locator(f"#u{world.unit_a}").get_by_role("button", name="Duyệt").click()
    sync_api.expect(page.get_by_role("status")).to_contain_text("Đã duyệt số liệu")
    with core.db.session() as s:
        assert [v.state for v in values.history(s, world.round.id, world.unit_a, CODE)] == ["returned", "approved"]

    page.goto(f"{server}/u/{world.unit_a}")
    assert page.get_by_role("heading", name=UNIT_A).is_visible()
    focal.shot("unit")
    page.goto(f"{server}/scores")
    assert page.locator("svg.bars").is_visible()
    focal.shot("scores")
    page.goto(f"{server}/downloads")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Báo cáo Excel")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    focal.shot("downloads")
    page.get_by_role("link", name="Quản trị").click()
    sync_api.expect(page.get_by_role("heading", name="Yêu cầu đăng ký chờ duyệt (0)")).to_be_visible()
    focal.shot("admin")

    no_token = focal.context.request.post(f"{server}/i/{CODE}/u/{world.unit_a}/approve", form={"x": "1"})
    assert no_token.status == 403  # the session's cookie went along, the CSRF token did not

    reused = page.goto(link)
    assert reused is not None and reused.status == 410 and page.get_by_text("/web").first.is_visible()
    focal.shot("link_used")

    with core.db.session() as s:
        unit = s.get(Unit, world.unit_b)
        assert unit is not None
        unit.name = "<script>alert(1)</script>"
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/u/{world.unit_b}")
    sync_api.expect(page.get_by_role("heading", name="<script>alert(1)</script>")).to_be_visible()
    assert not dialogs

    with core.db.session() as s:  # nine hours without a request: the session is over
        for row in s.query(WebSession).all():
            row.seen_at = row.seen_at - timedelta(hours=9)
    expired = page.goto(f"{server}/")
    assert expired is not None and expired.status == 401 and page.get_by_text("/web").first.is_visible()
    focal.shot("expired")
    assert not focal.errors, focal.errors

    phone = Watched(browser, shots, viewport=(390, 844))  # a phone: the page fits its width, the matrix scrolls
    phone.page.goto(server + login_path(core, "focal"))
    phone.page.goto(f"{server}/i/{CODE}")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.shot("indicator_phone")
    phone.page.goto(f"{server}/")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.shot("round_phone")
    assert not phone.errors, phone.errors

    official = Watched(browser, shots)
    official.page.goto(server + login_path(core, "u2"))
    refused = official.page.goto(f"{server}/u/{world.unit_a}")
    assert refused is not None and refused.status == 403
    assert official.page.get_by_role("heading", name="Không có quyền").is_visible()
    official.shot("refused")
    assert not official.errors, official.errors
    assert sorted(p.name for p in shots.iterdir()) == sorted(
        f"{n}.png" for n in ("round", "indicator", "unit", "scores", "downloads", "admin", "link_used", "expired",
                             "refused", "round_phone", "indicator_phone"))
