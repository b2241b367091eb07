"""The console channel: a chat in the terminal on the embedded default (SQLite file, bundled knowledge base).

Like every channel it only translates: a typed line becomes an ``Incoming``, replies are printed with their
choices numbered (the user answers with the number, which the core maps to the choice) and the paths of their
files under them.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable

from bot.channels.bridge import channel_text
from bot.core.app import Core
from bot.core.messages import Incoming, Reply, numbered_text

EXIT_WORDS = frozenset({"/exit", "/quit", "exit", "quit", "thoat", "thoát"})


def console_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "console"


def chat_loop(core: Core, lines: Iterable[str], write: Callable[[str], None], *, user: str | None = None,
              plan: str | None = None) -> None:
    """Feed each line to the core and write the replies. Stops at end of input or an exit word."""
    who = user or console_user()
    if plan:
        _send(core, who, f"/plan {plan}", write, quiet=True)
    _send(core, who, "/start", write)
    for line in lines:
        text = line.strip()
        if text.lower() in EXIT_WORDS:
            write("Tạm biệt!")
            return
        if text:
            _send(core, who, text, write)


def _send(core: Core, who: str, text: str, write: Callable[[str], None], *, quiet: bool = False) -> None:
    replies = core.handle(Incoming(channel="console", chat_id=who, user_id=who, text=text, user_name=""))
    if quiet:
        return
    for reply in replies:
        write(shown(reply) + "\n")


def shown(reply: Reply) -> str:
    """The reply as the console prints it: its text with numbered choices, then one line per file."""
    lines = [channel_text("file_path", name=f.name, path=f.path) for f in reply.files]
    return "\n".join([numbered_text(reply), *lines]) if lines else numbered_text(reply)
