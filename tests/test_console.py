"""The console channel end to end: typed lines through the core, numbered choices, exit."""

from __future__ import annotations

from bot.channels.console import chat_loop
from bot.core.app import Core


def run_chat(core: Core, *lines: str, plan: str | None = None) -> str:
    out: list[str] = []
    chat_loop(core, list(lines), out.append, user="tester", plan=plan)
    return "\n".join(out)


def test_console_session_ask_choose_unknown(sqlite_core: Core) -> None:
    transcript = run_chat(sqlite_core, "6.22.1 do ai phụ trách", "kinh phí an toàn thông tin", "1",
                          "thời tiết ngày mai", "thoát")
    assert transcript.startswith("Xin chào")
    assert "📌 Chỉ số 6.22.1." in transcript
    assert "\n1. " in transcript and "Trả lời bằng số thứ tự" in transcript
    assert transcript.count("📌") == 2
    assert "Không tìm thấy" in transcript
    assert transcript.rstrip().endswith("Tạm biệt!")


def test_console_plan_option(sqlite_core: Core) -> None:
    transcript = run_chat(sqlite_core, "kế hoạch hành động 5 năm", plan="nghia-phuong-2023")
    assert "Nghĩa Phương" in transcript
    assert "📌 Chỉ số 2.2." in transcript


def test_cli_chat_reads_stdin_on_the_embedded_default(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("chi so 3.3\n"))
    assert main([]) == 0  # no token: the console chat
    out = capsys.readouterr().out
    assert "📌 Chỉ số 3.3." in out
    assert (tmp_path / "dti-bot.db").exists()
