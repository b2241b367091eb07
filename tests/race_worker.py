"""One bot process of the race test: a core on the given database hammering one shared user (a counter that must
not lose an increment, and questions that rewrite the same conversation) and the first messages of new users that
every worker sends at the same time. Prints ``{"apologies": N, "turns": M}``."""

from __future__ import annotations

import json
import sys

from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming, Reply
from bot.core.router import Router
from bot.core.services import make_services
from bot.core.turn import Turn
from bot.db.session import Database
from bot.handlers import ROUTERS

counter = Router("counter")


@counter.command("dem", "Đếm")
def count(turn: Turn) -> list[Reply]:
    turn.state.data["count"] = int(turn.state.data.get("count", 0)) + 1
    return [turn.reply_text(str(turn.state.data["count"]))]


def main(url: str, rounds: int) -> None:
    settings = Settings()
    settings.database.url = url
    db = Database(url)
    core = Core(make_services(settings), db, [counter, *ROUTERS])
    apology = core.renderer.reply("error").text
    apologies = turns = 0
    for i in range(rounds):
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


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
