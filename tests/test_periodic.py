"""Periodic report drafts (issue 18 item 2), on SQLite and PostgreSQL: periods read and named, the round a period is
drawn from, ``dti-bot report --json`` exactly, the draft opened back (its tables against ``round status``, a
placeholder after every section), and /baocao as a script of messages: quý → a quarter, typed periods, refused for
an official, a stale button, /huy."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from bot.config import Settings
from bot.core.app import Core
from bot.services import rounds
from bot.services.periods import Period, PeriodError, read_period, recent, round_for
from knowledge.store import load_knowledge
from tests.clikit import run_cli
from tests.flowkit import ManualClock, User, plan_core, play
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


def test_tasks_and_difficulties_of_the_period(core: Core, cli: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """Gia Lai's "detailed plan within 15 days" (a task of every lead unit, due 17/11/2023): one unit marked it
    done in the quarter, the others are overdue at its end; a difficulty reported in the quarter and answered."""
    from datetime import UTC, datetime

    from bot.services import difficulties, tasks
    from tests.test_collect_services import unit_id

    plan, tttt = "gia-lai-2023", unit_id(core.db, "gia-lai-2023", "Sở Thông tin và Truyền thông")
    with core.db.session() as s:
        owners = [t for t in tasks.tasks_of_plan(s, KB, plan, today=date(2023, 12, 31)) if t.code == "VI.2"]
        tasks.mark_task(s, KB, plan, "VI.2", tttt, tasks.DONE, now=datetime(2023, 11, 10, 3, tzinfo=UTC),
                        official_id=None, note="Kế hoạch 15/KH-STTTT")
        asked = difficulties.report(s, plan, code="6.22", text="Chưa rõ cách tính tổng chi NSNN", unit_id=tttt,
                                    official_id=None, channel="test", chat_id="x",
                                    now=datetime(2023, 11, 20, 3, tzinfo=UTC))
        difficulties.answer(s, asked.id, "Lấy số quyết toán năm trước", by=None,
                            now=datetime(2023, 11, 21, 3, tzinfo=UTC))
    done = run_cli(["report", "--plan", plan, "--period", "2023-Q4", "--docx", "q.docx", "--json"], monkeypatch)
    result = json.loads(done.out)
    assert (result["tasks_done"], result["tasks_overdue"], result["difficulties"]) == (1, len(owners) - 1, 1)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(cli / "q.docx")).tables]
    task_tables = [t for t in tables if t[0][:2] == ["Mã", "Nhiệm vụ"]]
    assert [r[2] for r in task_tables[0][1:]] == ["Sở Thông tin và Truyền thông"]
    assert task_tables[0][1][4:] == ["xong", "Kế hoạch 15/KH-STTTT"]
    assert len(task_tables[1]) == len(owners) and {r[4] for r in task_tables[1][1:]} == {"chưa làm"}
    asked_table = next(t for t in tables if t[0][2:3] == ["Nội dung"])
    assert asked_table[1] == ["6.22", "Sở Thông tin và Truyền thông", "Chưa rõ cách tính tổng chi NSNN",
                              "20/11/2023", "Lấy số quyết toán năm trước"]
    # the next quarter: nothing done, nothing asked in it
    later = json.loads(run_cli(["report", "--plan", plan, "--period", "2024-Q1", "--docx", "q1.docx", "--json"],
                               monkeypatch).out)
    assert (later["tasks_done"], later["difficulties"]) == (0, 0)
