"""`dti-bot import-plan` on a copy of Kon Tum's appendix with changes: a row dropped, a lead changed, a deadline
moved, a misspelled unit (warned with the nearest registered name), an unreadable deadline; refused cleanly on
an unknown code or a bad file with nothing stored; stored with --apply and then answered and collected like a
bundled plan (a new core loads it at start)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import delete, func, select

from bot.assembly import build_core
from bot.cli import main
from bot.config import Settings
from bot.db.models import ImportedPlan
from bot.db.session import Database
from knowledge.store import load_knowledge
from tests.flowkit import User, register_official

SOURCE = next(Path("knowledge/sources").glob("000_*.txt"))
NEW = "kon-tum-2025"


@pytest.fixture(autouse=True)
def forget_imported() -> Iterator[None]:
    """The knowledge base is shared by the process: take the imported plan out again after each test."""
    yield
    kb = load_knowledge()
    kb.plans.pop(NEW, None)
    for key in [k for k in kb._assign if k[0] == NEW]:
        del kb._assign[key]


def changed_copy(tmp_path: Path, extra: str = "") -> Path:
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    out = []
    for line in lines:
        cells = line.split("\t")
        code = cells[0]
        if code == "1.2" and len(cells) == 8:
            continue  # dropped
        if code == "1.4" and len(cells) == 8:
            cells[5] = "Quý II năm 2025"
        if code == "1.5" and len(cells) == 8:
            cells[6] = "Sở Tài chính"
        if code == "1.6" and len(cells) == 8:
            cells[6] = "Báo Kon Tumm"
        if code == "1.7" and len(cells) == 8:
            cells[5] = "khi nào xong thì thôi"
        out.append("\t".join(cells))
    if extra:
        out.append(extra)
    path = tmp_path / "ke-hoach-2025.tsv"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def stored(database_url: str) -> int:
    db = Database(database_url)
    db.upgrade()
    with db.session() as s:
        n = s.scalar(select(func.count()).select_from(ImportedPlan)) or 0
    db.dispose()
    return n


def test_dry_run_shows_checks_and_differences_and_stores_nothing(cli, tmp_path: Path, database_url: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("import-plan", str(changed_copy(tmp_path)), "--id", NEW, "--framework", "dti-tinh",
                       "--compare", "kon-tum-2024")
    assert code == 0, out
    assert "'Báo Kon Tumm' chưa có trong danh mục đơn vị (gần nhất: Báo Kon Tum)" in out
    assert "không đọc được thời hạn 'khi nào xong thì thôi'" in out
    assert "Bỏ: 1.2" in out
    assert "1.5 chủ trì: Văn phòng UBND tỉnh → Sở Tài chính" in out
    assert "1.4 thời hạn: Hàng năm → Quý II năm 2025" in out
    assert "Chưa lưu" in out and stored(database_url) == 0


@pytest.mark.parametrize("bad", ["9.99\tChỉ số không có\t\t\t\tHàng năm\tSở Tài chính\t", "x.y\tmã hỏng\t\t\t\t\t\t"])
def test_refused_without_storing(cli, tmp_path: Path, database_url: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("import-plan", str(changed_copy(tmp_path, bad)), "--id", NEW, "--framework", "dti-tinh",
                       "--apply")
    assert code == 2 and "Không nhập gì" in err
    assert stored(database_url) == 0


def test_bad_files_and_arguments_are_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    (tmp_path / "b.xlsx").write_bytes(b"not a zip")
    (tmp_path / "c.tsv").write_text("chỉ một dòng", encoding="utf-8")
    for name, said in (("a.csv", ".xlsx hoặc .tsv"), ("b.xlsx", "không mở được tệp Excel"), ("c.tsv", "8 cột"),
                       ("none.tsv", "không có tệp")):
        code, _, err = cli("import-plan", str(tmp_path / name), "--id", NEW, "--framework", "dti-tinh")
        assert code == 2 and said in err, err
    code, _, err = cli("import-plan", str(changed_copy(tmp_path)), "--id", NEW, "--framework", "khong-co")
    assert code == 2 and "không có bộ chỉ số" in err
    code, _, err = cli("import-plan", str(changed_copy(tmp_path)), "--id", "kon-tum-2024", "--framework", "dti-tinh")
    assert code == 2 and "kế hoạch có sẵn" in err


def test_xlsx_is_read_like_the_tsv(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["STT", "Chỉ số", "Hướng dẫn", "Kết quả năm 2024", "Mục tiêu", "Thời gian hoàn thành",
                  "Đơn vị chủ trì", "Đơn vị phối hợp"])
    sheet.append(["1.1", "Trưởng ban", "", "Đã đạt", "Duy trì", "Hàng năm", "Sở Thông tin và Truyền thông", ""])
    sheet.append(["3.1", "Điện thoại thông minh", "", "80%", "90%", "Quý IV năm 2025", "Sở Tài chính", ""])
    path = tmp_path / "kh.xlsx"
    book.save(path)
    code, out, _ = cli("import-plan", str(path), "--id", NEW, "--framework", "dti-tinh")
    assert code == 0 and "2 chỉ số được phân công" in out


def test_applied_plan_is_loaded_answered_and_collected(cli, tmp_path: Path, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("import-plan", str(changed_copy(tmp_path)), "--id", NEW, "--framework", "dti-tinh",
                       "--label", "Kế hoạch Kon Tum 2025", "--baseline-year", "2024", "--apply")
    assert code == 0 and "Đã lưu" in out
    assert NEW not in load_knowledge().plans  # only a core (or a CLI run) started after the import loads it
    core = build_core(settings)
    try:
        assert load_knowledge().assignment(NEW, "1.5").lead == ("Sở Tài chính",)  # type: ignore[union-attr]
        user = User(core)
        user.say(f"/plan {NEW}")
        answer = user.say("chỉ số 1.5 ai chủ trì")[0].text
        assert "Sở Tài chính" in answer
    finally:
        core.db.dispose()
    code, out, _ = cli("round", "open", "--plan", NEW, "--period", "2025", "--due", "2025-12-15")
    assert code == 0 and NEW in out


def renamed_copy(tmp_path: Path, lead: str = "Sở Tài chính") -> Path:
    """The Kon Tum table with indicator 3.1 worded, measured and assigned anew for 2025."""
    out = []
    for line in SOURCE.read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        if len(cells) == 8 and cells[2] == "Hướng dẫn":
            cells[3] = "Kết quả năm 2024"
        if cells[0] == "3.1" and len(cells) == 8:
            cells[1:7] = ["Tỷ lệ người trưởng thành dùng điện thoại thông minh (2025)",
                          "Đếm thuê bao điện thoại thông minh đang hoạt động, chia cho dân số trưởng thành",
                          "81,2%", "Đạt 90%", "Quý IV năm 2025", lead]
        out.append("\t".join(cells))
    path = tmp_path / "ke-hoach-2025.tsv"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def test_a_running_core_takes_in_a_plan_imported_meanwhile(cli, tmp_path: Path, settings: Settings,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.services import plan_import

    monkeypatch.setattr(plan_import, "CHECK_SECONDS", 0.0)  # every turn looks (the bot: every 10 s)
    core = build_core(settings)  # started before the import
    try:
        user = User(core)
        before = user.say(f"/plan {NEW}")[0].text
        assert "Không có kế hoạch" in before and NEW not in load_knowledge().plans, before
        code, out, _ = cli("import-plan", str(renamed_copy(tmp_path)), "--id", NEW, "--framework", "dti-tinh",
                           "--label", "Kế hoạch Kon Tum 2025", "--apply")
        assert code == 0 and "không cần khởi động lại" in out
        user.say(f"/plan {NEW}")
        answer = user.say("chỉ số 3.1 ai chủ trì")[0].text
        assert "Sở Tài chính" in answer and "(2025)" in answer
        # imported again with another lead: the running core follows, its search rebuilt for the plan
        code, out, _ = cli("import-plan", str(renamed_copy(tmp_path, lead="Sở Thông tin và Truyền thông")),
                           "--id", NEW, "--framework", "dti-tinh", "--apply")
        assert code == 0 and "Đã cập nhật" in out
        answer = user.say("chỉ số 3.1 ai chủ trì")[0].text
        assert "Sở Thông tin và Truyền thông" in answer and "Sở Tài chính" not in answer
    finally:
        core.db.dispose()


def test_the_table_is_looked_at_only_every_few_seconds(database_url: str, tmp_path: Path) -> None:
    from bot.services.plan_import import ImportedPlans, store_plan
    from knowledge.importers.plan_table import read_plan
    from knowledge.store import load_from

    kb = load_from(Path("knowledge/data"))  # a knowledge base of its own: the shared one stays as it is
    now = [100.0]
    forgotten: list[list[str]] = []
    keeper = ImportedPlans(kb, forgotten.append, every=10.0, clock=lambda: now[0])
    db = Database(database_url)
    db.upgrade()
    try:
        with db.session() as s:
            assert keeper.refresh(s, force=True) == []
        plan = read_plan(renamed_copy(tmp_path), kb, NEW, "dti-tinh").plan
        assert plan is not None
        with db.session() as s:
            store_plan(s, plan, "ke-hoach-2025.tsv", datetime(2025, 1, 2, tzinfo=UTC))
        now[0] += 5
        with db.session() as s:
            assert keeper.refresh(s) == [] and NEW not in kb.plans  # checked 5 s ago: not yet
        now[0] += 6
        with db.session() as s:
            assert keeper.refresh(s) == [NEW] and NEW in kb.plans
            assert keeper.refresh(s, force=True) == []  # nothing moved: nothing loaded again
        with db.session() as s:
            s.execute(delete(ImportedPlan))
        now[0] += 11
        with db.session() as s:
            assert keeper.refresh(s) == [NEW]
        assert NEW not in kb.plans and kb.assignment(NEW, "3.1") is None
        assert forgotten == [[NEW], [NEW]]
    finally:
        db.dispose()


def test_imported_plan_carries_name_result_target_and_guidance(cli, tmp_path: Path, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    """The columns besides the assignment are read and answered for the imported plan like for Kon Tum's: the
    plan's wording of the name, its guidance as the method, last result with the year its column names,
    target, in the card and in the score lookup."""
    from bot.services import rounds, scores

    code, _, _ = cli("import-plan", str(renamed_copy(tmp_path)), "--id", NEW, "--framework", "dti-tinh", "--apply")
    assert code == 0
    code, out, _ = cli("show", "--plan", NEW, "--json", "3.1")
    assert code == 0
    shown = json.loads(out)
    assert shown["name"] == "Tỷ lệ người trưởng thành dùng điện thoại thông minh (2025)"
    assert shown["baseline"] == "81,2%" and shown["baseline_year"] == 2024 and shown["target"] == "Đạt 90%"
    assert shown["plan_guidance"].startswith("Đếm thuê bao") and shown["method"] == shown["plan_guidance"]
    assert shown["deadline"] == "Quý IV năm 2025" and shown["lead"] == ["Sở Tài chính"]
    assert json.loads(cli("show", "--plan", "kon-tum-2024", "--json", "3.1")[1])["name"] != shown["name"]
    scores.clear_cache()
    core = build_core(settings)
    try:
        with core.db.session() as s:
            rounds.open_round(s, load_knowledge(), NEW, "2025", due=date(2025, 12, 15),
                              now=datetime(2025, 3, 1, tzinfo=UTC))
        register_official(core, NEW, "Sở Tài chính")  # the plan's scores are for its members
        user = User(core)
        user.say(f"/plan {NEW}")
        answer = user.say("/diem 3.1")[0].text
        assert "Tỷ lệ người trưởng thành dùng điện thoại thông minh (2025)" in answer
        assert "Kết quả năm 2024 theo kế hoạch: 81,2%" in answer and "Mục tiêu kế hoạch: Đạt 90%" in answer
        card = user.say("kết quả năm trước của chỉ số 3.1")[0].text
        assert "81,2%" in card and "2024" in card
    finally:
        core.db.dispose()
