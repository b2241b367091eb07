"""Someone removed from their unit (``dti-bot officials remove``) or moved (``officials move``) while a flow is
open is refused at the next step of every flow, told that they no longer belong to a unit, and the flow ends:
nothing more is saved, filed, returned, granted or decided (issue 15, defect 5). On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.db.models import EvidenceFile, OutboxMessage, RegistrationRequest, RoundException, ValueVersion
from bot.services import rounds
from tests.flowkit import User
from tests.fuzzkit import PLAN, UNIT, World, build_world, filled_form, plain_file
from tests.test_officials_cli import configured  # noqa: F401 (the CLI works on the test's database)

NO_UNIT = "không còn thuộc đơn vị nào"
STOPPED = "đã dừng"


def world_on(database_url: str, tmp_path: Path, *, closed: bool = False) -> Iterator[World]:
    yield from build_world(tmp_path, url=database_url, closed=closed)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[World]:
    yield from world_on(database_url, tmp_path)


@pytest.fixture
def closed_world(database_url: str, tmp_path: Path) -> Iterator[World]:
    yield from world_on(database_url, tmp_path, closed=True)


def remove(world: World, role: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The admin's ``dti-bot officials remove`` on the person, from the terminal, while their flow is open."""
    assert main(["officials", "remove", "--plan", PLAN, f"test:{role}"]) == 0, capsys.readouterr().err
    assert "Đã xoá" in capsys.readouterr().out


def saved(world: World) -> dict[str, int]:
    """What a flow step could have filed: versions, evidence files, exceptions, queued messages, decisions."""
    with world.core.db.session() as s:
        return {
            "versions": s.scalar(select(func.count()).select_from(ValueVersion)) or 0,
            "evidence": s.scalar(select(func.count()).select_from(EvidenceFile)) or 0,
            "exceptions": s.scalar(select(func.count()).select_from(RoundException)) or 0,
            "outbox": s.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
            "pending": s.scalar(select(func.count()).select_from(RegistrationRequest)
                                .where(RegistrationRequest.status == "pending")) or 0,
        }


def refused(world: World, user: User, step: Callable[[], object], before: dict[str, int]) -> None:
    step()
    text = user.text()
    assert NO_UNIT in text and STOPPED in text, text
    assert "Đơn vị của bạn là ." not in text
    assert world.state(user) == "idle"
    assert saved(world) == before
    user.say("b=1.200; c=100.000")  # typing on: nothing picks it up as an answer any more
    assert saved(world) == before


FILE = "<file>"
STEPS = {  # who, what brings them into the step, the step, what they do next once removed
    "typing a value": ("official", ["/nhap 6.22"], "collect:value", "b=1.200; c=100.000"),
    "pressing Xác nhận": ("official", ["/nhap 6.22", "b=1.200; c=100.000"], "collect:summary", "[Xác nhận]"),
    "sending evidence": ("official", ["/nhap 6.22", "b=1.200; c=100.000", "[Xác nhận]"], "collect:evidence", FILE),
    "sending evidence later": ("official", ["/minhchung 6.22"], "collect:evidence", FILE),
    "returning a value": ("focal", ["/tiendo", f"[{UNIT}]", "[6.22]", "[Trả lại]"], "review:comment",
                          "Thiếu chi thường xuyên"),
    "closing the round": ("focal", ["/tiendo", "[Đóng đợt]"], "review:close", "[Đóng đợt]"),
    "opening a round": ("focal", ["/modot", "2025"], "modot:due", "31/12/2025"),
}


def act(world: World, user: User, step: str) -> None:
    if step == FILE:
        world.send_file(user, plain_file(world))
    elif step.startswith("["):
        user.press(step[1:-1])
    else:
        user.say(step)


@pytest.mark.parametrize("case", list(STEPS))
def test_the_next_step_after_removal_is_refused(world: World, capsys: pytest.CaptureFixture[str], case: str) -> None:
    role, script, step, then = STEPS[case]
    user = world.users[role]
    for sent in script:
        act(world, user, sent)
    assert world.state(user) == step, user.text()
    remove(world, role, capsys)
    refused(world, user, lambda: act(world, user, then), saved(world))
    with world.core.db.session() as s:
        assert rounds.get_round(s, world.ids["round"]).state == "open"


def test_sending_the_form_and_confirming_it_after_removal(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    user = world.users["official"]
    form = filled_form(world, user, "mau.xlsx", {("6.22", "b"): "1.200", ("6.22", "c"): 100000})
    assert world.state(user) == "mau:upload"
    head = world.users["head"]  # the head of the same unit reaches the review, then is removed
    head_form = filled_form(world, head, "mau-head.xlsx", {("6.22", "b"): "1.200", ("6.22", "c"): 100000})
    review = world.send_file(head, head_form)
    assert world.state(head) == "mau:review"
    remove(world, "official", capsys)
    refused(world, user, lambda: world.send_file(user, form), saved(world))
    remove(world, "head", capsys)
    refused(world, head, lambda: head.press("Xác nhận", review), saved(world))


def test_granting_an_exception_after_removal(closed_world: World, capsys: pytest.CaptureFixture[str]) -> None:
    focal = closed_world.users["focal"]
    focal.say(f"/ngoaile {UNIT}")
    focal.say("30/11/2024")
    assert closed_world.state(focal) == "ngoaile:reason"
    remove(closed_world, "focal", capsys)
    refused(closed_world, focal, lambda: focal.say("Sở gửi muộn vì mất điện"), saved(closed_world))


def test_deciding_a_registration_after_removal(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    focal = world.users["focal"]
    before = saved(world)
    remove(world, "focal", capsys)
    for attempt in (lambda: focal.say(payload=f"rq:a:{world.ids['request']}"),
                    lambda: focal.say(f"/duyet {world.ids['request']}")):
        attempt()
        assert NO_UNIT in focal.text() and "Đơn vị của bạn là ." not in focal.text()
    assert saved(world) == before


def test_moved_to_another_unit_mid_flow(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    user = world.users["official"]
    user.say("/nhap 6.22")
    assert main(["officials", "move", "--plan", PLAN, "test:official", "--to", "Sở Nội vụ"]) == 0
    capsys.readouterr()
    before = saved(world)
    user.say("b=1.200; c=100.000")
    assert "Đơn vị của bạn là Sở Nội vụ" in user.text() and STOPPED in user.text()
    assert world.state(user) == "idle" and saved(world) == before
