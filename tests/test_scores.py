"""Score lookups through the core on SQLite and PostgreSQL: an indicator, a pillar, the total with what is still
missing, the published records (Gia Lai's own, Đắk Lắk's as another province's), the search still answering
"chỉ số 6.12" with the card, where points are lost with "Xem thêm", what-if, a Min–Max indicator without
published bounds, the unit's own view, and the cache following a new value version."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.handlers.scores import Question, parse_question
from bot.services import rounds, scores, values
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, play, register_official
from tests.test_collect_services import unit_id

KB = load_knowledge()
PLAN = "gia-lai-2023"
NOW = datetime(2024, 11, 1, 3, 0, tzinfo=UTC)
STTTT = "Sở Thông tin và Truyền thông"


@pytest.fixture
def core(settings: Settings) -> Iterator[Core]:
    settings.bot.plan = PLAN
    scores.clear_cache()
    c = build_core(settings, clock=ManualClock(NOW))
    yield c
    c.db.dispose()


def open_round(core: Core) -> rounds.RoundInfo:
    with core.db.session() as s:
        return rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15), now=NOW)


def submit(core: Core, r: rounds.RoundInfo, unit: str, code: str, raw: dict[str, object], **kw: object) -> None:
    uid = unit_id(core.db, PLAN, unit)
    with core.db.session() as s:
        values.submit(s, KB, r.id, uid, code, raw, now=NOW, **kw)  # type: ignore[arg-type]


def register(core: Core, unit: str, user: str = "u1", role: str = "official") -> None:
    register_official(core, PLAN, unit, user, role)


@pytest.mark.parametrize(("text", "expected"), [
    ("chỉ số 6.12", None),
    ("cách tính điểm 6.12", None),
    ("điểm tối đa của 6.12 là bao nhiêu", None),
    ("điểm chỉ số 6.12 bao nhiêu", Question("indicator", "6.12")),
    ("trụ cột 6 được bao nhiêu điểm", Question("pillar", "6")),
    ("điểm tổng của tỉnh hiện tại", Question("total")),
    ("đơn vị tôi được bao nhiêu", Question("unit")),
    ("mất điểm ở đâu", Question("losses")),
    ("làm sao tăng điểm", Question("losses")),
    # a rate: scored by the engine from the rate (issue 17), not as a share of the points
    ("nếu 6.12 đạt 80 % thì tổng điểm bao nhiêu", Question("rate", "6.12", 0.8, True, " 6.12 ")),
    ("nếu 6.12 đạt 16 điểm thì tổng điểm bao nhiêu", Question("whatif", "6.12", 16.0, False)),
    ("nếu 3.1 đạt 2 điểm thì tổng điểm bao nhiêu", Question("whatif", "3.1", 2.0, False)),
])
def test_only_score_questions_are_taken(text: str, expected: Question | None) -> None:
    assert parse_question(text) == expected


def test_no_round_yet(core: Core) -> None:
    register(core, STTTT)
    play(User(core), [("/diem", ["chưa có đợt thu thập"])])


def test_scores_against_records_losses_whatif_and_cache(core: Core) -> None:
    r = open_round(core)
    submit(core, r, STTTT, "3.1", {"a": 80, "b": 100})
    submit(core, r, STTTT, "3.2", {"a": 50, "b": 100})
    submit(core, r, STTTT, "2.1", {"x": "co"})
    register(core, "Sở Tài chính")
    user = User(core)
    total = user.say("/diem")[0].text
    assert "Tổng điểm" in total and "Còn" in total and "chỉ số chưa có điểm" in total
    assert "Gia Lai 2022" in total and "Đắk Lắk 2021 (tỉnh khác, tham khảo)" in total
    assert total.index("Gia Lai 2022") < total.index("Đắk Lắk 2021")

    one = user.say("điểm chỉ số 3.1 bao nhiêu")[0].text
    assert "Chỉ số 3.1" in one and "Điểm hiện tại:" in one and "chênh" in one
    pillar = user.say("trụ cột 3 được bao nhiêu điểm")[0].text
    assert "Trụ cột 3" in pillar and "chưa có điểm" in pillar

    card = user.say("chỉ số 6.12")[0].text  # still the search's card
    assert "Điểm hiện tại" not in card and "6.12" in card

    lost = user.say("mất điểm ở đâu")
    text = lost[0].text
    assert text.index("3.2") < text.index("3.1")  # 3.2 loses more points than 3.1
    assert "Chủ trì" in text and "→ Cần a ≥" in text

    base = scores.lookup(KB, _status(core, r), "").score  # type: ignore[union-attr]
    what = user.say("nếu 3.1 đạt 100 % thì tổng điểm bao nhiêu")[0].text
    mx = KB.indicator("dti-tinh", "3.1").max_points  # type: ignore[union-attr]
    assert "Tổng điểm" in what and "→" in what
    line = scores.lookup(KB, _status(core, r), "3.1")
    assert line is not None and line.max == mx

    submit(core, r, STTTT, "3.1", {"a": 100, "b": 100})  # a new version: the cache follows
    after = scores.lookup(KB, _status(core, r), "").score  # type: ignore[union-attr]
    assert after > base


def _status(core: Core, r: rounds.RoundInfo):  # type: ignore[no-untyped-def]
    with core.db.session() as s:
        return scores.cached_status(s, KB, rounds.get_round(s, r.id))


def test_min_max_without_bounds_is_not_given_a_score(core: Core) -> None:
    r = open_round(core)
    submit(core, r, STTTT, "5.1", {"x": 5})
    register(core, "Sở Tài chính")
    text = User(core).say("/diem 5.1")[0].text
    assert "Chưa tính được điểm" in text and "Điểm hiện tại" not in text


def test_losses_page_with_more_button(core: Core) -> None:
    r = open_round(core)
    codes = ["3.1", "3.2", "3.3", "3.4", "3.7", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8"]
    for n, code in enumerate(codes):
        submit(core, r, STTTT, code, {"a": 10 + n, "b": 100})
    register(core, "Sở Tài chính")
    user = User(core)
    first = user.say("làm sao tăng điểm")[0]
    assert first.text.count(", mất ") == 10
    assert [b.label for b in first.buttons] == ["Xem thêm"]
    second = user.press("Xem thêm")[0]
    assert "từ mục 11" in second.text and second.text.count(", mất ") == 2


def test_unit_view(core: Core) -> None:
    r = open_round(core)
    play(User(core), [("đơn vị tôi được bao nhiêu", ["chưa đăng ký"])])
    register(core, STTTT)
    submit(core, r, STTTT, "3.1", {"a": 80, "b": 100})
    text = User(core).say("đơn vị tôi được bao nhiêu")[0].text
    assert STTTT in text and "3.1" in text and "đã nộp" in text and "chưa nhập" in text


def test_who_sees_the_plans_scores(core: Core) -> None:
    """The plan's scores (total, pillars, indicators, losses, what-if, score charts) for every registered member
    of the plan; what units entered one by one (completeness by unit, the workbook) for focal points and admins;
    nothing for a person not registered, or registered in another plan only."""
    r = open_round(core)
    submit(core, r, STTTT, "3.1", {"a": 80, "b": 100})
    stranger = User(core, "u9")
    for asked in ("/diem", "điểm tổng của tỉnh hiện tại", "trụ cột 3 được bao nhiêu điểm", "/diem 3.1",
                  "mất điểm ở đâu", "nếu 3.1 đạt 100 % thì tổng điểm bao nhiêu", "/bieudo", "/bieudo 3.1"):
        text = stranger.say(asked)[0].text
        assert "chưa đăng ký" in text and "/dangky" in text and "Điểm hiện tại" not in text, (asked, text)
    register_official(core, "kon-tum-2024", "Sở Tài chính", "u8")  # an official of another plan only
    assert "chưa đăng ký trong" in User(core, "u8").say("/diem")[0].text
    register(core, "Sở Tài chính", "u2")  # an official of another unit than the one that entered
    official = User(core, "u2")
    assert "Tổng điểm" in official.say("/diem")[0].text
    assert "Điểm hiện tại: 8 / 10" in official.say("/diem 3.1")[0].text
    assert "Trụ cột 3" in official.say("trụ cột 3 được bao nhiêu điểm")[0].text
    assert "3.1" in official.say("mất điểm ở đâu")[0].text
    assert official.say("/bieudo")[0].files
    for asked in ("/bieudo tiendo", "/xuat"):  # unit by unit: not for an official
        reply = official.say(asked)[0]
        assert not reply.files and "Chỉ đầu mối, quản trị mới được" in reply.text, reply.text
    register(core, "Sở Tài chính", "u3", role="focal")
    focal = User(core, "u3")
    assert focal.say("/bieudo tiendo")[0].files and focal.say("/xuat")[0].files
