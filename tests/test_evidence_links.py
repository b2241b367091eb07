"""The focal point sees the evidence (issue 16, item 3), as scripts of messages through the core:

- a link (http/https, bounded, checked, never fetched) is evidence in the evidence step and by /minhchung MÃ <link>,
  kept with its text and counted like a file (what lacks evidence, the value in /tiendo, the workbook);
- "Xem minh chứng" on a value in /tiendo and /xemminhchung MÃ [đơn vị] send its files with the reply and list its
  links, to whoever may view the unit's values (another unit's: refused; a forged button: an expired choice);
- /minhchung typed while the /nhap list is open takes over (no "still choosing" notice); typed while values are
  being entered, the list is offered, the entry goes on, and going on to the evidence says the values were dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.core.messages import FileRef
from bot.services import evidence, values
from bot.services.reports import evidence_rows
from tests.flowkit import play
from tests.fuzzkit import World, build_world, member, plain_file

EGOV = "https://egov.gialai.gov.vn/van-ban/12"


@pytest.fixture
def world(tmp_path: Path, database_url: str) -> Iterator[World]:
    yield from build_world(tmp_path, url=database_url)


def _latest(world: World, code: str = "6.22") -> int:
    with world.core.db.session() as s:
        version = values.latest_version(s, world.ids["round"], world.ids["unit"], code)
        assert version is not None
        return version.id


def _evidence(world: World) -> list[tuple[str, str | None]]:
    with world.core.db.session() as s:
        return [(e.name, e.url) for e in values.evidence(s, _latest(world))]


def test_a_link_in_the_evidence_step_is_kept_with_its_text_and_bad_ones_are_refused(world: World) -> None:
    user = world.users["official"]
    with world.core.db.session() as s:
        assert (world.ids["unit"], "6.22") in values.lacking_evidence(s, world.ids["round"])
    play(user, [
        ("/minhchung 6.22", ["chưa có tệp nào", "liên kết http/https"]),
        (f"Quyết định giao dự toán {EGOV}.", ["Đã nhận liên kết «Quyết định giao dự toán»", "(1 tệp, liên kết)"]),
        ("ftp://files.gialai.gov.vn/qd.pdf", ["Chưa lưu liên kết", "http:// hoặc https://", "ftp://files"]),
        ("javascript:alert(1)", ["Chưa lưu liên kết", "http:// hoặc https://"]),
        ("https://a.vn/" + "x" * 1200, ["Chưa lưu liên kết", "quá 1000 ký tự"]),
        ("https://cán-bộ:mật-khẩu@a.vn/x", ["tên đăng nhập hay mật khẩu"]),
        ("https:///khong-co-ten-mien", ["không có tên miền"]),
        ("Ai chủ trì 6.22?", ["Chủ trì 6.22", "Bạn vẫn đang gửi tài liệu kiểm chứng"]),  # a question, not a link
        ("xong", ["Đã lưu 1 tệp hoặc liên kết minh chứng"]),
    ])
    assert _evidence(world) == [("Quyết định giao dự toán", EGOV)]  # the full stop after the link is no part of it
    with world.core.db.session() as s:
        assert (world.ids["unit"], "6.22") not in values.lacking_evidence(s, world.ids["round"])  # counted
        (row,) = evidence_rows(s, world.ids["round"])
    assert (row.file, row.link) == ("Quyết định giao dự toán", EGOV)


def test_minhchung_with_a_link_keeps_it_at_once(world: World) -> None:
    user = world.users["official"]
    play(user, [
        ("/minhchung 6.22 http://a.vn/bien-ban", ["Đã lưu liên kết «a.vn»", "chỉ số 6.22", "(1 tệp, liên kết)"]),
        ("/minhchung 6.22 biên bản họp", ["«biên bản họp» không phải là liên kết", "/minhchung 6.22 LIÊN_KẾT"]),
        ("/minhchung 6.22 ftp://a.vn/x", ["Chỉ nhận liên kết bắt đầu bằng http:// hoặc https://"]),
        ("/minhchung 7.12 https://a.vn/x", ["chưa nhập số liệu chỉ số 7.12"]),
    ])
    assert world.state(user) == "idle"
    assert _evidence(world) == [("a.vn", "http://a.vn/bien-ban")]
    play(world.users["nobody"], [("/minhchung 6.22 https://a.vn/x", ["⛔"])])
    assert len(_evidence(world)) == 1


def test_the_focal_point_sees_files_and_links_of_a_value(world: World) -> None:
    official, focal = world.users["official"], world.users["focal"]
    photo = plain_file(world, "anh-bien-ban.jpg", b"\xff\xd8\xff anh")
    photo = FileRef(photo.name, photo.path, "image/jpeg", photo.size)
    play(official, [("/minhchung 6.22", [])])
    world.send_file(official, photo)
    world.send_file(official, plain_file(world, "quyet-dinh.pdf"))
    play(official, [(f"{EGOV} Quyết định 12", ["Đã nhận liên kết"]), ("[Xong]", ["Đã lưu 3"])])
    play(focal, [
        ("/tiendo", []), ("[Sở Tài chính]", []),
        ("[6.22]", ["anh-bien-ban.jpg, quyet-dinh.pdf, 🔗 Quyết định 12"]),
        ("[Xem minh chứng]", ["Minh chứng chỉ số 6.22", "2 tệp, 1 liên kết", f"🔗 Quyết định 12: {EGOV}",
                              "gửi kèm"]),
    ])
    (reply,) = focal.last
    assert [(f.name, f.mime) for f in reply.files] == [("anh-bien-ban.jpg", "image/jpeg"),
                                                      ("quyet-dinh.pdf", "application/pdf")]
    assert Path(reply.files[0].path).read_bytes() == b"\xff\xd8\xff anh"
    play(focal, [("/xemminhchung 6.22 Sở Tài chính", ["2 tệp, 1 liên kết"]),
                 ("/xemminhchung 6.22", ["2 tệp, 1 liên kết"]),  # only one unit entered 6.22: that one
                 ("/xemminhchung 6.22 Sở Nội vụ", ["Sở Nội vụ", "chưa nhập"]),
                 ("/xemminhchung 6.22 Không có đơn vị này", ["Không tìm thấy đơn vị"]),
                 ("/xemminhchung", ["/xemminhchung"])])
    play(official, [("/xemminhchung 6.22", ["2 tệp, 1 liên kết"])])  # an official sees their own unit's
    assert len(official.last[0].files) == 2


def test_another_units_evidence_is_refused_and_forged_buttons_expire(world: World) -> None:
    member(world.core, "noivu", [("Sở Nội vụ", "official")])
    other = world.users["official"].__class__(world.core, user="noivu")
    r, unit, closed = world.ids["round"], world.ids["unit"], world.ids["closed"]
    play(other, [("/xemminhchung 6.22 Sở Tài chính", ["⛔", "Sở Nội vụ"])])
    assert not other.last[0].files
    play(other, [("/xemminhchung 6.22", ["Chưa có đơn vị nào"])])  # Sở Tài chính's value is not theirs to see
    for payload, expected in ((f"pm:{r}:{unit}:6.22", "⛔"), (f"pm:{r}:99999:6.22", "đã hết hạn"),
                              (f"pm:{r}:{unit}:²", "đã hết hạn"), (f"pm:{r}:{unit}", "đã hết hạn")):
        assert expected in "".join(x.text for x in other.say(payload=payload)), payload
    focal = world.users["focal"]
    assert "chưa nhập" in focal.say(payload=f"pm:{r}:{world.ids['other_unit']}:6.22")[0].text
    assert "phiên bản 1" in focal.say(payload=f"pm:{closed}:{unit}:6.22")[0].text  # last year's value, its own


def test_minhchung_from_the_nhap_list_takes_over_and_loses_nothing(world: World) -> None:
    user = world.users["official"]
    play(user, [("/nhap", ["Các chỉ số Sở Tài chính cần nhập"]),
                ("/minhchung", ["Chọn chỉ số cần gửi thêm tài liệu kiểm chứng"])])
    assert "vẫn đang" not in user.text() and world.state(user) == "idle"
    play(user, [("[6.22]", ["Tài liệu kiểm chứng cho chỉ số 6.22"])])
    assert world.state(user) == "collect:evidence"
    play(user, [("/huy", []), ("/nhap", []), ("/minhchung 6.22", ["Tài liệu kiểm chứng cho chỉ số 6.22"])])
    assert "vẫn đang" not in user.text() and world.state(user) == "collect:evidence"
    # in the middle of typing values: the list is offered and the entry goes on …
    play(user, [("/huy", []), ("/nhap 6.22", []), ("b=1.300", ["Nhập c"]),
                ("/minhchung", ["Chọn chỉ số cần gửi thêm", "Bạn vẫn đang nhập số liệu chỉ số"])])
    assert world.state(user) == "collect:value"
    # … and choosing the evidence after all says what was dropped
    play(user, [("[6.22]", ["Đã bỏ việc nhập số liệu chỉ số", "chưa được lưu", "Tài liệu kiểm chứng cho chỉ số"])])
    assert world.state(user) == "collect:evidence"


@pytest.mark.parametrize(("text", "link", "rest"), [
    ("xem tại https://a.vn/x?y=1.", "https://a.vn/x?y=1", "xem tại"),
    ("(https://a.vn/x)", "https://a.vn/x", "("),
    ("HTTPS://A.VN", "HTTPS://A.VN", ""),
    ("ftp://a.vn/x", "ftp://a.vn/x", ""),
])
def test_links_are_found_in_what_is_typed(text: str, link: str, rest: str) -> None:
    found = evidence.find_link(text)
    assert found is not None and (found.link, found.text) == (link, rest)


@pytest.mark.parametrize("text", ["Ai chủ trì 6.22?", "a=1; b=2", "tỷ lệ 1:2", "www.gialai.gov.vn", ""])
def test_text_without_a_link_is_no_link(text: str) -> None:
    assert evidence.find_link(text) is None


@pytest.mark.parametrize(("link", "why"), [
    ("ftp://a.vn/x", "http:// hoặc https://"), ("file:///etc/passwd", "http:// hoặc https://"),
    ("https://a.vn/" + "x" * 1000, "quá 1000"), ("https://a.vn:99999/x", "không phải là một liên kết"),
    ("http://", "tên miền"),
    ("https://a..vn/", "tên miền"), ("https://u@a.vn/", "tên đăng nhập"), ("https://a.vn/\x00", "điều khiển"),
])
def test_bad_links_are_refused_with_the_reason(link: str, why: str) -> None:
    with pytest.raises(evidence.BadEvidenceLink) as refused:
        evidence.check_link(link)
    assert why in refused.value.reason


def test_the_workbook_has_the_link_column(world: World) -> None:
    play(world.users["official"], [(f"/minhchung 6.22 {EGOV}", ["Đã lưu liên kết"])])
    focal = world.users["focal"]
    replies = focal.say("/xuat")
    (book_file,) = [f for r in replies for f in r.files if f.name.endswith(".xlsx")]
    book = load_workbook(BytesIO(Path(book_file.path).read_bytes()))
    sheet = book["Minh chứng"]
    assert sheet["G1"].value == "Liên kết" and sheet["G2"].value == EGOV and sheet["D2"].value == "egov.gialai.gov.vn"
