"""The round's export as it was before issue 20: every version loaded, then sorted in Python. Kept as the
reference the streamed export is compared with (``tests/test_export_stream.py``, cell by cell) and measured beside
(``bench_export.py --former``); it imports only what the export itself does."""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import Any

from sqlalchemy import select

from bot.db.models import Unit
from bot.reports.export import IndicatorRow, UnitRow, write_report
from bot.services import reports, scores
from bot.services.duties import input_choices, plan_book, shown_inputs
from bot.services.reports import _local, _part_rows, every_version, evidence_rows
from bot.services.rounds import RoundInfo


def former_report(s: Any, kb: Any, info: RoundInfo, tz: tzinfo = UTC) -> bytes:
    """The export as it was before issue 20: every version loaded, sorted in Python by the round's indicator
    order, the unit's rank by name, the version number; times in ``tz`` (as ``reports.report``, which the bot
    and ``dti-bot export`` give the bot's time zone)."""
    status = scores.cached_status(s, kb, info)
    names = dict(s.execute(select(Unit.id, Unit.name).where(Unit.plan_id == info.plan)).all())
    rank = {uid: n for n, uid in enumerate(sorted(names, key=names.__getitem__))}
    order = {code: n * len(rank) for n, code in enumerate(info.indicators)}
    found = every_version(s, info.id)
    found.sort(key=lambda r: (order.get(r[0], len(order) * len(rank)) + rank.get(r[1], 0), r[4]))
    late = {r[0] for r in found if r[7] and r[8]}
    book = plan_book(kb, info.plan)
    indicators = [IndicatorRow(i.code, i.name, i.code.split(".")[0], i.max, i.score,
                               shown_inputs(input_choices(book, i.code), i.inputs),
                               (a.lead_text if (a := kb.assignment(info.plan, i.code)) else ""),
                               reports.STATE_LABELS.get(i.state, i.state), i.code in late)
                  for i in status.indicators]
    units = [UnitRow(u.name, u.owed, u.submitted, u.late) for u in status.units]
    evidence = [e._replace(at=_local(e.at, tz)) for e in evidence_rows(s, info.id)]
    rows = [(*r, names.get(r[1]), len(found)) for r in found]
    return write_report(indicators, _part_rows(rows, book, tz), units, evidence, parts_count=len(found))
