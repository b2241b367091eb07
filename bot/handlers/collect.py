"""/nhap: a unit gives its indicator values in a guided conversation.

``/nhap`` lists what the user's unit owes in the plan's open round (with each part's state), ``/nhap 6.12`` goes
straight to one indicator. Each input is asked in turn with its meaning (choices as buttons), or everything at
once (``a=1.500; b=1.000.000``). The values are checked before the summary: an error asks the input again with the
reason, a far-off value asks for a comment to confirm. Nothing is saved before "Xác nhận"; saving adds a new
version (never an overwrite). The unit is checked with ``turn.require(VALUES_ENTER, unit_id=…)`` when the flow
starts, and by the core again before every step (``Collect.needs``): an official removed meanwhile files nothing.

A focal point or an admin enters for any unit of the plan ("nhập thay", recorded with the version): ``/nhap`` asks
which unit (a name as people type it, close names as buttons, their own units offered), ``/nhap 6.22`` lists the
units that owe 6.22, ``/nhap 6.22 Sở Tài chính`` goes straight there. Inputs the plan gives nobody, fallen to the
unit by default, say "giao mặc định".
"""

from __future__ import annotations

import hashlib
from typing import Any

from bot.core.args import BadArgs, Code, Key, Word
from bot.core.files import BadLink, FileStore
from bot.core.messages import Button, FileRef, Reply
from bot.core.permissions import VALUES_ENTER, plan_wide
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers.params import UNIT
from bot.services import announce
from bot.services import evidence as evidence_service
from bot.services import rounds as round_service
from bot.services import values as value_service
from bot.services.checks import Check, check_unit_entry, entry_read, read_value
from bot.services.duties import duties, own_meanings, plan_book, shown_inputs
from bot.services.entry import Member, memberships, owed_by, parse_pairs
from bot.services.officials import has_membership, official_id_for
from bot.services.units import MAX_CHOICES, UnitInfo, find_units
from bot.services.values import InvalidEntry, NeedsConfirmation, editable_duty, unit_duty
from scoring.model import Result

router = Router("collect")
BACK_WORDS = ("quay lai", "quay lại", "lui", "lùi")


class Collect(StatesGroup):
    prefix = "collect"
    needs = VALUES_ENTER  # checked again at every step, on the flow's unit (choosing the unit: on the plan)
    unit = State("chọn đơn vị để nhập thay")
    pick = State("chọn chỉ số để nhập số liệu")
    value = State("nhập số liệu chỉ số {code}")
    confirm = State("xác nhận số liệu khác thường của chỉ số {code}")
    summary = State("xác nhận số liệu chỉ số {code} trước khi lưu")
    evidence = State("gửi tài liệu kiểm chứng")


# ------------------------------------------------------------------------------------------ start


def _member(turn: Turn) -> Member | None:
    """The unit the user enters for: their first unit in this plan that can enter values."""
    found = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
    return found[0] if found else None


def entry_target(turn: Turn) -> tuple[round_service.RoundInfo, Member, tuple[str, ...] | None] | Reply:
    """The round the user's unit enters into, the unit, and the indicators it may enter there (None: every one
    the round asks; a closed round only with the focal point's exception), or the reply saying why none."""
    member = _member(turn)
    info, codes = round_service.entry_round(turn.session, turn.plan_id, member.unit_id if member else None,
                                            turn.services.clock())
    if info is None:
        return turn.reply("collect_no_round")
    turn.require(VALUES_ENTER, unit_id=member.unit_id if member else None)
    if member is None:
        return turn.reply("collect_no_unit")
    if codes == ():
        return turn.reply("collect_round_closed", info=info, codes=())
    return info, member, codes


def split_args(args: str) -> tuple[str, str]:
    """``6.22 Sở Tài chính`` → ("6.22", "Sở Tài chính"); a first word that is no code is part of a unit's name."""
    words = args.split()
    if words:
        try:
            return Code.read(words[0]), " ".join(words[1:])
        except BadArgs:
            pass
    return "", " ".join(words)


@router.command("nhap", "Nhập số liệu chỉ số của đơn vị")
def start(turn: Turn) -> list[Reply]:
    code, typed = split_args(str(turn.params[0] or ""))
    if typed:
        return _unit_typed(turn, typed, code)
    if plan_wide(turn.session, turn.msg, VALUES_ENTER, plan_id=turn.plan_id):
        return _ask_unit(turn, code)
    return begin_entry(turn, code or None)


def begin_entry(turn: Turn, wanted: str | None) -> list[Reply]:
    """``/nhap`` (a reminder's "Nhập số liệu" too): the list of what the person's own unit owes, or ``wanted`` at
    once."""
    found = entry_target(turn)
    if isinstance(found, Reply):
        return [found]
    return _unit_list(turn, *found, wanted or "")


def _unit_list(turn: Turn, info: round_service.RoundInfo, member: Member, codes: tuple[str, ...] | None,
               wanted: str) -> list[Reply]:
    """What the unit owes (or straight to ``wanted``), for its own official or for someone entering on its
    behalf."""
    owed = [o for o in owed_by(turn.session, turn.services.kb, info, member.unit_id)
            if codes is None or o.duty.indicator in codes]
    if wanted:
        chosen = next((o for o in owed if o.duty.indicator == wanted), None)
        if chosen is None and codes is not None:
            return [turn.reply("collect_round_closed", info=info, codes=codes)]
        if chosen is None:
            return [turn.reply("collect_not_owed", code=wanted, unit=member.unit)]
        return _begin(turn, info, member, wanted, chosen.state)
    if not owed:
        return [turn.reply("collect_nothing_owed", unit=member.unit)]
    turn.enter(Collect.pick, round=info.id, unit=member.unit_id, official=member.official_id)
    buttons = tuple(Button(f"{o.duty.indicator} · {STATE_LABELS.get(o.state, o.state)}", f"nh:{o.duty.indicator}")
                    for o in owed)
    return [turn.reply("collect_list", buttons, unit=member.unit, period=info.period, due=info.due,
                       closed=info.state != "open", behalf=_behalf(turn, member),
                       owed=[(o.duty.indicator, STATE_LABELS.get(o.state, o.state), o.duty.default) for o in owed])]


def _behalf(turn: Turn, member: Member) -> bool:
    """The person enters for a unit that is not theirs (a focal point, an admin): "nhập thay"."""
    return not has_membership(turn.session, member.official_id, member.unit_id)


# ------------------------------------------------------------------------------------------ entering on behalf


def _ask_unit(turn: Turn, code: str, kind: str = "ask", typed: str = "",
              matches: tuple[UnitInfo, ...] = ()) -> list[Reply]:
    """Which unit to enter for (``kind``: ``ask``, or what a typed name found: ``many``, ``near``, ``none``):
    close matches as buttons, else the units owing ``code`` (when few), else the person's own units; a name can
    always be typed."""
    turn.enter(Collect.unit, code=code)
    owing: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    units: list[tuple[int, str]] = [(u.id, u.label) for u in matches]
    if not units and code:
        info = round_service.find_open(turn.session, turn.plan_id)
        if info is not None and code in info.indicators:
            found = duties(turn.session, turn.services.kb, turn.plan_id, [code])
            owing = [(d.unit, d.inputs, d.default) for d in found]
            if len(found) <= MAX_CHOICES:
                units = [(d.unit_id, d.unit) for d in found]
    if not units:
        mine = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
        units = list(dict.fromkeys((m.unit_id, m.unit) for m in mine))
    buttons = tuple(Button(label[:60], f"nu:{uid}") for uid, label in units)
    return [turn.reply("collect_which_unit", buttons, code=code, kind=kind, typed=typed, owing=owing[:MAX_CHOICES],
                       more=max(0, len(owing) - MAX_CHOICES), choices=bool(buttons),
                       others=plan_wide(turn.session, turn.msg, VALUES_ENTER, plan_id=turn.plan_id))]


def _unit_typed(turn: Turn, typed: str, code: str) -> list[Reply]:
    """A unit named by what the person typed: taken when sure, else offered to choose."""
    match = find_units(turn.session, turn.services.kb, turn.plan_id, typed)
    if match.status == "one":
        return _for_unit(turn, match.units[0], code)
    if match.status == "choose":
        return _ask_unit(turn, code, "many" if match.sure else "near", typed, match.units)
    return _ask_unit(turn, code, "none", typed)


def _for_unit(turn: Turn, unit: UnitInfo, code: str) -> list[Reply]:
    """Enter for this unit: one's own, or any unit for a focal point or an admin (refused otherwise)."""
    if unit.plan_id != turn.plan_id:
        return [turn.reply("expired_choice")]
    turn.require(VALUES_ENTER, unit_id=unit.id)
    turn.finish()  # the unit is chosen: what follows is the unit's list or one indicator
    official = official_id_for(turn.session, turn.msg.channel, turn.msg.user_id)
    info, codes = round_service.entry_round(turn.session, turn.plan_id, unit.id, turn.services.clock())
    if info is None:
        return [turn.reply("collect_no_round")]
    if codes == () or official is None:
        return [turn.reply("collect_round_closed", info=info, codes=())]
    return _unit_list(turn, info, Member(official, unit.id, unit.label, ""), codes, code)


def enter_for_unit(turn: Turn, unit: UnitInfo) -> list[Reply]:
    """What ``unit`` owes, to enter (an announcement's "Nhập số liệu" names the unit): the same as choosing it."""
    return _for_unit(turn, unit, "")


@router.state(Collect.unit)
def unit_named(turn: Turn) -> list[Reply] | None:
    text = turn.args.strip()
    if not text or text.endswith("?"):
        return None  # a question: the core answers it and says how to go on
    return _unit_typed(turn, text, str(turn.flow.get("code", "")))


@router.payload("nu:", state=Collect.unit, args=(UNIT,))
def unit_chosen(turn: Turn) -> list[Reply]:
    return _for_unit(turn, turn.params[0], str(turn.flow.get("code", "")))


STATE_LABELS = {"empty": "chưa nhập", "draft": "nháp", "submitted": "đã nộp", "returned": "bị trả lại",
                "approved": "đã duyệt"}


@router.payload("nh:", state=Collect.pick, args=(Code,))
def picked(turn: Turn) -> list[Reply]:
    info = round_service.get_round(turn.session, int(turn.flow["round"]))
    member = Member(int(turn.flow["official"]), int(turn.flow["unit"]), "", "")
    return _begin(turn, info, member, turn.params[0])


def _begin(turn: Turn, info: round_service.RoundInfo, member: Member, code: str,
           state: str | None = None) -> list[Reply]:
    """The first input of ``code`` asked (``state``: the part's, when the caller has read it)."""
    turn.require(VALUES_ENTER, unit_id=member.unit_id)  # a forged payload naming another unit is refused
    try:
        duty = editable_duty(turn.session, turn.services.kb, info, member.unit_id, code, state)
    except round_service.RoundError as exc:  # not owed, or already approved: said before any input is typed
        return [turn.reply("collect_refused", reason=exc.reason)]
    behalf = duty.unit if _behalf(turn, member) else ""
    rule = plan_book(turn.services.kb, info.plan).rule(code)
    turn.enter(Collect.value, round=info.id, plan=info.plan, unit=member.unit_id, official=member.official_id,
               code=code, inputs=list(duty.inputs), values={}, at=0, note="", default=list(duty.default), behalf=behalf,
               meanings=own_meanings(rule.inputs, duty) if rule is not None else {})
    name = turn.services.kb.frameworks[plan_book(turn.services.kb, info.plan).id]
    title = next((i.name for i in name.indicators if i.code == code.split("#")[0]), "")
    return [turn.reply("collect_intro", code=code, name=title, inputs=list(duty.inputs), default=list(duty.default),
                       behalf=behalf), _ask(turn)]


# ------------------------------------------------------------------------------------------ inputs


def _rule(turn: Turn) -> Any:
    plan = turn.flow.get("plan")  # the round's plan, kept with the flow (a flow begun before it was: read)
    if not isinstance(plan, str) or plan not in turn.services.kb.plans:
        plan = round_service.get_round(turn.session, int(turn.flow["round"])).plan
    return plan_book(turn.services.kb, plan).rule(turn.flow["code"])


def _ask(turn: Turn, problem: str = "") -> Reply:
    rule = _rule(turn)
    name = turn.flow["inputs"][turn.flow["at"]]
    choice = rule.method.choices().get(name)
    buttons = tuple(Button(o.label[:60], f"nv:{o.key}") for o in choice.options) if choice else ()
    return turn.reply("collect_ask", buttons, name=name, meaning=_meaning(turn, rule, name), problem=problem,
                      first=turn.flow["at"] == 0 and not turn.flow["values"], choice=choice is not None,
                      default=name in turn.flow.get("default", ()))


def _meaning(turn: Turn, rule: Any, name: str) -> str:
    """The input's text as this unit reads it (a member's own level, ``own_meanings``), else the rule's."""
    return str(turn.flow.get("meanings", {}).get(name) or rule.inputs.get(name, ""))


def _take(turn: Turn, name: str, raw: str) -> Check | None:
    got = read_value(_rule(turn), name, raw)
    if isinstance(got, Check):
        return got
    turn.flow["values"][name] = raw
    return None


def _next(turn: Turn) -> list[Reply]:
    missing = [n for n in turn.flow["inputs"] if n not in turn.flow["values"]]
    if missing:
        turn.flow["at"] = turn.flow["inputs"].index(missing[0])
        return [_ask(turn)]
    return _checked(turn)


@router.state(Collect.value)
def typed(turn: Turn) -> list[Reply] | None:
    text = turn.args.strip()
    if text.endswith("?"):
        return None  # a question: the core answers it and says how to go on
    if text.lower() in BACK_WORDS:
        turn.flow["at"] = max(0, turn.flow["at"] - 1)
        turn.flow["values"].pop(turn.flow["inputs"][turn.flow["at"]], None)
        return [_ask(turn)]
    pairs = parse_pairs(text)
    if pairs is not None:
        stray = [n for n in pairs if n not in turn.flow["inputs"]]
        if stray:
            return [_ask(turn, f"Đơn vị không nhập đầu vào {', '.join(stray)} cho chỉ số này; các đầu vào của "
                               f"đơn vị: {', '.join(turn.flow['inputs'])}.")]
        for name, raw in pairs.items():
            problem = _take(turn, name, raw)
            if problem is not None:
                turn.flow["at"] = turn.flow["inputs"].index(name)
                return [_ask(turn, problem.message)]
        return _next(turn)
    problem = _take(turn, turn.flow["inputs"][turn.flow["at"]], text)
    return [_ask(turn, problem.message)] if problem else _next(turn)


@router.payload("nv:", state=Collect.value, args=(Key,))
def chose(turn: Turn) -> list[Reply]:
    problem = _take(turn, turn.flow["inputs"][turn.flow["at"]], turn.params[0])
    return [_ask(turn, problem.message)] if problem else _next(turn)


# ------------------------------------------------------------------------------------------ checks, summary


def _checked(turn: Turn) -> list[Reply]:
    """The typed values checked against the unit's duty and its references (read with the round: one
    statement), then the summary, or what is wrong, or the request for a comment."""
    round_id, unit_id, code = int(turn.flow["round"]), int(turn.flow["unit"]), str(turn.flow["code"])
    found = entry_read(turn.session, round_id, unit_id, code)
    if found is None:
        raise round_service.RoundMissing("missing", f"Không có đợt thu thập số {round_id}.")
    info, references = found
    duty = unit_duty(turn.session, turn.services.kb, info, unit_id, code)
    checked = check_unit_entry(turn.session, turn.services.kb, info, duty, dict(turn.flow["values"]), references)
    if checked.errors:
        first = checked.errors[0]
        for p in checked.errors:
            turn.flow["values"].pop(p.input, None)
        turn.flow["at"] = turn.flow["inputs"].index(first.input) if first.input in turn.flow["inputs"] else 0
        return [_ask(turn, " ".join(p.message for p in checked.errors))]
    if checked.confirms and not turn.flow.get("note"):
        turn.enter(Collect.confirm)
        return [turn.reply("collect_confirm", (Button("Nhập lại", "nc:redo"),),
                           problems=[p.message for p in checked.confirms])]
    return [_summary(turn, checked.values)]


@router.state(Collect.confirm)
def confirmed_with_note(turn: Turn) -> list[Reply] | None:
    if turn.args.strip().endswith("?"):
        return None
    turn.flow["note"] = turn.args.strip()
    return _checked(turn)


@router.payload("nc:", state=Collect.confirm, args=(Word("redo"),))
def redo(turn: Turn) -> list[Reply]:
    turn.flow["values"], turn.flow["at"] = {}, 0
    turn.enter(Collect.value)
    return [_ask(turn)]


def _summary(turn: Turn, values: dict[str, Any]) -> Reply:
    rule = _rule(turn)
    info = round_service.get_round(turn.session, int(turn.flow["round"]))
    steps: list[str] = []
    score = None
    if set(turn.flow["inputs"]) >= set(rule.method.numbers()) | set(rule.method.choices()):
        outcome = plan_book(turn.services.kb, info.plan).score(turn.flow["code"], values)
        if isinstance(outcome, Result):
            score, steps = outcome, outcome.steps
    turn.enter(Collect.summary)
    buttons = (Button("Xác nhận", "ns:ok"), Button("Sửa", "ns:edit"), Button("Huỷ", "ns:cancel"))
    answers = shown_inputs(rule.method.choices(), turn.flow["values"])
    default = turn.flow.get("default", ())
    shown = [(n, _meaning(turn, rule, n), answers[n], n in default) for n in turn.flow["inputs"]]
    return turn.reply("collect_summary", buttons, code=turn.flow["code"], shown=shown, score=score, steps=steps,
                      note=turn.flow.get("note", ""), behalf=turn.flow.get("behalf", ""))


@router.payload("ns:", state=Collect.summary, args=(Word("ok", "edit", "cancel"),))
def decided(turn: Turn) -> list[Reply]:
    (verb,) = turn.params
    if verb == "cancel":
        turn.finish()
        return [turn.reply("collect_cancelled")]
    if verb == "edit":
        turn.flow["values"], turn.flow["at"], turn.flow["note"] = {}, 0, ""
        turn.enter(Collect.value)
        return [_ask(turn)]
    round_id, unit_id, code = int(turn.flow["round"]), int(turn.flow["unit"]), str(turn.flow["code"])
    raw = dict(turn.flow["values"])
    try:  # the round, the duty and the checks are read and made again by ``submit``, under the round's lock
        saved = value_service.submit(
            turn.session, turn.services.kb, round_id, unit_id, code, raw,
            now=turn.services.clock(), official_id=int(turn.flow["official"]), channel=turn.msg.channel,
            message="; ".join(f"{k}={v}" for k, v in raw.items()), note=turn.flow.get("note", ""))
    except (InvalidEntry, NeedsConfirmation) as exc:
        turn.enter(Collect.value)
        return [_ask(turn, " ".join(c.message for c in exc.checks))]
    except round_service.RoundMissing:
        raise  # the round is gone: the core answers an expired choice
    except round_service.RoundError as exc:
        turn.finish()
        return [turn.reply("collect_refused", reason=exc.reason)]
    info = round_service.get_round(turn.session, round_id)  # as ``submit`` read it
    announce.tell_resubmitted(turn.session, turn.services.kb, turn.services.renderer, info, saved,
                              turn.services.clock())  # a returned value back: the focal point is told
    turn.enter(Collect.evidence, version=saved.id, files=0)
    return [turn.reply("collect_saved", (Button("Bỏ qua", "ne:skip"),), code=code,
                       version=saved.number, late=saved.late, due=info.due,
                       evidence=evidence_text(turn, info.plan, code))]


# ------------------------------------------------------------------------------------------ evidence


def evidence_text(turn: Turn, plan_id: str, code: str) -> str:
    """What the knowledge base lists as evidence for this indicator (the plan's column, else the framework's)."""
    kb = turn.services.kb
    plan = kb.plans[plan_id]
    given = next((a.evidence for a in plan.assignments if a.code == code and a.evidence), "")
    if given:
        return str(given)
    framework = kb.frameworks[plan.framework]
    return next((str(i.evidence) for i in framework.indicators if i.code == code and i.evidence), "")


@router.state(Collect.evidence)
def evidence_file(turn: Turn) -> list[Reply] | None:
    file = turn.msg.file
    if file is None:
        if turn.args.strip().lower() in ("bỏ qua", "bo qua", "xong"):
            return _evidence_done(turn)
        return evidence_link(turn)  # a link is evidence; a question or other text is answered by the core
    file = stored(turn, file)
    value_service.add_evidence(turn.session, int(turn.flow["version"]), path=file.path, sha256=file_hash(file.path),
                               name=file.name, mime=file.mime, size=file.size,
                               official_id=int(turn.flow["official"]), now=turn.services.clock())
    turn.flow["files"] = int(turn.flow.get("files", 0)) + 1
    return [turn.reply("collect_evidence_added", (Button("Xong", "ne:skip"),), name=file.name, link=False,
                       count=turn.flow["files"])]


def evidence_link(turn: Turn) -> list[Reply] | None:
    """A link typed in the evidence step, kept with its text (refused with the reason when it cannot be one);
    None when the text holds no link."""
    done = (Button("Xong", "ne:skip"),)
    try:
        label = evidence_service.take_link(turn.session, int(turn.flow["version"]), turn.args,
                                           official_id=int(turn.flow["official"]), now=turn.services.clock())
    except evidence_service.BadEvidenceLink as exc:
        return [turn.reply("evidence_bad_link", done, reason=exc.reason, code="", command=False,
                           idle=False)]
    if label is None:
        return None
    turn.flow["files"] = int(turn.flow.get("files", 0)) + 1
    return [turn.reply("collect_evidence_added", done, name=label, count=turn.flow["files"], link=True)]


@router.payload("ne:", state=Collect.evidence, args=(Word("skip"),))
def evidence_done(turn: Turn) -> list[Reply]:
    return _evidence_done(turn)


def _evidence_done(turn: Turn) -> list[Reply]:
    count = int(turn.flow.get("files", 0))
    turn.finish()
    return [turn.reply("collect_evidence_done", count=count)]


def stored(turn: Turn, file: FileRef) -> FileRef:
    """The upload as a file of the core's store (channels store what they download; a file given by path, from
    the console or a test, is copied in so that the evidence outlives it)."""
    store = FileStore.from_settings(turn.services.settings.files)
    try:
        store.digest_of(file)
        return file
    except BadLink:
        with open(file.path, "rb") as fh:
            return store.save(iter(lambda: fh.read(1 << 16), b""), file.name, file.mime)


def file_hash(path: str) -> str:
    """The SHA-256 of a stored file (the file store names files by it; computed here so the link says which)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
