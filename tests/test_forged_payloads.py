"""Forged and stale buttons, and commands with junk arguments, never get the apology (issue 15, defect 4).

Every payload prefix the assembled routes declare (read from the core, so a new prefix is covered without
editing this file) × junk arguments × every role, idle and in the middle of a flow, stamped with the current
serial, with an old one, and not stamped; every flow step that has buttons is reached by a real script first
(``tests/fuzzkit.REACH``) and attacked with the step's own serial. Then every command with junk arguments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete

from bot.core.app import Core
from bot.db.models import Round
from tests.dbkit import SqliteTemplate
from tests.fuzzkit import CORE_JUNK, PLAN, REACH, ROLES, World, build_world, reach

FLOWS = {"nobody": "/dangky", "official": "/nhap 6.22", "head": "/nhap", "focal": "/modot", "admin": "/modot"}


def _world(tmp_path_factory: pytest.TempPathFactory, template: SqliteTemplate, name: str, *,
           closed: bool = False) -> Iterator[World]:
    """A world in a folder of its own, on a copy of the test process's migrated SQLite file."""
    folder = tmp_path_factory.mktemp(name)
    yield from build_world(folder, url=template.copy_to(folder / "world.db"), closed=closed)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, sqlite_template: SqliteTemplate) -> Iterator[World]:
    yield from _world(tmp_path_factory, sqlite_template, "world")


@pytest.fixture(scope="module")
def steps_world(tmp_path_factory: pytest.TempPathFactory, sqlite_template: SqliteTemplate) -> Iterator[World]:
    """A world of its own: the sweep above approves, returns and closes whatever a forged press happens to name."""
    yield from _world(tmp_path_factory, sqlite_template, "steps")


@pytest.fixture(scope="module")
def closed_world(tmp_path_factory: pytest.TempPathFactory, sqlite_template: SqliteTemplate) -> Iterator[World]:
    yield from _world(tmp_path_factory, sqlite_template, "closed", closed=True)


def prefixes(core: Core, *, bound: bool) -> list[str]:
    return sorted({r.prefix for r in core.routes.payloads if (r.state is not None) == bound})


def test_every_flow_step_with_buttons_can_be_reached(world: World) -> None:
    steps = {r.state.name for r in world.core.routes.payloads if r.state is not None}
    assert steps <= set(REACH), f"add a script reaching {sorted(steps - set(REACH))} to tests/fuzzkit.REACH"


@pytest.mark.parametrize("role", list(ROLES))
def test_forged_payloads_get_no_apology(world: World, role: str) -> None:
    """Idle: every prefix × every junk argument, not stamped, then stamped with the current and with an old
    serial (a stateless prefix stamped, a flow prefix outside its step). In the middle of a flow: every prefix ×
    the commonest junk, stamped and not; the flow is started again whenever a forged press that happened to read
    (a real round and unit) took the person elsewhere."""
    user = world.users[role]
    failures = []
    for in_flow, junks in ((False, world.junk()), (True, CORE_JUNK)):
        user.say("/huy")
        if in_flow:
            user.say(FLOWS[role])
        expected = world.state(user)
        for prefix in prefixes(world.core, bound=False) + prefixes(world.core, bound=True):
            for n, junk in enumerate(junks):
                for stamped, stale in ((False, False), (True, False), (True, True))[:3 if n < 4 or in_flow else 1]:
                    replies = world.forge(user, prefix + junk, stamped=stamped, stale=stale)
                    if world.apologies(replies) or not replies:
                        failures.append((in_flow, prefix + junk[:30], stamped, stale))
                    if in_flow and world.state(user) != expected:
                        user.say("/huy")
                        user.say(FLOWS[role])
    assert failures == []


@pytest.mark.parametrize("step", sorted(REACH))
def test_forged_payloads_in_each_flow_step_get_no_apology(steps_world: World, closed_world: World,
                                                         step: str) -> None:
    """The step reached by its real script, then each prefix bound to it × every junk argument, stamped with
    the step's own serial (the step is reached again when a press that read moved the person on)."""
    target = closed_world if REACH[step][2] else steps_world
    failures = []
    user = reach(target, step)
    for prefix in sorted({r.prefix for r in target.core.routes.payloads if r.state and r.state.name == step}):
        for junk in target.junk():
            replies = target.forge(user, prefix + junk, stamped=True)
            if target.apologies(replies) or not replies:
                failures.append((prefix + junk[:30], [r.text[:80] for r in replies]))
            if target.state(user) != step:
                user = reach(target, step)
    assert failures == []


# Charts and the workbook are drawn whatever the argument: three junk arguments read the same as thirty.
COSTLY = frozenset({"bieudo", "xuat"})


@pytest.mark.parametrize("role", list(ROLES))
def test_commands_with_junk_arguments_get_no_apology(world: World, role: str) -> None:
    user = world.users[role]
    failures = []
    for name in [*world.core.routes.commands, "huy"]:
        junks = (*CORE_JUNK, "#99999999999999999999999", "xoa 99999999999999999999999",
                 "chuyen 99999999999999999999999 > Sở Nội vụ", "dung ²", "tiep 99999", f"{PLAN} 6.22 ²")
        for junk in junks[:3] if name in COSTLY else junks:
            replies = user.say(f"/{name} {junk}")
            if world.apologies(replies) or not replies:
                failures.append((name, junk[:30]))
        user.say("/huy")
    assert failures == []


def test_the_issue_payloads_are_expired_choices(world: World) -> None:
    """The payloads and commands of the issue's sweep, by the people who got the apology."""
    expired = world.core.renderer.render("expired_choice")[0]
    focal = world.users["focal"]
    for payload in ("sc:²", "rm:resume:²", "pc:²", "pu:1:²", "xg:²:17", "pu:1:99999999999999999999999",
                    "pc:99999", "pu:99999:1", f"pu:99999:{world.ids['unit']}", f"xg:99999:{world.ids['unit']}",
                    "rq:a:99999", "mc:²"):
        focal.say("/huy")
        (reply,) = focal.say(payload=payload)
        assert reply.text == expired, (payload, reply.text)
    for command in ("/duyet 99999999999999999999999", "/tuchoi ²", "/duyet", "/duyet -1"):
        (reply,) = focal.say(command)
        assert "/duyet" in reply.text or "/tuchoi" in reply.text, (command, reply.text)


def test_a_round_gone_in_the_middle_of_a_flow_is_no_apology(tmp_path: Path, sqlite_template: SqliteTemplate
                                                            ) -> None:
    """A ``RoundError`` for a round that is not there, met inside a handler, is an expired choice too."""
    for world in build_world(tmp_path, url=sqlite_template.copy_to(tmp_path / "world.db")):
        user = world.users["official"]
        user.say("/nhap 6.22")
        with world.core.db.session() as s:
            s.execute(delete(Round).where(Round.id == world.ids["round"]))
        replies = user.say("b=1.200; c=100.000")
        assert not world.apologies(replies) and "hết hạn" in replies[0].text
        assert not world.apologies(user.say("/huy"))
