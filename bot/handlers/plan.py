"""/plan: see which plan answers come from, and switch to another (a commune official uses the commune plan)."""

from __future__ import annotations

from bot.core.messages import Button, Reply
from bot.core.turn import PLAN_KEY, Turn

PAYLOAD_PREFIX = "p:"


def plan_buttons(turn: Turn) -> tuple[Button, ...]:
    return tuple(
        Button(label=p.label, payload=f"{PAYLOAD_PREFIX}{p.id}")
        for p in turn.core.kb.plans.values()
        if p.id != turn.plan_id
    )


def show_or_switch(turn: Turn, args: str) -> list[Reply]:
    wanted = args.strip()
    if not wanted:
        return [turn.reply("plan", plan_buttons(turn), changed=False)]
    return switch(turn, wanted)


def switch(turn: Turn, plan_id: str) -> list[Reply]:
    if plan_id not in turn.core.kb.plans:
        return [turn.reply("unknown_plan", plan_id=plan_id)]
    turn.state.data[PLAN_KEY] = plan_id
    return [turn.reply("plan", changed=True)]
