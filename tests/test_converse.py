"""``dti-bot converse``: the JSON-lines contract, run as a real process; and the outbox drained per action."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.converse import BadAction, act, parse_action
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Reply
from bot.core.router import Router
from bot.core.services import make_services
from bot.core.turn import Turn
from bot.db.session import Database
from bot.handlers import routers


def _env(db_url: str) -> dict[str, str]:
    """The process's environment: the database, and its files beside the test's SQLite file (an absolute folder in
    the test's ``tmp_path``, never ``./data/files`` in the working directory)."""
    env = {**os.environ, "DTI_DATABASE_URL": db_url}
    if db_url.startswith("sqlite:///"):
        env["DTI_FILES_FOLDER"] = str(Path(db_url.removeprefix("sqlite:///")).resolve().parent / "files")
    return env


def converse(db_url: str, lines: list[str], *args: str) -> list[dict[str, object]]:
    """One run of ``dti-bot converse``: the lines in, what it printed for them."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "converse", *args], input="\n".join(lines) + "\n", env=_env(db_url),
        capture_output=True, text=True, timeout=120, check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


class Conversing:
    """One run of ``dti-bot converse`` kept open, driven as a script that reads each answer before it writes the
    next line: ``send`` writes lines and returns what it printed for them (one JSON line per action). A test that
    presses the buttons of one answer in the next needs no new process for it (each costs 0.4 s of start)."""

    def __init__(self, db_url: str, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "converse", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=_env(db_url), bufsize=1)

    def send(self, lines: list[str]) -> list[dict[str, object]]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        out = []
        for line in lines:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
            out.append(json.loads(self.proc.stdout.readline()))
        return out

    def __enter__(self) -> Conversing:
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=120) == 0


def test_contract_fields_errors_and_a_second_run_continues(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    first = converse(url, [
        json.dumps({"user": "u1", "chat": "c1", "name": "Nguyễn Văn A", "text": "/start"}),
        "{không phải json",
        json.dumps({"user": "u1", "chat": "c1", "text": "kinh phí an toàn thông tin"}),
        json.dumps({"chat": "c1", "text": "thiếu user"}),
    ], "--now", "2024-10-01T09:00+07:00")
    assert len(first) == 4
    [hello] = first[0]["replies"]  # type: ignore[misc]
    assert set(hello) == {"chat", "text", "buttons", "files"} and hello["chat"] == "c1"
    assert "Nguyễn Văn A" in hello["text"]
    assert "JSON" in first[1]["error"] and "user" in first[3]["error"]  # type: ignore[operator]
    [choose] = first[2]["replies"]  # type: ignore[misc]
    offered = choose["buttons"]
    assert len(offered) >= 2 and set(offered[0]) == {"label", "payload"}
    # a second run on the same database: the choices offered in the first are still answerable
    [[card]] = [o["replies"] for o in converse(url, [json.dumps({"user": "u1", "chat": "c1", "text": "2"})])]  # type: ignore[misc]
    assert card["text"].startswith(f"📌 Chỉ số {offered[1]['label'].split()[0]}.")


def test_a_bad_now_is_refused_in_vietnamese(tmp_path: Path) -> None:
    env = {**os.environ, "DTI_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "converse", "--now", "hôm qua"], input="",
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "ISO-8601" in json.loads(done.stdout)["error"]


notifier = Router("notifier")


@notifier.command("bao", "Báo cho người khác")
def tell_other(turn: Turn) -> list[Reply]:
    turn.notify(f"bao:{turn.args}", "console", "focal", turn.reply_text(f"Có yêu cầu: {turn.args}"))
    return [turn.reply_text("Đã gửi.")]


def test_messages_to_other_chats_follow_the_answer_and_wait_for_their_chat(settings: Settings) -> None:
    db = Database(settings.database.url)
    db.upgrade()
    core = Core(make_services(settings), db, [notifier, *routers()])
    def send(user: str, chat: str, text: str) -> list[dict[str, object]]:
        return act(core, parse_action(json.dumps({"user": user, "chat": chat, "text": text})))

    out = send("u1", "c1", "/bao một")
    assert [(r["chat"], r["text"]) for r in out] == [("c1", "Đã gửi."), ("focal", "Có yêu cầu: một")]
    # the same key again: queued once, so nothing more is sent
    assert [r["chat"] for r in send("u1", "c1", "/bao một")] == ["c1"]
    # a message queued outside this run (a reminder) is shown first in that chat's next action
    with db.session() as session:
        from bot.core import outbox
        from bot.core.messages import Outgoing

        reminder = Outgoing("console", "c2", Reply("Nhắc hạn", "Nhắc hạn"))
        outbox.enqueue(session, "nhac:1", reminder, core.services.clock())
    assert [r["chat"] for r in send("u1", "c1", "/help")] == ["c1"]
    replies = send("u2", "c2", "/help")
    assert replies[0] == {"chat": "c2", "text": "Nhắc hạn", "buttons": [], "files": []}
    db.dispose()


def test_an_uploaded_file_is_stored_and_reaches_the_core(settings: Settings, tmp_path: Path) -> None:
    seen: list[object] = []
    upload = Router("upload")

    @upload.text()
    def got(turn: Turn) -> list[Reply] | None:
        if turn.msg.file is None:
            return None
        seen.append(turn.msg.file)
        return [turn.reply_text(f"Đã nhận {turn.msg.file.name} ({turn.msg.text})")]

    settings.files.folder = str(tmp_path / "store")
    db = Database(settings.database.url)
    db.upgrade()
    core = Core(make_services(settings), db, [upload, *routers()])
    sent = tmp_path / "bao-cao.pdf"
    sent.write_bytes(b"%PDF-1.4 minh chung")
    [answer] = act(core, parse_action(json.dumps({"user": "u1", "chat": "c1", "file": str(sent), "text": "6.22"})))
    assert answer["text"] == "Đã nhận bao-cao.pdf (6.22)"
    [ref] = seen
    stored = Path(ref.path)  # type: ignore[attr-defined]
    assert stored.is_relative_to(tmp_path / "store") and stored.read_bytes() == sent.read_bytes()
    assert ref.mime == "application/pdf"  # type: ignore[attr-defined]
    with pytest.raises(BadAction, match="tệp có thật"):  # printed as {"error": …} by the command
        parse_action(json.dumps({"user": "u1", "chat": "c1", "file": str(tmp_path / "khong-co")}))
    db.dispose()
