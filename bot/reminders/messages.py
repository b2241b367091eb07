"""A planned reminder as the message a chat receives: its text from the templates, and its buttons."""

from __future__ import annotations

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
