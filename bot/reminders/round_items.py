"""What units owe in the open collection rounds, as the planner's ``OwedItem``s.

Each open round of a plan asks its indicators of the units the collection service names (``duties``: lead units,
or the member units of a group unit). A unit's part counts as done once its latest version is ``submitted`` or
``approved`` (``values.COUNTED``); a returned or draft part is still owed. The due date is the round's own: given
when it was opened, or the survey letter's date + 15 days for the commune plan (``rounds.due_from_letter``, stored
in ``rounds.due``), so the planner never counts it a second time.

A counted part whose latest version has no evidence file yet (``values.lacking_evidence``) is owed once more, as
an evidence item (``OwedItem.evidence``) due on the round's evidence deadline (``RoundInfo.evidence_due``); it
drops out as soon as a file is linked to that version.

Read per plan in one pass (one duties computation per round, one query of the parts), not per unit: a province
has hundreds of member units.

A round that cannot be read (a row written around the checks: a due date in year 1, indicators that are not codes)
is left out with one warning (``skips``), so that the plan's other rounds, and every other plan, are still
reminded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Round, RoundValue
from bot.reminders.policy import OwedItem
from bot.reminders.skips import skipped
from bot.services.duties import duties
from bot.services.rounds import RoundInfo, check_stored
from bot.services.values import COUNTED, lacking_evidence


def _name(kb: Any, plan_id: str, code: str) -> str:
    indicator = kb.indicator(kb.plans[plan_id].framework, code.split("#")[0])
    return indicator.name if indicator is not None else ""


def open_round_items(session: Session, kb: Any, plan_id: str, today: date) -> Mapping[int, Sequence[OwedItem]]:
    """Unit id → the indicators it is asked in the plan's open rounds, each with the round's due date and
    ``submitted`` set when its part is in (the policy reminds only of the others); and, for each part in whose
    evidence files are not, an evidence item due on the round's evidence deadline."""
    out: dict[int, list[OwedItem]] = defaultdict(list)
    rounds = session.scalars(select(Round).where(Round.plan_id == plan_id, Round.state == "open")
                             .order_by(Round.due, Round.id)).all()
    for row in rounds:
        round_id = row.id
        try:
            with session.begin_nested():  # on PostgreSQL a failed statement would spoil the rest of the transaction
                items = _round_items(session, kb, plan_id, RoundInfo.of(row), today)
        except Exception as exc:  # one bad round: left out, the others go on
            skipped(f"round:{round_id}", f"đợt thu thập số {round_id} của kế hoạch {plan_id}", exc)
            continue
        for unit_id, owed in items:
            out[unit_id].append(owed)
    return out


def _round_items(session: Session, kb: Any, plan_id: str, info: RoundInfo, today: date) -> list[tuple[int, OwedItem]]:
    check_stored(info, today)
    done = {(indicator, unit_id) for indicator, unit_id in session.execute(
        select(RoundValue.indicator, RoundValue.unit_id)
        .where(RoundValue.round_id == info.id, RoundValue.state.in_(COUNTED)))}
    bare = {(indicator, unit_id) for unit_id, indicator in lacking_evidence(session, info.id)}
    out: list[tuple[int, OwedItem]] = []
    for duty in duties(session, kb, plan_id, info.indicators):
        name, part = _name(kb, plan_id, duty.indicator), (duty.indicator, duty.unit_id)
        out.append((duty.unit_id, OwedItem(duty.indicator, info.due, name, submitted=part in done)))
        if part in bare:
            out.append((duty.unit_id, OwedItem(duty.indicator, info.evidence_due, name, evidence=True)))
    return out
