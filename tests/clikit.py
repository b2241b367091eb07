"""The `dti-bot` subcommands discovered from the parser (nested ones such as ``reminders plan`` included), with
the arguments each needs before it reads the settings, and a way to run the CLI in-process that captures what it
prints and how it ends. Shared by the tests that sweep every subcommand, so that a new subcommand is covered
without a change here (its required arguments aside)."""

from __future__ import annotations

import argparse
import contextlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import pytest

import bot.cli
from bot.cli import SUBCOMMANDS, build_parser, main

# the arguments each subcommand needs before the settings are read (argparse refuses it otherwise)
REQUIRED = {
    "round": ["status"], "db": ["upgrade"], "score": ["--record", "dak-lak-2021"], "ask": ["chỉ số 3.3"],
    "show": ["3.3"],
    "invite": ["--plan", "kon-tum-2024", "--unit", "Sở TTTT", "--role", "focal"],
    "units add": ["--plan", "kon-tum-2024", "--member-of", "UBND các huyện, thành phố", "UBND huyện A"],
    "units list": ["--plan", "kon-tum-2024"], "officials list": ["--plan", "kon-tum-2024"],
    "officials remove": ["--plan", "kon-tum-2024", "1"], "officials move": ["--plan", "kon-tum-2024", "1", "--to", "x"],
    "export": ["--xlsx", "x.xlsx"],
    "plan rollover": ["--from", "kon-tum-2024", "--to", "gia-lai-2023"],
    "package": ["--plan", "kon-tum-2024", "--zip", "x.zip"],
    "report": ["--plan", "kon-tum-2024", "--period", "2024-Q4", "--docx", "x.docx"],
    "import-plan": ["x.xlsx", "--id", "kon-tum-2030", "--framework", "dti-tinh"],
    "web": ["--check"],  # a sweep that serves nothing (a junk value that is a good port would serve forever)
}


@cache
def _parser() -> argparse.ArgumentParser:
    """The whole parser, built once per process and only read here: the sweep of ``tests/test_cli_junk.py`` looks
    up a subcommand's arguments some 1 500 times, and building the parser each time was three quarters of its
    time (``run_cli`` runs ``main``, which asks for its own: ``_reused_parser``)."""
    return build_parser()


def subcommands() -> list[list[str]]:
    """Every command line that reaches a subcommand: ``["round"]``, ``["reminders", "plan"]``…"""
    return _walk(_parser(), [])


def parser_of(command: list[str]) -> argparse.ArgumentParser:
    parser = _parser()
    for word in command:
        parser = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[word]
    return parser


def _walk(parser: argparse.ArgumentParser, prefix: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.extend(_walk(sub, [*prefix, name]) or [[*prefix, name]])
    return out


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


_NAMES = frozenset(name for name, _, _ in SUBCOMMANDS)


@cache
def _configured(named: frozenset[str]) -> argparse.ArgumentParser:
    return build_parser(sorted(named) or None)


def _reused_parser(words: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """``build_parser(words)`` as ``main`` asks for it, built once per set of subcommands it configures (those the
    words name, else all) and reused: parsing reads a parser, never changes it. Built anew, it was half of the
    CLI sweeps' time (some 900 command lines, 2 ms each)."""
    return _configured(frozenset() if words is None else _NAMES.intersection(w for w in words if isinstance(w, str)))


def run_cli(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> Outcome:
    """``dti-bot argv`` in this process: its exit status (``SystemExit`` from argparse included) and output. An
    exception escaping ``main`` fails the test with the command line in the message."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    monkeypatch.setattr(bot.cli, "build_parser", _reused_parser)
    out, err = io.StringIO(), io.StringIO()
    with _redirected(out, err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception as exc:
            raise AssertionError(f"dti-bot {argv!r} raised {exc!r}") from exc
    return Outcome(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _redirected(out: io.StringIO, err: io.StringIO) -> Iterator[None]:
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield
