"""Periodic report drafts (issue 18 item 2), on SQLite and PostgreSQL: periods read and named, the round a period is
drawn from, ``dti-bot report --json`` exactly, the draft opened back (its tables against ``round status``, a
placeholder after every section), and /baocao as a script of messages: quý → a quarter, typed periods, refused for
an official, a stale button, /huy."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document

from bot.config import Settings
from bot.core.app import Core
from bot.services import difficulties, rounds
from bot.services.periodic import write_periodic
from bot.services.periods import Period, PeriodError, read_period, recent, round_for
from knowledge.store import load_knowledge
from tests.clikit import run_cli
from tests.flowkit import ManualClock, User, plan_core, play, register_official
from tests.test_package import NOW, PLAN, build, cli, clock, core  # noqa: F401 (fixtures)

KB = load_knowledge()


def test_periods() -> None:
    q4 = read_period("2024-q4")
    assert (q4.key, q4.label, q4.start, q4.end) == ("2024-Q4", "quý IV năm 2024", date(2024, 10, 1), date(2024, 12, 31))
    assert q4.previous() == Period(2024, "q", 3) and read_period("2024-Q1").previous().key == "2023-Q4"
    h1 = read_period(" 2024-H1 ")
    assert (h1.label, h1.end, h1.previous().key) == ("6 tháng đầu năm 2024", date(2024, 6, 30), "2023-H2")
    assert read_period("2024").end == date(2024, 12, 31) and read_period("2024").previous().key == "2023"
    assert [p.short for p in recent("q", date(2024, 11, 1), 4)] == ["Quý IV/2024", "Quý III/2024", "Quý II/2024",
                                                                     "Quý I/2024"]
    assert [p.key for p in recent("h", date(2024, 3, 1), 3)] == ["2024-H1", "2023-H2", "2023-H1"]
    for junk in ("2024-Q5", "2024-H3", "2024-Q0", "24", "１９９９", "2024-Q²", "quý 4", "", "1999", "2101-Q1"):
        with pytest.raises(PeriodError):
            read_period(junk)


def test_the_round_a_period_is_drawn_from(core: Core) -> None:  # noqa: F811
    with core.db.session() as s:
        year = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15), now=NOW)
        rounds.close_round(s, year.id, now=NOW)
        quarter = rounds.open_round(s, KB, PLAN, "2025-Q1", due=date(2025, 3, 31), now=NOW)
        assert round_for(s, PLAN, read_period("2024-Q4")).id == year.id  # the year's round covers its quarters
        assert round_for(s, PLAN, read_period("2025-Q1")).id == quarter.id  # the quarter's own round
        assert round_for(s, PLAN, read_period("2025")).id == quarter.id  # overlapping, the latest
        assert round_for(s, PLAN, read_period("2026-H1")).id == quarter.id  # as the figures stood
        assert round_for(s, PLAN, read_period("2023")) is None


def test_report_json_and_the_draft_read_back(
    core: Core, cli: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    build(core)
    done = run_cli(["report", "--plan", PLAN, "--period", "2024-q4", "--docx", "quy.docx", "--json"], monkeypatch)
    assert done.code == 0, done.text
    result = json.loads(done.out)
    status = json.loads(run_cli(["round", "status", "--plan", PLAN, "--json"], monkeypatch).out)
    owing = [u for u in status["units"] if u["owed"]]
    assert result == {"docx": "quy.docx", "period": "2024-Q4", "units": len(owing), "tasks_done": 0,
                      "tasks_overdue": 0, "difficulties": 0}
    doc = Document(str(cli / "quy.docx"))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    text = "\n".join(p.text for p in doc.paragraphs)
    behind = next(t for t in tables if t[0][0] == "Đơn vị chưa nộp đủ")
    assert {r[0]: (int(r[1]), int(r[2])) for r in behind[1:]} == {
        u["name"]: (u["owed"], u["submitted"]) for u in owing if u["submitted"] < u["owed"]}
    per_indicator = next(t for t in tables if t[0][:3] == ["Mã", "Tên chỉ số", "Số đơn vị đã nộp"])
    assert [r[0] for r in per_indicator[1:]] == [i["code"] for i in status["indicators"]]
    assert next(r for r in per_indicator if r[0] == "6.22")[2] == "3"
    changes = next(t for t in tables if t[0][2:3] == ["Lần nhập trong kỳ"])
    assert {r[0]: r[2] for r in changes[1:]} == {"6.22": "3", "2.6": "1", "2.1": "1"}  # entered on 1/11/2024
    assert "quý IV năm 2024" in text and "Chưa có nhiệm vụ nào được ghi nhận hoàn thành" in text
    assert text.count("[Nhận định của cơ quan") == 6 and "Nơi nhận:" in "".join(c for t in tables for r in t for c in r)
    # the previous quarter has no entries: nothing changed then; a year without a round still gets its draft
    q3 = run_cli(["report", "--plan", PLAN, "--period", "2024-Q3", "--docx", "q3.docx"], monkeypatch)
    assert q3.code == 0 and "đợt" in q3.out
    empty = json.loads(run_cli(["report", "--plan", PLAN, "--period", "2023", "--docx", "n.docx", "--json"],
                               monkeypatch).out)
    assert empty["units"] == 0 and "chưa có đợt thu thập" in "\n".join(
        p.text for p in Document(str(cli / "n.docx")).paragraphs)


def test_baocao_in_chat(core: Core) -> None:  # noqa: F811
    build(core)
    play(User(core, user="finance"), [("/baocao", ["⛔"])])  # an official may not
    focal = User(core, user="focal")
    play(focal, [("/baocao", ["Chọn loại báo cáo"]), ("/huy", ["Đã huỷ"])])
    first = focal.say("/baocao")
    play(focal, [("[Quý]", ["Báo cáo quý", "chọn kỳ"])])
    periods = focal.last
    assert [b.label for b in periods[0].buttons] == ["Quý IV/2024", "Quý III/2024", "Quý II/2024", "Quý I/2024"]
    assert "hết hạn" in focal.press("Năm", first)[0].text  # the first step's button, pressed again
    play(focal, [("2024-Q7", ["không đọc được", "chọn kỳ"])])
    assert "hết hạn" in focal.press("Quý IV/2024", periods)[0].text  # asked again: the earlier buttons expired
    play(focal, [("2024-Q7", ["không đọc được", "chọn kỳ"])])
    periods = focal.last
    (sent,) = focal.press("Quý IV/2024", periods)
    assert "quý IV năm 2024" in sent.text and "đợt thu thập kỳ 2024" in sent.text
    (ref,) = sent.files
    assert ref.name == "bao-cao-kon-tum-2024-2024-Q4.docx"
    assert any("quý IV năm 2024" in p.text for p in Document(ref.path).paragraphs)
    stale = focal.press("Quý III/2024", periods)  # the flow is over: its buttons have expired
    assert "hết hạn" in stale[0].text and not stale[0].files
    # typed: the kind in words, then a period; or the period right after the command
    play(focal, [("/baocao", ["Chọn loại"]), ("nửa năm", ["Báo cáo 6 tháng"]), ("2024-H1", ["6 tháng đầu năm 2024"])])
    assert focal.last[0].files
    play(focal, [("/baocao 2024", ["năm 2024"])])
    assert focal.last[0].files and Document(io.BytesIO(Path(focal.last[0].files[0].path).read_bytes())).tables
    play(focal, [("/baocao 2024-Q9", ["không đọc được", "Chọn loại"]), ("gì thế", ["không phải quý"])])


def test_baocao_survives_a_restart(
    core: Core, settings: Settings, clock: ManualClock  # noqa: F811
) -> None:
    """The flow's state is in the database: a bot restarted between the two steps goes on from the button."""
    build(core)
    focal = User(core, user="focal")
    play(focal, [("/baocao", ["Chọn loại"]), ("[6 tháng]", ["Báo cáo 6 tháng"])])
    periods = focal.last
    core.db.dispose()
    again = next(plan_core(settings, clock, PLAN))
    try:
        (sent,) = User(again, user="focal").press("6 tháng cuối 2024", periods)
        assert "6 tháng cuối năm 2024" in sent.text and sent.files
    finally:
        again.db.dispose()


# ------------------------------------------------------------------------------------------ tasks, difficulties

GIA_LAI = "gia-lai-2023"  # its section VI.2: every lead unit issues its detailed plan by 17/11/2023


@pytest.fixture
def gia_lai(settings: Settings) -> Iterator[tuple[Core, ManualClock]]:
    hands = ManualClock(datetime(2023, 11, 6, 2, 0, tzinfo=UTC))
    for made in plan_core(settings, hands, GIA_LAI):
        yield made, hands


def test_tasks_and_difficulties_in_the_report(
    gia_lai: tuple[Core, ManualClock], cli: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    """VI.2 marked done by the Sở Tài chính within the quarter, "đang làm" by the Sở TTTT and untouched by the
    other lead units: one done, the others overdue at the quarter's end; a difficulty answered and one open,
    both in the quarter, one of the quarter before left out."""
    bot, clock = gia_lai  # noqa: F811 (not the Kon Tum fixtures)
    leads = sorted(dict.fromkeys(next(i for i in KB.plans[GIA_LAI].items if i.code == "VI.2").lead))
    register_official(bot, GIA_LAI, "Sở Tài chính", "u1")
    register_official(bot, GIA_LAI, "Sở Thông tin và Truyền thông", "u2")
    register_official(bot, GIA_LAI, "Sở Thông tin và Truyền thông", "focal", role="focal")
    clock.now = datetime(2023, 9, 20, 2, 0, tzinfo=UTC)
    play(User(bot, user="u1"), [("/vuongmac Câu hỏi quý III", ["1 đầu mối"])])
    clock.now = datetime(2023, 11, 10, 2, 0, tzinfo=UTC)
    play(User(bot, user="u1"), [("/xong VI.2 Kế hoạch số 12/KH-STC", ["xong", "12/KH-STC"]),
                                  ("/vuongmac 6.22 Chưa có số liệu chi NSNN", ["1 đầu mối"])])
    play(User(bot, user="u2"), [("/danglam VI.2 đang dự thảo", ["đang làm"]),
                                  ("/vuongmac Không đăng nhập được", ["1 đầu mối"])])
    with bot.db.session() as s:
        first = next(d for d in difficulties.open_difficulties(s, GIA_LAI) if d.code == "6.22")
        assert difficulties.answer(s, first.id, "Lấy số của Sở Tài chính", by=None, now=clock())
    done = run_cli(["report", "--plan", GIA_LAI, "--period", "2023-Q4", "--docx", "q4.docx", "--json"], monkeypatch)
    assert done.code == 0, done.text
    assert json.loads(done.out) == {"docx": "q4.docx", "period": "2023-Q4", "units": 0, "tasks_done": 1,
                                    "tasks_overdue": len(leads) - 1, "difficulties": 2}
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(cli / "q4.docx")).tables]
    task_tables = [t for t in tables if t[0] == ["Mã", "Nhiệm vụ", "Đơn vị", "Hạn", "Tình trạng", "Ghi chú"]]
    assert len(task_tables) == 2
    finished, late = task_tables
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in finished[1:]] == [
        ("VI.2", "Sở Tài chính", "17/11/2023", "xong", "Kế hoạch số 12/KH-STC")]
    assert [r[2] for r in late[1:]] == [u for u in leads if u != "Sở Tài chính"]
    tttt = next(r for r in late if r[2] == "Sở Thông tin và Truyền thông")
    assert tttt[4] == "đang làm, quá hạn 44 ngày" and tttt[5] == "đang dự thảo"  # 17/11 to 31/12
    asked = next(t for t in tables if t[0] == ["Mã", "Đơn vị", "Nội dung", "Ngày", "Trả lời"])
    assert [r[1:] for r in asked[1:]] == [
        ["Sở Tài chính", "Chưa có số liệu chi NSNN", "10/11/2023", "Lấy số của Sở Tài chính"],
        ["Sở Thông tin và Truyền thông", "Không đăng nhập được", "10/11/2023", "(chưa trả lời)"]]
    # the quarter before: the difficulty of September, no task done yet and none overdue (due in November)
    with bot.db.session() as s, (cli / "q3.docx").open("wb") as out:
        q3 = write_periodic(s, KB, GIA_LAI, read_period("2023-Q3"), out, now=clock(), tz=UTC)
    assert (q3.tasks_done, q3.tasks_overdue, q3.difficulties) == (0, 0, 1)
    # the running quarter, seen on 20/11/2023: overdue by then, not by the quarter's end still ahead
    clock.now = datetime(2023, 11, 20, 2, 0, tzinfo=UTC)
    with bot.db.session() as s:
        now = write_periodic(s, KB, GIA_LAI, read_period("2023-Q4"), io.BytesIO(), now=clock(), tz=UTC)
    assert (now.tasks_done, now.tasks_overdue, now.difficulties) == (1, len(leads) - 1, 2)
