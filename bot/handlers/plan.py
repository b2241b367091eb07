"""/plan: see which plan answers come from, and switch to another (a commune official uses the commune plan)."""

from __future__ import annotations

from bot.core.args import Key
from bot.core.messages import Button, Reply
from bot.core.router import Router
from bot.core.turn import PLAN_KEY, Turn

PAYLOAD_PREFIX = "p:"

router = Router("plan")


def plan_buttons(turn: Turn) -> tuple[Button, ...]:
    return tuple(
        Button(label=p.label, payload=f"{PAYLOAD_PREFIX}{p.id}")
        for p in turn.services.kb.plans.values()
        if p.id != turn.plan_id
    )


@router.command("plan", "Xem hoặc đổi kế hoạch đang tra cứu")
def show_or_switch(turn: Turn) -> list[Reply]:
    wanted = turn.args.strip()
    if not wanted:
        return [turn.reply("plan", plan_buttons(turn), changed=False)]
    return switch(turn, wanted)


@router.payload(PAYLOAD_PREFIX, args=(Key,))  # an unknown plan is answered by switch()
def on_plan_button(turn: Turn) -> list[Reply]:
    return switch(turn, turn.params[0])


def switch(turn: Turn, plan_id: str) -> list[Reply]:
    if plan_id not in turn.services.kb.plans:
        return [turn.reply("unknown_plan", plan_id=plan_id)]
    turn.state.data[PLAN_KEY] = plan_id
    return [turn.reply("plan", changed=True)]
