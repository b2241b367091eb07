"""Issue 15 defect 3: one bad row stops no reminder but its own. Rounds written straight into the database (as an
old version or a hand edit could: a due date in year 1, one in year 9999, indicators that are not codes, a plan
that does not exist) are left out with one warning each, and everything else is still planned: the other plans'
reminders and digests, and the plan's own healthy round, by `dti-bot reminders plan` and by the job inside
`dti-bot run` — on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.assembly import build_core
from bot.cli import main as cli_main
from bot.config import Settings
from bot.core.services import fixed_clock
from bot.db.models import OutboxMessage, Round
from bot.db.session import Database
from bot.reminders import skips
from bot.reminders.job import ReminderJob
from bot.services import rounds
from knowledge.store import load_knowledge
from tests.test_reminder_planner import NOW, _seed
from tests.test_reminder_rounds import _member

KB = load_knowledge()
VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEALTHY_DUE = date(2025, 12, 26)  # two days after NOW: the 7- and 3-day steps have fallen


def _corrupt(url: str) -> None:
    """gia-lai-2023's units and people (``_seed``), a healthy round of kon-tum-2024 owed by Sở Tài chính ("k1"),
    and corrupt rounds next to it, written directly."""
    _seed(url)
    db = Database(url)
    _member(db, "Sở Tài chính", "k1", plan="kon-tum-2024")
    _member(db, "Sở Tài chính", "x1", plan="khong-co-ke-hoach")
    with db.session() as s:
        rounds.open_round(s, KB, "kon-tum-2024", "2025", due=HEALTHY_DUE, now=datetime(2025, 12, 1, tzinfo=UTC))
        s.add_all([
            Round(plan_id="kon-tum-2024", period="2030", due=date(1, 1, 1), state="open", indicators=["6.22"]),
            Round(plan_id="kon-tum-2024", period="2031", due=date(9999, 12, 31), state="open", indicators=["6.22"]),
            Round(plan_id="kon-tum-2024", period="2032", due=HEALTHY_DUE, state="open", indicators=[1, None]),
            Round(plan_id="kon-tum-2024", period="2033", due=HEALTHY_DUE, letter_date=date(9999, 12, 30),
                  state="open", indicators=["6.22"]),
            Round(plan_id="khong-co-ke-hoach", period="2024", due=date(1, 1, 1), state="open", indicators=["x"]),
        ])
    db.dispose()


@pytest.fixture
def corrupt(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    _corrupt(database_url)
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)
    monkeypatch.delenv("DTI_CONFIG", raising=False)
    monkeypatch.setattr(skips, "_REPORTED", set())
    return database_url


def _check(texts: dict[str, str]) -> None:
    """gia-lai's official and focal point, and kon-tum's official for its healthy round, are all reminded."""
    assert set(texts) == {"c1", "f1", "k1"}, texts
    assert "26/12/2025" in texts["k1"]  # the healthy round of the plan that also holds corrupt rounds


def test_reminders_plan_leaves_out_only_the_corrupt_rounds(
    corrupt: str, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.reminders")
    assert cli_main(["reminders", "plan", "--now", NOW, "--json"]) == 0
    out = capsys.readouterr()
    planned = json.loads(out.out)
    _check({p["recipient"]["chat"]: p["text"] for p in planned})
    assert "Traceback" not in out.err
    warned = [r.getMessage() for r in caplog.records if r.name == "bot.reminders"]
    assert len(warned) == 4 and all("bỏ qua đợt thu thập số" in w for w in warned), warned
    assert any("01/01/0001" in w for w in warned) and any("31/12/9999" in w for w in warned)
    caplog.clear()
    assert cli_main(["reminders", "run", "--now", NOW, "--json"]) == 0  # the same in one process: said once
    assert json.loads(capsys.readouterr().out)["planned"] == 3
    assert not [r for r in caplog.records if r.name == "bot.reminders" and r.levelno >= logging.WARNING]


async def test_the_job_inside_run_plans_the_others(corrupt: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="bot.reminders")
    settings = Settings()
    settings.database.url = corrupt
    core = build_core(settings, clock=fixed_clock(datetime.fromisoformat(NOW)))
    try:
        job = ReminderJob(core, asyncio.Event(), interval=3600)
        await job.tick()
        await job.tick()
        assert job.rounds == 2 and job.queued == 3  # the second round finds everything queued
        with core.db.session() as s:
            rows = s.execute(select(OutboxMessage.chat_id, OutboxMessage.body)).all()
    finally:
        core.db.dispose()
    _check({chat: body["text"] for chat, body in rows})
    warned = [r for r in caplog.records if r.name == "bot.reminders"]
    assert len(warned) == 4  # once each, though the job planned twice
