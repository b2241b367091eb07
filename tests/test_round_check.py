"""`dti-bot round check` and the warnings of `round open` (issue 16): on Kon Tum as a focal point runs a real round —
16 indicators led by "Các sở, ban, ngành" and others by group units nobody can enter until members are added,
6.22 c given to nobody but falling to the Sở TTTT — then nothing uncollectable once every group has members, and
6.22 scored once its three parts are in. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from bot.cli import main
from bot.db.session import Database
from bot.services import values
from knowledge.store import load_knowledge
from tests.flowkit import register_official
from tests.test_collect_services import unit_id

KB = load_knowledge()
PLAN = "kon-tum-2024"
KEYS = ["uncollectable", "default_owners", "groups_without_members", "units_without_officials"]
TTTT = "Sở Thông tin và Truyền thông"
# Kon Tum's indicators name six group units; a few members for each (a Sở of the plan joins a group as it is)
MEMBERS = {
    "Các sở, ban, ngành": ["Sở Tài chính", "Sở Nội vụ", TTTT],
    "UBND các huyện, thành phố": ["UBND huyện Đắk Hà", "UBND thành phố Kon Tum"],
    "UBND cấp xã": ["UBND xã Đắk Mar", "UBND phường Quyết Thắng"],
    "Các đơn vị, địa phương": ["Văn phòng UBND tỉnh", "UBND huyện Đắk Hà"],
    "Các địa phương": ["UBND huyện Đắk Hà", "UBND thành phố Kon Tum"],
    "Doanh nghiệp viễn thông": ["Viettel Kon Tum", "VNPT Kon Tum"],
}

Run = Callable[..., tuple[int, object]]


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)
    monkeypatch.delenv("DTI_CONFIG", raising=False)
    # the CLI's clock: the round's due date (2024-12-15) is checked against its day
    monkeypatch.setattr("bot.core.services.system_clock", lambda: datetime(2024, 12, 1, 3, tzinfo=UTC))

    def run(*argv: str) -> tuple[int, object]:
        code = main(list(argv))
        out = capsys.readouterr()
        try:
            return code, json.loads(out.out)
        except json.JSONDecodeError:
            return code, out.out + out.err

    yield run


def test_kon_tum_has_nothing_uncollectable_once_its_groups_have_members(cli: Run, database_url: str) -> None:
    code, before = cli("round", "check", "--plan", PLAN, "--json")
    assert code == 0 and isinstance(before, dict) and list(before) == KEYS
    blocked = {u["code"] for u in before["uncollectable"]}
    assert {"4.5", "4.6", "5.1", "5.2", "5.3", "5.4", "5.8", "5.10", "5.11", "6.7", "6.8", "6.11", "6.12", "6.13",
            "6.14", "6.21"} <= blocked  # the 16 indicators "Các sở, ban, ngành" leads
    assert all(set(u) == {"code", "input", "reason"} for u in before["uncollectable"])
    reason = next(u["reason"] for u in before["uncollectable"] if u["code"] == "5.1")
    assert "«Các sở, ban, ngành» là đơn vị nhóm chưa có đơn vị thành viên" in reason and "units add" in reason
    assert before["default_owners"] == [{"code": "6.22", "input": "c", "unit": TTTT}]
    assert before["groups_without_members"] == sorted(MEMBERS)

    code, opened = cli("round", "open", "--plan", PLAN, "--period", "2024", "--due", "2024-12-15", "--json")
    assert code == 0 and isinstance(opened, dict)
    assert {"id", "plan", "period", "due", "state", "indicators", "letter_date"} <= set(opened)  # as before
    assert opened["warnings"] == before  # the same check, under "warnings"
    code, same = cli("round", "check", "--round", str(opened["id"]), "--json")
    assert same == before

    for group, names in MEMBERS.items():
        code, _ = cli("units", "add", "--plan", PLAN, "--member-of", group, *names)
        assert code == 0, group
    code, after = cli("round", "check", "--plan", PLAN, "--json")
    assert isinstance(after, dict)
    assert after["uncollectable"] == [] and after["groups_without_members"] == []
    assert after["default_owners"] == before["default_owners"]
    assert "Viettel Kon Tum" in after["units_without_officials"]

    db = Database(database_url)
    for name in after["units_without_officials"]:
        register_official(db, PLAN, name, user=f"u{unit_id(db, PLAN, name)}")
    code, done = cli("round", "check", "--plan", PLAN, "--json")
    assert done == {**after, "units_without_officials": []}

    parts = [(unit_id(db, PLAN, name), inputs) for name, inputs in (
        ("Sở Kế hoạch và Đầu tư", {"a": "12"}), ("Sở Tài chính", {"b": "3"}), (TTTT, {"c": "1.000"}))]
    with db.session() as s:  # 6.22: a (Sở KH&ĐT), b (Sở Tài chính), c (Sở TTTT by default): then it is scored
        for unit, inputs in parts:
            values.submit(s, KB, opened["id"], unit, "6.22", inputs, now=datetime(2024, 12, 1, tzinfo=UTC))
    db.dispose()
    code, status = cli("round", "status", "--plan", PLAN, "--json")
    assert isinstance(status, dict)
    ind = next(i for i in status["indicators"] if i["code"] == "6.22")
    assert ind["inputs"] == {"a": 12.0, "b": 3.0, "c": 1000.0} and ind["score"] == ind["max"]
    assert ind["default_owners"] == [{"input": "c", "unit": TTTT}] and ind["unassigned"] == ["c"]


def test_the_text_of_check_and_open_names_what_to_do(cli: Run) -> None:
    code, text = cli("round", "open", "--plan", PLAN, "--period", "2024", "--due", "2024-12-15")
    assert code == 0 and isinstance(text, str)
    assert "Cảnh báo (dti-bot round check):" in text and "Không ai nhập được" in text
    assert "• 6.22 đầu vào c → Sở Thông tin và Truyền thông" in text
    assert "Đơn vị nhóm chưa có đơn vị thành viên: Các sở, ban, ngành;" in text
    code, text = cli("round", "check", "--plan", "khong-co")
    assert code == 2 and "Không có kế hoạch" in str(text)
    code, text = cli("round", "check", "--plan", "nghia-phuong-2023")  # no round yet: what opening would ask
    assert code == 0 and "Đơn vị chưa có ai đăng ký (7; đầu mối có thể nhập thay): Công an xã;" in str(text)
