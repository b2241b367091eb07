"""The focal point's side through the core, on SQLite and PostgreSQL: /modot (period and due date asked, the
survey letter's date as well), /tiendo by unit and indicator, a unit's values, returning one with a comment (the
unit is told through the outbox, then corrects it), approving (locked), closing the round; an official sees only
their unit, forged buttons naming another unit are refused; /huy, a stale button, a restart in the middle."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core import outbox
from bot.core.app import Core
from bot.core.messages import Outgoing
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, flow_fixtures, play, register_official

KB = load_knowledge()
PLAN = "gia-lai-2023"
FOCAL_UNIT = "Sở Thông tin và Truyền thông"


clock, core = flow_fixtures(PLAN)


def register(core: Core, unit: str, user: str, role: str = "official") -> int:
    return register_official(core, PLAN, unit, user, role)


def delivered(core: Core) -> list[Outgoing]:
    return outbox.drain(core.db.session, lambda _: None, core.services.clock, worker="test")


def open_round(core: Core) -> rounds.RoundInfo:
    with core.db.session() as s:
        return rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))


def test_open_a_round_in_chat(core: Core, settings: Settings, clock: ManualClock) -> None:
    register(core, FOCAL_UNIT, "focal", role="focal")
    register(core, "Sở Tài chính", "u1")
    play(User(core, user="u1"), [("/modot", ["⛔"])])  # an official may not open rounds
    focal = User(core, user="focal")
    play(focal, [("/modot", ["Xin nhập kỳ"]), ("/huy", ["Đã huỷ"])])
    play(focal, [
        ("/modot", ["Xin nhập kỳ"]),
        ("năm nay", ["không hợp lệ", "Xin nhập kỳ"]),
        ("2024-q4", ["Kỳ 2024-Q4", "hạn nộp"]),
        ("ngày mai", ["không phải là một ngày", "hạn nộp"]),
        # issue 15: a date no one can mean is asked again (it used to be stored and stop every reminder)
        ("01/01/0001", ["Hạn nộp 01/01/0001 đã qua: chỉ nhận ngày từ 01/11/2023 đến 01/11/2029", "hạn nộp"]),
        ("văn bản 01/01/2031", ["Ngày văn bản khảo sát 01/01/2031 quá xa", "hạn nộp"]),
    ])
    again = build_core(settings, clock=clock)  # a restart in the middle: the due date is still asked
    try:
        play(User(again, user="focal"), [("31/12/2024", ["Đã mở đợt thu thập 2024-Q4", "31/12/2024"])])
    finally:
        again.db.dispose()
    with core.db.session() as s:
        info = rounds.find_open(s, PLAN, "2024-Q4")
    assert info is not None and info.due == date(2024, 12, 31)
    play(focal, [("/modot", []), ("2024-Q4", []), ("02/12/2024", ["đang mở"])])  # one open round per period


def test_letter_date_gives_due_and_evidence_deadline(core: Core) -> None:
    register(core, FOCAL_UNIT, "focal", role="focal")
    play(User(core, user="focal"), [
        ("/modot", []), ("2024", []),
        ("văn bản 01/07/2024", ["Đã mở", "16/07/2024", "tài liệu kiểm chứng: 16/07/2024"]),
        ("/tiendo", ["hạn gửi tài liệu kiểm chứng 16/07/2024"]),
    ])


def test_progress_return_correct_approve_close(core: Core) -> None:
    r = open_round(core)
    register(core, FOCAL_UNIT, "focal", role="focal")
    tc = register(core, "Sở Tài chính", "u1")
    unit = User(core, user="u1")
    play(unit, [("/nhap 6.22", ["Nhập b"]), ("b=1.200; c=100.000", ["Tóm tắt"]), ("[Xác nhận]", ["Đã lưu"]),
                ("bỏ qua", [])])
    focal = User(core, user="focal")
    play(focal, [("/tiendo", ["Tiến độ đợt 2024", "Sở Tài chính: 1/7, chờ duyệt 1", "Cần xử lý",
                              "chưa có cán bộ đăng ký"])])
    play(focal, [("[Sở Tài chính]", ["Sở Tài chính", "6.22: đã nộp", "b=1200"]),
                 ("[6.22]", ["phiên bản 1", "b = 1200", "Tài liệu kiểm chứng: chưa có"])])
    detail = list(focal.last)
    play(focal, [("[Trả lại]", ["xin ghi lý do"])])
    assert len(focal.last) == 1  # the question alone: no "you are still in the middle of…" after it
    play(focal, [("/huy", ["Đã huỷ"])])
    focal.press("Trả lại", detail)
    play(focal, [("Thiếu chi thường xuyên quý IV", ["Đã trả lại", "1 tài khoản"])])
    sent = delivered(core)
    assert [m.chat_id for m in sent] == ["u1"]
    assert "Thiếu chi thường xuyên quý IV" in sent[0].reply.text and "/nhap 6.22" in sent[0].reply.text
    play(unit, [("/nhap", ["6.22: bị trả lại"]), ("/nhap 6.22", ["Nhập b"]), ("b=1.500; c=100.000", ["Tóm tắt"]),
                ("[Xác nhận]", ["phiên bản 2"]), ("bỏ qua", [])])
    play(focal, [("/tiendo", []), ("[Sở Tài chính]", ["phiên bản 2"]), ("[6.22]", ["b = 1500"]),
                 ("[Duyệt]", ["Đã duyệt"])])
    with core.db.session() as s:
        assert [v.state for v in values.history(s, r.id, tc, "6.22")] == ["returned", "approved"]
    play(unit, [("/nhap 6.22", ["đã được duyệt", "không sửa được"])])  # refused at once, before any input
    play(focal, [("/tiendo", []), ("[Đóng đợt]", ["Đóng đợt thu thập 2024?"])])
    stale = list(focal.last)
    play(focal, [("[Không]", ["Đã huỷ"])])
    focal.press("Đóng đợt", stale)
    assert "hết hạn" in focal.text()
    play(focal, [("/tiendo", []), ("[Đóng đợt]", []), ("[Đóng đợt]", ["Đã đóng đợt thu thập 2024"]),
                 ("/tiendo", ["đã đóng"])])


def test_officials_see_only_their_unit_and_forged_buttons_are_refused(core: Core) -> None:
    r = open_round(core)
    tc = register(core, "Sở Tài chính", "u1")
    kh = register(core, "Sở Kế hoạch và Đầu tư", "u2")
    play(User(core, user="u2"), [("/nhap 6.22", []), ("a=1.500", []), ("[Xác nhận]", ["Đã lưu"])])
    unit = User(core, user="u1")
    play(unit, [("/tiendo", ["Sở Tài chính", "6.22: chưa nhập"])])
    assert "Kế hoạch" not in unit.text()
    for payload in (f"pu:{r.id}:{kh}", f"pv:{r.id}:{kh}:6.22"):
        assert "⛔" in unit.say(payload=payload)[0].text
    for payload in (f"pr:{r.id}:{kh}:6.22", f"pa:{r.id}:{kh}:6.22", f"pc:{r.id}", f"pa:{r.id}:{tc}:6.22"):
        assert "⛔" in unit.say(payload=payload)[0].text
    with core.db.session() as s:
        assert values.history(s, r.id, kh, "6.22")[0].state == "submitted"


def test_evidence_later_with_minhchung_seen_by_the_focal_point(core: Core, tmp_path, settings: Settings
                                                                ) -> None:  # type: ignore[no-untyped-def]
    from bot.core.messages import FileRef, Incoming

    with core.db.session() as s:
        r = rounds.open_round(s, KB, PLAN, "2024", letter_date=date(2024, 10, 20))
    register(core, FOCAL_UNIT, "focal", role="focal")
    tc = register(core, "Sở Tài chính", "u1")
    unit = User(core, user="u1")
    play(unit, [("/minhchung", ["chưa nhập số liệu chỉ số nào"])])
    play(unit, [("/nhap 6.22", []), ("b=1; c=100", []), ("[Xác nhận]", ["Đã lưu"]), ("[Bỏ qua]", ["Chưa có tệp"])])
    play(unit, [("/minhchung 7.12", ["chưa nhập số liệu chỉ số 7.12", "/minhchung 6.22"]),
                ("[6.22]", ["chỉ số 6.22 (phiên bản 1)", "chưa có tệp nào", "Hạn gửi tài liệu kiểm chứng: 04/11/2024"]),
                ("/huy", ["Đã huỷ"]), ("/minhchung 6.22", ["chưa có tệp nào"])])
    upload = tmp_path / "bao-cao.pdf"
    upload.write_bytes(b"%PDF-1.4 bao cao")
    ref = FileRef("Báo cáo chi thường xuyên.pdf", str(upload), "application/pdf", upload.stat().st_size)
    unit.last = core.handle(Incoming(channel="test", chat_id="u1", user_id="u1", file=ref))
    assert "Đã nhận tệp Báo cáo chi thường xuyên.pdf" in unit.text()
    upload.unlink()  # the evidence was copied into the file store: it outlives the upload
    with core.db.session() as s:
        version = values.history(s, r.id, tc, "6.22")[0]
        (kept,) = values.evidence(s, version.id)
    assert Path(kept.path).read_bytes() == b"%PDF-1.4 bao cao"
    assert Path(kept.path).is_relative_to(Path(settings.files.folder))
    play(unit, [("[Xong]", ["Đã lưu 1 tệp"]), ("/minhchung 6.22", ["đã có Báo cáo chi thường xuyên.pdf"])])
    play(User(core, user="focal"), [
        ("/tiendo", ["hạn gửi tài liệu kiểm chứng 04/11/2024"]), ("[Sở Tài chính]", []),
        ("[6.22]", ["Tài liệu kiểm chứng: Báo cáo chi thường xuyên.pdf", "hạn gửi 04/11/2024"])])


def test_focal_point_lets_one_unit_enter_into_a_closed_round(core: Core, clock: ManualClock) -> None:
    r = open_round(core)
    register(core, FOCAL_UNIT, "focal", role="focal")
    tc = register(core, "Sở Tài chính", "u1")
    kh = register(core, "Sở Kế hoạch và Đầu tư", "u2")
    focal, unit, other = User(core, user="focal"), User(core, user="u1"), User(core, user="u2")
    play(focal, [("/ngoaile Sở Tài chính", ["đang mở", "/nhap"])])  # nothing to grant while the round is open
    with core.db.session() as s:
        rounds.close_round(s, r.id, now=clock())
    play(unit, [("/nhap", ["đã đóng", "liên hệ đầu mối"]), ("/ngoaile Sở Tài chính", ["⛔"])])
    play(focal, [("/ngoaile", ["ghi tên đơn vị", "/ngoaile Sở Tài chính 6.22"]),
                 ("/ngoaile Sở Tài chính 9.99", ["không thu chỉ số 9.99"]),
                 ("/ngoaile Sở Tài chính 1.1", ["không phải nhập chỉ số 1.1"]),
                 ("/ngoaile tài chánh 6.22", ["có phải một trong các đơn vị sau"]),  # a typo: offered, not taken
                 ("[Sở Tài chính]", ["Sở Tài chính", "chỉ số 6.22", "Đến hết ngày nào"]),
                 ("mai nhé", ["không phải là một ngày", "Đến hết ngày nào"]),
                 ("01/10/2024", ["đã qua"]),
                 ("31/12/2099", ["quá xa: chỉ nhận ngày từ 01/11/2024 đến 01/11/2029", "Đến hết ngày nào"]),
                 ("[3 ngày làm việc]", ["lý do", "06/11/2024"]),  # Friday 1/11 + 3 working days
                 ("Sở chờ số liệu quý IV của Kho bạc", ["Đã cho Sở Tài chính nhập bổ sung chỉ số 6.22",
                                                        "06/11/2024", "1 tài khoản", "vẫn không nhập được"])])
    (notice,) = delivered(core)
    assert notice.chat_id == "u1" and "Sở chờ số liệu quý IV của Kho bạc" in notice.reply.text
    assert "/nhap 6.22" in notice.reply.text and "06/11/2024" in notice.reply.text
    play(unit, [("/nhap", ["đã đóng, đơn vị được đầu mối cho phép nhập", "6.22: chưa nhập"]),
                ("/nhap 2.6", ["chỉ được đầu mối cho phép nhập thêm chỉ số 6.22"]),
                ("/nhap 6.22", ["Nhập b"]), ("b=1.200; c=100.000", ["Tóm tắt"]),
                ("[Xác nhận]", ["Đã lưu số liệu chỉ số 6.22 (phiên bản 1)"]), ("bỏ qua", [])])
    play(other, [("/nhap", ["đã đóng", "liên hệ đầu mối"]), ("/nhap 6.22", ["đã đóng"])])
    with core.db.session() as s:
        (saved,) = values.history(s, r.id, tc, "6.22")
        assert saved.inputs == {"b": 1200.0, "c": 100000.0}
        with pytest.raises(rounds.RoundError, match="đã đóng"):
            values.submit(s, KB, r.id, kh, "6.22", {"a": 5}, now=clock())
    # from /tiendo: a unit's values on a closed round offer "Mở lại cho đơn vị" (every indicator it owes)
    play(focal, [("/tiendo", ["đã đóng"]), ("[Sở Tài chính]", ["Được nhập bổ sung chỉ số 6.22 đến hết 06/11/2024",
                                                                "Sở chờ số liệu"])])
    play(focal, [("/tiendo", []), ("[Xem tất cả]", ["1–6 trên 14"]), ("[Trang sau]", ["7–12 trên 14"]),
                 ("[Sở Kế hoạch và Đầu tư]", ["chưa nhập"]),
                 ("[Mở lại cho đơn vị]", ["các chỉ số"]),
                 ("30/11/2024", ["lý do", "30/11/2024"]), ("Đơn vị mới có cán bộ", ["Đã cho Sở Kế hoạch và Đầu tư"])])
    play(other, [("/nhap 6.22", ["Nhập a"]), ("a=1.500", ["Tóm tắt"]), ("[Xác nhận]", ["Đã lưu"])])
    assert "⛔" in unit.say(payload=f"xg:{r.id}:{kh}")[0].text  # a forged button
    clock.advance(days=6)  # 7/11: Sở Tài chính's exception has run out, Kế hoạch's has not
    play(unit, [("/nhap", ["đã đóng", "liên hệ đầu mối"])])
    play(other, [("/nhap", ["6.22: đã nộp"])])


def test_evidence_deadline_tracked_per_round(core: Core, clock: ManualClock, tmp_path: Path) -> None:
    with core.db.session() as s:  # the commune plan's rule: evidence 15 days from the survey letter (4/11)
        plain = rounds.open_round(s, KB, PLAN, "2024-Q4", due=date(2024, 12, 15), now=clock())
        r = rounds.open_round(s, KB, PLAN, "2024", letter_date=date(2024, 10, 20), now=clock() + timedelta(1))
    assert r.evidence_due == date(2024, 11, 4) and plain.evidence_due == plain.due == date(2024, 12, 15)
    register(core, FOCAL_UNIT, "focal", role="focal")
    tc = register(core, "Sở Tài chính", "u1")
    kh = register(core, "Sở Kế hoạch và Đầu tư", "u2")
    with core.db.session() as s:
        with_file = values.submit(s, KB, r.id, tc, "6.22", {"b": 1, "c": 100}, now=clock())
        values.add_evidence(s, with_file.id, path=str(tmp_path / "x.pdf"), sha256="0" * 64, name="x.pdf",
                            mime="application/pdf")
        values.submit(s, KB, r.id, kh, "6.22", {"a": 5}, now=clock())
        values.submit(s, KB, r.id, kh, "8.6", {"x": 2}, now=clock())
        assert sorted(values.lacking_evidence(s, r.id)) == [(kh, "6.22"), (kh, "8.6")]
    focal = User(core, user="focal")
    play(focal, [("/tiendo", ["hạn gửi tài liệu kiểm chứng 04/11/2024 (còn 3 ngày)",
                              "còn thiếu tài liệu kiểm chứng: 2 (1 đơn vị)",
                              "Sở Kế hoạch và Đầu tư: 2/9, chờ duyệt 2, thiếu tài liệu kiểm chứng 2\n"])])
    assert "Sở Tài chính: 1/7, chờ duyệt 1\n" in focal.text()
    clock.advance(days=5)  # 6/11: past the evidence deadline
    play(focal, [("/tiendo", ["04/11/2024 (quá hạn 2 ngày)", "2 (1 đơn vị), đã quá hạn gửi",
                              "thiếu tài liệu kiểm chứng 2 (đã quá hạn gửi)"]),
                 ("[Sở Kế hoạch và Đầu tư]", ["6.22: đã nộp", "chưa có tài liệu kiểm chứng, đã quá hạn gửi"])])
    play(User(core, user="u1"), [("/tiendo", ["Sở Tài chính", "hạn gửi tài liệu kiểm chứng 04/11/2024"])])
    assert "chưa có tài liệu kiểm chứng" not in User(core, user="u1").say("/tiendo")[0].text
