"""Questions about the asker's own round, through the core (issue 17, item 4): the round's due date and evidence
deadline, what the unit still owes and what it has entered, a rate's what-if computed by the engine; someone not
registered is told how to register. The plan's indicator deadlines ("Hàng năm") never answer them."""

from __future__ import annotations

from datetime import date

from bot.config import Settings
from bot.core.app import Core
from bot.services import rounds
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, flow_fixtures, plan_core, play, register_official

KB = load_knowledge()
GL, NP = "gia-lai-2023", "nghia-phuong-2023"


clock, core = flow_fixtures(GL)


def _open(core: Core, plan: str = GL, **kw: object) -> rounds.RoundInfo:
    with core.db.session() as s:
        return rounds.open_round(s, KB, plan, "2024", **kw)  # type: ignore[arg-type]


def test_someone_not_registered_is_told_how_to_register(core: Core) -> None:
    _open(core, due=date(2024, 12, 15))
    play(User(core), [
        ("hạn nộp số liệu là ngày nào", ["chưa đăng ký", "/dangky"]),
        ("đơn vị tôi còn thiếu chỉ số nào", ["chưa đăng ký", "/dangky"]),
    ])


def test_the_rounds_due_date_not_an_indicators_deadline(core: Core) -> None:
    register_official(core, GL, "Sở Tài chính")
    user = User(core)
    play(user, [("hạn nộp số liệu là ngày nào", ["chưa có đợt thu thập"])])
    _open(core, due=date(2024, 12, 15))
    play(user, [
        ("hạn nộp số liệu là ngày nào", ["Đợt 2024:", "hạn nộp số liệu 15/12/2024", "còn 44 ngày",
                                         "Sở Tài chính còn"]),
        ("hạn nộp minh chứng là khi nào", ["hạn nộp tài liệu kiểm chứng 15/12/2024"]),
    ])
    assert "Hàng năm" not in user.text()


def test_the_commune_evidence_deadline_counts_from_the_survey_letter(settings: Settings, clock: ManualClock) -> None:
    core = next(plan_core(settings, clock, NP))
    try:
        register_official(core, NP, "Công an xã")
        _open(core, NP, letter_date=date(2024, 11, 1))
        play(User(core), [("hạn nộp minh chứng là khi nào",
                           ["hạn nộp tài liệu kiểm chứng 16/11/2024", "văn bản khảo sát ngày 01/11/2024"])])
    finally:
        core.db.dispose()


def test_what_the_unit_owes_and_what_it_entered(core: Core) -> None:
    register_official(core, GL, "Sở Tài chính")
    _open(core, due=date(2024, 12, 15))
    user = User(core)
    play(user, [("đơn vị tôi còn thiếu chỉ số nào", ["Sở Tài chính", "Còn thiếu", "6.22", "chưa nhập", "/nhap"])])
    play(user, [("/nhap 6.22", ["Nhập b"]), ("1.000", ["Nhập c"]), ("100.000", ["Tóm tắt"]),
                ("[Xác nhận]", ["Đã lưu"]), ("bỏ qua", [])])
    play(user, [("đơn vị tôi đã nhập những gì", ["Sở Tài chính", "6.22", "đã nộp", "phiên bản 1"])])


def test_an_indicator_question_is_still_the_searchs(core: Core) -> None:
    register_official(core, GL, "Sở Tài chính")
    _open(core, due=date(2024, 12, 15))
    play(User(core), [("hạn nộp minh chứng của chỉ số tên miền .vn", ["7.10"])])


def test_a_rate_what_if_is_scored_from_the_rate(core: Core) -> None:
    """Issue 17: "nếu 6.12 đạt 80%" gave 16/20; a rate of 80 % scores 20/20."""
    register_official(core, GL, "Sở Tài chính")
    user = User(core)
    play(user, [
        ("nếu 6.12 đạt 80%", ["Nếu tỷ lệ của chỉ số 6.12 là 80 %: 20/20 điểm", "a = 100", "b = 80", "c = 0"]),
        ("nếu tỷ lệ hộ có cáp quang là 60% thì được mấy điểm",
         ["Nếu tỷ lệ của chỉ số 3.3 là 60 %: 6/10 điểm", "a = 60", "b = 100"]),
        ("nếu 1.5 đạt 50%", ["không tính điểm theo một tỷ lệ"]),
    ])
    _open(core, due=date(2024, 12, 15))
    play(user, [("nếu 6.12 đạt 80%", ["20/20 điểm", "Tổng điểm đợt 2024"])])


def test_a_cached_round_status_is_never_another_databases(tmp_path: object) -> None:
    """The status cache is keyed by the round: two databases (a reset, a test) reuse round id 1 for other plans;
    the cached status of one must never answer for the other (it answered a Gia Lai what-if with a Kon Tum round)."""
    from pathlib import Path

    from bot.db.session import Database
    from bot.services import scores

    scores.clear_cache()
    seen = []
    for plan in ("kon-tum-2024", GL):
        db = Database(f"sqlite:///{Path(str(tmp_path)) / plan}.db")
        db.upgrade()
        with db.session() as s:
            info = rounds.open_round(s, KB, plan, "2024", due=date(2024, 12, 15))
            seen.append((info.id, scores.cached_status(s, KB, info).round.plan))
        db.dispose()
    assert seen == [(1, "kon-tum-2024"), (1, GL)]
