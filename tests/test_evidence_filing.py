"""Forwarding a file, a photo or a link to the bot outside a flow offers to file it as evidence (issue 16, item 3):
the unit's values as buttons, ranked by the caption's match in the question search, most likely first; more files
join while choosing; the value pressed is checked again — a forged id, another unit's value, a version corrected
since, a stale button: refused, nothing kept. Someone with nothing to file to: a link is answered, not searched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.services import values
from knowledge.store import load_knowledge
from tests.flowkit import User, play
from tests.fuzzkit import PLAN, World, build_world, member, plain_file
from tests.test_collect_services import unit_id

KB = load_knowledge()


@pytest.fixture
def world(tmp_path: Path, database_url: str) -> Iterator[World]:
    yield from build_world(tmp_path, url=database_url)


def _submit(world: World, unit: int, code: str, inputs: dict[str, float]) -> int:
    with world.core.db.session() as s:
        return values.submit(s, KB, world.ids["round"], unit, code, inputs, now=world.core.services.clock()).id


def _kept(world: World, version: int) -> list[tuple[str, str | None]]:
    with world.core.db.session() as s:
        return [(e.name, e.url) for e in values.evidence(s, version)]


def _labels(user: User) -> list[str]:
    return [b.label for r in user.last for b in r.buttons]


def test_a_forwarded_file_is_ranked_by_its_caption_and_filed(world: World) -> None:
    user = world.users["official"]
    economy = _submit(world, world.ids["unit"], "7.12", {"a": 10, "b": 1000})
    six = _submit(world, world.ids["unit"], "6.22", {"b": 1200, "c": 100000})
    world.send_file(user, plain_file(world, "du-toan.pdf"), caption="kinh phí chi thường xuyên cho kinh tế số")
    assert world.state(user) == "filing:pick" and "«du-toan.pdf»" in user.text()
    assert _labels(user)[0].startswith("7.12") and "7.12 có vẻ khớp nhất" in user.text()
    assert "vẫn đang" not in user.text()
    play(user, [("/huy", ["Đã huỷ"])])
    world.send_file(user, plain_file(world, "ngan-sach.pdf"), caption="chi ngân sách cho chính quyền số")
    assert _labels(user)[0].startswith("6.22")
    # an album arrives as several messages; a link joins them; a bad link is refused and the choice stays open
    world.send_file(user, plain_file(world, "phu-luc.pdf"))
    play(user, [("https://stc.gialai.gov.vn/qd-12 Quyết định 12", ["«ngan-sach.pdf», «phu-luc.pdf», 🔗 «Quyết"]),
                ("ftp://stc.gialai.gov.vn/x", ["Chưa lưu liên kết", "http:// hoặc https://"]),
                ("https://a.vn/" + "x" * 1500, ["quá 1000 ký tự"])])
    assert world.state(user) == "filing:pick"
    offer = world.core.handle(_again(user))  # the offer, asked again by number: "1" is the first value
    assert "Đã lưu 3 tệp, liên kết làm minh chứng cho chỉ số 6.22 (phiên bản 2)" in offer[0].text
    assert [n for n, _ in _kept(world, six)] == ["ngan-sach.pdf", "phu-luc.pdf", "Quyết định 12"]
    assert _kept(world, six)[2][1] == "https://stc.gialai.gov.vn/qd-12" and _kept(world, economy) == []
    assert world.state(user) == "idle"


def _again(user: User):  # type: ignore[no-untyped-def]
    from bot.core.messages import Incoming

    return Incoming(channel=user.channel, chat_id=user.user, user_id=user.user, text="1")


def test_a_link_typed_outside_a_flow_is_offered_not_searched(world: World) -> None:
    user = world.users["official"]
    play(user, [("Biên bản kiểm tra https://drive.google.com/file/d/abc/view", ["🔗 «Biên bản kiểm tra»"]),
                ("[6.22]", ["Đã lưu 1 tệp, liên kết", "chỉ số 6.22"])])
    version = next(iter(values_of(world)))
    assert _kept(world, version) == [("Biên bản kiểm tra", "https://drive.google.com/file/d/abc/view")]
    play(user, [("ftp://a.vn/x", ["Chưa lưu liên kết", "http:// hoặc https://"])])
    assert world.state(user) == "idle"
    play(user, [("https://a.vn/x", ["Lưu làm tài liệu kiểm chứng"]), ("[Không lưu]", ["Đã huỷ"])])
    assert len(_kept(world, version)) == 1
    # a document whose caption holds a link: both are filed
    world.send_file(user, plain_file(world, "qd.pdf"), caption="Quyết định, bản gốc tại https://a.vn/qd")
    assert "«qd.pdf», 🔗 «Quyết định, bản gốc tại»" in user.text()
    play(user, [("[6.22]", ["Đã lưu 2 tệp, liên kết"])])
    assert _kept(world, version)[1:] == [("qd.pdf", None), ("Quyết định, bản gốc tại", "https://a.vn/qd")]
    # /minhchung LIÊN_KẾT without a code asks which value, like the link alone; a second one joins the first
    play(user, [("/minhchung biên bản", ["Tôi chưa hiểu «biên bản» sau lệnh /minhchung"]),
                ("/minhchung https://a.vn/bb Biên bản", ["🔗 «Biên bản»"]),
                ("/minhchung https://a.vn/pl", ["🔗 «Biên bản», 🔗 «a.vn»"]),
                ("[6.22]", ["Đã lưu 2 tệp, liên kết"])])
    assert [u for _, u in _kept(world, version)][-2:] == ["https://a.vn/bb", "https://a.vn/pl"]
    nobody = world.users["nobody"]
    play(nobody, [("https://a.vn/x", ["Tôi nhận được một liên kết", "/dangky"])])
    assert "Chọn" not in nobody.text() and world.state(nobody) == "idle"


def values_of(world: World) -> list[int]:
    with world.core.db.session() as s:
        found = values.latest_versions(s, world.ids["round"], world.ids["unit"])
    return [v.id for v in found.values()]


def test_forged_stale_and_other_units_choices_file_nothing(world: World) -> None:
    user = world.users["official"]
    other = unit_id(world.core.db, PLAN, "Sở Kế hoạch và Đầu tư")
    theirs = _submit(world, other, "6.22", {"a": 50})  # its part of 6.22
    mine = values_of(world)[0]
    world.send_file(user, plain_file(world, "bien-ban.pdf"))
    for payload, expected in ((f"fe:{theirs}", "⛔"), ("fe:99999", "đã hết hạn"), ("fe:²", "đã hết hạn"),
                              (f"fe:{mine}:1", "đã hết hạn")):
        assert expected in "".join(r.text for r in world.forge(user, payload, stamped=True)), payload
        assert world.state(user) == "filing:pick", payload
    assert "đã hết hạn" in world.forge(user, f"fe:{mine}", stamped=True, stale=True)[0].text
    assert "đã hết hạn" in world.forge(user, f"fe:{mine}")[0].text  # not stamped: not a button of this step
    assert _kept(world, theirs) == [] and _kept(world, mine) == []
    # a value corrected after the offer: the old version is no longer the one to file to
    newer = _submit(world, world.ids["unit"], "6.22", {"b": 1300, "c": 100000})
    assert "đã hết hạn" in world.forge(user, f"fe:{mine}", stamped=True)[0].text
    assert _kept(world, mine) == [] and _kept(world, newer) == []
    play(user, [("/huy", ["Đã huỷ"])])
    assert "đã hết hạn" in world.forge(user, f"fe:{newer}", stamped=True, stale=True)[0].text  # after the flow


def test_an_official_of_two_units_sees_each_units_values(world: World) -> None:
    member(world.core, "both", [("Sở Tài chính", "official"), ("Sở Kế hoạch và Đầu tư", "official")])
    _submit(world, unit_id(world.core.db, PLAN, "Sở Kế hoạch và Đầu tư"), "6.22", {"a": 50})
    user = User(world.core, user="both")
    world.send_file(user, plain_file(world, "a.pdf"))
    assert sorted(_labels(user)[:2]) == ["6.22 · Sở Kế hoạch và Đầu tư", "6.22 · Sở Tài chính"]
    assert _labels(user)[-1] == "Không lưu"


def test_a_restart_in_the_middle_keeps_what_waits_to_be_filed(world: World) -> None:
    from bot.assembly import build_core

    user = world.users["official"]
    world.send_file(user, plain_file(world, "bien-ban.pdf"), caption="chính quyền số")
    offer = user.last
    restarted = build_core(world.core.settings, clock=world.core.services.clock)
    try:
        again = User(restarted, user="official")
        again.press("6.22", offer)
        assert "Đã lưu 1 tệp, liên kết" in again.text()
        assert [n for n, _ in _kept(world, values_of(world)[0])] == ["bien-ban.pdf"]
    finally:
        restarted.db.dispose()
