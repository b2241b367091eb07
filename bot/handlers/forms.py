"""/mau: a unit's values by Excel. The bot sends the unit its form (one row per indicator input it owes, with the
meaning and the value on record); the official fills in the "Giá trị" column and sends the file back. Every row is
checked with the same checks as /nhap; the reply lists the accepted and the rejected rows with their reasons, and
the rows whose values are far from last time or from the 2023 result ("cần xác nhận"): those are asked one
indicator at a time, kept with a comment (stored with the version, as /nhap does) or left out. Nothing is saved
until the user presses "Xác nhận".

An uploaded .xlsx is taken in the /mau flow and also outside any flow (people send the file days later). It is
read, within ``FORM_LIMITS``, before the turn's transaction opens (``read_upload``, a file preparer); a reply
shows at most 20 rows of each kind, and every rejected row goes in an attached workbook when there are more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.core.args import Word
from bot.core.files import FileStore
from bot.core.messages import Button, FileRef, Reply
from bot.core.permissions import VALUES_ENTER
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers.collect import entry_target
from bot.render import LIST_SHOWN
from bot.services import announce
from bot.services import rounds as round_service
from bot.services import values as value_service
from bot.services.checks import check_unit_entry
from bot.services.duties import Duty, own_meanings, plan_book
from bot.services.entry import Member, owed_by
from bot.services.values import InvalidEntry, NeedsConfirmation, editable_duty

if TYPE_CHECKING:  # the workbooks' reader and writer (with the xlsx and XML modules) load when a form is asked for
    from bot.reports.forms import FilledRow, FormError  # or sent back (issue 20: a bot process's memory)

router = Router("forms")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPREADSHEET_MIMES = (XLSX_MIME, "application/vnd.ms-excel", "application/octet-stream")


class Forms(StatesGroup):
    prefix = "mau"
    needs = VALUES_ENTER  # checked again at every step, on the flow's unit
    # waiting for the filled form, which is taken outside the flow too: text meanwhile is answered as usual
    upload = State("gửi lại mẫu Excel đã điền", quiet=True)
    review = State("xác nhận các dòng hợp lệ của mẫu Excel")
    confirm = State("ghi chú xác nhận số liệu khác thường trong mẫu Excel")


@dataclass(frozen=True)
class Rejected:
    rows: tuple[int, ...]  # the sheet's row numbers
    code: str
    reason: str


def _member(turn: Turn) -> tuple[round_service.RoundInfo, Member] | Reply:
    """The round and unit of the user's entry (a closed round only with the focal point's exception: saving
    then takes only the indicators it covers, the others are reported as not saved)."""
    found = entry_target(turn)
    return found if isinstance(found, Reply) else found[:2]


@router.command("mau", "Tải mẫu Excel để nhập số liệu cả đơn vị", needs=VALUES_ENTER)
def send_form(turn: Turn) -> list[Reply]:
    from bot.reports.forms import FormRow, write_form

    found = _member(turn)
    if isinstance(found, Reply):
        return [found]
    info, member = found
    kb = turn.services.kb
    book = plan_book(kb, info.plan)
    names = {i.code: i.name for i in kb.frameworks[book.id].indicators}
    latest = value_service.latest_versions(turn.session, info.id, member.unit_id)
    rows: list[FormRow] = []
    for owed in owed_by(turn.session, kb, info, member.unit_id):
        if owed.state == "approved":
            continue  # locked: a row for it could only be refused
        code = owed.duty.indicator
        rule = book.rule(code)
        current = latest[code].inputs if code in latest else {}
        own = own_meanings(rule.inputs, owed.duty) if rule is not None else {}
        rows.extend(FormRow(code, names.get(code.split("#")[0], ""), name, _meaning(rule, name, own), "",
                            current.get(name))
                    for name in owed.duty.inputs)
    if not rows:
        return [turn.reply("collect_nothing_owed", unit=member.unit)]
    if not turn.services.traits(turn.msg.channel).documents:  # nothing to wait for: the form cannot reach them
        return [turn.reply("form_unavailable", unit=member.unit, count=len(rows))]
    data = write_form(rows, f"{member.unit} — đợt {info.period} — hạn nộp {info.due.strftime('%d/%m/%Y')}")
    ref = FileStore.from_settings(turn.services.settings.files).save(
        data, f"mau-nhap-so-lieu-{info.period}.xlsx", XLSX_MIME)
    turn.enter(Forms.upload, round=info.id, unit=member.unit_id, official=member.official_id)
    reply = turn.reply("form_sent", unit=member.unit, period=info.period, count=len(rows))
    return [replace(reply, files=(ref,))]


def _meaning(rule: Any, name: str, own: dict[str, str]) -> str:
    """What the input means (for a member unit, at its own level: ``own``); for a choice, the answers the cell
    may hold ("co = Đã ban hành; …")."""
    if rule is None:
        return ""
    meaning = own.get(name) or str(rule.inputs.get(name, ""))
    choice = rule.method.choices().get(name)
    if choice is not None:
        meaning += " (ghi một trong: " + "; ".join(f"{o.key} = {o.label}" for o in choice.options) + ")"
    return meaning


def is_spreadsheet(file: FileRef) -> bool:
    return file.name.lower().endswith(".xlsx") or file.mime in SPREADSHEET_MIMES[:2]


def may_be_form(file: FileRef) -> bool:
    """A file the form flow might take: a spreadsheet, or a file of no stated type."""
    return is_spreadsheet(file) or file.mime in SPREADSHEET_MIMES


@router.prepare(accepts=may_be_form)
def read_upload(file: FileRef) -> list[FilledRow] | FormError:
    """The upload read as a filled form, or why not: run by the core before the turn's transaction, so that
    reading a file (bounded by ``FORM_LIMITS``, up to a few seconds for the largest) holds no database lock."""
    from bot.reports.forms import FormError, read_form

    try:
        return read_form(file.path)
    except FormError as exc:
        return exc
    except OSError:
        return FormError("unreadable")


@router.state(Forms.upload)
def upload_in_flow(turn: Turn) -> list[Reply] | None:
    if turn.msg.file is None:
        return None  # a question: the core answers it and says how to go on
    return _read(turn)


@router.text()
def upload_idle(turn: Turn) -> list[Reply] | None:
    """A spreadsheet sent outside any flow is taken as a filled form; anything else is not for this module."""
    if turn.msg.file is None or not is_spreadsheet(turn.msg.file) or turn.state.in_flow:
        return None
    return _read(turn)


def _read(turn: Turn) -> list[Reply]:
    from bot.reports.forms import FormError, write_rejected

    file = turn.msg.file
    assert file is not None
    found = _member(turn)
    if isinstance(found, Reply):
        return [found]
    info, member = found
    filled = turn.prepared(read_upload)
    if filled is None:  # the preparer did not take the file: not a spreadsheet
        filled = FormError("not_xlsx")
    if isinstance(filled, FormError):
        return [turn.reply("form_error", reason=filled.reason, limit=filled.limit, found=filled.found,
                           allowed=filled.allowed)]
    accepted, flagged, rejected = _check(turn, info, member.unit_id, filled)
    turn.enter(Forms.review, round=info.id, unit=member.unit_id, official=member.official_id, accepted=accepted,
               pending=flagged, notes={})
    buttons = (Button("Xác nhận", "mf:ok"), Button("Huỷ", "mf:cancel")) if accepted and not flagged else ()
    checked = turn.reply("form_checked", buttons, accepted=accepted, flagged=flagged, rejected=rejected,
                         rejected_rows=sum(len(r.rows) for r in rejected), name=file.name)
    if len(rejected) > LIST_SHOWN:  # the reply shows the first ones: every rejected row goes in a workbook
        rows = [(n, r.code, r.reason) for r in rejected for n in r.rows]
        ref = FileStore.from_settings(turn.services.settings.files).save(
            write_rejected(rows), "cac-dong-khong-nhan.xlsx", XLSX_MIME)
        checked = replace(checked, files=(ref,))
    if flagged:
        return [checked, _ask_note(turn)]
    if not accepted:
        turn.finish()
    return [checked]


def _check(turn: Turn, info: round_service.RoundInfo, unit_id: int, filled: list[FilledRow]
           ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], list[Rejected]]:
    """Rows grouped by indicator, each indicator checked as one /nhap entry: accepted ``{code: {input: value}}``,
    the ones with far-off values to confirm with a comment (``{"code", "rows", "values", "problems"}``), and the
    rejected rows with the reason."""
    by_code: dict[str, list[FilledRow]] = {}
    for row in filled:
        by_code.setdefault(row.code, []).append(row)
    accepted: dict[str, dict[str, Any]] = {}
    flagged: list[dict[str, Any]] = []
    rejected: list[Rejected] = []
    for code, rows in by_code.items():
        numbers = ", ".join(str(r.row) for r in rows)
        row_numbers = tuple(r.row for r in rows)
        try:
            duty: Duty = editable_duty(turn.session, turn.services.kb, info, unit_id, code)
        except round_service.RoundError as exc:
            rejected.append(Rejected(row_numbers, code, exc.reason))
            continue
        raw = {r.input: r.value for r in rows if r.value is not None}
        checked = check_unit_entry(turn.session, turn.services.kb, info, duty, raw)
        missing = [n for n in duty.inputs if n not in raw]
        problems = [p.message for p in checked.errors]
        if missing:
            problems.append(f"Còn thiếu đầu vào {', '.join(missing)}.")
        if problems:
            rejected.append(Rejected(row_numbers, code, " ".join(problems)))
        elif checked.confirms:
            flagged.append({"code": code, "rows": numbers, "values": dict(checked.values),
                            "problems": [p.message for p in checked.confirms]})
        else:
            accepted[code] = dict(checked.values)  # as read: the user sees "1.200" understood as 1200
    return accepted, flagged, rejected


# ------------------------------------------------------------------------------------------ far-off values


def _ask_note(turn: Turn) -> Reply:
    """The first indicator still to confirm: its far-off values and why, a comment to type or "Bỏ"."""
    turn.enter(Forms.confirm)
    first = turn.flow["pending"][0]
    return turn.reply("form_confirm", (Button("Bỏ chỉ số này", "mn:drop"),), item=first,
                      left=len(turn.flow["pending"]) - 1)


@router.state(Forms.confirm)
def note_typed(turn: Turn) -> list[Reply] | None:
    note = turn.args.strip()
    if turn.msg.file is not None or not note or note.endswith("?"):
        return None  # a question: the core answers it and says how to go on
    item = turn.flow["pending"].pop(0)
    turn.flow["accepted"][item["code"]] = item["values"]
    turn.flow["notes"][item["code"]] = note
    return [_next_note(turn)]


@router.payload("mn:", state=Forms.confirm, args=(Word("drop"),))
def note_dropped(turn: Turn) -> list[Reply]:
    turn.flow["pending"].pop(0)
    return [_next_note(turn)]


def _next_note(turn: Turn) -> Reply:
    if turn.flow["pending"]:
        return _ask_note(turn)
    accepted: dict[str, dict[str, Any]] = turn.flow["accepted"]
    if not accepted:
        turn.finish()
        return turn.reply("collect_cancelled")
    turn.enter(Forms.review)
    return turn.reply("form_ready", (Button("Xác nhận", "mf:ok"), Button("Huỷ", "mf:cancel")), accepted=accepted,
                      notes=turn.flow["notes"])


@router.payload("mf:", state=Forms.review, args=(Word("ok", "cancel"),))
def decided(turn: Turn) -> list[Reply]:
    accepted: dict[str, dict[str, Any]] = dict(turn.flow["accepted"])
    notes: dict[str, str] = dict(turn.flow.get("notes", {}))
    round_id, unit_id, official = int(turn.flow["round"]), int(turn.flow["unit"]), int(turn.flow["official"])
    turn.finish()
    if turn.params[0] != "ok":
        return [turn.reply("collect_cancelled")]
    saved: list[tuple[str, int]] = []
    failed: list[Rejected] = []
    for code, raw in accepted.items():
        try:
            version = value_service.submit(turn.session, turn.services.kb, round_id, unit_id, code, raw,
                                           now=turn.services.clock(), official_id=official,
                                           channel=turn.msg.channel, message="excel",
                                           note=notes.get(code, ""))
            saved.append((code, version.number))
            announce.tell_resubmitted(turn.session, turn.services.kb, turn.services.renderer,
                                      round_service.get_round(turn.session, round_id), version,
                                      turn.services.clock())  # a returned value back: the focal point is told
        except (InvalidEntry, NeedsConfirmation) as exc:
            failed.append(Rejected((), code, " ".join(c.message for c in exc.checks)))
        except round_service.RoundError as exc:
            failed.append(Rejected((), code, exc.reason))
    return [turn.reply("form_saved", saved=saved, failed=failed)]
