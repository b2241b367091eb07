"""Free-text questions: find the indicator (or the unit's indicators) and answer, ask which one, or say no."""

from __future__ import annotations

from bot.core.messages import Button, Reply
from bot.core.router import Router
from bot.core.turn import Turn
from knowledge.record import full_record
from knowledge.search.engine import Answer, Match

PAYLOAD_PREFIX = "i:"

router = Router("search")
_LABEL_MAX = 60
# Which part of the card comes first for each kind of question; the rest follows in this order.
SECTION_ORDER = ("method", "owner", "deadline", "evidence", "result")


def indicator_payload(plan_id: str, code: str, occurrence: int = 0) -> str:
    suffix = f":{occurrence}" if occurrence else ""
    return f"{PAYLOAD_PREFIX}{plan_id}:{code}{suffix}"


def _label(m: Match) -> str:
    text = f"{m.code} {m.name}"
    return text if len(text) <= _LABEL_MAX else text[: _LABEL_MAX - 1].rstrip() + "…"


def indicator_card(turn: Turn, plan_id: str, code: str, focus: str = "lookup", occurrence: int = 0,
                   *, keep_choices: bool = False) -> Reply | None:
    record = full_record(turn.services.kb, plan_id, code, occurrence)
    if record is None:
        return None
    order = sorted(SECTION_ORDER, key=lambda section: section != focus)  # the asked-for section first
    return turn.reply("indicator", r=record, order=order, focus=focus, occurrence=occurrence,
                      keep_choices=keep_choices)


def answer_replies(turn: Turn, answer: Answer) -> list[Reply]:
    """Turn a search ``Answer`` into what the user sees (shared by chat and ``dti-bot ask``)."""
    plan_id = answer.plan_id
    if answer.status == "answer":
        m = answer.matches[0]
        card = indicator_card(turn, plan_id, m.code, answer.query.intent)
        return [card] if card else []
    if answer.status == "choose":
        buttons = _choice_buttons(plan_id, answer.matches)
        weak = answer.matches[0].score < 1.0 and not answer.query.codes
        return [turn.reply("choose", buttons, count=len(buttons), weak=weak)]
    if answer.status == "unit":
        framework = turn.services.kb.plan(plan_id).framework
        only_indicators = all(turn.services.kb.indicator(framework, i.code) for i in answer.indicators)
        noun = "chỉ số" if only_indicators else "mục"
        return [turn.reply("unit", unit=answer.unit, items=answer.indicators, noun=noun)]
    if answer.status == "unknown_unit":
        return [turn.reply("unknown_unit", question=answer.query.text)]
    if answer.status == "unknown_code":
        fw = turn.services.kb.framework_of(plan_id)
        return [turn.reply("unknown_code", codes=answer.query.codes, framework_name=fw.name)]
    return [turn.reply("none")]


def _choice_buttons(plan_id: str, matches: list[Match]) -> tuple[Button, ...]:
    seen: dict[str, int] = {}
    buttons: list[Button] = []
    for m in matches:
        occurrence = seen.get(m.code, 0)
        seen[m.code] = occurrence + 1
        buttons.append(Button(_label(m), indicator_payload(plan_id, m.code, occurrence)))
    return tuple(buttons)


@router.text()
def on_question(turn: Turn) -> list[Reply]:
    """Any free text outside a flow (or a question typed in the middle of one) is a question."""
    answer = turn.services.searcher.ask(turn.plan_id, turn.args)
    return answer_replies(turn, answer)


@router.payload(PAYLOAD_PREFIX)
def on_indicator_payload(turn: Turn) -> list[Reply] | None:
    """A press on an indicator button: ``plan:code[:occurrence]``. Anything else (a forged or stale payload) is
    not ours: the core answers that the choice has expired."""
    parts = turn.args.split(":")
    if len(parts) not in (2, 3) or parts[0] not in turn.services.kb.plans:
        return None
    occurrence = 0
    if len(parts) == 3:
        if not (parts[2].isascii() and parts[2].isdigit()):
            return None
        occurrence = int(parts[2])
    card = indicator_card(turn, parts[0], parts[1], occurrence=occurrence, keep_choices=True)
    return [card] if card is not None else None
