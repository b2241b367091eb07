"""`dti-bot import-plan` on a copy of Kon Tum's appendix with changes: a row dropped, a lead changed, a deadline
moved, a misspelled unit (warned with the nearest registered name), an unreadable deadline; refused cleanly on
an unknown code or a bad file with nothing stored; stored with --apply and then answered and collected like a
bundled plan (a new core loads it at start)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from bot.assembly import build_core
from bot.cli import main
from bot.config import Settings
from bot.db.models import ImportedPlan
from bot.db.session import Database
from knowledge.store import load_knowledge
from tests.flowkit import User

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
