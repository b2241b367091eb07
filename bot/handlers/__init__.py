"""Every capability of the bot, one module each, in the order the core consults them.

This list is the only place that knows the capabilities: each module declares its commands, button payloads,
flow states and free-text handling on its own ``Router``. Order matters where two could answer the same thing:
free text goes to the first text handler that takes it, so the question search (which takes everything) is last.

The modules are named here and imported by ``routers()``, not when this package is: a command that needs one
capability (``dti-bot ask`` answers through ``search`` alone) then does not load the database layer, the xlsx
reader and the charts that the others bring (issue 20). Importing ``bot.handlers.search`` stays cheap.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.router import Router

MODULES: tuple[str, ...] = (
    "start",
    "plan",
    "register",
    "officials",
    "collect",
    "opening",
    "progress",
    "exceptions",
    "evidence",
    "evidence_view",
    "tasks",
    "difficulties",
    "forms",
    "files",
    "reminders",
    "scores",
    "reports",
    "package",
    "periodic",
    "web",
    "courtesy",
    "search",
)


@cache
def routers() -> tuple[Router, ...]:
    """Every capability's router in the order above, imported on first use (then kept)."""
    return tuple(importlib.import_module(f"{__name__}.{name}").router for name in MODULES)
