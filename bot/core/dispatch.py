"""One turn's routing: which declared handler answers a message, and the rules every flow shares.

- ``/huy`` cancels any flow and says what was discarded; a flow idle for 24 hours expires, with a notice on the
  user's next message;
- a button offered in a flow step is stamped with the conversation's serial; pressed after that step (or after
  the flow ended) it is answered "this choice has expired" and never acted on; pressed in time, a button of no
  flow (offered by a command typed in the middle of one) does what it says;
- a question typed in the middle of a flow is answered, and the user is told how to go on (but in a quiet step,
  which only waits for a file, text is answered as if no flow were going on);
- a bare number answers the choices offered last (Zalo and the console have no buttons);
- a route's arguments are read into typed values before its handler runs (``bot.core.args``): a payload whose
  arguments do not read, or name a row that is not there, is an expired choice; a command's, its usage;
- every flow step is allowed again before it runs (the permission its ``State`` declares, on the flow's unit):
  someone removed from the unit meanwhile is refused and the flow ends, so nothing more is filed.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.core.args import BadArgs, Gone, Spec, parse
from bot.core.messages import Reply
from bot.core.permissions import Denied
from bot.core.router import Command, Handler, Routes, State
from bot.core.turn import CHOICES_KEY, Turn

FLOW_TIMEOUT = timedelta(hours=24)
CANCEL_COMMAND = "huy"
CANCEL_DESCRIPTION = "Huỷ việc đang làm dở"
STAMP = "~"
MAX_TEXT = 2000

_COMMAND = re.compile(r"^/(?P<name>[A-Za-z_]+)(?:@\S+)?(?:\s+(?P<args>.*))?$", re.DOTALL)
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def stamp(payload: str, serial: int) -> str:
    return f"{STAMP}{serial}:{payload}"


def unstamp(payload: str) -> tuple[int, str] | None:
    """(serial, inner payload) of a stamped payload; None when it is not one (or is malformed)."""
    head, sep, inner = payload[len(STAMP):].partition(":")
    if not payload.startswith(STAMP) or not sep or not head.isascii() or not head.isdigit():
        return None
    return int(head), inner


class Dispatcher:
    """Routes a turn to the handler its message, payload and conversation state call for."""

    def __init__(self, routes: Routes) -> None:
        self.routes = routes

    def dispatch(self, turn: Turn, payload: str | None) -> list[Reply]:
        try:
            if payload is not None:
                return self._payload(turn, payload)
            return self._text(turn)
        except Denied as refusal:
            return [turn.reply("denied", reason=refusal.reason, keep_choices=True)]
        except (BadArgs, Gone):  # a handler found what a choice names missing
            return [turn.reply("expired_choice", keep_choices=True)]

    # ------------------------------------------------------------------------------------------ payloads

    def _payload(self, turn: Turn, payload: str) -> list[Reply]:
        stamped = unstamp(payload)
        if stamped is not None:
            serial, inner = stamped
            if not turn.state.in_flow or serial != turn.state.serial:
                return [turn.reply("expired_choice", keep_choices=True)]
            route = self.routes.payload_route(inner, turn.state.state)
            if route is None and self.routes.payload_route(inner, None) is not None:
                # a button of no flow offered in the middle of one (/minhchung's list while /nhap is open): the
                # stamp says it is fresh, so it does what it says, and the flow is still there to go on with
                return self._payload(turn, inner)
            if route is None or route.state is None:
                return [turn.reply("expired_choice", keep_choices=True)]
            turn.args = inner[len(route.prefix):]
            refused = self._step_refused(turn, route.state)
            if refused:
                return refused
            return (self._run(turn, route.handler, route.needs, route.args)
                    or [turn.reply("expired_choice", keep_choices=True)])
        route = self.routes.payload_route(payload, None)
        if route is None:
            return [turn.reply("expired_choice", keep_choices=True)]
        turn.args = payload[len(route.prefix):]
        before = turn.state.state if turn.state.in_flow else None
        replies = self._run(turn, route.handler, route.needs, route.args)
        if replies is None:
            return [turn.reply("expired_choice", keep_choices=True)]
        if turn.state.in_flow and turn.state.state != before:
            return replies  # the button started a flow (a focal point's "Trả lại"): its question is the next step
        return self._with_resume_hint(turn, replies)

    # ------------------------------------------------------------------------------------------ text

    def _text(self, turn: Turn) -> list[Reply]:
        text = turn.msg.text.strip()
        if not text and turn.msg.file is None:
            return [turn.reply("empty", keep_choices=True)]
        command = _COMMAND.match(text)
        if command:
            return self._command(turn, command["name"].lower(), (command["args"] or "").strip())
        number = _NUMBER.match(text)
        choices = pending_choices(turn)
        if number and choices and turn.msg.file is None:
            index = int(number.group(1))
            if not 1 <= index <= len(choices):
                return [turn.reply("choice_range", count=len(choices), keep_choices=True)]
            return self._payload(turn, choices[index - 1])
        turn.args = text
        if turn.state.in_flow:
            entry = self.routes.states.get(turn.state.state)
            if entry is not None:
                refused = self._step_refused(turn, entry[0])
                if refused:
                    return refused
                replies = self._run(turn, entry[1], None)
                if replies is not None:
                    return replies
        before = turn.state.state
        for handler in self.routes.texts:
            replies = self._run(turn, handler, None)
            if replies is not None:  # a flow the text started (a forwarded file's choice) needs no hint
                return replies if turn.state.state != before else self._with_resume_hint(turn, replies)
        return self._with_resume_hint(turn, [turn.reply("none")])

    def _command(self, turn: Turn, name: str, args: str) -> list[Reply]:
        if name == CANCEL_COMMAND:
            return [self.cancel(turn)]
        command = self.routes.commands.get(name)
        if command is None:
            return self._with_resume_hint(
                turn, [turn.reply("unknown_command", command=name, keep_choices=True)]
            )
        turn.args = args
        before = turn.state.state
        try:
            replies = self._run(turn, command.handler, command.needs, command.args, sep=None) or []
        except (BadArgs, Gone):
            replies = [self._usage(turn, command)]
        if turn.discarded and not self.routes.quiet(turn.discarded):
            what = self.routes.describe(turn.discarded, turn.discarded_flow)
            replies.insert(0, turn.reply("flow_discarded", what=what))
        if turn.state.state == before:
            return self._with_resume_hint(turn, replies)
        return replies

    def cancel(self, turn: Turn) -> Reply:
        if not turn.state.in_flow:
            return turn.reply("cancel_nothing")
        what = self.routes.describe(turn.state.state, turn.flow)
        turn.finish()
        return turn.reply("cancelled", what=what)

    # ------------------------------------------------------------------------------------------ shared

    def _run(self, turn: Turn, handler: Handler, needs: str | None, args: Spec | None = None,
             sep: str | None = ":") -> list[Reply] | None:
        """The route's permission, then its arguments read (``BadArgs``/``Gone`` when they do not), then the
        handler."""
        if needs is not None:
            turn.require(needs)
        if args is not None:
            turn.params = parse(args, turn.args, turn, sep=sep)
        return handler(turn)

    def _step_refused(self, turn: Turn, step: State) -> list[Reply] | None:
        """The flow's permission checked again before one of its steps (on the unit its data names); refused:
        the flow ends, so nothing more is filed, and the user is told why."""
        if step.needs is None:
            return None
        unit = turn.flow.get(step.unit_key)
        try:
            turn.require(step.needs, unit_id=unit if isinstance(unit, int) else None)
        except Denied as refusal:
            what = self.routes.describe(turn.state.state, turn.flow)
            turn.finish()
            return [turn.reply("flow_denied", reason=refusal.reason, what=what)]
        return None

    def _usage(self, turn: Turn, command: Command) -> Reply:
        return turn.reply(command.usage, command=command.name, description=command.description, args=turn.args,
                          keep_choices=True)

    def _with_resume_hint(self, turn: Turn, replies: list[Reply]) -> list[Reply]:
        """In the middle of a flow, an answer to something else ends with how to go on (not in a quiet step: it
        waits for a file that is taken outside the flow too)."""
        if not turn.state.in_flow or self.routes.quiet(turn.state.state):
            return replies
        hint = turn.reply("flow_resume", what=self.routes.describe(turn.state.state, turn.flow), keep_choices=True)
        return [*replies, hint]


def pending_choices(turn: Turn) -> list[str]:
    """The payloads of the choices offered last, in order (what "1", "2"… answer)."""
    choices = turn.state.data.get(CHOICES_KEY)
    return [c for c in choices if isinstance(c, str)] if isinstance(choices, list) else []
