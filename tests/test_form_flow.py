"""/mau through the core on SQLite and PostgreSQL: the unit's form is sent as an .xlsx, filled and uploaded back
(in the flow and outside any flow), every row checked like /nhap, accepted and rejected rows listed, nothing saved
before "Xác nhận"; a file that is not a form, /huy, a stale confirmation, a restart before confirming."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import FileRef, Incoming
from bot.reports.forms import SHEET, VALUE_COLUMN
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, flow_fixtures, play
from tests.test_progress_flow import PLAN, register

KB = load_knowledge()


clock, core = flow_fixtures(PLAN)


def fill(form: FileRef, target: Path, answers: dict[tuple[str, str], object], extra: tuple = ()) -> FileRef:
    """The form with the "Giá trị" column filled for (code, input) pairs, and extra rows appended."""
    with Path(form.path).open("rb") as fh:
        book = load_workbook(fh)
    sheet = book[SHEET]
    for row in sheet.iter_rows(min_row=3):
        key = (str(row[0].value), str(row[2].value))
        if key in answers:
            row[VALUE_COLUMN - 1].value = answers[key]
    for extra_row in extra:
        sheet.append(list(extra_row))
    book.save(target)
    return FileRef(target.name, str(target), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   target.stat().st_size)


def upload(core: Core, user: User, ref: FileRef) -> None:
    user.last = core.handle(Incoming(channel="test", chat_id=user.user, user_id=user.user, file=ref))


def test_form_sent_filled_checked_and_saved_on_confirmation(core: Core, settings: Settings, clock: ManualClock,
                                                            tmp_path: Path) -> None:
    tc = register(core, "Sở Tài chính", "u1")
    play(User(core), [("/mau", ["chưa có đợt thu thập"])])
    with core.db.session() as s:
        r = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    user = User(core)
    play(user, [("/mau", ["Mẫu nhập số liệu", "Sở Tài chính", "Giá trị"])])
    (form,) = user.last[0].files
    assert form.name.endswith(".xlsx") and Path(form.path).is_relative_to(Path(settings.files.folder))
    with Path(form.path).open("rb") as fh:
        rows = list(load_workbook(fh)[SHEET].iter_rows(min_row=3, values_only=True))
    assert ("6.22", "b") in {(r[0], r[2]) for r in rows} and all(r[0] for r in rows)
    first_26, meaning_26 = next((r[2], r[3]) for r in rows if r[0] == "2.6")
    assert "ghi một trong: co = Đã ban hành" in meaning_26
    filled = fill(form, tmp_path / "da-dien.xlsx", {("6.22", "b"): "1.200", ("6.22", "c"): 100000,
                                                     ("2.6", first_26): "nhiều lắm"},
                  extra=[("9.99", "", "x", "", "", None, 5)])
    upload(core, user, filled)
    text = user.text()
    assert "Hợp lệ (1 chỉ số)" in text and "6.22: b=1200 c=100000" in text
    assert "Không nhận (2 chỉ số, 2 dòng)" in text and "không khớp lựa chọn" in text and "9.99" in text
    with core.db.session() as s:
        assert values.history(s, r.id, tc, "6.22") == []  # nothing saved before Xác nhận
    review = list(user.last)
    again = build_core(settings, clock=clock)  # a restart before confirming: the review is still there
    try:
        after = User(again)
        after.press("Xác nhận", review)
        assert "Đã lưu số liệu 1 chỉ số" in after.text() and "6.22 (phiên bản 1)" in after.text()
    finally:
        again.db.dispose()
    user.press("Xác nhận", review)  # the same button again: the review is over
    assert "hết hạn" in user.text()
    with core.db.session() as s:
        (saved,) = values.history(s, r.id, tc, "6.22")
    assert saved.inputs == {"b": 1200.0, "c": 100000.0} and saved.channel == "test"
    # outside any flow, a filled form is read too; Huỷ saves nothing
    upload(core, user, fill(form, tmp_path / "lan-hai.xlsx", {("6.22", "b"): 1300, ("6.22", "c"): 100000}))
    play(user, [("[Huỷ]", ["huỷ"])])
    with core.db.session() as s:
        assert len(values.history(s, r.id, tc, "6.22")) == 1


def test_bad_files_and_cancel(core: Core, tmp_path: Path) -> None:
    with core.db.session() as s:
        rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    register(core, "Sở Tài chính", "u1")
    user = User(core)
    play(user, [("/mau", ["Mẫu nhập số liệu"])])
    fake = tmp_path / "khong-phai.xlsx"
    fake.write_bytes(b"day khong phai excel")
    upload(core, user, FileRef(fake.name, str(fake), "application/octet-stream", fake.stat().st_size))
    assert "không phải bảng tính Excel" in user.text() and "không số liệu nào được lưu" in user.text()
    play(user, [("/huy", ["Đã huỷ"])])
    (form,) = User(core).say("/mau")[0].files
    upload(core, user, fill(form, tmp_path / "trong.xlsx", {}))
    assert "không có dòng nào đã điền" in user.text() and not user.last[0].buttons


def test_far_off_rows_are_confirmed_with_a_comment_or_left_out(core: Core, clock: ManualClock,
                                                               tmp_path: Path) -> None:
    tc = register(core, "Sở Tài chính", "u1")
    with core.db.session() as s:  # last round: b = 1 000
        before = rounds.open_round(s, KB, PLAN, "2023", due=date(2023, 12, 15))
        values.submit(s, KB, before.id, tc, "6.22", {"b": 1000, "c": 100000}, now=clock())
        rounds.close_round(s, before.id, now=clock())
        r = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    user = User(core)
    (form,) = user.say("/mau")[0].files
    far = fill(form, tmp_path / "khac-xa.xlsx", {("6.22", "b"): "10.000", ("6.22", "c"): 100000})
    upload(core, user, far)
    checked, question = user.last
    assert "Cần xác nhận (1 chỉ số" in checked.text and "b=10000" in checked.text
    assert "khác xa giá trị kỳ trước (1000)" in checked.text and "Chưa lưu gì" in checked.text
    assert not checked.buttons and "ghi chú" in question.text
    with core.db.session() as s:
        assert values.history(s, r.id, tc, "6.22") == []  # nothing saved before the comment and Xác nhận
    play(user, [("Năm 2024 tính cả chi sự nghiệp", ["Sẽ lưu 1 chỉ số", "ghi chú: Năm 2024 tính cả chi sự nghiệp"])])
    with core.db.session() as s:
        assert values.history(s, r.id, tc, "6.22") == []
    play(user, [("[Xác nhận]", ["Đã lưu số liệu 1 chỉ số", "6.22 (phiên bản 1)"])])
    with core.db.session() as s:
        (saved,) = values.history(s, r.id, tc, "6.22")
    assert saved.inputs == {"b": 10000.0, "c": 100000.0} and saved.note == "Năm 2024 tính cả chi sự nghiệp"
    # a row far from what was just saved (10 000), this time left out: nothing to save
    upload(core, user, fill(form, tmp_path / "lan-ba.xlsx", {("6.22", "b"): "100.000", ("6.22", "c"): 100000}))
    play(user, [("[Bỏ chỉ số này]", ["Đã huỷ, chưa lưu"])])
    with core.db.session() as s:
        assert len(values.history(s, r.id, tc, "6.22")) == 1
