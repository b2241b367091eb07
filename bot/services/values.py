"""A unit's values in a round: every entry a new version (never an overwrite, the latest counts), late when
after the due date, locked after the round closes unless an exception is granted, locked once approved;
returned to the unit with a comment.

The unit's part of an indicator is one ``round_values`` row, locked (``SELECT … FOR UPDATE``; SQLite serialises
writers) while a version is added, so two sessions entering for the same unit at once number their versions in
turn and neither entry is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from functools import cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from bot.db.models import EvidenceFile, RoundValue, ValueInput, ValueVersion, utcnow
from bot.db.upsert import dialect_insert
from bot.services.checks import COUNTED as COUNTED  # states whose values count (defined with the checks)
from bot.services.checks import Check, check_unit_entry, entry_read  # one implementation: /nhap, /mau, submit
from bot.services.duties import Duty, plan_book, unit_duties
from bot.services.officials import has_membership
from bot.services.rounds import RoundError, RoundInfo, RoundMissing, has_exception
from scoring.model import Result

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class NeedsConfirmation(Exception):
    """The entry has ``confirm`` checks and was not confirmed with a comment."""

    def __init__(self, checks: list[Check]) -> None:
        super().__init__("; ".join(c.message for c in checks))
        self.checks = checks


class InvalidEntry(Exception):
    """The entry has ``error`` checks: nothing saved."""

    def __init__(self, checks: list[Check]) -> None:
        super().__init__("; ".join(c.message for c in checks))
        self.checks = checks


@dataclass(frozen=True)
class Version:
    id: int
    number: int
    indicator: str
    unit_id: int
    inputs: dict[str, Any]
    score: float | None
    state: str
    late: bool
    official_id: int | None
    channel: str
    created_at: datetime
    comment: str = ""
    note: str = ""
    on_behalf: bool = False

    @classmethod
    def of(cls, row: ValueVersion, slot: RoundValue) -> Version:
        return cls.of_part(row, slot.indicator, slot.unit_id)

    @classmethod
    def of_part(cls, row: ValueVersion, indicator: str, unit_id: int) -> Version:
        return cls(row.id, row.number, indicator, unit_id, dict(row.inputs), row.score, row.state,
                   row.late, row.official_id, row.channel, row.created_at, row.comment, row.note,
                   bool(row.on_behalf))


def unit_duty(session: Session, kb: Any, info: RoundInfo, unit_id: int, indicator: str) -> Duty:
    """What this unit owes for this indicator in this round, or a refusal saying it owes nothing there."""
    if indicator not in info.indicators:
        raise RoundError("indicator", f"Đợt thu thập {info.period} không thu chỉ số {indicator}.")
    for duty in unit_duties(session, kb, info.plan, [indicator], unit_id):
        return duty
    raise RoundError("not_owed", f"Đơn vị này không được giao nhập số liệu chỉ số {indicator}.")


def editable_duty(session: Session, kb: Any, info: RoundInfo, unit_id: int, indicator: str,
                  state: str | None = None) -> Duty:
    """``unit_duty``, refused too when the unit's part is approved: said when an entry starts (``/nhap 6.22``, a
    /mau row), before anyone types an input that ``submit`` would refuse anyway. ``state``: the part's, when the
    caller read it in this turn (/nhap's list); else read here."""
    duty = unit_duty(session, kb, info, unit_id, indicator)
    if state is None:
        state = session.scalar(select(RoundValue.state).where(
            RoundValue.round_id == info.id, RoundValue.indicator == indicator, RoundValue.unit_id == unit_id))
    if state == "approved":
        raise _approved(indicator)
    return duty


def _approved(indicator: str) -> RoundError:
    return RoundError("approved", f"Số liệu chỉ số {indicator} của đơn vị đã được duyệt: không sửa được nữa.")


@dataclass(frozen=True)
class _Part:
    """The part's row as ``_slot`` returns it: its id, how many versions it has, the latest one's state."""

    id: int
    version: int
    state: str


def _slot(session: Session, round_id: int, indicator: str, unit_id: int) -> _Part:
    """The part's row, created if absent and locked, in one statement: ``INSERT … ON CONFLICT DO UPDATE`` (a
    no-op update) ``RETURNING`` the row. Two first entries cannot collide; on PostgreSQL the update locks the
    row as ``SELECT … FOR UPDATE`` would and returns its newest committed version (SQLite serialises writers).
    Plain SQL on the table, prepared once (the ORM's bulk path compiles its statement anew each time)."""
    found = session.execute(_upsert(dialect_insert(session)), {
        "round_id": round_id, "indicator": indicator, "unit_id": unit_id, "updated_at": utcnow()}).one()
    return _Part(*found)


_PARTS = cast(Table, RoundValue.__table__)


@cache
def _upsert(insert: Any) -> Any:
    """``_slot``'s statement for a dialect's ``insert``, built once."""
    return (insert(_PARTS)
            .values(round_id=bindparam("round_id"), indicator=bindparam("indicator"), unit_id=bindparam("unit_id"),
                    version=0, state="empty", late=False, updated_at=bindparam("updated_at"))
            .on_conflict_do_update(index_elements=["round_id", "indicator", "unit_id"],
                                   set_={"version": _PARTS.c.version})
            .returning(_PARTS.c.id, _PARTS.c.version, _PARTS.c.state))


@cache
def _point() -> Any:
    """The part's row pointed at its new latest version (built once)."""
    return (update(_PARTS).where(_PARTS.c.id == bindparam("part"))
            .values(version=bindparam("version"), latest_id=bindparam("latest_id"), state=bindparam("state"),
                    late=bindparam("late"), updated_at=bindparam("updated_at")))


def _latest(session: Session, slot: RoundValue) -> ValueVersion | None:
    return session.get(ValueVersion, slot.latest_id) if slot.latest_id is not None else None


def submit(
    session: Session,
    kb: Any,
    round_id: int,
    unit_id: int,
    indicator: str,
    raw: Mapping[str, float | int | str],
    *,
    now: datetime,
    official_id: int | None = None,
    channel: str = "",
    message: str = "",
    note: str = "",
    draft: bool = False,
    tz: tzinfo = VN,
) -> Version:
    """Add a version of this unit's part. Refused (nothing saved) when an input is wrong, when a far-off value
    is not confirmed with ``note``, when the part is approved, or when the round is closed and the unit has no
    exception. A submitted (not draft) entry must give every input the unit owes. An official who is not the
    unit's (a focal point, an admin: permissions are the caller's) enters on its behalf: the version says so."""
    found = entry_read(session, round_id, unit_id, indicator, lock=True)  # the round cannot close meanwhile
    if found is None:
        raise RoundMissing("missing", f"Không có đợt thu thập số {round_id}.")
    info, references = found
    duty = unit_duty(session, kb, info, unit_id, indicator)
    if info.state != "open" and not has_exception(session, round_id, unit_id, indicator, now):
        raise RoundError("closed", f"Đợt thu thập {info.period} đã đóng: không nhập thêm được, trừ khi đầu mối "
                                   "cho phép ngoại lệ.")
    checked = check_unit_entry(session, kb, info, duty, raw, references)
    if checked.errors:
        raise InvalidEntry(checked.errors)
    if checked.confirms and not note.strip():
        raise NeedsConfirmation(checked.confirms)
    missing = [n for n in duty.inputs if n not in checked.values]
    if missing and not draft:
        raise RoundError("missing_inputs", f"Còn thiếu đầu vào {', '.join(missing)} của chỉ số {indicator}.")
    slot = _slot(session, round_id, indicator, unit_id)
    if slot.state == "approved":
        raise _approved(indicator)
    score = None
    rule = plan_book(kb, info.plan).rule(indicator)
    if not missing and rule is not None and set(duty.inputs) >= set(rule.method.numbers()):
        outcome = plan_book(kb, info.plan).score(indicator, checked.values)
        score = outcome.score if isinstance(outcome, Result) else None
    late = now.astimezone(tz).date() > info.due
    version = Version(0, slot.version + 1, indicator, unit_id, dict(checked.values), score,
                      "draft" if draft else "submitted", late, official_id, channel, now, "", note,
                      official_id is not None and not has_membership(session, official_id, unit_id))
    return _save(session, slot.id, version, message)


_VERSIONS = cast(Table, ValueVersion.__table__)
_INPUTS = cast(Table, ValueInput.__table__)


@cache
def _add_version() -> Any:
    return (_VERSIONS.insert().values(**{c: bindparam(c) for c in (
        "value_id", "number", "inputs", "score", "channel", "official_id", "message", "note", "on_behalf", "late",
        "state", "comment", "created_at")}).returning(_VERSIONS.c.id))


def _save(session: Session, part: int, version: Version, message: str) -> Version:
    """Write the version, its input rows (one row per input: the database adds the parts up) and the part's
    pointer to it: three prepared statements on the tables, no ORM unit of work (a save is a quarter of what
    one entry's messages cost). A row of the part this session loaded before is read again when next used."""
    new_id = session.execute(_add_version(), {
        "value_id": part, "number": version.number, "inputs": version.inputs, "score": version.score,
        "channel": version.channel, "official_id": version.official_id, "message": message, "note": version.note,
        "on_behalf": version.on_behalf, "late": version.late, "state": version.state, "comment": "",
        "created_at": version.created_at}).scalar_one()
    if version.inputs:
        session.execute(_INPUTS.insert(), [
            {"version_id": new_id, "name": name, "number": value if isinstance(value, float) else None,
             "answer": None if isinstance(value, float) else str(value)} for name, value in version.inputs.items()])
    session.execute(_point(), {"part": part, "version": version.number, "latest_id": new_id, "state": version.state,
                               "late": version.late, "updated_at": version.created_at})
    loaded = session.identity_map.get(session.identity_key(RoundValue, part))
    if loaded is not None:
        session.expire(loaded)
    return replace(version, id=new_id)


def _review(session: Session, round_id: int, unit_id: int, indicator: str) -> tuple[RoundValue, ValueVersion]:
    slot = session.scalars(
        select(RoundValue)
        .where(RoundValue.round_id == round_id, RoundValue.indicator == indicator, RoundValue.unit_id == unit_id)
        .with_for_update()
    ).first()
    latest = _latest(session, slot) if slot is not None else None
    if slot is None or latest is None:
        raise RoundError("empty", f"Đơn vị chưa nhập số liệu chỉ số {indicator}.")
    if latest.state != "submitted":
        names = {"draft": "mới là bản nháp", "returned": "đã bị trả lại", "approved": "đã được duyệt"}
        raise RoundError(latest.state, f"Số liệu chỉ số {indicator} {names.get(latest.state, latest.state)}.")
    return slot, latest


def return_value(session: Session, round_id: int, unit_id: int, indicator: str, comment: str, *, by: int | None,
                 now: datetime) -> Version:
    """Send the latest submitted version back to its unit with a comment (the handler notifies the unit)."""
    if not comment.strip():
        raise RoundError("comment", "Khi trả lại số liệu cần ghi rõ lý do để đơn vị sửa.")
    slot, latest = _review(session, round_id, unit_id, indicator)
    latest.state, latest.comment, latest.reviewed_by, latest.reviewed_at = "returned", comment.strip(), by, now
    slot.state, slot.updated_at = "returned", now
    session.flush()
    return Version.of(latest, slot)


def approve(session: Session, round_id: int, unit_id: int, indicator: str, *, by: int | None,
            now: datetime) -> Version:
    """Approve the latest submitted version: the part is locked from now on."""
    slot, latest = _review(session, round_id, unit_id, indicator)
    latest.state, latest.reviewed_by, latest.reviewed_at = "approved", by, now
    slot.state, slot.updated_at = "approved", now
    session.flush()
    return Version.of(latest, slot)


def history(session: Session, round_id: int, unit_id: int, indicator: str) -> list[Version]:
    """Every version of a unit's part, oldest first."""
    rows = session.execute(
        select(ValueVersion, RoundValue)
        .join(RoundValue, RoundValue.id == ValueVersion.value_id)
        .where(RoundValue.round_id == round_id, RoundValue.indicator == indicator, RoundValue.unit_id == unit_id)
        .order_by(ValueVersion.number)
    ).all()
    return [Version.of(v, s) for v, s in rows]


def add_evidence(session: Session, version_id: int, *, path: str, sha256: str, name: str, mime: str,
                 size: int = 0, official_id: int | None = None, now: datetime | None = None) -> int:
    """Link a stored file (the core's file store: ``FileRef``) to a value version, at ``now`` (the bot's clock,
    as values are: under ``--now`` both tell the same time; default the real time)."""
    if session.get(ValueVersion, version_id) is None:
        raise RoundMissing("missing", f"Không có phiên bản số liệu {version_id}.")
    row = EvidenceFile(version_id=version_id, path=path, sha256=sha256, name=name, mime=mime, size=size,
                       official_id=official_id, created_at=now or utcnow())
    session.add(row)
    session.flush()
    return row.id


def evidence(session: Session, version_id: int) -> list[EvidenceFile]:
    return list(session.scalars(select(EvidenceFile).where(EvidenceFile.version_id == version_id)
                                .order_by(EvidenceFile.id)))


def latest_versions(session: Session, round_id: int, unit_id: int) -> dict[str, Version]:
    """The latest version of each indicator a unit has entered in a round (what the focal point reviews)."""
    rows = session.execute(
        select(ValueVersion, RoundValue)
        .join(RoundValue, RoundValue.latest_id == ValueVersion.id)
        .where(RoundValue.round_id == round_id, RoundValue.unit_id == unit_id)
    ).all()
    return {s.indicator: Version.of(v, s) for v, s in rows}


def latest_version(session: Session, round_id: int, unit_id: int, indicator: str) -> Version | None:
    return latest_versions(session, round_id, unit_id).get(indicator)


def lacking_evidence(session: Session, round_id: int, unit_id: int | None = None) -> list[tuple[int, str]]:
    """(unit id, indicator) of every counted part (submitted or approved) whose latest version has no evidence
    file yet, for the round or one unit of it: what the evidence deadline still waits for."""
    has_file = select(EvidenceFile.id).where(EvidenceFile.version_id == RoundValue.latest_id).exists()
    query = select(RoundValue.unit_id, RoundValue.indicator).where(
        RoundValue.round_id == round_id, RoundValue.state.in_(COUNTED), ~has_file)
    if unit_id is not None:
        query = query.where(RoundValue.unit_id == unit_id)
    return [(int(u), str(i)) for u, i in session.execute(query)]
