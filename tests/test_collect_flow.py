"""/nhap through the core on SQLite and PostgreSQL: listing what the unit owes, inputs one by one and all at once,
checks asking again, a far-off value confirmed with a comment, the summary, saving a version, /huy, a stale
button, a restart in the middle, and the permission check.

Registration and permissions are another branch's work: until it is merged, these tests create the official,
identity and membership rows directly and replace ``bot.core.permissions.require`` with one that allows
(``denied`` below checks that the flow does ask it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core import permissions
from bot.core.app import Core
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, plan_core, play, register_official

KB = load_knowledge()
PLAN = "gia-lai-2023"
ASKED: list[tuple[str, int | None]] = []


@pytest.fixture
def allow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real permission check, recording what was asked (the officials in these tests hold real roles)."""
    real = permissions.require

    def require(session, msg, action, *, plan_id, unit_id):  # type: ignore[no-untyped-def]
        ASKED.append((action, unit_id))
        real(session, msg, action, plan_id=plan_id, unit_id=unit_id)

    monkeypatch.setattr(permissions, "require", require)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 11, 1, 2, 0, tzinfo=UTC))


@pytest.fixture
def core(settings: Settings, clock: ManualClock, allow: None) -> Iterator[Core]:
    yield from plan_core(settings, clock, PLAN)


def register(core: Core, unit: str, user: str = "u1") -> int:
    return register_official(core, PLAN, unit, user, "official")


def open_round(core: Core) -> rounds.RoundInfo:
    with core.db.session() as s:
        return rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))


def history(core: Core, r: rounds.RoundInfo, unit: int, code: str) -> list[values.Version]:
    with core.db.session() as s:
        return values.history(s, r.id, unit, code)


def test_no_round_and_not_registered(core: Core) -> None:
    play(User(core), [("/nhap", ["chưa có đợt thu thập"])])
    open_round(core)
    play(User(core), [("/nhap", ["chưa đăng ký", "/dangky"])])


def test_list_then_one_input_at_a_time_with_checks_and_save(core: Core) -> None:
    r = open_round(core)
    tc = register(core, "Sở Tài chính")
    ASKED.clear()
    user = User(core)
    play(user, [
        ("/nhap", ["Các chỉ số", "Sở Tài chính", "6.22: chưa nhập"]),
        ("[6.22]", ["Chỉ số 6.22", "b, c", "Nhập b", "Kinh phí chi thường xuyên"]),
        ("nhiều lắm", ["không phải là số", "Nhập b"]),
        ("-5", ["số âm", "Nhập b"]),
        ("1.000", ["Nhập c", "Tổng chi ngân sách"]),
        ("quay lại", ["Nhập b"]),
        ("1,234", ["đọc được hai cách: 1,2340 hoặc 1234", "Nhập b"]),  # off the convention: both readings offered
        ("1.200", ["Nhập c"]),
        ("100.000", ["Tóm tắt", "b = 1.200", "c = 100.000", "Chưa lưu gì", "khi đủ số liệu"]),
    ])
    assert history(core, r, tc, "6.22") == []  # nothing saved before Xác nhận
    play(user, [("[Xác nhận]", ["Đã lưu", "phiên bản 1"])])
    saved = history(core, r, tc, "6.22")
    assert [v.inputs for v in saved] == [{"b": 1200.0, "c": 100000.0}] and saved[0].channel == "test"
    assert ("values:enter", tc) in ASKED  # the unit is checked before anything is shown or saved
    play(user, [("/nhap", ["6.22: đã nộp"])])


def test_a_dot_decimal_is_read_and_the_summary_says_how(core: Core) -> None:
    """Issue 17: "12.5" is twelve and a half (a thousands group has three digits), never refused as ambiguous;
    the summary shows how it was read before anything is saved."""
    open_round(core)
    register(core, "Sở Tài chính")
    user = User(core)
    play(user, [
        ("/nhap 6.22", ["Nhập b"]),
        ("12.5", ["Nhập c"]),
        ("100.000", ["Tóm tắt", "b = 12.5 (đọc là 12,5)", "c = 100.000", "Chưa lưu gì"]),
    ])


def test_everything_at_once_score_and_a_stale_button(core: Core) -> None:
    r = open_round(core)
    kh = register(core, "Sở Kế hoạch và Đầu tư")
    register(core, "Sở Tài chính", user="u2")
    user = User(core)
    play(User(core, user="u2"), [("/nhap 6.22", ["Nhập b"]), ("b=500; c=100.000", ["Tóm tắt"]),
                                 ("[Xác nhận]", ["Đã lưu"])])
    play(user, [("/nhap 6.22", ["Nhập a"]), ("a=1.500", ["Tóm tắt", "a = 1.500"])])
    summary = list(user.last)
    play(user, [("[Sửa]", ["Nhập a"]), ("a = 2.000", ["a = 2.000"])])
    latest = list(user.last)
    user.press("Xác nhận", summary)  # the first summary's button: a step ago
    assert "hết hạn" in user.text() and history(core, r, kh, "6.22") == []
    user.press("Xác nhận", latest)
    assert "Đã lưu" in user.text() and history(core, r, kh, "6.22")[0].inputs == {"a": 2000.0}
    with core.db.session() as s:
        from bot.services.status import round_status

        st = round_status(s, KB, rounds.get_round(s, r.id))
    assert next(i for i in st.indicators if i.code == "6.22").score == 10


def test_choice_buttons_and_a_whole_indicator_with_its_score(core: Core) -> None:
    r = open_round(core)
    unit = register(core, "Sở Thông tin và Truyền thông")  # 2.1 (yes/no) is the Sở's alone
    user = User(core)
    play(user, [("/nhap 2.1", ["Nhập x", "Chọn một câu trả lời"])])
    assert [b.label for b in user.last[-1].buttons] == ["Đã ban hành", "Chưa ban hành"]
    play(user, [("[Đã ban hành]", ["Tóm tắt", "x = Đã ban hành", "Điểm tạm tính"]), ("[Xác nhận]", ["Đã lưu"])])
    assert history(core, r, unit, "2.1")[0].inputs == {"x": "co"}
    play(user, [("/nhap 2.1", ["Nhập x"]), ("chưa", ["Tóm tắt", "Điểm tạm tính:", "0/"])])


def test_far_from_last_round_needs_a_comment(core: Core) -> None:
    first = open_round(core)
    kh = register(core, "Sở Kế hoạch và Đầu tư")
    with core.db.session() as s:
        values.submit(s, KB, first.id, kh, "6.22", {"a": 10}, now=datetime(2024, 1, 1, tzinfo=UTC))
        rounds.close_round(s, first.id, now=datetime(2024, 1, 2, tzinfo=UTC))
        second = rounds.open_round(s, KB, PLAN, "2025", due=date(2025, 12, 15))
    user = User(core)
    play(user, [
        ("/nhap 6.22", ["Nhập a"]),
        ("1.000", ["khác xa giá trị kỳ trước", "ghi chú"]),
        ("Năm nay có dự án đầu tư lớn", ["Tóm tắt", "Ghi chú: Năm nay có dự án"]),
        ("[Xác nhận]", ["Đã lưu"]),
    ])
    assert history(core, second, kh, "6.22")[0].note == "Năm nay có dự án đầu tư lớn"


def test_cancel_restart_and_late(core: Core, settings: Settings, clock: ManualClock) -> None:
    with core.db.session() as s:
        r = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 10, 31))  # already past (clock: 1/11/2024)
    tc = register(core, "Sở Tài chính")
    play(User(core), [("/nhap 6.22", ["Nhập b"]), ("/huy", ["Đã huỷ"])])
    play(User(core), [("/nhap 6.22", ["Nhập b"]), ("700", ["Nhập c"])])
    again = build_core(settings, clock=clock)  # a restart in the middle: the next input is asked where it was
    try:
        play(User(again), [("90.000", ["Tóm tắt", "b = 700"]), ("[Xác nhận]", ["Đã lưu", "nộp muộn"])])
    finally:
        again.db.dispose()
    assert history(core, r, tc, "6.22")[0].late


def test_not_owed_and_closed(core: Core) -> None:
    r = open_round(core)
    register(core, "Sở Tài chính")
    play(User(core), [("/nhap 1.1", ["không được giao"])])
    play(User(core), [("/nhap 6.22", ["Nhập b"]), ("b=1; c=2; a=3", ["không nhập đầu vào a"])])
    with core.db.session() as s:
        rounds.close_round(s, r.id, now=datetime(2024, 11, 2, tzinfo=UTC))
    play(User(core, user="u1"), [("/huy", []), ("/nhap", ["đã đóng", "liên hệ đầu mối"])])


def test_denied_without_permission(settings: Settings, clock: ManualClock, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.bot.plan = PLAN
    c = build_core(settings, clock=clock)
    try:
        open_round(c)
        play(User(c), [("/nhap", ["⛔", "/dangky"])])  # a round is open, but this person belongs to no unit
        register(c, "Sở Tài chính", user="u2")
        play(User(c, user="u2"), [("/nhap", ["Sở Tài chính"])])
    finally:
        c.db.dispose()


def test_evidence_files_after_saving(core: Core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from bot.core.messages import FileRef, Incoming

    r = open_round(core)
    tc = register(core, "Sở Tài chính")
    user = User(core)
    play(user, [("/nhap 6.22", ["Nhập b"]), ("b=1; c=100", ["Tóm tắt"]),
                ("[Xác nhận]", ["Đã lưu", "tài liệu kiểm chứng", "Bỏ qua"])])
    stored = tmp_path / "quyet-toan.pdf"
    stored.write_bytes(b"%PDF-1.4 minh chung")
    sent = FileRef("Quyết toán 2024.pdf", str(stored), "application/pdf", stored.stat().st_size)
    answer = user.last = core.handle(Incoming(channel="test", chat_id="u1", user_id="u1", file=sent))
    assert "Đã nhận tệp Quyết toán 2024.pdf" in answer[0].text
    play(user, [("[Xong]", ["Đã lưu 1 tệp hoặc liên kết minh chứng"])])
    version = history(core, r, tc, "6.22")[0]
    with core.db.session() as s:
        files = values.evidence(s, version.id)
    assert [(f.name, f.sha256) for f in files] == [
        ("Quyết toán 2024.pdf", hashlib.sha256(b"%PDF-1.4 minh chung").hexdigest())]
    play(user, [("/nhap 6.22", ["Nhập b"]), ("b=2; c=100", ["Tóm tắt"]), ("[Xác nhận]", ["Đã lưu"]),
                ("bỏ qua", ["Chưa có tệp minh chứng"])])


def test_evidence_button_finds_the_unit_that_entered_the_indicator(core: Core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An official of two units: /minhchung 6.22 (a reminder's button) goes to the unit that entered 6.22, not
    to the first of their units."""
    from bot.core.messages import FileRef, Incoming
    from bot.db.models import Identity, Membership

    r = open_round(core)
    register(core, "Sở Kế hoạch và Đầu tư")  # first by name
    tc = register(core, "Sở Tài chính", user="u2")
    with core.db.session() as s:
        official = s.query(Identity).filter_by(channel="test", user_id="u1").one().official_id
        s.add(Membership(official_id=official, unit_id=tc, role="official"))
        values.submit(s, KB, r.id, tc, "6.22", {"b": 1, "c": 100}, now=datetime(2024, 11, 1, tzinfo=UTC))
    user = User(core)
    play(user, [("/minhchung 6.22", ["6.22"])])
    stored = tmp_path / "bien-ban.pdf"
    stored.write_bytes(b"%PDF-1.4 bien ban")
    sent = FileRef("Biên bản.pdf", str(stored), "application/pdf", stored.stat().st_size)
    user.last = core.handle(Incoming(channel="test", chat_id="u1", user_id="u1", file=sent))
    play(user, [("[Xong]", ["Đã lưu 1 tệp hoặc liên kết minh chứng"])])
    with core.db.session() as s:
        assert [f.name for f in values.evidence(s, history(core, r, tc, "6.22")[0].id)] == ["Biên bản.pdf"]
