"""Issue 15 defect 6: text that cannot be encoded or stored (lone surrogates such as "\\ud800" from a JSON update,
bytes that are not UTF-8, NUL, which PostgreSQL refuses) in any field of any channel's input is cleaned where the
``Incoming`` is built, so the user gets an answer rather than the apology, and `dti-bot converse` answers every
line (``{"error": …}`` for a line it cannot handle) instead of dying with UnicodeEncodeError. Console and converse
here on SQLite and PostgreSQL; Zalo through its fake below; Telegram through the Bot API emulator in
tests/e2e/test_telegram_unencodable.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.assembly import build_core
from bot.channels.bridge import APOLOGY
from bot.channels.console import chat_loop
from bot.config import Settings
from bot.core.messages import FileRef, Incoming, clean_text

HELP = "Cách hỏi Trợ lý DTI"


def test_every_text_field_of_an_incoming_is_cleaned() -> None:
    msg = Incoming(channel="con\ud800sole", chat_id="c\udfff", user_id="u\x00\ud83d", text="/help \ud800",
                   payload="p:\udc00", user_name="A\ud800\x00B", chat_type="private\ud800",
                   file=FileRef(name="b\ud800.pdf", path="/tmp/\udcff", mime="application/pdf\ud800"))
    assert (msg.channel, msg.chat_id, msg.user_id, msg.text, msg.payload, msg.user_name, msg.chat_type) == (
        "con\ufffdsole", "c\ufffd", "u\ufffd", "/help \ufffd", "p:\ufffd", "A\ufffdB", "private\ufffd")
    assert msg.file is not None and (msg.file.name, msg.file.mime) == ("b\ufffd.pdf", "application/pdf\ufffd")
    assert msg.file.path == "/tmp/\udcff"  # the file system's bytes, left as they are
    for text in (msg.text, msg.user_name, msg.file.name):
        text.encode("utf-8")
    assert clean_text("đúng 😀 ascii") == "đúng 😀 ascii"


def test_the_console_answers_a_line_with_a_lone_surrogate(settings: Settings) -> None:
    core = build_core(settings)
    written: list[str] = []
    try:
        chat_loop(core, ["/help \ud800", "chỉ số 3.3\x00"], written.append, user="an\udfff")
    finally:
        core.db.dispose()
    assert len(written) >= 3 and not any(APOLOGY in w for w in written), written
    assert HELP in written[1]


def _converse(url: str, data: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "DTI_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "bot.cli", "converse"], input=data, env=env, capture_output=True,
                          timeout=120)


def test_converse_answers_every_line_and_goes_on(database_url: str) -> None:
    lines = [
        '{"user":"\\ud800","text":"/help"}',  # the line of the issue: used to end the run with exit status 1
        '{"user":"u1","chat":"\\udfff","name":"A\\ud800","text":"/toi \\ud83d"}',
        '{"user":"u2","text":"chi so\\u0000 3.3"}',  # NUL: PostgreSQL refuses it in text
        '{"user":"u3","payload":"sc:\\ud800"}',
        '{"user":"u4","text":"/help","channel":"telegram\\ud800"}',
    ]
    data = "\n".join(lines).encode() + b'\n{"user":"u5","text":"/help \xff\xfe"}\n{"user":"u6","text":"/help"}\n'
    done = _converse(database_url, data)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(out) == 7, out  # one answer per line, to the last
    for answer in out:
        assert "replies" in answer, answer
        assert all(APOLOGY not in r["text"] for r in answer["replies"]), answer
    assert HELP in out[0]["replies"][0]["text"] and HELP in out[-1]["replies"][0]["text"]
    assert HELP in out[5]["replies"][0]["text"]  # bytes that were not UTF-8 read as U+FFFD
    assert b"Traceback" not in done.stderr


def test_a_line_that_still_cannot_be_handled_gets_an_error_and_the_run_goes_on(tmp_path: Path) -> None:
    """An action that fails outside the core (here the file store breaks while keeping an upload): an error line,
    then the next line is answered."""
    upload = tmp_path / "a.pdf"
    upload.write_bytes(b"%PDF")
    env = {**os.environ, "DTI_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    lines = [json.dumps({"user": "u1", "file": str(upload)}), json.dumps({"user": "u1", "text": "/help"})]
    broken_store = ("import sys, bot.core.files as f; f.FileStore.save = lambda *a, **k: 1 / 0; "
                    "from bot.cli import main; sys.exit(main(['converse']))")
    done = subprocess.run([sys.executable, "-c", broken_store], input="\n".join(lines) + "\n", env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert "không xử lý được" in first["error"]
    assert HELP in second["replies"][0]["text"]
