"""Issue 15 defect 7: every setting is checked when the settings are loaded, from the file and from the
environment alike; a wrong value stops ``dti-bot`` and every subcommand with exit status 2 and a Vietnamese
message naming the key and where it came from, never a traceback (``Mars/Base`` used to start and apologise for
every message, ``LOUD`` ended ``run`` in a traceback, ``/proc/dti`` was found only when a file was written)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, load_settings
from tests.clikit import REQUIRED, subcommands

BAD_VALUES = [
    # (section, key, TOML value, environment value, words of the message)
    ("bot", "timezone", '"Mars/Base"', "Mars/Base", "không có múi giờ này"),
    ("bot", "timezone", '""', "", "không có múi giờ này"),
    ("bot", "log_level", '"LOUD"', "LOUD", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("bot", "plan", '"Kon Tum 2024"', "Kon Tum 2024", "mã kế hoạch"),
    ("bot", "plan", "2024", None, "phải là chuỗi"),
    ("database", "url", '"nonsense"', "nonsense", "không phải URL cơ sở dữ liệu"),
    ("database", "url", '"mysql://u@h/d"', "mysql://u@h/d", "không được hỗ trợ"),
    ("files", "folder", '"/proc/dti"', "/proc/dti", "không tạo thư mục trong /proc"),
    ("files", "public_url", '"bot.example.vn/dti"', "bot.example.vn/dti", "http:// hoặc https://"),
    ("files", "public_url", '"https://"', "https://", "thiếu tên máy chủ"),
    ("files", "public_url", '"https://bot.example.vn:99999/"', "https://bot.example.vn:99999/",
     "không phải địa chỉ URL hợp lệ"),
    ("telegram", "base_url", '"ftp://api.telegram.org/bot"', "ftp://api.telegram.org/bot", "http:// hoặc https://"),
    ("telegram", "base_url", '""', "", "http:// hoặc https://"),
    ("telegram", "webhook_url", '"https://bot.example.vn/a b"', "https://bot.example.vn/a b", "khoảng trắng"),
    ("telegram", "port", "0", "0", "từ 1 đến 65535"),
    ("telegram", "port", "70000", "70000", "từ 1 đến 65535"),
    ("telegram", "port", "8443.5", "8443.5", "phải là số nguyên"),
    ("telegram", "port", "true", "yes", "phải là số nguyên"),
    ("telegram", "listen", '""', "", "địa chỉ IP"),
    ("telegram", "listen", '"0.0.0.0 8443"', "0.0.0.0 8443", "địa chỉ IP"),
    ("telegram", "secret_token", '"bí mật"', "bí mật", "chữ cái Latin"),
    ("telegram", "token", '"123:ABC/../x"', "123:ABC/../x", "không được có khoảng trắng"),
    ("telegram", "username", '"@dti_bot"', "@dti_bot", "không có @"),
    ("telegram", "username", '"dti"', "dti", "5–32"),
    ("zalo", "secret_token", '"short"', "short", "từ 8 đến 256"),
    ("zalo", "port", "-1", "-1", "từ 1 đến 65535"),
    ("zalo", "base_url", '"bot-api.zaloplatforms.com"', "bot-api.zaloplatforms.com", "http:// hoặc https://"),
    ("reminders", "days_before", "[100000]", "100000", "tối đa 366"),
    ("reminders", "overdue_every", "0", "0", "số dương"),
    ("reminders", "work_start", '"8h"', "8h", "HH:MM"),
]


def _ids(case: tuple[object, ...]) -> str:
    return f"{case[0]}.{case[1]}={case[3]}"


@pytest.mark.parametrize("case", BAD_VALUES, ids=[_ids(c) for c in BAD_VALUES])
def test_a_bad_value_in_the_file_is_refused_naming_the_key_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: tuple[str, str, str, str | None, str]
) -> None:
    section, key, toml, _, words = case
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "c.toml"
    cfg.write_text(f"[{section}]\n{key} = {toml}\n", "utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(str(cfg), environ={})
    message = str(refused.value)
    assert f"{section}.{key}" in message or f"[{section}]" in message
    assert words in message
    assert str(cfg) in message  # where to fix it


@pytest.mark.parametrize("case", [c for c in BAD_VALUES if c[3] is not None],
                         ids=[_ids(c) for c in BAD_VALUES if c[3] is not None])
def test_a_bad_value_in_the_environment_is_refused_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: tuple[str, str, str, str, str]
) -> None:
    section, key, _, value, words = case
    monkeypatch.chdir(tmp_path)
    variable = f"DTI_{section.upper()}_{key.upper()}"
    with pytest.raises(ConfigError) as refused:
        load_settings(environ={variable: value})
    message = str(refused.value)
    assert words in message and variable in message


def test_a_misspelt_environment_variable_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="DTI_TELEGRAM_TOKN không ứng với mục nào của \\[telegram\\]"):
        load_settings(environ={"DTI_TELEGRAM_TOKN": "123:abc"})
    # variables of other tools (not a section of ours) are none of our business
    assert load_settings(environ={"DTI_TEST_POSTGRES_URL": "postgresql://x"}).bot.plan == "kon-tum-2024"


def test_good_values_pass_and_leave_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "new" / "files"
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[bot]\ntimezone = "UTC"\nlog_level = "debug"\n[files]\nfolder = "{folder}"\n'
                   'public_url = "https://bot.example.vn:8444/dti"\n[telegram]\nwebhook_url = "http://127.0.0.1:9/x"\n'
                   'secret_token = "abc_DEF-123"\nport = 443\n[zalo]\nsecret_token = "12345678"\n', "utf-8")
    s = load_settings(str(cfg), environ={"DTI_ZALO_PORT": "8445"})
    assert (s.bot.timezone, s.bot.log_level, s.zalo.port) == ("UTC", "DEBUG", 8445)
    assert not (tmp_path / "new").exists()  # proved creatable without creating it
    (tmp_path / "there").mkdir()
    assert load_settings(environ={"DTI_FILES_FOLDER": str(tmp_path / "there")}).files.folder
    assert list((tmp_path / "there").iterdir()) == []  # the probe is removed


def test_a_folder_under_a_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain.txt").write_text("x", "utf-8")
    with pytest.raises(ConfigError, match=r"plain\.txt không phải thư mục"):
        load_settings(environ={"DTI_FILES_FOLDER": str(tmp_path / "plain.txt" / "files")})


@pytest.mark.parametrize("command", [[], *subcommands()], ids=lambda c: " ".join(c) or "dti-bot")
def test_every_subcommand_stops_with_exit_2_and_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.xlsx").write_bytes(b"PK")  # a file for the commands that read one (checked before the settings)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setenv("DTI_BOT_TIMEZONE", "Mars/Base")
    assert main([*command, *REQUIRED.get(" ".join(command), [])]) == 2
    out = capsys.readouterr()
    assert "bot.timezone = 'Mars/Base' (biến môi trường DTI_BOT_TIMEZONE): không có múi giờ này" in out.err
    assert "Traceback" not in out.err + out.out
