"""One bot process of a race test (``tests/test_race.py`` starts several with ``run_workers``). Once its core is
built it prints ``ready`` and waits for a line on standard input, so that every process starts at the same moment;
at the end it prints one JSON line.

``hammer URL ROUNDS``: a core hammering one shared user (a counter that must not lose an increment, and questions
that rewrite the same conversation) and the first messages of new users that every worker sends at the same time.
Prints ``{"apologies": N, "turns": M}``.

``collect URL FILES USER COUNT CODE=INPUT…``: one official (the ``test`` channel's ``USER``, registered by the
test) entering ``COUNT`` values of each indicator through the chat flow: ``/nhap CODE``, ``INPUT=value``,
"Xác nhận", "bỏ qua". Prints ``{"apologies": N, "saved": [[code, value, version], …], "unexpected": [text, …]}``.
"""

from __future__ import annotations

import json
import re
import sys

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming, Reply
from bot.core.router import Router
from bot.core.services import make_services
from bot.core.turn import Turn
from bot.db.session import Database
from bot.handlers import routers
from tests.flowkit import User

counter = Router("counter")
SAVED = re.compile(r"Đã lưu số liệu chỉ số (\S+) \(phiên bản (\d+)\)")


@counter.command("dem", "Đếm")
def count(turn: Turn) -> list[Reply]:
    turn.state.data["count"] = int(turn.state.data.get("count", 0)) + 1
    return [turn.reply_text(str(turn.state.data["count"]))]


def ready() -> None:
    """Say so, then wait for the test's signal that every worker is ready."""
    print("ready", flush=True)
    sys.stdin.readline()


def hammer(url: str, rounds: str) -> None:
    settings = Settings()
    settings.database.url = url
    db = Database(url)
    core = Core(make_services(settings), db, [counter, *routers()])
    apology = core.renderer.reply("error").text
    apologies = turns = 0
    ready()
    for i in range(int(rounds)):
        for msg in (
            Incoming("race", "shared", "shared", "/dem"),
            Incoming("race", "shared", "shared", "/plan gia-lai-2023" if i % 2 else "/plan kon-tum-2024"),
            Incoming("race", "shared", "shared", "kinh phí an toàn thông tin"),
            Incoming("race", f"new{i}", f"new{i}", "/dem"),
        ):
            turns += 1
            apologies += sum(r.text == apology for r in core.handle(msg))
    db.dispose()
    print(json.dumps({"apologies": apologies, "turns": turns}))


def collect(url: str, files: str, user: str, each: str, *entries: str) -> None:
    settings = Settings()
    settings.database.url, settings.files.folder, settings.bot.plan = url, files, "gia-lai-2023"
    core = build_core(settings, migrate=False)
    apology = core.renderer.reply("error").text
    person = User(core, user=user)
    apologies, saved, unexpected = 0, [], []
    base = 100 * int(user.removeprefix("u"))  # u1 types 100, 101…; u2 200, 201…: every value says who sent it
    ready()
    for i in range(int(each)):
        for entry in entries:
            code, name = entry.split("=")
            answers = [person.say(f"/nhap {code}"), person.say(f"{name}={base + i}"), person.press("Xác nhận")]
            answer = person.text()
            found = SAVED.search(answer)
            if found and found.group(1) == code:
                saved.append([code, base + i, int(found.group(2))])
            else:
                unexpected.append(answer)
            answers.append(person.say("bỏ qua"))
            apologies += sum(r.text == apology for replies in answers for r in replies)
    core.db.dispose()
    print(json.dumps({"apologies": apologies, "saved": saved, "unexpected": unexpected}, ensure_ascii=False))


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"hammer": hammer, "collect": collect}[mode](*args)
