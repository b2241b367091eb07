"""Settings: defaults, file, environment — in that order — and clear Vietnamese errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings(environ={})
    assert s.bot.plan == "kon-tum-2024"
    assert s.bot.timezone == "Asia/Ho_Chi_Minh"
    assert s.database.url.startswith("sqlite:///")
    assert s.telegram.token == ""


def test_file_then_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[bot]\nplan = "gia-lai-2023"\n[telegram]\ntoken = "from-file"\nport = 9000\n', "utf-8")
    s = load_settings(str(cfg), environ={"DTI_TELEGRAM_TOKEN": "from-env", "DTI_TELEGRAM_PORT": "9443"})
    assert s.bot.plan == "gia-lai-2023"
    assert s.telegram.token == "from-env"
    assert s.telegram.port == 9443


def test_config_found_via_env_and_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.toml").write_text('[database]\nurl = "sqlite:///x.db"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_settings(environ={}).database.url == "sqlite:///x.db"
    other = tmp_path / "other.toml"
    other.write_text('[database]\nurl = "sqlite:///y.db"\n', "utf-8")
    monkeypatch.setenv("DTI_CONFIG", str(other))
    assert load_settings().database.url == "sqlite:///y.db"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[bot\nplan=1", "sai cú pháp"),
        ("[nothing]\nx = 1\n", "không có mục [nothing]"),
        ("[bot]\ncolour = 1\n", "không có mục [bot] colour"),
        ("[telegram]\nport = \"abc\"\n", "phải là số nguyên"),
    ],
)
def test_bad_config_is_explained(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content, "utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(str(cfg), environ={})


def test_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Không tìm thấy tệp cấu hình"):
        load_settings(str(tmp_path / "none.toml"), environ={})


def test_example_config_is_complete() -> None:
    example = Path(__file__).resolve().parents[1] / "config.example.toml"
    s = load_settings(str(example), environ={})
    assert s.bot.plan == "kon-tum-2024" and s.zalo.base_url.startswith("https://bot-api.zaloplatforms.com")


def test_reminder_policy_per_plan_only_the_keys_that_differ(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[reminders]\noverdue_every = 2\n[reminders.plans."kon-tum-2024"]\ndays_before = [5, 1]\n'
                   '[reminders.plans."gia-lai-2023"]\nescalate_after = 5\n', "utf-8")
    s = load_settings(str(cfg), environ={})
    assert s.reminders.plans["kon-tum-2024"].days_before == [5, 1]
    assert s.reminders.plans["kon-tum-2024"].overdue_every is None  # inherited from [reminders]
    assert s.reminders.plans["gia-lai-2023"].escalate_after == 5
    env = load_settings(str(cfg), environ={"DTI_REMINDERS_PLANS": '{"ninh-thuan-2021": {"overdue_every": "4"}}'})
    assert list(env.reminders.plans) == ["ninh-thuan-2021"]
    assert env.reminders.plans["ninh-thuan-2021"].overdue_every == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[reminders.plans."kon-tum-2024"]\nwork_start = "07:00"\n',
         '[reminders.plans."kon-tum-2024"] không có mục work_start: mỗi kế hoạch chỉ đặt riêng được days_before'),
        ('[reminders.plans."kon-tum-2024"]\ndays_before = [5, 0]\n', "phải là số dương"),
        ('[reminders.plans."kon-tum-2024"]\noverdue_every = "hai"\n',
         'reminders.plans."kon-tum-2024".overdue_every phải là số nguyên'),
        ('[reminders.plans]\nkon-tum-2024 = 5\n', '[reminders.plans."kon-tum-2024"] phải là một bảng'),
        ('[reminders]\nplans = 3\n', 'reminders.plans phải gồm các bảng'),
    ],
)
def test_bad_plan_policy_is_explained(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content, "utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(str(cfg), environ={})


def test_bad_plan_policy_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="phải là một đối tượng JSON"):
        load_settings(environ={"DTI_REMINDERS_PLANS": "kon-tum-2024: 5"})
