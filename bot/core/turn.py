"""What a handler receives: the message, the turn's database session, the shared services, the user's
conversation state, and the arguments of the command or payload that routed to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast
from zoneinfo import ZoneInfo

from markupsafe import escape

from bot.core.conversation import TurnState
from bot.core.messages import Button, FileRef, Incoming, Outgoing, Reply
from bot.core.prepare import Preparer
from bot.core.router import State
from bot.core.services import Services

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHOICES_KEY = "choices"
PLAN_KEY = "plan"
T = TypeVar("T")


@dataclass(frozen=True)
class Notification:
    """A message this turn causes to another chat, queued in the outbox with ``key`` (unique: queuing the same
    key twice sends once)."""

    key: str
    outgoing: Outgoing


@dataclass
class Turn:
    msg: Incoming
    session: Session
    services: Services
    state: TurnState
    args: str = ""
    # the route's arguments read into typed values by the core (``bot.core.args``) before the handler runs
    params: tuple[Any, ...] = ()
    keep_choices: bool = False
    notifications: list[Notification] = field(default_factory=list)
    # set when entering a flow discards another one: the discarded flow's state name
    discarded: str | None = None
    discarded_flow: dict[str, Any] = field(default_factory=dict)  # and its data (to describe it)
    # what the routers' preparers made of the uploaded file before the transaction (``bot.core.prepare``)
    prepared_files: dict[Preparer, object] = field(default_factory=dict)

    def prepared(self, preparer: Callable[[FileRef], T]) -> T | None:
        """What ``preparer`` returned for this turn's file, read before the turn's transaction; ``None`` when it
        did not run (no file, or a file it does not accept)."""
        return cast("T | None", self.prepared_files.get(preparer))

    # ------------------------------------------------------------------------------------------ the plan

    @property
    def plan_id(self) -> str:
        plan = self.state.data.get(PLAN_KEY)
        if isinstance(plan, str) and plan in self.services.kb.plans:
            return plan
        return self.services.settings.bot.plan

    @property
    def plan_name(self) -> str:
        return self.services.kb.plan(self.plan_id).label

    # ------------------------------------------------------------------------------------------ replies

    def reply(self, template: str, buttons: tuple[Button, ...] = (), *, keep_choices: bool = False,
              **context: Any) -> Reply:
        """Render a template with the plan name always available. Offered buttons become the pending choices
        (answerable by number); a reply without buttons clears them unless ``keep_choices`` (the core applies
        this when the turn ends)."""
        if keep_choices:
            self.keep_choices = True
        context.setdefault("today", self.today)
        return self.services.renderer.reply(template, buttons, plan_name=self.plan_name, **context)

    @property
    def today(self) -> date:
        """Today in the bot's timezone (deadlines are shown with the days left)."""
        return self.services.clock().astimezone(ZoneInfo(self.services.settings.bot.timezone)).date()

    def reply_text(self, text: str, buttons: tuple[Button, ...] = ()) -> Reply:
        """A reply whose whole text is given (already rendered from a template by the caller, or in tests)."""
        return Reply(text=text, html=_escape(text), buttons=buttons)

    def notify(self, key: str, channel: str, chat_id: str, reply: Reply) -> None:
        """Queue ``reply`` for another chat (a focal point, a unit): written to the outbox with this turn."""
        self.notifications.append(Notification(key, Outgoing(channel, chat_id, reply)))

    # ------------------------------------------------------------------------------------------ flows

    @property
    def flow(self) -> dict[str, Any]:
        """The current flow's data; kept between the steps, dropped when the flow ends."""
        return self.state.flow

    def enter(self, step: State, **data: Any) -> None:
        """Go to ``step``. Entering the first step of another flow discards the one in progress (its state name is
        kept in ``discarded`` so the core can say so); ``data`` is merged into the flow's data."""
        current = self.state.state
        if self.state.in_flow and current.split(":")[0] != step.name.split(":")[0]:
            self.discarded, self.discarded_flow = current, dict(self.state.flow)
            self.state.reset()
        self.state.state = step.name
        self.flow.update(data)

    def require(self, action: str, *, unit_id: int | None = None, plan_id: str | None = None) -> None:
        """Raise ``Denied`` unless this user may do ``action`` (on ``unit_id``'s data, in ``plan_id``, default
        the conversation's plan). The one permission check is ``bot.core.permissions.require``."""
        from bot.core.permissions import require

        require(self.session, self.msg, action, plan_id=plan_id or self.plan_id, unit_id=unit_id)

    def finish(self) -> None:
        """The flow is over (done or cancelled): back to idle."""
        self.state.reset()


def _escape(text: str) -> str:
    return str(escape(text))
