"""Scripted conversations through the core, in the manner of Errbot's test bot: a list of (message, expected
reply fragments), played against a core, each reply checked in turn."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming, Reply
from bot.db.session import Database


@dataclass
class ManualClock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class User:
    """One user of a chat, talking to a core."""

    core: Core
    user: str = "u1"
    chat: str | None = None
    channel: str = "test"
    name: str = ""
    last: list[Reply] = field(default_factory=list)

    def say(self, text: str = "", payload: str | None = None) -> list[Reply]:
        msg = Incoming(channel=self.channel, chat_id=self.chat or self.user, user_id=self.user, text=text,
                       payload=payload, user_name=self.name)
        self.last = self.core.handle(msg)
        return self.last

    def press(self, label_part: str, replies: Sequence[Reply] | None = None) -> list[Reply]:
        """Press the button whose label contains ``label_part`` in ``replies`` (default: the last answer)."""
        for reply in replies if replies is not None else self.last:
            for button in reply.buttons:
                if label_part in button.label:
                    return self.say(payload=button.payload)
        raise AssertionError(f"no button {label_part!r} in {[b.label for r in self.last for b in r.buttons]}")

    def text(self) -> str:
        return "\n---\n".join(r.text for r in self.last)


def play(user: User, script: Sequence[tuple[str, Sequence[str]]]) -> None:
    """Each step: what the user sends (text, or ``[label]`` to press a button of the last answer), and fragments
    every one of which must appear in the answer."""
    for sent, expected in script:
        if sent.startswith("[") and sent.endswith("]"):
            user.press(sent[1:-1])
        else:
            user.say(sent)
        answer = user.text()
        for fragment in expected:
            assert fragment in answer, f"after {sent!r}: {fragment!r} not in {answer!r}"


def plan_core(settings: Settings, clock: ManualClock, plan: str) -> Iterator[Core]:
    """A core on the test's database answering ``plan`` by default, with the test's clock; its database is
    closed after the test (``yield from`` it in a fixture)."""
    settings.bot.plan = plan
    core = build_core(settings, clock=clock)
    try:
        yield core
    finally:
        core.db.dispose()


# The moment most flow tests start at: a working morning (09:00 in Vietnam) before the rounds they open fall due.
FLOW_START = datetime(2024, 11, 1, 2, 0, tzinfo=UTC)


def flow_fixtures(plan: str) -> tuple[Any, Any]:
    """The ``clock`` (at ``FLOW_START``) and ``core`` (``plan_core`` on ``plan``) fixtures of a flow test module,
    assigned at its top level: ``clock, core = flow_fixtures(PLAN)``."""

    @pytest.fixture(name="clock")
    def clock_fixture() -> ManualClock:
        return ManualClock(FLOW_START)

    @pytest.fixture(name="core")
    def core_fixture(settings: Settings, clock: ManualClock) -> Iterator[Core]:
        yield from plan_core(settings, clock, plan)

    return clock_fixture, core_fixture


def register_official(core: Core | Database, plan: str, unit: str, user: str = "u1", role: str = "official",
                      channel: str = "test") -> int:
    """A person on ``channel`` (user and chat id ``user``) made a member of ``unit`` of ``plan`` with ``role``,
    straight in the database (tests of other flows than registration; a core's or a database); returns the unit's
    id."""
    from bot.db.models import Identity, Membership, Official
    from tests.test_collect_services import unit_id

    db = core.db if isinstance(core, Core) else core
    uid = unit_id(db, plan, unit)
    with db.session() as s:
        person = Official(name=f"Cán bộ {user}")
        s.add(person)
        s.flush()
        s.add(Identity(official_id=person.id, channel=channel, user_id=user, chat_id=user))
        s.add(Membership(official_id=person.id, unit_id=uid, role=role))
    return uid
