"""The typed arguments that several capabilities' buttons share (see ``bot.core.args``): a round, a unit and a
plan named by id, each loaded for the handler, so that a button naming one that does not exist is answered as an
expired choice by the core before any handler runs."""

from __future__ import annotations

from bot.core.args import Id, Key
from bot.core.turn import Turn
from bot.services import rounds as round_service
from bot.services.units import UnitInfo, unit_by_id


def _round(turn: Turn, round_id: int) -> round_service.RoundInfo | None:
    try:
        return round_service.get_round(turn.session, round_id)
    except round_service.RoundMissing:
        return None


def _unit(turn: Turn, unit_id: int) -> UnitInfo | None:
    return unit_by_id(turn.session, unit_id)


def _plan(turn: Turn, plan_id: str) -> str | None:
    return plan_id if plan_id in turn.services.kb.plans else None


ROUND = Id.naming(_round)  # a RoundInfo
UNIT = Id.naming(_unit)  # a UnitInfo
PLAN = Key.naming(_plan)  # a plan id the knowledge base knows
