"""Every capability of the bot, one module each, in the order the core consults them.

This list is the only place that knows the capabilities: each module declares its commands, button payloads,
flow states and free-text handling on its own ``Router``. Order matters where two could answer the same thing:
free text goes to the first text handler that takes it, so the question search (which takes everything) is last.
"""

from __future__ import annotations

from bot.core.router import Router
from bot.handlers import (
    collect,
    difficulties,
    evidence,
    evidence_view,
    exceptions,
    files,
    forms,
    officials,
    opening,
    package,
    periodic,
    plan,
    progress,
    register,
    reminders,
    reports,
    scores,
    search,
    start,
    tasks,
    web,
)

ROUTERS: list[Router] = [
    start.router,
    plan.router,
    register.router,
    officials.router,
    collect.router,
    opening.router,
    progress.router,
    exceptions.router,
    evidence.router,
    evidence_view.router,
    tasks.router,
    difficulties.router,
    forms.router,
    files.router,
    reminders.router,
    scores.router,
    reports.router,
    package.router,
    periodic.router,
    web.router,
    search.router,
]
