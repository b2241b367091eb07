"""Putting the bot together: the core with every capability's router, on the configured database.

This is the one place that joins ``bot.core`` (which knows no capability) and ``bot.handlers`` (the ordered list
of capabilities); channels, the CLI and tests build their core here.
"""

from __future__ import annotations

from bot.config import Settings
from bot.core.app import Core
from bot.core.services import Clock, make_services, system_clock
from bot.db.session import Database
from bot.handlers import routers


def build_core(settings: Settings, *, migrate: bool = True, clock: Clock = system_clock) -> Core:
    """Open the database (applying migrations), load the knowledge base with the imported plans, and route to
    every handler. Plans imported later (``dti-bot import-plan --apply`` while the bot runs) are taken in at the
    start of a turn (and by ``core.refresh``), the table checked at most every ``plan_import.CHECK_SECONDS``."""
    from bot.channels.traits import channel_traits
    from bot.services.plan_import import ImportedPlans
    from bot.services.round_caches import clear_round_caches

    db = Database(settings.database.url)
    if migrate:
        db.upgrade()
    services = make_services(settings, clock)
    services.channels.update(channel_traits(settings))

    def forget(plan_ids: list[str]) -> None:  # what was built from plans imported again or removed
        services.searcher.forget(plan_ids)
        clear_round_caches()  # rounds' scores, duties and summaries cached with the plan's former assignments

    plans = ImportedPlans(services.kb, forget)
    with db.session() as session:
        plans.refresh(session, force=True)
    return Core(services, db, routers(), before_turn=[plans.refresh])


def install_imported_plans(db: Database) -> None:
    """Plans imported from files (``dti-bot import-plan --apply``) join the bundled knowledge base, which
    ``make_services`` and every service then use (the CLI's commands, which run once)."""
    from bot.services.plan_import import install
    from knowledge.store import load_knowledge

    with db.session() as session:
        install(session, load_knowledge())
