"""A planned reminder as the message a chat receives: its text from the templates, and its buttons."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from bot.core.messages import Button, Reply
from bot.reminders.policy import ENTER_PAYLOAD, SNOOZE_PAYLOAD, Planned
from bot.render import Renderer

ENTER = Button("✍️ Nhập số liệu", ENTER_PAYLOAD)
SNOOZE = Button("⏸ Hoãn", SNOOZE_PAYLOAD)


def reminder_buttons(planned: Planned) -> tuple[Button, ...]:
    """Officials can start entering or snooze; a head is told, not asked to enter; the digest has no buttons."""
    if planned.kind == "digest" or planned.context.get("role") == "head":
        return ()
    if planned.kind == "task":
        return (SNOOZE,)
    return (ENTER, SNOOZE)


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
