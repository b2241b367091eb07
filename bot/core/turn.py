"""What a handler receives: the message, the user's conversation state, and the shared services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.messages import Button, Incoming, Reply
from bot.core.state import TurnState

if TYPE_CHECKING:
    from bot.core.app import Core

CHOICES_KEY = "choices"
PLAN_KEY = "plan"


@dataclass
class Turn:
    msg: Incoming
    state: TurnState
    core: Core

    @property
    def plan_id(self) -> str:
        plan = self.state.data.get(PLAN_KEY)
        if isinstance(plan, str) and plan in self.core.kb.plans:
            return plan
        return self.core.settings.bot.plan

    @property
    def plan_name(self) -> str:
        return self.core.kb.plan(self.plan_id).label

    def reply(
        self, template: str, buttons: tuple[Button, ...] = (), *, keep_choices: bool = False, **context: object
    ) -> Reply:
        """Render a template with the plan name always available. Offered buttons become the pending choices
        (answerable by number); any other reply clears them unless ``keep_choices``."""
        if buttons or not keep_choices:
            self.offer(buttons)
        return self.core.renderer.reply(template, buttons, plan_name=self.plan_name, **context)

    def offer(self, buttons: tuple[Button, ...]) -> None:
        if buttons:
            self.state.data[CHOICES_KEY] = [b.payload for b in buttons]
        else:
            self.state.data.pop(CHOICES_KEY, None)
