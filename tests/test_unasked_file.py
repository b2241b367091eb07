"""A file sent outside any flow (issue 15, defect 13; issue 16): someone whose unit has entered values is offered
to file it as evidence (tests/test_evidence_filing.py); someone with nothing to file it to is answered with what
the bot does with files (a filled /mau form, evidence through /minhchung MÃ), not with the search's refusal, and a
caption is then still a question."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dbkit import SqliteTemplate
from tests.fuzzkit import World, build_world, member, plain_file


@pytest.fixture
def world(tmp_path: Path, sqlite_template: SqliteTemplate) -> Iterator[World]:
    yield from build_world(tmp_path, url=sqlite_template.copy_to(tmp_path / "world.db"))


def test_a_file_alone_says_what_files_are_for(world: World) -> None:
    refusal = world.core.renderer.render("none", plan_name="")[0].splitlines()[0]
    member(world.core, "newcomer", [("Sở Nội vụ", "official")])  # a unit that has entered nothing yet
    (reply,) = world.send_file(world.users["nobody"], plain_file(world, "anh.png", b"\x89PNG"))
    assert "/mau" in reply.text and "/minhchung" in reply.text and "còn thiếu" not in reply.text
    assert refusal[:30] not in reply.text
    world.users["newcomer"] = world.users["nobody"].__class__(world.core, user="newcomer")
    (reply,) = world.send_file(world.users["newcomer"], plain_file(world, "quyet-dinh.pdf"))
    assert "quyet-dinh.pdf" in reply.text and "/mau" in reply.text and not reply.buttons


def test_a_file_of_a_unit_with_values_is_offered_as_evidence(world: World) -> None:
    (reply,) = world.send_file(world.users["official"], plain_file(world, "quyet-dinh.pdf"))
    assert "quyet-dinh.pdf" in reply.text and reply.buttons[0].label.startswith("6.22")


def test_a_caption_is_still_a_question_with_nothing_to_file_to(world: World) -> None:
    replies = world.send_file(world.users["nobody"], plain_file(world), caption="Ai chủ trì chỉ số 6.22?")
    assert "/mau" not in replies[0].text and "6.22" in replies[0].text and "Chủ trì" in replies[0].text
