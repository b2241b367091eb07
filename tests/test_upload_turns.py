"""Issue 15, defect 1, through the core on a SQLite file: an uploaded form is read before the turn's transaction
(``BEGIN IMMEDIATE`` write-locks the whole database), so another user's turn is not held up while a file is read;
a form past the row limit gets a message naming it and nothing is saved; a preparer's result reaches its handler,
and a preparer's failure is the usual apology."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import FileRef, Incoming, Reply
from bot.core.router import Router
from bot.core.services import make_services
from bot.db.session import Database
from bot.reports import forms  # read by the handler at each upload
from bot.reports.forms import FilledRow
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests import crafted_xlsx as crafted
from tests.flowkit import ManualClock, User, plan_core
from tests.test_form_flow import upload
from tests.test_progress_flow import PLAN, register

KB = load_knowledge()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    s = Settings()
    s.database.url = f"sqlite:///{tmp_path / 'bot.db'}"
    s.files.folder = str(tmp_path / "files")
    return s


@pytest.fixture
def core(sqlite_settings: Settings) -> Iterator[Core]:
    yield from plan_core(sqlite_settings, ManualClock(datetime(2024, 11, 1, 2, 0, tzinfo=UTC)), PLAN)


def write_lock_free(settings: Settings) -> bool:
    """Whether another connection could take the database's write lock at this moment."""
    conn = sqlite3.connect(settings.database.url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def xlsx(path: Path) -> FileRef:
    return FileRef(path.name, str(path), XLSX, path.stat().st_size)


def test_the_form_is_read_with_no_lock_held_and_other_users_are_not_delayed(
        core: Core, sqlite_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with core.db.session() as s:
        rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    register(core, "Sở Tài chính", "u1")
    seen: list[bool] = []
    real = forms.read_form

    def slow_read(path: str) -> list[FilledRow]:  # a file that takes a while to read
        seen.append(write_lock_free(sqlite_settings))
        time.sleep(1.5)
        return real(path)

    monkeypatch.setattr(forms, "read_form", slow_read)
    form = crafted.unknown_codes(tmp_path / "mau.xlsx", 3)
    uploader = User(core, user="u1")
    reading = threading.Thread(target=upload, args=(core, uploader, xlsx(form)))
    reading.start()
    time.sleep(0.3)  # the upload is being read
    started = time.perf_counter()
    help_reply = User(core, user="u2").say("/help")
    waited = time.perf_counter() - started
    reading.join()
    assert seen == [True]
    assert "Cách hỏi Trợ lý DTI" in help_reply[0].text and waited < 1.0, f"/help waited {waited:.2f} s"
    assert "Không nhận (3 chỉ số, 3 dòng)" in uploader.text()


def test_a_form_past_the_row_limit_is_refused_naming_it_and_nothing_is_saved(core: Core, tmp_path: Path) -> None:
    with core.db.session() as s:
        r = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    unit = register(core, "Sở Tài chính", "u1")
    user = User(core, user="u1")
    rows = [crafted.value_row("6.22", 5, 3), crafted.value_row("6.22", 7, 4)]
    rows += [crafted.value_row("9.99", 1, n) for n in range(5, 2105)]
    path = crafted.build(tmp_path / "dai.xlsx", {crafted.SHEET_PART: crafted.sheet_xml(rows)})
    upload(core, user, xlsx(path))
    assert "dài hơn 2000 dòng" in user.text() and "không số liệu nào được lưu" in user.text()
    with core.db.session() as s:
        assert values.history(s, r.id, unit, "6.22") == []


def test_a_preparer_runs_before_the_turn_and_its_failure_is_the_apology(sqlite_settings: Settings,
                                                                        tmp_path: Path) -> None:
    db = Database(sqlite_settings.database.url)
    db.upgrade()
    router = Router("files")
    calls: list[str] = []

    @router.prepare(accepts=lambda f: f.name.endswith(".txt"))
    def size_of(file: FileRef) -> int:
        calls.append(file.name)
        if file.name == "hong.txt":
            raise RuntimeError("broken")
        return Path(file.path).stat().st_size

    @router.text()
    def answer(turn):  # type: ignore[no-untyped-def]
        return [turn.reply_text(f"size {turn.prepared(size_of)}")]

    core = Core(make_services(sqlite_settings), db, [router])
    try:
        def send(name: str) -> list[Reply]:
            path = tmp_path / name
            path.write_bytes(b"12345")
            return core.handle(Incoming("test", "c", "u", file=FileRef(name, str(path), "text/plain", 5)))

        assert send("a.txt")[0].text == "size 5"
        assert send("a.pdf")[0].text == "size None" and calls == ["a.txt"]
        assert core.handle(Incoming("test", "c", "u", text="no file"))[0].text == "size None"
        assert send("hong.txt")[0].text.startswith("Xin lỗi, đã có lỗi")
    finally:
        db.dispose()
