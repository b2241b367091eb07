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
