"""Putting the bot together: the core with every capability's router, on the configured database.

This is the one place that joins ``bot.core`` (which knows no capability) and ``bot.handlers`` (the ordered list
of capabilities); channels, the CLI and tests build their core here.
"""

from __future__ import annotations

from bot.config import Settings
from bot.core.app import Core
from bot.core.services import Clock, make_services, system_clock
from bot.db.session import Database
from bot.handlers import ROUTERS


def build_core(settings: Settings, *, migrate: bool = True, clock: Clock = system_clock) -> Core:
    """Open the database (applying migrations), load the knowledge base, and route to every handler."""
    db = Database(settings.database.url)
    if migrate:
        db.upgrade()
        install_imported_plans(db)
    return Core(make_services(settings, clock), db, ROUTERS)


def install_imported_plans(db: Database) -> None:
    """Plans imported from files (``dti-bot import-plan --apply``) join the bundled knowledge base, which
    ``make_services`` and every service then use."""
    from bot.services.plan_import import install
    from knowledge.store import load_knowledge

    with db.session() as session:
        install(session, load_knowledge())
