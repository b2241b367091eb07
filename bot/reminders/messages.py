"""A planned reminder as the message a chat receives: its text from the templates, and its buttons."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from bot.core.messages import Button, Reply
from bot.reminders.policy import ENTER_PAYLOAD, EVIDENCE_PAYLOAD, SNOOZE_PAYLOAD, Planned
from bot.render import Renderer

ENTER = Button("✍️ Nhập số liệu", ENTER_PAYLOAD)
SNOOZE = Button("⏸ Hoãn", SNOOZE_PAYLOAD)


def evidence_button(codes: Iterable[str]) -> Button:
    """"Gửi minh chứng": ``/minhchung`` for the one indicator lacking evidence, or its list when several do."""
    distinct = list(dict.fromkeys(codes))
    return Button("📎 Gửi minh chứng", EVIDENCE_PAYLOAD + (distinct[0] if len(distinct) == 1 else ""))


def reminder_buttons(planned: Planned) -> tuple[Button, ...]:
    """Officials can start entering the values still missing, send the evidence still missing, or snooze; a head
    is told, not asked to enter; the digest has no buttons."""
    if planned.kind == "digest" or planned.context.get("role") == "head":
        return ()
    ctx = planned.context
    evidence = ctx.get("evidence", ())
    return ((ENTER,) if ctx.get("values_late") or ctx.get("values_soon") else ()) + \
        ((evidence_button(i.code for i in evidence),) if evidence else ()) + (SNOOZE,)


def render_reminder(renderer: Renderer, planned: Planned) -> Reply:
    return renderer.reply(planned.template, reminder_buttons(planned), **planned.context)


def render_reminders(renderer: Renderer, planned: Iterable[Planned]) -> list[Reply]:
    """``render_reminder`` for many, each distinct message rendered once: the officials of one unit are told the
    same thing (the context holds what the text says, not who reads it, except a head's name), so a fan-out to a
    unit's many chats costs one rendering, not one per chat. A context that cannot be hashed is rendered as is."""
    done: dict[Hashable, Reply] = {}
    out = []
    for p in planned:
        try:
            key: Hashable = (p.template, reminder_buttons(p), tuple(p.context.items()))
            hash(key)
        except TypeError:
            out.append(render_reminder(renderer, p))
            continue
        if key not in done:
            done[key] = render_reminder(renderer, p)
        out.append(done[key])
    return out
