"""The planner over the database (SQLite and PostgreSQL) and the `dti-bot reminders plan|run` contract: task
deadlines of the plan reach the lead unit's officials, the focal point gets the digest, a second run queues
nothing, and a console reminder is shown by `dti-bot converse` before the chat's next answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main as cli_main
from bot.db.models import Identity, Membership, Official, OutboxMessage, Unit
from bot.db.session import Database
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource, due_now, last_reminded, plan_tasks, queue
from bot.reminders.policy import ReminderPolicy
from bot.render import Renderer
from knowledge.store import load_knowledge

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN = "gia-lai-2023"
NOW = "2025-12-24T09:00:00+07:00"  # seven days before "Quý IV năm 2025" / "Quý IV hằng năm"


def _seed(url: str) -> None:
    db = Database(url)
    db.upgrade()
    with db.session() as s:
        tttt = Unit(plan_id=PLAN, name="Sở Thông tin và Truyền thông")
        finance = Unit(plan_id=PLAN, name="Sở Tài chính")
        press = Unit(plan_id=PLAN, name="Báo Gia Lai")
        s.add_all([tttt, finance, press])
        s.flush()
        people = [("Nguyễn Văn A", "console", "c1", tttt, "official"), ("Trần Thị B", "console", "c2", tttt, "head"),
                  ("Lê Văn C", "console", "f1", tttt, "focal"), ("Phạm D", None, None, press, "official")]
        for name, channel, chat, unit, role in people:
            official = Official(name=name)
            s.add(official)
            s.flush()
            if channel:
                s.add(Identity(official_id=official.id, channel=channel, user_id=chat, chat_id=chat))
            s.add(Membership(official_id=official.id, unit_id=unit.id, role=role))
    db.engine.dispose()


@pytest.fixture
def seeded(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    _seed(database_url)
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)
    monkeypatch.delenv("DTI_CONFIG", raising=False)
    return database_url


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert cli_main(["reminders", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_plan_then_run_twice(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    planned = _cli(capsys, "plan", "--now", NOW)
    assert isinstance(planned, list)
    by_chat = {p["recipient"]["chat"]: p for p in planned}
    assert set(by_chat) == {"c1", "f1"}  # the head is not told about tasks ahead; nobody else has a chat
    task = by_chat["c1"]
    assert (task["kind"], task["unit"], task["due"]) == ("task", "Sở Thông tin và Truyền thông", "2025-12-31")
    assert {"1.4", "2.3"} <= set(task["indicators"]) and "Quý IV hằng năm" in task["text"]
    digest = by_chat["f1"]
    assert digest["kind"] == "digest" and "Sở Tài chính" in digest["text"]  # nobody registered there
    assert "Báo Gia Lai: Phạm D" in digest["text"]  # registered but reachable on no channel
    assert _cli(capsys, "run", "--now", NOW) == {"planned": 2, "sent": 2, "failed": 0}
    assert _cli(capsys, "run", "--now", NOW) == {"planned": 0, "sent": 0, "failed": 0}
    assert _cli(capsys, "run", "--now", "2025-12-24T15:00:00+07:00") == {"planned": 0, "sent": 0, "failed": 0}
    assert _cli(capsys, "plan", "--now", "2025-12-24T10:00:00+07:00") == []
    db = Database(seeded)
    with db.session() as s:
        assert last_reminded(s) == {("console", "c1"): date(2025, 12, 24)}
        assert s.query(OutboxMessage).count() == 2
    db.engine.dispose()
    # 28/12 is a Sunday: nothing; the 3-day step (28/12) goes out on Monday 29/12 with the digest
    assert _cli(capsys, "plan", "--now", "2025-12-28T09:00:00+07:00") == []
    monday = _cli(capsys, "plan", "--now", "2025-12-29T08:00:00+07:00")
    assert isinstance(monday, list) and sorted(p["kind"] for p in monday) == ["digest", "task"]


@pytest.mark.parametrize("now", ["2025-12-24T07:30:00+07:00", "2025-12-24T17:00:00+07:00",
                                 "2025-12-27T09:00:00+07:00", "2026-01-01T09:00:00+07:00"])
def test_nothing_outside_working_time(seeded: str, capsys: pytest.CaptureFixture[str], now: str) -> None:
    assert _cli(capsys, "plan", "--now", now) == []


def test_bad_now(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["reminders", "plan", "--now", "hôm qua"]) == 2
    assert "ISO-8601" in capsys.readouterr().err


def test_queue_counts_only_new_rows(seeded: str) -> None:
    db = Database(seeded)
    kb = load_knowledge()
    now = datetime(2025, 12, 24, 9, tzinfo=VN)
    args = (MembershipSource(kb), WorkCalendar(), ReminderPolicy(), Renderer(), now)
    with db.session() as s:
        planned = due_now(s, *args)
        assert queue(s, planned, now) == 2
        assert queue(s, planned, now) == 0  # a second planner with the same plan: the outbox keeps one
    with db.session() as s:
        assert due_now(s, *args) == []
    db.engine.dispose()


def test_plan_tasks_skip_what_has_no_date_or_has_passed() -> None:
    kb = load_knowledge()
    tasks = plan_tasks(kb, kb.plans[PLAN], date(2025, 12, 24))
    codes = {i.code for items in tasks.values() for i in items}
    assert "6.18" in codes  # "Quý IV năm 2025"
    assert not codes & {a.code for a in kb.plans[PLAN].assignments if a.deadline == "Quý IV năm 2024"}
    assert not plan_tasks(kb, kb.plans["nghia-phuong-2023"], date(2025, 12, 24))  # a span after a letter


def test_converse_shows_the_reminder_first(tmp_path: object, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path}/r.db"
    _seed(url)
    monkeypatch.setenv("DTI_DATABASE_URL", url)
    monkeypatch.delenv("DTI_CONFIG", raising=False)
    assert _cli(capsys, "run", "--now", NOW) == {"planned": 2, "sent": 2, "failed": 0}
    env = {**os.environ, "DTI_DATABASE_URL": url}
    lines = [{"user": "c1", "chat": "c1", "text": "/help"}, {"user": "c1", "chat": "c1", "payload": "rm:snooze"},
             {"user": "c1", "chat": "c1", "text": "/nhacviec"}, {"user": "c1", "chat": "c1", "payload": "n:start"}]
    out = subprocess.run([sys.executable, "-m", "bot.cli", "converse", "--plan", PLAN, "--now", NOW],
                         input="".join(json.dumps(line) + "\n" for line in lines), env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    answers = [json.loads(line)["replies"] for line in out.stdout.splitlines()]
    replies = answers[0]
    assert "Nhắc việc theo kế hoạch" in replies[0]["text"]
    assert [b["payload"] for b in replies[0]["buttons"]] == ["rm:snooze"]
    assert len(replies) >= 2
    # the scripted user presses the reminder's button, then looks at what is owed
    assert "Đã hoãn nhắc việc" in answers[1][0]["text"] and "26/12/2025" in answers[1][0]["text"]
    assert "Bạn đã hoãn nhắc việc" in answers[2][0]["text"] and "Quý IV" in answers[2][0]["text"]
    assert "chưa có đợt thu thập" in answers[3][0]["text"]  # "Nhập số liệu" is /nhap: no round open here


def test_two_planners_at_once_queue_each_message_once(seeded: str) -> None:
    import threading

    from bot.reminders.planner import plan_and_queue

    kb = load_knowledge()
    now = datetime(2025, 12, 24, 9, tzinfo=VN)
    dbs = [Database(seeded), Database(seeded)]
    counts: list[int] = []
    start = threading.Barrier(2)

    def planner(db: Database) -> None:
        start.wait()
        for _ in range(5):
            with db.session() as s:
                _, queued = plan_and_queue(s, MembershipSource(kb), WorkCalendar(), ReminderPolicy(), Renderer(), now)
                counts.append(queued)

    threads = [threading.Thread(target=planner, args=(db,)) for db in dbs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(counts) == 2 and len(counts) == 10
    with dbs[0].session() as s:
        assert sorted(m.key for m in s.query(OutboxMessage)) == [
            "dig:2025-12-24:gia-lai-2023:console:f1", "rem:2025-12-24:console:c1"]
    for db in dbs:
        db.engine.dispose()


def test_a_plans_own_policy_from_the_config(seeded: str, tmp_path: object, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`[reminders.plans."gia-lai-2023"] days_before = [5]`: the plan's tasks due 31/12/2025 are not reminded 7
    days before (24/12: only the focal point's digest) but on Friday 26/12, five days before."""
    cfg = f"{tmp_path}/config.toml"
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(f'[reminders.plans."{PLAN}"]\ndays_before = [5]\n')
    monkeypatch.setenv("DTI_CONFIG", cfg)
    assert [p["kind"] for p in _cli(capsys, "plan", "--now", NOW)] == ["digest"]  # type: ignore[union-attr]
    friday = _cli(capsys, "plan", "--now", "2025-12-26T09:00:00+07:00")
    assert isinstance(friday, list) and {p["recipient"]["chat"]: p["kind"] for p in friday} == {"c1": "task",
                                                                                                "f1": "digest"}
    assert _cli(capsys, "run", "--now", "2025-12-26T09:00:00+07:00") == {"planned": 2, "sent": 2, "failed": 0}


def test_a_policy_for_a_plan_that_does_not_exist_is_refused(seeded: str, tmp_path: object,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = f"{tmp_path}/config.toml"
    with open(cfg, "w", encoding="utf-8") as f:
        f.write('[reminders.plans."gia-lai-2032"]\ndays_before = [5]\n')
    monkeypatch.setenv("DTI_CONFIG", cfg)
    assert cli_main(["reminders", "plan", "--now", NOW, "--json"]) == 2
    err = capsys.readouterr().err
    assert '[reminders.plans."gia-lai-2032"] không phải kế hoạch nào' in err and "gia-lai-2023" in err
    assert "Traceback" not in err


def test_plan_json_with_missing_evidence_and_its_button_in_converse(seeded: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A round due today: 1.1 is in without its evidence file, 2.1 is not in. One message to the official names
    both apart (the kind and due date computed over all items, with the plan's tasks), under the exact contract;
    in `converse` the reminder comes first with "Gửi minh chứng", which asks the files of 1.1."""
    from bot.services import rounds, values

    kb = load_knowledge()
    db = Database(seeded)
    with db.session() as s:
        tttt = s.query(Unit).filter_by(name="Sở Thông tin và Truyền thông").one().id
        info = rounds.open_round(s, kb, PLAN, "2025", due=date(2025, 12, 24), indicators=["1.1", "2.1"],
                                 now=datetime(2025, 12, 1, tzinfo=VN))
        values.submit(s, kb, info.id, tttt, "1.1", {"x": 1}, now=datetime(2025, 12, 2, tzinfo=VN))
    db.engine.dispose()
    planned = _cli(capsys, "plan", "--now", NOW)
    assert isinstance(planned, list)
    assert all(set(p) == {"recipient", "unit", "kind", "due", "indicators", "text"} for p in planned)
    assert all(set(p["recipient"]) == {"channel", "chat"} for p in planned)
    (official,) = [p for p in planned if p["recipient"] == {"channel": "console", "chat": "c1"}]
    assert (official["kind"], official["unit"], official["due"]) == ("due", "Sở Thông tin và Truyền thông",
                                                                     "2025-12-24")
    assert official["indicators"][:2] == ["1.1", "2.1"] and "2.3" in official["indicators"]  # then the tasks
    values_part, _, rest = official["text"].partition("Còn thiếu tài liệu kiểm chứng")
    evidence_part, _, tasks_part = rest.partition("Nhiệm vụ cần hoàn thành")
    assert "Còn thiếu số liệu, cần nộp:" in values_part and "• 2.1" in values_part and "• 1.1" not in values_part
    assert "• 1.1" in evidence_part and "hạn 24/12/2025, hôm nay là hạn cuối" in evidence_part
    assert "/minhchung 1.1" in official["text"] and "Quý IV hằng năm" in tasks_part
    assert len([p for p in planned if p["recipient"]["chat"] == "c1"]) == 1  # one message per chat per day
    assert _cli(capsys, "run", "--now", NOW) == {"planned": 2, "sent": 2, "failed": 0}
    env = {**os.environ, "DTI_DATABASE_URL": seeded}
    lines = [{"user": "c1", "chat": "c1", "text": "/help"}, {"user": "c1", "chat": "c1", "payload": "mc:1.1"}]
    out = subprocess.run([sys.executable, "-m", "bot.cli", "converse", "--plan", PLAN, "--now", NOW],
                         input="".join(json.dumps(line) + "\n" for line in lines), env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    answers = [json.loads(line)["replies"] for line in out.stdout.splitlines()]
    assert answers[0][0]["text"] == official["text"]
    assert [b["payload"] for b in answers[0][0]["buttons"]] == ["n:start", "mc:1.1", "rm:snooze"]
    assert "Tài liệu kiểm chứng cho chỉ số 1.1" in answers[1][0]["text"]
