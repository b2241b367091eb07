"""Issue 8 item 5 (part): configuration and database problems end in a Vietnamese message and an exit code,
never a traceback; a lone surrogate from a channel cannot break the splitter."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.channels.split import split_message, units, valid_text
from bot.channels.zalo import incoming_from
from bot.cli import main
from bot.cli.common import open_core
from bot.config import Settings


def _settings(tmp_path: Path, **database: str) -> Settings:
    s = Settings()
    s.database.url = database.get("url", f"sqlite:///{tmp_path / 'x.db'}")
    return s


def test_wrong_configured_plan_stops_before_starting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("DTI_BOT_PLAN", "kon-tum-2099")
    monkeypatch.setenv("DTI_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["chat"]) == 2
    err = capsys.readouterr().err
    assert "bot.plan = 'kon-tum-2099'" in err and "DTI_BOT_PLAN" in err and "kon-tum-2024" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.db").exists()  # nothing was started


@pytest.mark.parametrize(
    ("url", "expected", "upgrade"),
    [
        # not a URL, or not a database this project supports: refused with the settings (exit 2, issue 15)
        ("nonsense", "không phải URL cơ sở dữ liệu", (2, "Lỗi cấu hình: Cấu hình database.url")),
        ("foo://somewhere", "không được hỗ trợ", (2, "Lỗi cấu hình: Cấu hình database.url")),
        # a driver that is not installed: found when the database is opened
        ("postgresql+psycopg2://u@localhost/d", "psycopg 3", (1, "Không nâng cấp được cơ sở dữ liệu.")),
    ],
)
def test_database_url_errors_are_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, expected: str,
    upgrade: tuple[int, str],
) -> None:
    monkeypatch.setenv("DTI_DATABASE_URL", url)
    assert main(["chat"]) == 2
    assert expected in capsys.readouterr().err
    assert main(["db", "upgrade"]) == upgrade[0]
    err = capsys.readouterr().err
    assert expected in err and err.startswith(upgrade[1])


def test_missing_postgres_driver_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    settings = _settings(tmp_path, url="postgresql+psycopg://u:secret@127.0.0.1:5432/d")
    assert open_core(settings) is None
    err = capsys.readouterr().err
    assert "Chưa cài trình điều khiển cơ sở dữ liệu 'psycopg'" in err
    assert "pip install 'dti-bot[postgres]'" in err
    assert "secret" not in err  # the password is masked


def test_lone_surrogate_is_split_and_sent_as_a_replacement_character() -> None:
    text = ("Chỉ số 3.3 \ud800 " * 400).strip()
    pieces = split_message(text, 2000)
    assert len(pieces) > 1 and all(units(p) <= 2000 for p in pieces)
    for piece in pieces:
        piece.encode("utf-8")  # would raise on a lone surrogate
    assert "\ufffd" in pieces[0]
    assert valid_text("đúng 😀") == "đúng 😀"
    assert split_message("\udc00", 2000) == ["\ufffd"]


def test_zalo_update_with_a_lone_surrogate() -> None:
    message = {"from": {"id": "u1"}, "chat": {"id": "c1"}, "text": "chi so \ud83d 3.3"}
    incoming = incoming_from(message)
    assert incoming.text == "chi so \ufffd 3.3"
    incoming.text.encode("utf-8")


def test_reminder_policy_for_an_unknown_plan_stops_the_bot_before_starting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    from bot.config import PlanReminderSettings

    settings.reminders.plans = {"kon-tum-2099": PlanReminderSettings(days_before=[5])}
    assert open_core(settings) is None
    err = capsys.readouterr().err
    assert '[reminders.plans."kon-tum-2099"] không phải kế hoạch nào' in err and "kon-tum-2024" in err
