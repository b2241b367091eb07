"""``dti-bot invite``, ``units`` and ``officials`` on the configured database (SQLite and PostgreSQL): the invite
JSON contract, unknown and ambiguous unit names refused with exit 2, member units, and an admin's changes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.assembly import build_core
from bot.cli import main
from bot.config import Settings
from tests.flowkit import User

PLAN = "kon-tum-2024"


@pytest.fixture(autouse=True)
def configured(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)
    monkeypatch.delenv("DTI_CONFIG", raising=False)
    return database_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def invite_json(capsys: pytest.CaptureFixture[str], unit: str, role: str = "official") -> dict[str, str]:
    code, out, err = run(capsys, "invite", "--plan", PLAN, "--unit", unit, "--role", role, "--json")
    assert code == 0, err
    data: dict[str, str] = json.loads(out)
    return data


def test_invite_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now(UTC)
    data = invite_json(capsys, "Sở TTTT", "focal")
    assert list(data) == ["code", "plan", "unit", "role", "expires"]
    assert data["plan"] == PLAN and data["unit"] == "Sở Thông tin và Truyền thông" and data["role"] == "focal"
    assert len(data["code"]) == 8 and data["code"].isalnum() and data["code"].isupper()
    expires = datetime.fromisoformat(data["expires"])
    assert timedelta(days=6.99) < expires - before < timedelta(days=7.01)
    code, out, _ = run(capsys, "invite", "--plan", PLAN, "--unit", "Sở Nội vụ", "--role", "head",
                       "--expires-days", "2")
    assert code == 0 and "/dangky" in out


@pytest.mark.parametrize(("unit", "message"), [("không có đơn vị này", "Không tìm thấy đơn vị"),
                                               ("Sở", "chưa rõ, có thể là")])
def test_invite_refuses_a_unit_it_cannot_name_for_sure(capsys: pytest.CaptureFixture[str], unit: str,
                                                       message: str) -> None:
    code, out, err = run(capsys, "invite", "--plan", PLAN, "--unit", unit, "--role", "official", "--json")
    assert code == 2 and out == "" and message in err


def test_invite_refuses_an_unknown_plan_and_role(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "invite", "--plan", "khong-co", "--unit", "Sở Nội vụ", "--role", "official")[0] == 2
    assert main(["invite", "--plan", PLAN, "--unit", "Sở Nội vụ", "--role", "boss"]) == 2  # refused by argparse
    assert "lựa chọn không có: 'boss'" in capsys.readouterr().err


def test_member_units_are_added_under_a_group_and_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "units", "add", "--plan", PLAN, "--member-of", "UBND huyện", "UBND huyện Đắk Hà",
                       "UBND huyện Sa Thầy")
    assert code == 0 and out.count("Đã thêm") == 2
    code, out, err = run(capsys, "units", "add", "--plan", PLAN, "--member-of", "UBND các huyện, thành phố",
                         "UBND huyện Đắk Hà")  # nothing added: not 0, and why
    assert code == 3 and out == "" and "Bỏ qua UBND huyện Đắk Hà: đã là thành viên của UBND các huyện" in err
    code, _, err = run(capsys, "units", "add", "--plan", PLAN, "--member-of", "Sở Tài chính", "Phòng A")
    assert code == 2 and "không phải đơn vị nhóm" in err
    assert invite_json(capsys, "dak ha")["unit"] == "UBND huyện Đắk Hà"
    code, out, _ = run(capsys, "units", "list", "--plan", PLAN, "--json")
    units = {u["name"]: u for u in json.loads(out)}
    assert set(units["UBND huyện Sa Thầy"]) == {"id", "name", "group", "is_group", "officials", "groups"}
    assert units["UBND huyện Sa Thầy"]["group"] == "UBND các huyện, thành phố"
    assert units["UBND các huyện, thành phố"]["is_group"] is True and units["Sở Tài chính"]["is_group"] is False
    assert units["UBND cấp xã"]["is_group"] is True and units["Sở Tài chính"]["group"] is None


def test_a_unit_of_the_plan_joins_groups_and_add_exits_0_only_when_it_added(capsys: pytest.CaptureFixture[str]
                                                                            ) -> None:
    # issue 16: this printed "Đã có trong kế hoạch, bỏ qua" and exited 0, and no Sở could report for the group
    code, out, err = run(capsys, "units", "add", "--plan", PLAN, "--member-of", "Các sở, ban, ngành", "Sở Tài chính")
    assert code == 0 and "Đã thêm vào Các sở, ban, ngành: Sở Tài chính (đơn vị đã có trong kế hoạch" in out
    code, out, err = run(capsys, "units", "add", "--plan", PLAN, "--member-of", "Các sở, ngành", "Sở TTTT",
                         "sở tài chính", "UBND cấp xã", "Các sở, ban, ngành", "Sở Y tế")
    assert code == 0  # two added: the Sở TTTT (by its short name) and the Sở Y tế, new to this plan
    assert "Sở Thông tin và Truyền thông (đơn vị đã có trong kế hoạch" in out and "Sở Y tế (đơn vị mới" in out
    assert "Bỏ qua Sở Tài chính: đã là thành viên của Các sở, ban, ngành" in err
    assert "Bỏ qua UBND cấp xã: đây là một đơn vị nhóm" in err and "Bỏ qua Các sở, ban, ngành: đây là chính" in err
    code, out, err = run(capsys, "units", "add", "--plan", PLAN, "--member-of", "Các địa phương", "Sở Tài chính")
    assert code == 0  # a second group
    code, out, err = run(capsys, "units", "add", "--plan", PLAN, "--member-of", "Các sở, ban, ngành", "Sở Tài chính")
    assert code == 3 and out == "" and "Không thêm được đơn vị nào" in err
    code, out, err = run(capsys, "units", "add", "--plan", PLAN, "--member-of", "Các sở, ban, ngành", "x" * 300)
    assert code == 2 and out == "" and "dài quá 255 ký tự" in err  # bounded before anything is read
    code, out, _ = run(capsys, "units", "list", "--plan", PLAN, "--json")
    units = {u["name"]: u for u in json.loads(out)}
    assert units["Sở Tài chính"]["group"] is None
    assert units["Sở Tài chính"]["groups"] == ["Các sở, ban, ngành", "Các địa phương"]
    assert units["Sở Y tế"]["group"] == "Các sở, ban, ngành" and units["Sở Y tế"]["groups"] == ["Các sở, ban, ngành"]
    code, out, _ = run(capsys, "units", "list", "--plan", PLAN)
    assert "Sở Tài chính (cũng là thành viên của: Các sở, ban, ngành, Các địa phương)" in out


def test_officials_are_listed_moved_and_removed(capsys: pytest.CaptureFixture[str], configured: str) -> None:
    settings = Settings()
    settings.database.url = configured
    core = build_core(settings)
    person = User(core, "o1", name="Lê Văn B")
    person.say(f"/dangky {invite_json(capsys, 'Sở Nội vụ')['code']}")
    code, out, _ = run(capsys, "officials", "list", "--plan", PLAN, "--json")
    [official] = json.loads(out)
    assert official["identities"] == ["test:o1"]
    assert official["memberships"] == [{"unit": "Sở Nội vụ", "role": "official"}]
    number = str(official["id"])
    code, out, _ = run(capsys, "officials", "move", "--plan", PLAN, number, "--to", "so tai chinh")
    assert code == 0 and "từ Sở Nội vụ sang Sở Tài chính" in out
    assert "Sở Tài chính — cán bộ" in person.say("/toi")[0].text
    code, _, err = run(capsys, "officials", "remove", "--plan", PLAN, "test:o1", "--unit", "Sở Nội vụ")
    assert code == 2 and "không thuộc đơn vị 'Sở Nội vụ'" in err
    code, _, err = run(capsys, "officials", "remove", "--plan", PLAN, "4242")
    assert code == 2 and "Không có cán bộ" in err
    code, out, _ = run(capsys, "officials", "remove", "--plan", PLAN, "test:o1")
    assert code == 0 and "khỏi Sở Tài chính" in out
    assert "Bạn chưa thuộc đơn vị nào" in person.say("/toi")[0].text
    code, out, _ = run(capsys, "officials", "list", "--plan", PLAN)
    assert "chưa có cán bộ nào" in out
    core.db.dispose()
