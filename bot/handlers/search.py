"""Free-text questions: find the indicator (or the unit's indicators) and answer, ask which one, or say no."""

from __future__ import annotations

from bot.core.messages import Button, Reply
from bot.core.turn import Turn
from knowledge.record import full_record
from knowledge.search.engine import Answer, Match

PAYLOAD_PREFIX = "i:"
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
    record = full_record(turn.core.kb, plan_id, code, occurrence)
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
        framework = turn.core.kb.plan(plan_id).framework
        only_indicators = all(turn.core.kb.indicator(framework, i.code) for i in answer.indicators)
        noun = "chỉ số" if only_indicators else "mục"
        return [turn.reply("unit", unit=answer.unit, items=answer.indicators, noun=noun)]
    if answer.status == "unknown_unit":
        return [turn.reply("unknown_unit", question=answer.query.text)]
    if answer.status == "unknown_code":
        fw = turn.core.kb.framework_of(plan_id)
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


def on_question(turn: Turn, text: str) -> list[Reply]:
    answer = turn.core.searcher.ask(turn.plan_id, text)
    return answer_replies(turn, answer)
