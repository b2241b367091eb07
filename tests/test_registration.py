"""Registration through the core, as scripts, on SQLite and PostgreSQL: by invite code (``/dangky CODE``, the deep
link ``/start CODE``), and by request (plan → unit → the focal point's Approve / Reject through the outbox),
with /huy, stale buttons, a restart in the middle, and forged or repeated decisions."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core import outbox
from bot.core.app import Core
from bot.core.messages import Outgoing
from bot.services.registration import create_invite
from bot.services.units import add_members, find_units
from tests.flowkit import ManualClock, User, play

PLAN = "kon-tum-2024"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def reg_core(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    core = build_core(settings, clock=clock)
    yield core
    core.db.dispose()


def invite(core: Core, unit: str, role: str, *, plan: str = PLAN, days: float = 7) -> str:
    with core.db.session() as s:
        match = find_units(s, core.kb, plan, unit)
        assert match.status == "one", match
        return create_invite(s, match.units[0].id, role, core.services.clock(), days).code


def registered(core: Core, user: str, unit: str, role: str, name: str = "") -> User:
    person = User(core, user, name=name or user)
    assert "Đăng ký thành công" in person.say(f"/dangky {invite(core, unit, role)}")[0].text
    return person


def delivered(core: Core) -> list[Outgoing]:
    """Everything queued in the outbox, sent now (what the outbox sender does in the bot process)."""
    return outbox.drain(core.db.session, lambda _: None, core.services.clock, worker="test")


def to(messages: list[Outgoing], user: User) -> list[Outgoing]:
    return [m for m in messages if m.chat_id == (user.chat or user.user)]


# ------------------------------------------------------------------------------------------ by code


def test_a_code_registers_once(reg_core: Core) -> None:
    code = invite(reg_core, "Sở Tài chính", "official")
    play(User(reg_core, "u1", name="Lê Văn B"), [
        (f"/dangky {code.lower()}", ["Đăng ký thành công", "cán bộ của Sở Tài chính"]),
        ("/toi", ["Lê Văn B", "Sở Tài chính — cán bộ", "Kon Tum"]),
    ])
    assert "đã được dùng rồi" in User(reg_core, "u2").say(f"/dangky {code}")[0].text
    assert "Không có mã mời" in User(reg_core, "u3").say("/dangky KHONGCO1")[0].text


def test_the_deep_link_start_code_redeems_and_plain_start_greets(reg_core: Core) -> None:
    code = invite(reg_core, "Sở TTTT", "focal")
    user = User(reg_core, "f1")
    assert "đầu mối của Sở Thông tin và Truyền thông" in user.say(f"/start {code}")[0].text
    assert "Trợ lý DTI" in user.say("/start")[0].text


def test_an_expired_code_is_refused(reg_core: Core, clock: ManualClock) -> None:
    code = invite(reg_core, "Sở Nội vụ", "official", days=1)
    clock.advance(days=1, seconds=1)
    assert "đã hết hạn" in User(reg_core, "u1").say(f"/dangky {code}")[0].text
    assert "Bạn chưa đăng ký" in User(reg_core, "u1").say("/toi")[0].text


def test_a_second_code_for_the_same_role_is_not_used_up(reg_core: Core) -> None:
    user = registered(reg_core, "u1", "Sở Nội vụ", "official")
    code = invite(reg_core, "Sở Nội vụ", "official")
    assert "đã là cán bộ của Sở Nội vụ" in user.say(f"/dangky {code}")[0].text
    assert "Đăng ký thành công" in User(reg_core, "u2").say(f"/dangky {code}")[0].text


def test_a_code_switches_the_conversation_to_its_plan(reg_core: Core) -> None:
    user = registered(reg_core, "u1", "Sở Tài chính", "focal")
    code = invite(reg_core, "Công chức Văn hóa - Xã hội xã", "focal", plan="nghia-phuong-2023")
    assert "Nghĩa Phương" in user.say(f"/dangky {code}")[0].text
    reply = user.say("/toi")[0].text
    assert "Kon Tum" in reply and "Nghĩa Phương" in reply


# ------------------------------------------------------------------------------------------ by request


def test_request_approved_by_the_focal_point(reg_core: Core) -> None:
    focal = registered(reg_core, "f1", "Sở TTTT", "focal", "Trần Đầu Mối")
    user = User(reg_core, "u1", name="Lê Văn B")
    play(user, [
        ("/dangky", ["kế hoạch nào"]),
        ("[Kon Tum]", ["đơn vị nào"]),
        ("so tai chinh", ["Đã gửi yêu cầu", "Sở Tài chính", "1 đầu mối"]),
    ])
    [request] = to(delivered(reg_core), focal)
    assert "Lê Văn B" in request.reply.text and "Sở Tài chính" in request.reply.text
    assert all(len(b.payload.encode()) <= 56 for b in request.reply.buttons)
    assert "Đã duyệt" in focal.press("Duyệt", [request.reply])[0].text
    [outcome] = to(delivered(reg_core), user)
    assert "đã được duyệt" in outcome.reply.text and "Sở Tài chính" in outcome.reply.text
    assert "Sở Tài chính — cán bộ" in user.say("/toi")[0].text
    # pressed again (a second focal point, or the same one twice): said, not acted on
    assert "đã được duyệt bởi Trần Đầu Mối" in focal.press("Từ chối", [request.reply])[0].text
    assert delivered(reg_core) == []


def test_request_rejected_and_the_requester_told(reg_core: Core) -> None:
    focal = registered(reg_core, "f1", "Sở TTTT", "focal")
    user = User(reg_core, "u1")
    play(user, [("/dangky", []), ("[Kon Tum]", []), ("Sở Nội vụ", ["Đã gửi yêu cầu"])])
    [request] = to(delivered(reg_core), focal)
    assert "Đã từ chối" in focal.press("Từ chối", [request.reply])[0].text
    [outcome] = to(delivered(reg_core), user)
    assert "chưa được chấp nhận" in outcome.reply.text
    assert "Bạn chưa đăng ký" in user.say("/toi")[0].text


def test_only_a_focal_point_of_that_plan_decides(reg_core: Core) -> None:
    focal = registered(reg_core, "f1", "Sở TTTT", "focal")
    official = registered(reg_core, "o1", "Sở Nội vụ", "official")
    other_focal = User(reg_core, "g1")
    other_focal.say(f"/dangky {invite(reg_core, 'Sở TTTT', 'focal', plan='gia-lai-2023')}")
    user = User(reg_core, "u1")
    play(user, [("/dangky", []), ("[Kon Tum]", []), ("Sở Tài chính", ["Đã gửi yêu cầu"])])
    [request] = to(delivered(reg_core), focal)
    for presser in (official, other_focal, User(reg_core, "stranger")):
        assert presser.press("Duyệt", [request.reply])[0].text.startswith("⛔")  # a forwarded or forged button
    assert "Bạn chưa đăng ký" in user.say("/toi")[0].text
    assert "Không có yêu cầu đăng ký số 999" in focal.say("/duyet 999")[0].text
    for forged in ("rq:a:999", "rq:x:1", "rq:a:", "rq:a:1x", "rq:a:²", "rq:a:99999999999999999999999"):
        assert "đã hết hạn" in focal.say(payload=forged)[0].text


def test_decisions_by_command_for_channels_without_buttons(reg_core: Core) -> None:
    focal = registered(reg_core, "f1", "Sở TTTT", "focal")
    user = User(reg_core, "u1")
    play(user, [("/dangky", []), ("1", ["đơn vị nào"]), ("Sở Nội vụ", ["Đã gửi yêu cầu"])])
    [request] = to(delivered(reg_core), focal)
    assert "/duyet" in request.reply.text
    number = request.reply.buttons[0].payload.rsplit(":", 1)[1]
    assert "kèm số" in focal.say("/duyet")[0].text
    assert "Đã duyệt" in focal.say(f"/duyet {number}")[0].text
    assert "đã được duyệt" in focal.say(f"/tuchoi {number}")[0].text


def test_no_focal_point_yet_means_ask_for_a_code(reg_core: Core) -> None:
    play(User(reg_core, "u1"), [
        ("/dangky", []), ("[Kon Tum]", []), ("Sở Nội vụ", ["chưa có đầu mối", "/dangky MÃ"]),
        ("/huy", ["Không có việc nào"]),
    ])
    assert delivered(reg_core) == []


def test_the_request_goes_to_the_admins_when_there_is_no_focal_point(reg_core: Core) -> None:
    admin = registered(reg_core, "a1", "Văn phòng UBND tỉnh", "admin")
    play(User(reg_core, "u1"), [("/dangky", []), ("[Kon Tum]", []), ("Sở Nội vụ", ["1 đầu mối"])])
    assert len(to(delivered(reg_core), admin)) == 1


def test_a_second_request_waits_for_the_first(reg_core: Core) -> None:
    focal = registered(reg_core, "f1", "Sở TTTT", "focal")
    user = User(reg_core, "u1")
    play(user, [("/dangky", []), ("[Kon Tum]", []), ("Sở Nội vụ", ["Đã gửi yêu cầu"])])
    play(user, [("/dangky", []), ("[Kon Tum]", []), ("Sở Nội vụ", ["đang chờ đầu mối duyệt"])])
    assert len(to(delivered(reg_core), focal)) == 1
    registered(reg_core, "o1", "Sở Tài chính", "official")
    play(User(reg_core, "o1"), [("/dangky", []), ("[Kon Tum]", []), ("Sở Tài chính", ["đã là cán bộ"])])


def test_close_names_are_offered_and_a_group_asks_for_its_member(reg_core: Core) -> None:
    registered(reg_core, "f1", "Sở TTTT", "focal")
    with reg_core.db.session() as s:
        group = find_units(s, reg_core.kb, PLAN, "UBND các huyện, thành phố").units[0]
        add_members(s, group.id, ["UBND huyện Đắk Hà", "UBND huyện Sa Thầy"])
    user = User(reg_core, "u1")
    play(user, [
        ("/dangky", []), ("[Kon Tum]", []),
        ("không có đơn vị này đâu", ["không tìm thấy đơn vị", "/huy"]),
        ("UBND huyen", ["gồm nhiều đơn vị"]),
        ("[Sa Thầy]", ["Đã gửi yêu cầu", "UBND huyện Sa Thầy (UBND các huyện, thành phố)"]),
    ])
    play(user, [("/dangky", []), ("[Kon Tum]", []), ("dak ha", ["Đã gửi yêu cầu", "UBND huyện Đắk Hà"])])
    play(user, [("/dangky", []), ("[Kon Tum]", []), ("Sở", ["Có phải một trong các đơn vị sau"])])
    assert user.last[0].buttons


def test_cancel_and_stale_buttons_in_the_request_flow(reg_core: Core) -> None:
    registered(reg_core, "f1", "Sở TTTT", "focal")
    user = User(reg_core, "u1")
    plans = user.say("/dangky")
    play(user, [("Gia Lai", ["của một kế hoạch bên dưới"]), ("/huy", ["Đã huỷ việc đăng ký: chọn kế hoạch"])])
    assert "đã hết hạn" in user.press("Kon Tum", plans)[0].text
    plans = user.say("/dangky")
    user.press("Kon Tum", plans)
    assert "đã hết hạn" in user.press("Gia Lai", plans)[0].text  # a button of the step before
    assert "đã hết hạn" in user.say(payload="rg:u:1")[0].text  # an unstamped (forged) unit payload
    replies = user.say("Ai chủ trì chỉ số 1.6?")  # a question mid-flow: answered, then how to go on
    assert "Chủ trì" in replies[0].text and "đăng ký: chọn đơn vị" in replies[-1].text
    assert "Đã gửi yêu cầu" in user.say("Sở Nội vụ")[0].text


def test_a_unit_of_another_plan_cannot_be_pressed_into_the_flow(reg_core: Core) -> None:
    registered(reg_core, "f1", "Sở TTTT", "focal")
    with reg_core.db.session() as s:
        foreign = find_units(s, reg_core.kb, "gia-lai-2023", "Sở Nội vụ").units[0].id
    user = User(reg_core, "u1")
    user.say("/dangky")
    user.press("Kon Tum")
    user.say("Sở")  # offers close names: the flow's unit buttons are stamped with this step's serial
    stamp = user.last[0].buttons[0].payload.split(":", 1)[0]
    assert "đã hết hạn" in user.say(payload=f"{stamp}:rg:u:{foreign}")[0].text


def test_a_restart_mid_flow_goes_on(settings: Settings, clock: ManualClock) -> None:
    first = build_core(settings, clock=clock)
    registered(first, "f1", "Sở TTTT", "focal")
    user = User(first, "u1")
    user.say("/dangky")
    plans = user.last
    first.db.dispose()
    second = build_core(settings, clock=clock)
    user.core = second
    play(user, [("[Kon Tum]", ["đơn vị nào"])])
    assert plans
    second.db.dispose()
    third = build_core(settings, clock=clock)
    user.core = third
    play(user, [("Sở Nội vụ", ["Đã gửi yêu cầu"])])
    third.db.dispose()


# ------------------------------------------------------------------------------------------ /toi, /donvi, /quanly


def test_units_view_is_for_focal_points(reg_core: Core) -> None:
    focal = registered(reg_core, "f1", "Sở TTTT", "focal", "Trần Đầu Mối")
    official = registered(reg_core, "o1", "Sở Nội vụ", "official", "Lê Văn B")
    assert official.say("/donvi")[0].text.startswith("⛔ Chỉ đầu mối, quản trị")
    assert "/dangky" in User(reg_core, "x").say("/donvi")[0].text
    text = focal.say("/donvi")[0].text
    assert "Sở Nội vụ: Lê Văn B (cán bộ" in text and "Sở Thông tin và Truyền thông: Trần Đầu Mối (đầu mối" in text
    empty = text.split("Chưa có ai đăng ký")[1]
    assert "Sở Tài chính" in empty and "Sở Nội vụ" not in empty


def test_an_admin_moves_and_removes_an_official(reg_core: Core) -> None:
    admin = registered(reg_core, "a1", "Văn phòng UBND tỉnh", "admin")
    official = registered(reg_core, "o1", "Sở Nội vụ", "official", "Lê Văn B")
    focal = registered(reg_core, "f1", "Sở TTTT", "focal")
    assert focal.say("/quanly")[0].text.startswith("⛔ Chỉ quản trị")
    number = official.say("/toi")[0].text.split("mã cán bộ ")[1].split(")")[0]
    play(admin, [
        ("/quanly", ["/quanly xoa", f"mã {number}: Lê Văn B — Sở Nội vụ"]),
        (f"/quanly chuyen {number} Sở Tài chính", ["Đã chuyển Lê Văn B", "từ Sở Nội vụ sang Sở Tài chính"]),
        (f"/quanly xoa {number} Sở Nội vụ", ["không thuộc đơn vị này", "Sở Tài chính"]),
        ("/quanly xoa 4242", ["Không có cán bộ"]),
        (f"/quanly chuyen {number} không có đơn vị này", ["Không tìm thấy đơn vị"]),
    ])
    [moved] = to(delivered(reg_core), official)
    assert "chuyển bạn từ Sở Nội vụ sang Sở Tài chính" in moved.reply.text
    assert "Sở Tài chính — cán bộ" in official.say("/toi")[0].text
    play(admin, [("/quanly xoa test:o1", ["Đã xoá Lê Văn B", "khỏi Sở Tài chính"])])
    assert "Bạn chưa thuộc đơn vị nào" in official.say("/toi")[0].text
    assert len(to(delivered(reg_core), official)) == 1


# ------------------------------------------------------------------------------------------ races


def test_one_code_raced_by_many_is_used_once(settings: Settings, clock: ManualClock) -> None:
    cores = [build_core(settings, clock=clock) for _ in range(4)]
    code = invite(cores[0], "Sở Nội vụ", "official")
    with ThreadPoolExecutor(8) as pool:
        texts = list(pool.map(lambda i: User(cores[i % 4], f"u{i}").say(f"/dangky {code}")[0].text, range(8)))
    assert sum("Đăng ký thành công" in t for t in texts) == 1
    assert sum("đã được dùng rồi" in t for t in texts) == 7
    for core in cores:
        core.db.dispose()


def test_two_focal_points_deciding_at_once_decide_once(settings: Settings, clock: ManualClock) -> None:
    cores = [build_core(settings, clock=clock) for _ in range(2)]
    focals = [registered(cores[0], "f1", "Sở TTTT", "focal"), registered(cores[0], "f2", "Sở Nội vụ", "focal")]
    user = User(cores[0], "u1")
    play(user, [("/dangky", []), ("[Kon Tum]", []), ("Sở Tài chính", ["2 đầu mối"])])
    requests = delivered(cores[0])
    presses = [(User(cores[i], f.user), to(requests, f)[0].reply) for i, f in enumerate(focals)]
    with ThreadPoolExecutor(2) as pool:
        texts = list(pool.map(lambda p: p[0].press("Duyệt" if p[0].user == "f1" else "Từ chối", [p[1]])[0].text,
                              presses))
    assert sorted("trước đó" in t for t in texts) == [False, True]
    assert len(to(delivered(cores[0]), user)) == 1
    for core in cores:
        core.db.dispose()
