"""Charts and the Excel report through the core (files in the reply) and ``dti-bot export``: the workbook opened
with openpyxl and checked cell by cell; the focal point only for the progress chart and /xuat."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.config import Settings
from bot.core.app import Core
from bot.services import scores
from tests.flowkit import User, register_official
from tests.test_scores import NOW, PLAN, STTTT, open_round, register, submit

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def core(settings: Settings, tmp_path: Path) -> Iterator[Core]:
    from bot.assembly import build_core
    from tests.flowkit import ManualClock

    settings.bot.plan = PLAN
    settings.files.folder = str(tmp_path / "files")
    scores.clear_cache()
    c = build_core(settings, clock=ManualClock(NOW))
    yield c
    c.db.dispose()


def test_pillar_chart_is_a_png_in_the_reply(core: Core) -> None:
    r = open_round(core)
    submit(core, r, STTTT, "3.1", {"a": 80, "b": 100})
    register(core, STTTT)
    for asked in ("/bieudo", "cho tôi biểu đồ điểm các trụ cột"):
        reply = User(core).say(asked)[0]
        assert "Gia Lai 2022" in reply.text
        assert len(reply.files) == 1 and reply.files[0].mime == "image/png"
        assert Path(reply.files[0].path).read_bytes().startswith(PNG)
    history = User(core).say("/bieudo 3.1")[0]
    assert "3.1" in history.text and history.files[0].name == "chi-so-3.1.png"


def test_progress_chart_and_export_are_for_the_focal_point(core: Core) -> None:
    r = open_round(core)
    submit(core, r, STTTT, "3.1", {"a": 80, "b": 100})
    user = User(core)
    assert "⛔" in user.say("/bieudo tiendo")[0].text
    assert "⛔" in user.say("/xuat")[0].text
    register(core, STTTT, role="focal")
    progress = user.say("/bieudo tiendo")[0]
    assert progress.files and progress.files[0].mime == "image/png"
    report = user.say("/xuat")[0]
    assert report.files[0].name.endswith(".xlsx")
    book = load_workbook(BytesIO(Path(report.files[0].path).read_bytes()))
    assert book.sheetnames == ["Chỉ số", "Số liệu đơn vị", "Tiến độ", "Minh chứng"]


def test_export_cli_cell_by_cell(core: Core, database_url: str, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.services import values
    from tests.test_collect_services import unit_id

    r = open_round(core)
    submit(core, r, STTTT, "1.1", {"x": "pho"})  # a choice: the workbook shows its text, not the key
    submit(core, r, STTTT, "3.1", {"a": 80, "b": 100})
    with core.db.session() as s:
        values.return_value(s, r.id, unit_id(core.db, PLAN, STTTT), "3.1", "Thiếu số liệu quý IV", by=None,
                            now=datetime(2024, 11, 2, tzinfo=UTC))
    submit(core, r, STTTT, "3.1", {"a": 90, "b": 100})  # version 2 counts
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)
    out = tmp_path / "bao-cao.xlsx"
    assert main(["export", "--plan", PLAN, "--xlsx", str(out)]) == 0
    book = load_workbook(out)
    sheet = book["Chỉ số"]
    assert [c.value for c in sheet[1]][:5] == ["Mã", "Tên chỉ số", "Trụ cột", "Điểm tối đa", "Điểm"]
    assert sheet.freeze_panes == "A2"
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    row = rows["3.1"]
    assert row[2].value == "3" and row[3].value == 10 and row[4].value == 9
    assert row[5].value == "a = 90; b = 100" and row[6].value == STTTT and row[7].value == "đã nộp"
    assert rows["3.2"][4].value is None
    chosen = "x = Trưởng ban là Phó Bí thư/Phó Chủ tịch tỉnh, thành phố"
    assert rows["1.1"][5].value == chosen
    sheet = book["Số liệu đơn vị"]
    assert [c.value for c in sheet[1]][2:] == ["Phiên bản", "Số liệu", "Trạng thái", "Người nhập", "Thời điểm",
                                               "Nộp muộn", "Hiện hành", "Ghi chú", "Nhập thay"]
    parts = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(p[0], p[1], p[2], p[3], p[4], p[8], p[9]) for p in parts] == [  # every version, the latest marked
        ("1.1", STTTT, 1, chosen, "đã nộp", "Có", None),
        ("3.1", STTTT, 1, "a = 80; b = 100", "bị trả lại", None, "Đầu mối: Thiếu số liệu quý IV"),
        ("3.1", STTTT, 2, "a = 90; b = 100", "đã nộp", "Có", None),
    ]
    assert parts[0][6] == datetime(2024, 11, 1, 10, 0)  # entered 03:00 UTC: 10:00 in Vietnam, as the bot shows it
    units = {u[0]: u for u in book["Tiến độ"].iter_rows(min_row=2, values_only=True)}
    assert units[STTTT][2] == 2 and units[STTTT][3] == units[STTTT][1] - 2
    assert main(["export", "--plan", "khong-co", "--xlsx", str(out)]) == 2


def test_through_converse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``dti-bot converse`` (a real process): the score answer and the chart as a file path."""
    import json

    from bot.db.session import Database
    from bot.services import rounds, values
    from tests.test_collect_services import unit_id
    from tests.test_converse import converse
    from tests.test_scores import KB

    monkeypatch.setenv("DTI_FILES_FOLDER", str(tmp_path / "files"))
    url = f"sqlite:///{tmp_path / 'c.db'}"
    db = Database(url)
    db.upgrade()
    with db.session() as s:
        r = rounds.open_round(s, KB, PLAN, "2024", due=NOW.date().replace(month=12, day=15), now=NOW)
    uid = unit_id(db, PLAN, STTTT)
    with db.session() as s:
        values.submit(s, KB, r.id, uid, "3.1", {"a": 80, "b": 100}, now=NOW)
    register_official(db, PLAN, STTTT)  # u1 on channel "test"
    db.dispose()
    asked = {"user": "u1", "chat": "u1", "channel": "test"}
    out = converse(url, [json.dumps({**asked, "text": "điểm chỉ số 3.1 bao nhiêu"}),
                         json.dumps({**asked, "text": "/bieudo"})],
                   "--plan", PLAN, "--now", "2024-11-01T10:00+07:00")
    [score] = out[0]["replies"]  # type: ignore[misc]
    assert "Điểm hiện tại: 8 / 10" in score["text"]
    [chart] = out[1]["replies"]  # type: ignore[misc]
    [file] = chart["files"]
    assert file["mime"] == "image/png" and Path(file["path"]).read_bytes().startswith(PNG)
