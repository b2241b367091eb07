"""What the charts and the Excel report show, from a round's status: pillar bars (with the plan province's
published record as the previous year), completeness by unit, an indicator over the plan's rounds, and the rows
of the report workbook. Plain data in, the drawing and writing are ``bot.reports``'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from itertools import chain
from itertools import count as numbering
from typing import Any

from sqlalchemy import Integer, String, Text, and_, case, cast, column, func, select, text, values
from sqlalchemy.orm import Session

from bot.db.models import EvidenceFile, Official, RoundValue, Unit, ValueVersion
from bot.reports.charts import Bar, Progress
from bot.reports.export import STATE_LABELS, EvidenceRow, IndicatorRow, PartRow, UnitRow, inputs_text, write_report
from bot.services.duties import input_choices, plan_book, shown_inputs
from bot.services.rounds import RoundInfo, aware
from bot.services.scores import cached_status, references
from bot.services.status import RoundStatus


def own_record_label(kb: Any, plan_id: str) -> str:
    """"Gia Lai 2022" for the Gia Lai plan: the published record of the plan's own province, or ""."""
    own = [r for r in references(kb, plan_id, "") if r.own]
    return own[0].label if own else ""


def pillar_bars(kb: Any, status: RoundStatus) -> list[Bar]:
    """One bar per pillar with points: the score now, its maximum, and the plan province's published score where
    known."""
    plan_id = status.round.plan
    framework = kb.frameworks[kb.plan(plan_id).framework]
    names = {i.code: i.name for i in framework.indicators}
    bars = []
    for p in status.pillars:
        if not p.max:  # a pillar without points (Kon Tum's "9. Đô thị thông minh 0 / 0") says nothing
            continue
        previous = next((r.score for r in references(kb, plan_id, p.code) if r.own), None)
        bars.append(Bar(f"{p.code}. {names.get(p.code, '')}", p.score, p.max, previous))
    return bars


PROGRESS_BARS = 15  # a province has thousands of units: the chart shows the furthest behind


def progress(status: RoundStatus, limit: int = PROGRESS_BARS) -> list[Progress]:
    """Units' owed, submitted and late counts, the furthest behind first, at most ``limit`` of them."""
    rows = [Progress(u.name, u.owed, u.submitted, u.late) for u in status.units if u.owed]
    return sorted(rows, key=lambda p: (p.submitted / p.owed, p.unit))[:limit]


def report(session: Session, kb: Any, info: RoundInfo, tz: tzinfo = UTC) -> bytes:
    """The round's workbook: indicators, parts per unit and version, completeness per unit, evidence; times in
    ``tz`` (the bot's time zone).

    The scores, sums and counts come from the cached status (no parts). The parts (a province's round has a
    hundred thousand versions) are read in the order they are written, by the round's indicator order, unit name
    and version, and written as they come: none is kept once its row is written (issue 20: the whole list sorted
    in Python took 130 MB)."""
    status = cached_status(session, kb, info)
    late = late_indicators(session, info.id)
    state = STATE_LABELS.get
    book = plan_book(kb, info.plan)
    indicators = []
    for ind in status.indicators:
        a = kb.assignment(info.plan, ind.code)
        indicators.append(IndicatorRow(ind.code, ind.name, ind.code.split(".")[0], ind.max, ind.score,
                                       shown_inputs(input_choices(book, ind.code), ind.inputs),
                                       a.lead_text if a else "", state(ind.state, ind.state), ind.code in late))
    units = [UnitRow(u.name, u.owed, u.submitted, u.late) for u in status.units]
    evidence = [e._replace(at=_local(e.at, tz)) for e in evidence_rows(session, info.id)]
    count, rows = versions_in_order(session, info)
    return write_report(indicators, _part_rows(rows, book, tz), units, evidence, parts_count=count)


def _version_columns() -> tuple[Any, ...]:
    """A version's columns as the parts sheet reads them: indicator, unit id, inputs as their JSON text, the
    version's state, number, who, when, late, whether it is the part's latest (the one that counts), the unit's
    note, the focal point's comment, whether it was entered on the unit's behalf."""
    return (RoundValue.indicator, RoundValue.unit_id, cast(ValueVersion.inputs, Text), ValueVersion.state,
            ValueVersion.number, Official.name, ValueVersion.created_at, ValueVersion.late,
            ValueVersion.id == RoundValue.latest_id, ValueVersion.note, ValueVersion.comment,
            ValueVersion.on_behalf)


def every_version(session: Session, round_id: int) -> list[Any]:
    """Every version of every part of the round, as plain rows in no order (``_version_columns``)."""
    query = (
        select(*_version_columns())
        .join(RoundValue, RoundValue.id == ValueVersion.value_id)
        .outerjoin(Official, Official.id == ValueVersion.official_id)
        .where(RoundValue.round_id == round_id)
    )
    return list(session.connection().execute(query).all())


STREAM_ROWS = 2000  # rows fetched at a time while the parts are written
_CURSORS = numbering(1)  # numbers the export's server-side cursors
SORT_MEMORY = "64MB"  # PostgreSQL's memory for the export's sort (its default, 4 MB, sorts on disk)


def versions_in_order(session: Session, info: RoundInfo) -> tuple[int, Iterator[Any]]:
    """How many versions the round has, and the versions as they are fetched (``_version_columns`` then the unit's
    name), ordered by the database: the round's indicator order (codes it no longer lists last), the unit's name
    (a unit no longer of the plan first, with no name), version number. Names compare by code point on both
    databases (PostgreSQL's "C" collation; SQLite's default), as Python sorts them.

    The count comes with the rows (a window over the same statement), so it cannot disagree with them when a
    value is entered during the export; PostgreSQL streams from a server-side cursor."""
    postgres = session.get_bind().dialect.name == "postgresql"
    name = Unit.name.collate("C") if postgres else Unit.name
    order: list[Any] = [Unit.name.is_not(None), name, RoundValue.unit_id, ValueVersion.number, ValueVersion.id]
    query = (
        select(*_version_columns(), Unit.name, func.count().over())
        .join(RoundValue, RoundValue.id == ValueVersion.value_id)
        .outerjoin(Official, Official.id == ValueVersion.official_id)
        .outerjoin(Unit, and_(Unit.id == RoundValue.unit_id, Unit.plan_id == info.plan))
        .where(RoundValue.round_id == info.id)
    )
    if info.indicators and postgres:
        # the indicators' places joined as a table: a CASE of a hundred codes, tried one by one for each of a
        # hundred thousand rows, was a quarter of the statement's time
        places = values(column("code", String), column("place", Integer), name="round_order").data(
            [(code, n) for n, code in enumerate(info.indicators)])
        query = query.outerjoin(places, places.c.code == RoundValue.indicator)
        order.insert(0, func.coalesce(places.c.place, len(info.indicators)))
    elif info.indicators:  # SQLite names no columns of a VALUES list
        order.insert(0, case({code: n for n, code in enumerate(info.indicators)}, value=RoundValue.indicator,
                             else_=len(info.indicators)))
    query = query.order_by(*order)
    batches: Iterator[Sequence[Any]]
    if postgres:  # the sort and the count in the server's memory rather than in temporary files (3× faster)
        session.execute(text(f"SET LOCAL work_mem = '{SORT_MEMORY}'"))
        batches = _server_cursor_batches(session, query)
    else:
        # an option of this statement only (``Connection.execution_options`` would set it for the rest of the turn)
        batches = session.connection().execute(query.execution_options(yield_per=STREAM_ROWS)).partitions()
    first = next(batches, None)
    if not first:
        return 0, iter(())
    return int(first[0][-1]), chain.from_iterable(chain((first,), batches))


def _server_cursor_batches(session: Session, query: Any) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``query`` from a PostgreSQL server-side cursor of the driver, ``STREAM_ROWS`` at a time.

    Not SQLAlchemy's streamed result: its per-row machinery took 0.4 s of the 10 000-unit export's 4.5 (issue
    20: the streamed export must stay within 10 % of the time of the former, which read a buffered result). The
    columns need none of its conversions: psycopg returns the same values (times with their zone: ``_local``
    takes any)."""
    compiled = query.compile(dialect=session.get_bind().dialect)
    driver: Any = session.connection().connection.driver_connection  # psycopg's connection
    with driver.cursor(name=f"dti_export_{next(_CURSORS)}") as cursor:  # unique: an unfinished one lives on
        cursor.execute(str(compiled), compiled.params)
        while batch := cursor.fetchmany(STREAM_ROWS):
            yield batch


def late_indicators(session: Session, round_id: int) -> set[str]:
    """The indicators of the round with a part whose counting version was late."""
    query = (
        select(RoundValue.indicator).distinct()
        .join(ValueVersion, ValueVersion.id == RoundValue.latest_id)
        .where(RoundValue.round_id == round_id, ValueVersion.late.is_(True))
    )
    return set(session.scalars(query))


TEXTS_KEPT = 50_000  # distinct inputs texts remembered while the parts are written


def _part_rows(found: Iterable[Any], book: Any, tz: tzinfo) -> Iterator[PartRow]:
    """The versions' rows, made as the workbook is written (a hundred thousand: none kept longer than needed);
    each distinct inputs text of an indicator parsed and written once, choices by their option's text."""
    texts: dict[tuple[str, str | None], str] = {}
    choices: dict[str, Mapping[str, Any]] = {}
    state = STATE_LABELS.get
    for code, _, raw, s, version, by, at, late, current, note, comment, behalf, unit, _ in found:
        text = texts.get((code, raw))
        if text is None:
            if code not in choices:
                choices[code] = input_choices(book, code)
            text = inputs_text(shown_inputs(choices[code], json.loads(raw))) if raw else ""
            if len(texts) < TEXTS_KEPT:
                texts[(code, raw)] = text
        remarks = _remarks(note, comment) if note or comment else ""
        yield PartRow(code, unit or "", version, text, state(s, s), by or "", _local(at, tz), late,
                      bool(current), remarks, (by or "có") if behalf else "")


def _remarks(note: str, comment: str) -> str:
    """"Đơn vị: …; Đầu mối: …": the unit's note on a far-off value and the focal point's return comment."""
    return "; ".join(f"{who}: {said}" for who, said in (("Đơn vị", note), ("Đầu mối", comment)) if said)


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    """The time as the focal point reads it: in the bot's time zone, without the offset (Excel has none)."""
    return aware(moment).astimezone(tz).replace(tzinfo=None) if moment is not None else None


def evidence_rows(session: Session, round_id: int) -> list[EvidenceRow]:
    query = (
        select(RoundValue.indicator, Unit.name, ValueVersion.number, EvidenceFile.name, Official.name,
               EvidenceFile.created_at, EvidenceFile.url)
        .join(ValueVersion, ValueVersion.id == EvidenceFile.version_id)
        .join(RoundValue, RoundValue.id == ValueVersion.value_id)
        .join(Unit, Unit.id == RoundValue.unit_id)
        .outerjoin(Official, Official.id == EvidenceFile.official_id)
        .where(RoundValue.round_id == round_id)
        .order_by(RoundValue.indicator, Unit.name, ValueVersion.number, EvidenceFile.id)
    )
    return [EvidenceRow(c, u, n, f, by or "", at, url or "") for c, u, n, f, by, at, url in session.execute(query)]
