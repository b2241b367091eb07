"""Issue 16, item 5: flow defects found in a real round, each reproduced through the core.

- after /mau, the bot waits quietly for the filled form: text meanwhile is answered as usual (no "Bạn vẫn đang gửi
  lại mẫu Excel…"), the form is still taken in the flow, and the wait ends without a notice;
- on a channel that cannot carry documents (Zalo without ``[files] public_url``) /mau says so and waits for nothing;
- an approved value is refused when its entry starts, not after every input is typed;
- /huy names the indicator whose entry it drops.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.core.app import Core
from bot.db.models import Identity
from bot.services import rounds, values
from bot.services.officials import official_id_for
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, flow_fixtures, plan_core, play
from tests.test_form_flow import fill, upload
from tests.test_progress_flow import PLAN, register

KB = load_knowledge()


clock, core = flow_fixtures(PLAN)


def _open(core: Core) -> rounds.RoundInfo:
    with core.db.session() as s:
        return rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))


def test_waiting_for_the_form_captures_no_text(core: Core, clock: ManualClock, tmp_path: Path) -> None:
    tc = register(core, "Sở Tài chính", "u1")
    info = _open(core)
    user = User(core)
    (form,) = user.say("/mau")[0].files
    for question in ("Sở Tài chính phụ trách những chỉ số nào?", "chỉ số 6.22", "/toi"):
        answer = user.say(question)
        assert "Bạn vẫn đang" not in user.text() and "mẫu Excel" not in user.text(), question
        assert len(answer) == 1 and "Không tìm thấy chỉ số nào" not in user.text(), question
    assert "6.22" in User(core).say("chỉ số 6.22")[0].text  # the question was answered, not swallowed
    clock.advance(hours=20)
    upload(core, user, fill(form, tmp_path / "da-dien.xlsx", {("6.22", "b"): 1200, ("6.22", "c"): 100000}))
    play(user, [("[Xác nhận]", ["Đã lưu số liệu 1 chỉ số"])])
    with core.db.session() as s:
        assert len(values.history(s, info.id, tc, "6.22")) == 1
    # still waiting a day later: the wait ends without a notice, and a form sent then is read all the same
    user.say("/mau")
    clock.advance(hours=25)
    user.say("Sở Tài chính phụ trách những chỉ số nào?")
    assert "hết hạn" not in user.text() and "Bạn vẫn đang" not in user.text()
    # another flow started meanwhile drops the wait without a word
    user.say("/mau")
    play(user, [("/nhap 6.22", ["6.22"])])
    assert "Đã bỏ việc" not in user.text()


def _zalo_official(core: Core, unit: str, user: str) -> None:
    """``user`` on the zalo channel, made an official of ``unit`` (through a test-channel registration)."""
    register(core, unit, user)
    with core.db.session() as s:
        official = official_id_for(s, "test", user)
        s.add(Identity(official_id=official, channel="zalo", user_id=user, chat_id=user))


def test_on_zalo_without_public_url_the_form_is_not_awaited(core: Core, settings: Settings) -> None:
    assert not settings.files.public_url
    _zalo_official(core, "Sở Tài chính", "z1")
    _open(core)
    zalo = User(core, user="z1", channel="zalo")
    play(zalo, [("/mau", ["chưa gửi được tệp", "/nhap"])])
    assert not zalo.last[0].files
    play(zalo, [("Sở Tài chính phụ trách những chỉ số nào?", [])])
    assert "Bạn vẫn đang" not in zalo.text()
    play(zalo, [("/huy", ["Không có việc nào"])])  # no waiting state was left open
    telegram = User(core)  # the same person elsewhere, on a channel that carries documents, gets the form
    register(core, "Sở Tài chính", "u1")
    assert telegram.say("/mau")[0].files


def test_with_public_url_zalo_gets_the_form(settings: Settings, clock: ManualClock) -> None:
    settings.files.public_url = "http://127.0.0.1:9/dti"
    for core in plan_core(settings, clock, PLAN):
        _zalo_official(core, "Sở Tài chính", "z1")
        _open(core)
        assert User(core, user="z1", channel="zalo").say("/mau")[0].files


def test_an_approved_value_is_refused_when_its_entry_starts(core: Core, clock: ManualClock,
                                                            tmp_path: Path) -> None:
    tc = register(core, "Sở Tài chính", "u1")
    info = _open(core)
    user = User(core)
    (form,) = user.say("/mau")[0].files
    with core.db.session() as s:
        values.submit(s, KB, info.id, tc, "6.22", {"b": 1200, "c": 100000}, now=clock())
        values.approve(s, info.id, tc, "6.22", by=None, now=clock())
    play(user, [("/huy", []), ("/nhap 6.22", ["đã được duyệt", "không sửa được"])])
    play(user, [("1.200", [])])
    assert "b =" not in user.text() and "Xác nhận" not in user.text()  # no input was asked: nothing captured
    upload(core, user, fill(form, tmp_path / "da-dien.xlsx", {("6.22", "b"): 1300, ("6.22", "c"): 100000}))
    assert "đã được duyệt" in user.text()
    (again,) = user.say("/mau")[0].files  # a new form leaves the locked indicator out
    from openpyxl import load_workbook

    from bot.reports.forms import SHEET
    with Path(again.path).open("rb") as fh:
        codes = {r[0] for r in load_workbook(fh)[SHEET].iter_rows(min_row=3, values_only=True)}
    assert "6.22" not in codes and codes


def test_cancelling_an_entry_names_its_indicator(core: Core) -> None:
    register(core, "Sở Tài chính", "u1")
    _open(core)
    play(User(core), [("/nhap 6.22", ["6.22"]), ("/huy", ["Đã huỷ việc nhập số liệu chỉ số 6.22."])])


# ------------------------------------------------------------------------------------------ checks, levels

KT = "kon-tum-2024"


@pytest.fixture
def kt(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    yield from plan_core(settings, clock, KT)


def _district(core: Core, user: str = "d1") -> int:
    """UBND huyện Đắk Hà, a member of "UBND các huyện, thành phố", with ``user`` as its official."""
    from bot.services.units import add_members, plan_units
    from tests.test_unit_groups import _id

    with core.db.session() as s:
        plan_units(s, KB, KT)
        add_members(s, _id(s, "UBND các huyện, thành phố"), ["UBND huyện Đắk Hà"])
    from tests.flowkit import register_official
    return register_official(core, KT, "UBND huyện Đắk Hà", user)


def test_a_member_is_asked_at_its_own_level_and_checked_against_the_plan_result(kt: Core) -> None:
    _district(kt)
    with kt.db.session() as s:
        rounds.open_round(s, KB, KT, "2024", due=date(2024, 12, 15))
    user = User(kt, user="d1")
    play(user, [("/nhap 3.3", ["Số lượng hộ gia đình có kết nối Internet"]), ("15", ["hộ gia đình của huyện Đắk Hà"])])
    assert "của Tỉnh" not in user.text()
    play(user, [("10.000", ["0,15 %", "khác xa kết quả năm 2023 của kế hoạch (52,97 %)"])])
    play(user, [("Đắk Hà mới kéo cáp quang", ["huyện Đắk Hà", "Xác nhận"]), ("/huy", [])])
    (form,) = user.say("/mau")[0].files
    from openpyxl import load_workbook

    from bot.reports.forms import SHEET
    with Path(form.path).open("rb") as fh:
        meanings = {(r[0], r[2]): r[3] for r in load_workbook(fh)[SHEET].iter_rows(min_row=3, values_only=True)}
    assert meanings[("3.3", "b")] == "Tổng số hộ gia đình của huyện Đắk Hà"


def test_the_plan_result_is_the_reference_only_without_a_previous_round_value(kt: Core, clock: ManualClock) -> None:
    from bot.services.checks import check_unit_entry

    unit = _district(kt)
    with kt.db.session() as s:
        first = rounds.open_round(s, KB, KT, "2023", due=date(2023, 12, 15))
        values.submit(s, KB, first.id, unit, "3.3", {"a": 20, "b": 10000}, now=clock(), note="thật")
        rounds.close_round(s, first.id, now=clock())
        second = rounds.open_round(s, KB, KT, "2024", due=date(2024, 12, 15))
        duty = values.unit_duty(s, KB, second, unit, "3.3")
        near_last_year = check_unit_entry(s, KB, second, duty, {"a": "25", "b": "10000"})
        assert near_last_year.problems == []  # 0,25 % is near last round's 0,2 %: the plan's 52,97 % is not asked
        far = check_unit_entry(s, KB, second, duty, {"a": "200", "b": "10000"})
        assert [p.kind for p in far.problems] == ["far_from_previous"]


def test_a_form_row_far_from_the_value_entered_in_this_round_asks_to_confirm(core: Core, clock: ManualClock,
                                                                            tmp_path: Path) -> None:
    tc = register(core, "Sở Tài chính", "u1")
    info = _open(core)
    with core.db.session() as s:
        values.submit(s, KB, info.id, tc, "6.22", {"b": "15,5", "c": "1.000"}, now=clock())
    user = User(core)
    (form,) = user.say("/mau")[0].files
    upload(core, user, fill(form, tmp_path / "go-nham.xlsx", {("6.22", "b"): 155, ("6.22", "c"): 1000}))
    assert "Cần xác nhận (1 chỉ số" in user.text()
    assert "b = 155 khác xa giá trị đã nhập trong đợt này (15,5)" in user.text()
    play(user, [("/huy", []), ("/nhap 6.22", []), ("b=155; c=1000", ["khác xa giá trị đã nhập trong đợt này"])])


# ------------------------------------------------------------------------------------------ times


def test_times_under_now_are_stored_in_utc_and_shown_local(settings: Settings, tmp_path: Path) -> None:
    """``--now 2024-11-01T09:00+07:00`` (a fixed clock at +07:00): the value's and the evidence's times are the
    same UTC moment, 02:00, read back aware; the workbook shows 09:00 (the bot's time zone)."""
    from sqlalchemy import select, text

    from bot.assembly import build_core
    from bot.core.services import fixed_clock
    from bot.db.models import EvidenceFile, ValueVersion
    from bot.services.reports import report

    settings.bot.plan = PLAN
    core = build_core(settings, clock=fixed_clock(datetime.fromisoformat("2024-11-01T09:00+07:00")))
    try:
        register(core, "Sở Tài chính", "u1")
        info = _open(core)
        proof = tmp_path / "bien-ban.pdf"
        proof.write_bytes(b"%PDF-1.4 bien ban")
        user = User(core)
        play(user, [("/nhap 6.22", []), ("b=1.200; c=100.000", ["Tóm tắt"]), ("[Xác nhận]", ["Đã lưu"])])
        from bot.core.messages import FileRef, Incoming
        core.handle(Incoming(channel="test", chat_id="u1", user_id="u1",
                             file=FileRef(proof.name, str(proof), "application/pdf", proof.stat().st_size)))
        moment = datetime(2024, 11, 1, 2, 0, tzinfo=UTC)
        with core.db.session() as s:
            assert s.scalars(select(ValueVersion.created_at)).one() == moment
            assert s.scalars(select(EvidenceFile.created_at)).one() == moment
            if core.db.url.startswith("sqlite"):  # the stored text itself is UTC
                assert str(s.execute(text("SELECT created_at FROM value_versions")).scalar()).startswith(
                    "2024-11-01 02:00")
            book = report(s, KB, info, tz=ZoneInfo("Asia/Ho_Chi_Minh"))
        from io import BytesIO

        from openpyxl import load_workbook
        sheets = load_workbook(BytesIO(book), read_only=True)
        times = {c for name in ("Số liệu đơn vị", "Minh chứng")
                 for row in sheets[name].iter_rows(values_only=True) for c in row if isinstance(c, datetime)}
        assert times == {datetime(2024, 11, 1, 9, 0)}  # local wall-clock for both, not 16:00 nor 02:00
    finally:
        core.db.dispose()


# ------------------------------------------------------------------------------------------ choices by channel


def test_a_choice_is_described_as_the_channel_shows_it(core: Core) -> None:
    """Telegram (the HTML rendering) shows buttons: 'Bấm "Xác nhận"'; Zalo and the console (the plain one) number
    the choices: 'Gõ 1 (Xác nhận)', the numbers those of the reply's own buttons."""
    from bot.core.messages import numbered_text

    register(core, "Sở Tài chính", "u1")
    _open(core)
    user = User(core)
    play(user, [("/nhap 6.22", []), ("b=1.200; c=100.000", ["Tóm tắt"])])
    (summary,) = user.last
    assert 'Bấm "Xác nhận" để lưu, "Sửa" để nhập lại, "Huỷ" để bỏ.' in summary.html
    assert "Gõ 1 (Xác nhận) để lưu, 2 (Sửa) để nhập lại, 3 (Huỷ) để bỏ." in summary.text
    shown = numbered_text(summary)
    assert "Bấm" not in shown and "1. Xác nhận" in shown and "2. Sửa" in shown and "3. Huỷ" in shown
    play(user, [("1", ["Đã lưu"])])  # the number said is the one that answers
    (saved,) = user.last
    assert 'bấm "Bỏ qua"' in saved.html and "gõ 1 (Bỏ qua)" in saved.text


def test_no_template_tells_to_press_a_button_itself() -> None:
    """Every template names a choice through the filters (``|press``…), never with a literal "bấm" or "nút"
    that Zalo and the console would show beside numbered choices."""
    from pathlib import Path as P

    folder = P(__file__).resolve().parents[1] / "bot" / "templates"
    pressing = sorted(p.name for p in folder.glob("*.j2")
                      if any(word in p.read_text("utf-8").lower() for word in ("bấm", "nút")))
    assert pressing == []


def test_notices_and_reminders_number_their_choices(core: Core) -> None:
    """The review loop's notices (rendered once per distinct text, their buttons each notice's own) and the
    reminders describe their choices as the channel shows them: Zalo and the console are told the number."""
    from bot.core.messages import Button
    from bot.services import announce

    register(core, "Sở Tài chính", "u1")
    info = _open(core)
    notice = announce.Notice("k", "zalo", "c", "announce_opened", (
        ("unit", "Sở Tài chính"), ("period", info.period), ("due", info.due), ("evidence_due", info.evidence_due),
        ("items", (("6.22", "Chi NSNN"),))), (Button("✍️ Nhập số liệu", "na:1:2"),))
    (told,) = announce.render(core.services.renderer, [notice])
    assert "Gõ 1 (Nhập số liệu)" in told.text and 'Bấm "Nhập số liệu"' in told.html
    assert told.buttons == notice.buttons
    (owed,) = User(core).say("/nhacviec")
    assert "Gõ 1 (Nhập số liệu)" in owed.text and "2 (Hoãn)" in owed.text, owed.text
    register(core, "Sở Thông tin và Truyền thông", "f", role="focal")
    (summary,) = User(core, user="f").say("/tiendo")
    labels = [b.label for b in summary.buttons]
    number = next(n for n, label in enumerate(labels, 1) if label.startswith("📋 Xem tất cả"))
    assert f"gõ {number} (Xem tất cả)" in summary.text and "bấm" not in summary.text.lower()
