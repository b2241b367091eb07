"""Issue 15 defect 8: every argument of every subcommand is checked before anything runs. Each subcommand (found
from the parser, so a new one is swept without a change here) is run in-process with junk in each of its
arguments: huge ids, negative numbers, "²", empty strings, missing files, far dates, lone surrogates. None may
end in a traceback; each ends with exit status 2 (refused, with a Vietnamese message) or 0 where the junk is
fair text (a question, a name). The cases the issue found are asserted exactly."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tests.clikit import REQUIRED, Outcome, parser_of, run_cli, subcommands
from tests.dbkit import SqliteTemplate

HUGE = "99999999999999999999999"
JUNK = [HUGE, "-5", "0", "²", "", " ", "\udcff", "a\x00b", "/khong-co/tep.xlsx", "0001-01-01",
        "9999-12-31T23:59+07:00", "nan", "1e400", "x" * 5000]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_template: SqliteTemplate) -> Path:
    """A working directory, an SQLite database (migrated, no rows) and a files folder of the test's own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DTI_DATABASE_URL", sqlite_template.copy_to(tmp_path / "cli.db"))
    monkeypatch.setenv("DTI_FILES_FOLDER", str(tmp_path / "files"))
    for variable in ("DTI_TELEGRAM_TOKEN", "DTI_ZALO_TOKEN", "DTI_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


def _with(base: list[str], action: argparse.Action, value: str) -> list[str]:
    """``base`` with ``value`` in the argument ``action`` (replacing what ``base`` gives it)."""
    if not action.option_strings:  # a positional: replace the one ``base`` gives, by position
        positionals = [a for a in base if not a.startswith("-")]
        return [value if a is positionals[-1] else a for a in base] if positionals else [*base, value]
    out, skip = [], False
    for word in base:
        if skip:
            skip = False
            continue
        if word in action.option_strings:
            skip = True
            continue
        out.append(word)
    return [*out, action.option_strings[0], value]


def _cases() -> list[tuple[list[str], str, str]]:
    cases = []
    for command in subcommands():
        for action in parser_of(command)._actions:
            flag = isinstance(action, argparse._SubParsersAction | argparse._HelpAction) or action.nargs == 0
            if flag or action.dest in ("sub_config", "action"):
                continue
            for junk in JUNK:
                cases.append((command, action.dest, junk))
    return cases


def _problem(outcome: Outcome) -> str | None:
    """What is wrong with how a junk run ended (None: it ended cleanly)."""
    if "Traceback" in outcome.text:
        return "traceback"
    if outcome.code not in (0, 1, 2):
        return f"exit status {outcome.code}"
    if outcome.code and not outcome.text.strip():
        return "refused without a word"
    return None


@pytest.mark.parametrize("command", subcommands(), ids=lambda c: " ".join(c))
def test_junk_in_every_argument_is_refused_without_a_traceback(
    env: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    base = [*command, *REQUIRED.get(" ".join(command), [])]
    failures = []
    for cmd, dest, junk in [c for c in _cases() if c[0] == command]:
        action = next(a for a in parser_of(cmd)._actions if a.dest == dest)
        argv = _with(base, action, junk)
        try:
            outcome = run_cli(argv, monkeypatch)
        except AssertionError as exc:
            failures.append(f"{argv!r:.300}: {exc.__cause__!r:.300}")
            continue
        if (problem := _problem(outcome)) is not None:
            failures.append(f"{argv!r:.300}: {problem}: {outcome.text[-300:]!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("argv", [
    ["round", "status", "--round", HUGE], ["export", "--round", HUGE, "--xlsx", "x.xlsx"],
    ["round", "grant", "--round", HUGE, "--unit", "Sở Tài chính", "--reason", "x"],
    ["round", "close", "--round", HUGE], ["round", "status", "--round", "²"], ["round", "status", "--round", "-1"],
    ["import-plan", "x.xlsx", "--id", "kon-tum-2030", "--framework", "dti-tinh", "--baseline-year", "-5"],
    ["import-plan", "x.xlsx", "--id", "kon-tum-2030", "--framework", "dti-tinh", "--baseline-year", "20240"],
    ["officials", "remove", "--plan", "kon-tum-2024", HUGE], ["invite", *REQUIRED["invite"], "--expires-days", "nan"],
    ["reminders", "plan", "--now", "9999-12-31T23:59+07:00"], ["bench-search", "--repeat", "-1"],
    ["round", "open", "--plan", "kon-tum-2024", "--period", "2030", "--due", "0001-01-01"],
    ["plan", "rollover", "--from", "kon-tum-2024", "--to", "kon-tum-2024"],
    ["plan", "rollover", "--from", "kon-tum-2024", "--to", "gia-lai-2023", "--map", "="],
    ["plan", "rollover", "--from", "kon-tum-2024", "--to", "gia-lai-2023", "--map", "Sở A=Sở B"],
    ["plan", "rollover", "--from", "Kon Tum", "--to", "gia-lai-2023"],
    ["package", "--plan", "kon-tum-2024", "--round", HUGE, "--zip", "x.zip"],
    ["package", "--plan", "kon-tum-2024", "--zip", "/khong-co/x.zip"],
    ["report", "--plan", "kon-tum-2024", "--period", "2024-Q5", "--docx", "x.docx"],
    ["report", "--plan", "kon-tum-2024", "--period", "2024-H3", "--docx", "x.docx"],
    ["report", "--plan", "khong-co-2024", "--period", "2024", "--docx", "x.docx"],
])
def test_the_refusals_the_issue_found(env: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    (env / "x.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    outcome = run_cli(argv, monkeypatch)
    assert outcome.code == 2, (argv, outcome.text)
    assert "Traceback" not in outcome.text and outcome.err.strip()


def test_every_subcommand_is_swept() -> None:
    """The sweep covers what the parser has; a subcommand whose arguments argparse demands is listed in
    ``REQUIRED`` (otherwise every case of it would stop at argparse and prove nothing)."""
    commands = {" ".join(c) for c in subcommands()}
    assert {"round", "export", "package", "report", "import-plan", "reminders plan", "officials remove"} <= commands
    for command in commands:
        parser = parser_of(command.split())
        demanded = [a for a in parser._actions if a.required and not isinstance(a, argparse._SubParsersAction)]
        assert not demanded or command in REQUIRED, command
