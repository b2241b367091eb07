"""``dti-bot plan rollover`` (issue 18, item 5) on SQLite and PostgreSQL: Kon Tum 2024's officials, member units,
group links and reminder pauses carried to a kon-tum-2025 imported with ``import-plan`` in which the Sở TTTT is
gone (its indicators led by the Sở Khoa học và Công nghệ): the dry run lists what would change and writes nothing,
the gone unit is listed for a decision (never guessed), ``--apply`` carries the rest, a second ``--apply`` changes
nothing, ``--map`` carries the gone unit, a ``--map`` naming no unit is refused, the plan's own reminder settings
are printed as the TOML to add."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.assembly import build_core
from bot.config import Settings
from bot.db.models import Membership, ReminderPause, Unit
from bot.db.session import Database
from bot.services import reminder_state, rounds, scores, values
from bot.services.history import indicator_years
from bot.services.officials import add_membership, ensure_official
from bot.services.units import add_members, find_units, plan_units
from knowledge.store import load_knowledge
from tests.clikit import run_cli
from tests.flowkit import ManualClock, User

SOURCE = next((Path(__file__).resolve().parents[1] / "knowledge" / "sources").glob("000_*.txt"))
OLD, NEW = "kon-tum-2024", "kon-tum-2025"
NOW = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
GONE, HEIR = "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"


@pytest.fixture(autouse=True)
def forget_imported() -> Iterator[None]:
    """The knowledge base is shared by the process: take the imported plan out again after each test."""
    yield
    kb = load_knowledge()
    kb.plans.pop(NEW, None)
    for key in [k for k in kb._assign if k[0] == NEW]:
        del kb._assign[key]


@pytest.fixture
def env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)
    monkeypatch.setenv("DTI_FILES_FOLDER", str(tmp_path / "files"))
    monkeypatch.setenv("DTI_REMINDERS_PLANS", json.dumps({OLD: {"days_before": [5, 1]}}))
    for variable in ("DTI_TELEGRAM_TOKEN", "DTI_ZALO_TOKEN", "DTI_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    table = tmp_path / "ke-hoach-2025.tsv"  # 2025: the Sở TTTT's indicators led by the Sở KH&CN
    text = SOURCE.read_text(encoding="utf-8")
    for spelling in (GONE, "Sở TTTT", "Sở TT&TT", "Sở TT &TT", "Sở Thông tin - Truyền thông"):
        text = text.replace(spelling, HEIR)
    table.write_text(text, encoding="utf-8")
    return table


def _unit(s: object, plan: str, name: str) -> int:
    match = find_units(s, load_knowledge(), plan, name)  # type: ignore[arg-type]
    assert match.status == "one", (name, match)
    return match.units[0].id


def populate(database_url: str) -> None:
    """Kon Tum 2024: a focal point in the Sở TTTT, an official of the Sở Tài chính (paused, and a member of
    "Các sở, ban, ngành"), a district under "UBND các huyện, thành phố" with its official."""
    kb = load_knowledge()
    db = Database(database_url)
    db.upgrade()
    with db.session() as s:
        plan_units(s, kb, OLD)
        district, _ = add_members(s, _unit(s, OLD, "UBND các huyện, thành phố"), ["UBND huyện Đắk Hà"])
        add_members(s, _unit(s, OLD, "Các sở, ban, ngành"), ["Sở Tài chính"])
        for user, unit, role in (("focal", _unit(s, OLD, GONE), "focal"), ("u1", _unit(s, OLD, "Sở Tài chính"),
                                 "official"), ("u2", district[0].id, "official")):
            add_membership(s, ensure_official(s, "test", user, user, f"Cán bộ {user}"), unit, role)
        reminder_state.pause(s, _unit(s, OLD, "Sở Tài chính"), by=None, now=s.scalar(select(func.now())))
    db.dispose()


def roles_in(database_url: str, plan: str) -> set[tuple[str, str]]:
    db = Database(database_url)
    with db.session() as s:
        rows = s.execute(select(Unit.name, Membership.role).join(Unit, Unit.id == Membership.unit_id)
                         .where(Unit.plan_id == plan)).all()
    db.dispose()
    return {(u, r) for u, r in rows}


def test_rollover_dry_run_apply_idempotent_and_decisions(env: Path, database_url: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    imported = run_cli(["import-plan", str(env), "--id", NEW, "--framework", "dti-tinh", "--apply"], monkeypatch)
    assert imported.code == 0, imported.text
    populate(database_url)
    command = ["plan", "rollover", "--from", OLD, "--to", NEW]

    dry = run_cli([*command, "--json"], monkeypatch)
    assert dry.code == 0, dry.text
    plan = json.loads(dry.out)
    assert plan["applied"] is False and plan["undecided"] == [GONE]
    assert {(r["to"], r["role"], r["done"]) for r in plan["roles"]} == {
        ("Sở Tài chính", "official", False), ("UBND huyện Đắk Hà", "official", False)}
    assert [(g["to"], g["group"]) for g in plan["groups"]] == [("Sở Tài chính", "Các sở, ban, ngành")]
    assert [p["to"] for p in plan["pauses"]] == ["Sở Tài chính"]
    assert {"name": "UBND huyện Đắk Hà", "action": "create"}.items() <= next(
        u for u in plan["units"] if u["name"] == "UBND huyện Đắk Hà").items()
    assert plan["changes"] == 6  # the district made, two roles, one group link, one pause, the link between plans
    assert plan["reminder_settings"]["toml"] == f'[reminders.plans."{NEW}"]\ndays_before = [5, 1]\n'
    assert roles_in(database_url, NEW) == set()  # the dry run wrote nothing
    text = run_cli(command, monkeypatch)
    assert "Chạy thử" in text.out and "Cần quyết định" in text.out and GONE in text.out and "--map" in text.out

    applied = json.loads(run_cli([*command, "--apply", "--json"], monkeypatch).out)
    assert applied["applied"] is True and applied["changes"] == 6
    assert roles_in(database_url, NEW) == {("Sở Tài chính", "official"), ("UBND huyện Đắk Hà", "official")}
    again = json.loads(run_cli([*command, "--apply", "--json"], monkeypatch).out)
    assert again["changes"] == 0 and all(r["done"] for r in again["roles"])
    db = Database(database_url)
    with db.session() as s:  # the district made once, paused once
        assert s.scalar(select(func.count()).select_from(Unit).where(
            Unit.plan_id == NEW, Unit.name == "UBND huyện Đắk Hà")) == 1
        assert s.scalar(select(func.count()).select_from(ReminderPause)) == 2
    db.dispose()

    wrong = run_cli([*command, "--map", f"{GONE}=Sở Không Có", "--apply"], monkeypatch)
    assert wrong.code == 2 and "--map không khớp" in wrong.err
    bad = run_cli([*command, "--map", "không có dấu bằng"], monkeypatch)
    assert bad.code == 2 and "TÊN CŨ=TÊN MỚI" in bad.text
    decided = json.loads(run_cli([*command, "--map", f"{GONE}={HEIR}", "--apply", "--json"], monkeypatch).out)
    assert decided["undecided"] == [] and decided["changes"] == 1
    assert ("Sở Khoa học và Công nghệ", "focal") in roles_in(database_url, NEW)
    assert {"name": GONE, "to": HEIR, "action": "mapped"}.items() <= next(
        u for u in decided["units"] if u["name"] == GONE).items()


def test_unknown_or_same_plans_are_refused(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same = run_cli(["plan", "rollover", "--from", OLD, "--to", OLD], monkeypatch)
    assert same.code == 2 and "trùng nhau" in same.err
    unknown = run_cli(["plan", "rollover", "--from", OLD, "--to", "kon-tum-2031"], monkeypatch)
    assert unknown.code == 2 and "Không có kế hoạch 'kon-tum-2031'" in unknown.err


def test_an_indicators_history_across_years(env: Path, database_url: str, settings: Settings,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """After the rollover, /diem 3.1 in kon-tum-2025 shows 2024's round of kon-tum-2024 too, and /bieudo 3.1
    draws both."""
    assert run_cli(["import-plan", str(env), "--id", NEW, "--framework", "dti-tinh", "--apply"],
                   monkeypatch).code == 0
    populate(database_url)
    assert run_cli(["plan", "rollover", "--from", OLD, "--to", NEW, "--apply"], monkeypatch).code == 0
    kb = load_knowledge()
    db = Database(database_url)
    with db.session() as s:
        for plan, period, a in ((OLD, "2024", 60), (NEW, "2025", 90)):
            info = rounds.open_round(s, kb, plan, period, due=date(2025, 12, 15))
            district = s.scalar(select(Unit.id).where(Unit.plan_id == plan, Unit.name == "UBND huyện Đắk Hà"))
            values.submit(s, kb, info.id, district, "3.1", {"a": a, "b": 100}, now=NOW)
            if plan == OLD:
                rounds.close_round(s, info.id, now=NOW)
        years = indicator_years(s, kb, NEW, "3.1")
        assert [(y.plan_id, y.period) for y in years] == [(OLD, "2024"), (NEW, "2025")]
        assert years[0].score is not None and years[1].score is not None and years[0].score < years[1].score
        assert [y.period for y in indicator_years(s, kb, OLD, "3.1")] == ["2024"]  # an older plan: its own only
    db.dispose()
    settings.bot.plan = NEW
    scores.clear_cache()
    core = build_core(settings, clock=ManualClock(NOW))
    try:
        text = User(core, user="u2").say("/diem 3.1")[0].text
        assert "Qua các đợt và các năm" in text and f"2024 ({OLD})" in text and f"2025 ({NEW})" in text
        chart = User(core, user="u2").say("/bieudo 3.1")[0]
        assert (chart.files and "2 đợt" in chart.text) or chart.files
    finally:
        core.db.dispose()
