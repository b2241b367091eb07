"""Routers: each capability declares what it handles, the core dispatches without knowing the capabilities.

A handler module makes one ``Router`` and registers on it, with decorators:

- ``@router.command("nhap", "Nhập số liệu chỉ số")``: a slash command (the description is the Vietnamese menu
  text Telegram shows);
- ``@router.payload("i:")``: a button whose payload starts with the prefix, pressed outside any flow;
- ``@router.payload("v:", state=Collect.value)``: a button offered in a flow step, accepted only in that step;
- ``args=(ROUND, UNIT)`` on either: the typed arguments after the prefix or the command (``bot.core.args``), read
  by the core before the handler runs and handed to it in ``turn.params``; a payload takes none unless declared,
  a command its text as typed;
- ``@router.state(Collect.value)``: text typed while the conversation is in that named state;
- ``@router.text()``: free text when no flow is going on (questions);
- ``@router.prepare(accepts=…)``: work on an uploaded file done before the turn's transaction (see
  ``bot.core.prepare``).

States are grouped like aiogram's ``StatesGroup``: ``class Register(StatesGroup): unit = State("chọn đơn vị")``
names the state ``register:unit``; the description says, in Vietnamese, what the user is in the middle of (for
"/huy" and "how to go on" messages). A ``quiet`` state only waits for something that is also taken outside the
flow (a filled form sent back days later): text typed meanwhile is answered as if no flow were going on, with no
"you are still…" line, and the step ends (expires, or gives way to another flow) without a notice. A group (or one
of its states) declares the permission its steps need, ``needs = VALUES_ENTER``, on the unit its flow data names
(``unit_key``, default ``"unit"``): the core checks it
again before every step, so someone removed from the unit in the meantime is refused and the flow ends.

A handler returns the replies, or ``None`` to say "not mine" (a state's text handler does that when the text is a
question rather than an answer, and the core then answers it as one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from bot.core.args import Spec, Text
from bot.core.messages import FileRef, Reply
from bot.core.prepare import FilePreparer, Preparer
from knowledge.lazy import lazy_compile

if TYPE_CHECKING:
    from bot.core.turn import Turn

Handler = Callable[["Turn"], list[Reply] | None]
AnyPreparer = TypeVar("AnyPreparer", bound=Preparer)


_GROUP = object()  # a state's permission: its group's


class State:
    """A named step of a flow. The name is set by the ``StatesGroup`` it is declared in; ``needs`` (default: the
    group's) is the permission checked again before the step, on the unit the flow data names; ``quiet``: the
    step waits without capturing anything else (see the module's docstring). The description may name flow data
    in braces ("nhập số liệu chỉ số {code}"), filled in when the step is described."""

    def __init__(self, description: str = "", *, needs: str | object | None = _GROUP, quiet: bool = False) -> None:
        self.description = description
        self.quiet = quiet
        self.name = ""
        self._needs = needs
        self._group: type | None = None

    def __set_name__(self, owner: type, attr: str) -> None:
        self.name = f"{getattr(owner, 'prefix', '') or owner.__name__.lower()}:{attr}"
        self._group = owner

    @property
    def needs(self) -> str | None:
        needs = getattr(self._group, "needs", None) if self._needs is _GROUP else self._needs
        return needs if isinstance(needs, str) else None

    @property
    def unit_key(self) -> str:
        return str(getattr(self._group, "unit_key", "unit"))

    def __repr__(self) -> str:
        return f"State({self.name!r})"


class StatesGroup:
    """The steps of one flow; ``prefix`` names the flow (default: the class name in lower case)."""

    prefix: ClassVar[str] = ""
    needs: ClassVar[str | None] = None  # the permission every step needs (None: anyone may go on)
    unit_key: ClassVar[str] = "unit"  # the flow data naming the unit that permission is checked on

    @classmethod
    def all(cls) -> list[State]:
        return [v for v in vars(cls).values() if isinstance(v, State)]


@dataclass(frozen=True)
class Command:
    """A slash command: its name (no slash), the menu description, who may use it, its handler."""

    name: str
    description: str
    handler: Handler
    needs: str | None = None
    menu: bool = True
    args: Spec = (Text,)
    usage: str = "command_usage"  # the template answering arguments that do not read


@dataclass(frozen=True)
class PayloadRoute:
    prefix: str
    handler: Handler
    state: State | None = None
    needs: str | None = None
    args: Spec = ()


@dataclass
class Router:
    """What one capability handles. ``needs`` names a permission action checked by the core before the handler
    runs (see ``bot.core.permissions``)."""

    name: str
    commands: list[Command] = field(default_factory=list)
    payloads: list[PayloadRoute] = field(default_factory=list)
    states: dict[str, tuple[State, Handler]] = field(default_factory=dict)
    texts: list[Handler] = field(default_factory=list)
    preparers: list[FilePreparer] = field(default_factory=list)

    def command(self, name: str, description: str, *, needs: str | None = None, menu: bool = True,
                args: Spec = (Text,), usage: str = "command_usage") -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.commands.append(Command(name, description, handler, needs, menu, args, usage))
            return handler

        return register

    def payload(self, prefix: str, *, state: State | None = None, needs: str | None = None,
                args: Spec = ()) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.payloads.append(PayloadRoute(prefix, handler, state, needs, args))
            return handler

        return register

    def state(self, *states: State) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for s in states:
                if not s.name:
                    raise ValueError(f"{s!r} is not declared in a StatesGroup")
                self.states[s.name] = (s, handler)
            return handler

        return register

    def text(self) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.texts.append(handler)
            return handler

        return register

    def prepare(self, accepts: Callable[[FileRef], bool]) -> Callable[[AnyPreparer], AnyPreparer]:
        def register(preparer: AnyPreparer) -> AnyPreparer:
            self.preparers.append(FilePreparer(preparer, accepts))
            return preparer

        return register


class Routes:
    """Every router's declarations merged, in the order given (earlier routers win). Built once per core."""

    def __init__(self, routers: Iterable[Router]) -> None:
        self.commands: dict[str, Command] = {}
        self.payloads: list[PayloadRoute] = []
        self.states: dict[str, tuple[State, Handler]] = {}
        self.texts: list[Handler] = []
        self.preparers: list[FilePreparer] = []
        for router in routers:
            for cmd in router.commands:
                if cmd.name in self.commands:
                    raise ValueError(f"/{cmd.name} is declared twice")
                self.commands[cmd.name] = cmd
            self.payloads.extend(router.payloads)
            for name, entry in router.states.items():
                if name in self.states:
                    raise ValueError(f"state {name} is declared twice")
                self.states[name] = entry
            self.texts.extend(router.texts)
            self.preparers.extend(router.preparers)
        # longest prefix first, so "rq:" is not taken by "r:"
        self.payloads.sort(key=lambda r: -len(r.prefix))

    def menu(self) -> list[tuple[str, str]]:
        """(name, description) of the commands shown in menus and /help, in declaration order."""
        return [(c.name, c.description) for c in self.commands.values() if c.menu]

    def payload_route(self, payload: str, state: str | None) -> PayloadRoute | None:
        """The route for a payload: one bound to ``state`` when in a flow step, else a stateless one."""
        for route in self.payloads:
            if payload.startswith(route.prefix) and (route.state.name if route.state else None) == state:
                return route
        return None

    def step(self, state_name: str) -> State | None:
        """The declared state of that name (from a text route, else a button route)."""
        entry = self.states.get(state_name)
        if entry is not None:
            return entry[0]
        return next((r.state for r in self.payloads if r.state is not None and r.state.name == state_name), None)

    def quiet(self, state_name: str) -> bool:
        found = self.step(state_name)
        return found is not None and found.quiet

    def describe(self, state_name: str, data: Mapping[str, Any] | None = None) -> str:
        """What the user is in the middle of, in Vietnamese, with the flow's data named in the description
        filled in ("nhập số liệu chỉ số 6.22"); a name the data lacks is left out."""
        found = self.step(state_name)
        if found is None or not found.description:
            return ""
        return _fill(found.description, data or {})


_FIELD = lazy_compile(r"\s*\{(\w+)\}")


def _fill(description: str, data: Mapping[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        got = data.get(match.group(1))
        return f" {got}" if isinstance(got, str | int) and not isinstance(got, bool) and str(got) else ""

    return _FIELD.sub(value, description)


__all__: list[Any] = ["Command", "Handler", "PayloadRoute", "Router", "Routes", "State", "StatesGroup"]
