"""Free-text questions: find the indicator (or the unit's indicators) and answer, ask which one, or say no.

An answer leads with what was asked ("Mục tiêu của 6.12: 50%", "Chủ trì 6.12: …"), then the card. When a list is
offered, the asked-for part travels in each button's payload, so the card chosen later still leads with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.args import Arg, BadArgs
from bot.core.messages import Button, Reply
from bot.core.router import Router
from knowledge.lazy import lazy_compile
from knowledge.record import full_record
from knowledge.search.engine import Answer, Match

if TYPE_CHECKING:
    from bot.core.turn import Turn

PAYLOAD_PREFIX = "i:"
PAYLOAD_MAX = 64  # bytes: Telegram's limit for callback data

router = Router("search")
_LABEL_MAX = 60
_MAX_BUTTONS = 8
# Which part of the card comes first for each kind of question; the rest follows in this order.
SECTION_ORDER = ("method", "owner", "deadline", "evidence", "result")
# What was asked (``Query.field``) → the card section that holds it.
SECTION_OF_FIELD = {"baseline": "result", "target": "result", "score": "result", "loss": "result", "max": "method"}
# The asked-for field as one letter in a button payload (payloads are short).
FOCUS_LETTER = {"method": "m", "owner": "o", "deadline": "d", "evidence": "e", "baseline": "b", "target": "t",
                "score": "s", "max": "x", "loss": "l"}
_FOCUS_OF_LETTER = {letter: focus for focus, letter in FOCUS_LETTER.items()}
# ASCII only: str.isdigit() accepts "²", which int() then refuses.
_PAYLOAD = lazy_compile(
    r"(?P<plan>[a-z0-9-]{1,40}):(?P<code>[A-Za-z0-9.]{1,20})(?::(?P<occ>[0-9]{1,2})?(?P<focus>[a-z])?)?"
)


def indicator_payload(plan_id: str, code: str, occurrence: int = 0, focus: str = "lookup") -> str:
    """``i:<plan>:<code>[:<occurrence><focus letter>]``, at most 64 bytes (the focus is dropped before that)."""
    letter = FOCUS_LETTER.get(focus, "")
    suffix = f":{occurrence or ''}{letter}" if occurrence or letter else ""
    payload = f"{PAYLOAD_PREFIX}{plan_id}:{code}{suffix}"
    if len(payload.encode()) > PAYLOAD_MAX:
        payload = f"{PAYLOAD_PREFIX}{plan_id}:{code}" + (f":{occurrence}" if occurrence else "")
    return payload


@dataclass(frozen=True)
class Chosen:
    """What an indicator button names: the plan, the code, which occurrence of the code, what was asked."""

    plan: str
    code: str
    occurrence: int
    focus: str


def read_indicator(raw: str) -> Chosen:
    """The arguments of an indicator button (after ``i:``); ``BadArgs`` when they are not one."""
    m = _PAYLOAD.fullmatch(raw) if len(raw.encode()) <= PAYLOAD_MAX - len(PAYLOAD_PREFIX) else None
    focus_letter = m.group("focus") if m else None
    if m is None or (focus_letter and focus_letter not in _FOCUS_OF_LETTER):
        raise BadArgs(raw)
    return Chosen(m.group("plan"), m.group("code"), int(m.group("occ") or 0),
                  _FOCUS_OF_LETTER.get(focus_letter or "", "lookup"))


def _of_known_plan(turn: Turn, chosen: Chosen) -> Chosen | None:
    return chosen if chosen.plan in turn.services.kb.plans else None


INDICATOR = Arg(read_indicator).naming(_of_known_plan)


def on_indicator_payload(turn: Turn, payload: str) -> list[Reply] | None:
    """The card a pressed indicator button names, leading with the part asked before the list was offered.
    None when the payload is not a valid indicator payload of a known plan and code (forged or expired)."""
    try:
        chosen = read_indicator(payload.removeprefix(PAYLOAD_PREFIX)) if payload.startswith(PAYLOAD_PREFIX) else None
    except BadArgs:
        return None
    known = _of_known_plan(turn, chosen) if chosen is not None else None
    return _card_of(turn, known) if known is not None else None


def _card_of(turn: Turn, chosen: Chosen) -> list[Reply] | None:
    card = indicator_card(turn, chosen.plan, chosen.code, chosen.focus, chosen.occurrence, keep_choices=True)
    return [card] if card is not None else None


def _label(m: Match) -> str:
    text = f"{m.code} {m.name}"
    return text if len(text) <= _LABEL_MAX else text[: _LABEL_MAX - 1].rstrip() + "…"


def indicator_card(turn: Turn, plan_id: str, code: str, focus: str = "lookup", occurrence: int = 0,
                   *, keep_choices: bool = False, years: tuple[int, ...] = ()) -> Reply | None:
    """The card for ``code``; ``focus`` (what was asked) leads the reply and its section comes first; ``years``:
    the years asked ("điểm năm 2022"), the only published scores the lead line gives."""
    record = full_record(turn.services.kb, plan_id, code, occurrence)
    if record is None:
        return None
    section = SECTION_OF_FIELD.get(focus, focus)
    order = sorted(SECTION_ORDER, key=lambda s: s != section)  # the asked-for section first
    return turn.reply("indicator", r=record, order=order, focus=section, asked=focus, occurrence=occurrence,
                      keep_choices=keep_choices, years=list(years))


def answer_replies(turn: Turn, answer: Answer) -> list[Reply]:
    """Turn a search ``Answer`` into what the user sees (shared by chat and ``dti-bot ask``)."""
    plan_id = answer.plan_id
    if answer.status == "answer":
        m = answer.matches[0]
        card = indicator_card(turn, plan_id, m.code, answer.field, years=answer.query.years)
        return [card] if card else []
    if answer.status == "both":
        return [_both(turn, answer)]
    if answer.status == "not_held" and answer.held is not None:
        return [turn.reply("not_held", h=answer.held, codes=[m.code for m in answer.matches],
                           plan=turn.services.kb.plan(plan_id).label)]
    if answer.status == "choose":
        buttons = _choice_buttons(plan_id, answer.matches, answer.field)
        weak = answer.matches[0].score < 1.0 and not answer.query.codes
        return [turn.reply("choose", buttons, count=len(buttons), weak=weak)]
    if answer.status == "number":
        return [_which_number(turn, plan_id, answer.query.bare_number or 0)]
    if answer.status == "unit":
        framework = turn.services.kb.plan(plan_id).framework
        only_indicators = all(turn.services.kb.indicator(framework, i.code) for i in answer.indicators)
        noun = "chỉ số" if only_indicators else "mục"
        return [turn.reply("unit", unit=answer.unit, items=answer.indicators, noun=noun, apart=answer.apart)]
    if answer.status == "unknown_unit":
        return [turn.reply("unknown_unit", question=answer.query.text, near_units=answer.near_units)]
    if answer.status == "unknown_code":
        fw = turn.services.kb.framework_of(plan_id)
        codes = answer.query.unknown_codes or answer.query.codes
        return [turn.reply("unknown_code", codes=codes, framework_name=fw.name)]
    hints = _choice_buttons(plan_id, answer.hints, answer.field) if answer.hints else ()
    return [turn.reply("none", hints, hinted=bool(hints))]


def _both(turn: Turn, answer: Answer) -> Reply:
    """Two indicators asked in one message: the asked part of each, short (or, when nothing particular was asked,
    both named), with a button for each full card."""
    kb = turn.services.kb
    records = [r for r in (full_record(kb, answer.plan_id, m.code) for m in answer.matches) if r is not None]
    buttons = _choice_buttons(answer.plan_id, answer.matches, answer.field)
    return turn.reply("both", buttons, records=records, asked=answer.field, years=list(answer.query.years))


def _which_number(turn: Turn, plan_id: str, number: int) -> Reply:
    """A bare number with nothing offered: a pillar or one of its indicators? Asked, never guessed."""
    kb = turn.services.kb
    framework = kb.plan(plan_id).framework
    pillar = kb.indicator(framework, str(number))
    rows = [pillar, *kb.children(framework, pillar.code)] if pillar else []
    matches = [Match(framework, r.code, r.name, 1.0) for r in rows[:_MAX_BUTTONS]]
    buttons = _choice_buttons(plan_id, matches)
    return turn.reply("which_number", buttons, number=number, pillar=pillar, more=len(rows) > _MAX_BUTTONS)


def _choice_buttons(plan_id: str, matches: list[Match], focus: str = "lookup") -> tuple[Button, ...]:
    seen: dict[str, int] = {}
    buttons: list[Button] = []
    for m in matches:
        occurrence = seen.get(m.code, 0)
        seen[m.code] = occurrence + 1
        buttons.append(Button(_label(m), indicator_payload(plan_id, m.code, occurrence, focus)))
    return tuple(buttons)


@router.text()
def on_question(turn: Turn) -> list[Reply]:
    """Any free text outside a flow (or a question typed in the middle of one) is a question."""
    answer = turn.services.searcher.ask(turn.plan_id, turn.args)
    return answer_replies(turn, answer)


@router.payload(PAYLOAD_PREFIX, args=(INDICATOR,))
def on_indicator_button(turn: Turn) -> list[Reply] | None:
    """A press on an indicator button (or its number on Zalo and the console)."""
    return _card_of(turn, turn.params[0])
