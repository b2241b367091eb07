"""A file sent with no caption outside any flow is answered with what the bot does with files (a filled /mau
form, evidence through /minhchung MÃ), not with the search's refusal (issue 15, defect 13)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fuzzkit import World, build_world, plain_file


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from build_world(tmp_path)


def test_a_file_alone_says_what_files_are_for(world: World) -> None:
    refusal = world.core.renderer.render("none", plan_name="")[0].splitlines()[0]
    official = world.users["official"]
    (reply,) = world.send_file(official, plain_file(world, "quyet-dinh.pdf"))
    assert "quyet-dinh.pdf" in reply.text and "/mau" in reply.text
    assert "/minhchung 6.22" in reply.text and "còn thiếu tài liệu kiểm chứng: 6.22" in reply.text
    assert refusal[:30] not in reply.text
    (reply,) = world.send_file(world.users["nobody"], plain_file(world, "anh.png", b"\x89PNG"))
    assert "/mau" in reply.text and "/minhchung" in reply.text and "còn thiếu" not in reply.text


def test_a_caption_is_still_a_question(world: World) -> None:
    replies = world.send_file(world.users["official"], plain_file(world), caption="Ai chủ trì chỉ số 6.22?")
    assert "/mau" not in replies[0].text and "6.22" in replies[0].text
