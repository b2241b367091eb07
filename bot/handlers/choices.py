"""Button presses and numbered answers to a list of choices (Zalo and the console have no buttons)."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.turn import CHOICES_KEY, Turn
from bot.handlers import plan, search


def on_payload(turn: Turn, payload: str) -> list[Reply]:
    if payload.startswith(search.PAYLOAD_PREFIX):
        parts = payload[len(search.PAYLOAD_PREFIX):].split(":")
        if len(parts) in (2, 3) and parts[0] in turn.core.kb.plans:
            occurrence = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else 0
            card = search.indicator_card(turn, parts[0], parts[1], occurrence=occurrence, keep_choices=True)
            if card is not None:
                return [card]
    elif payload.startswith(plan.PAYLOAD_PREFIX):
        return plan.switch(turn, payload[len(plan.PAYLOAD_PREFIX):])
    return [turn.reply("expired_choice")]


def pending(turn: Turn) -> list[str]:
    choices = turn.state.data.get(CHOICES_KEY)
    return [c for c in choices if isinstance(c, str)] if isinstance(choices, list) else []


def on_number(turn: Turn, number: int) -> list[Reply] | None:
    """A bare number answers the pending choices; None when nothing is pending (the text is then a question)."""
    choices = pending(turn)
    if not choices:
        return None
    if not 1 <= number <= len(choices):
        return [turn.core.renderer.reply("choice_range", count=len(choices))]
    return on_payload(turn, choices[number - 1])
