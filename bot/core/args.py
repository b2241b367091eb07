"""Typed arguments of commands and button payloads, read in one place before a handler runs.

A route declares the shape of what follows its payload prefix or command name, in the manner of aiogram's
callback-data factories: ``@router.payload("pu:", args=(ROUND, UNIT))`` takes ``pu:<round id>:<unit id>``;
``@router.command("duyet", …, args=(Id,))`` takes one number. The core splits the text (payload parts at ``:``,
command words at blanks, the last argument taking the rest), reads each part, loads the row an argument names,
and hands the handler the typed values in ``turn.params``. The handler never sees text that does not read.

Reading is strict because anyone can forge a payload: ids are ASCII digits only (``str.isdigit`` accepts "²",
which ``int`` then refuses) and must fit the database's integer columns; verbs must be ones the route knows; no
part may be missing or extra. What does not read raises ``BadArgs``; an argument naming a row that is not there
(a round, a unit, a request…) raises ``Gone``, and so may a handler that finds a row missing later. The core
answers both as an expired choice for a payload, and with the command's usage for a command.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.turn import Turn

MAX_ID = 2**31 - 1  # the database's INTEGER columns (PostgreSQL's int4): a larger id names no row
MAX_WORD = 64  # characters of one part: a button payload is at most 64 bytes (Telegram's callback data)


class BadArgs(ValueError):
    """The arguments do not have the declared shape (forged, junk, or from an older version of the bot)."""


class Gone(LookupError):
    """The arguments name something that is not there (any more): a choice that has expired."""


def read_id(raw: str) -> int:
    """A row id: ASCII digits, 1 … ``MAX_ID``."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or not 1 <= int(raw) <= MAX_ID:
        raise BadArgs(raw)
    return int(raw)


def read_count(raw: str) -> int:
    """A count or an offset: ASCII digits, 0 … ``MAX_ID``."""
    if raw == "0":
        return 0
    return read_id(raw)


def matching(pattern: str) -> Callable[[str], str]:
    """A reader of text matching ``pattern`` in full (ASCII patterns: no lookalike digit or letter passes)."""
    compiled = re.compile(pattern)

    def read(raw: str) -> str:
        if len(raw) > MAX_WORD or not compiled.fullmatch(raw):
            raise BadArgs(raw)
        return raw

    return read


def _rest(raw: str) -> str:
    return raw


@dataclass(frozen=True)
class Arg:
    """One argument: how its text is read (``read`` raises ``BadArgs``), whether it may be left out (then its
    value is None), and the row it names (``load`` returns the row, or None when there is none: ``Gone``)."""

    read: Callable[[str], Any]
    optional: bool = False
    load: Callable[[Turn, Any], Any] | None = None

    def naming(self, load: Callable[[Turn, Any], Any]) -> Arg:
        """This argument, loaded: the handler gets what ``load`` returns for the read value."""
        return replace(self, load=load)


Id = Arg(read_id)
Count = Arg(read_count)
# An indicator code as the knowledge base writes them: "6", "6.22", "6.22.1", "5.12.1.a", "6.22#2".
Code = Arg(matching(r"[0-9]{1,3}(\.[0-9A-Za-z]{1,4}){0,5}(#[0-9]{1,3})?"))
# A short key (a choice option, a plan id): ASCII letters, digits, "_", "-", ".".
Key = Arg(matching(r"[A-Za-z0-9_.-]{1,64}"))
# The rest of the text as typed (free text after a command).
Text = Arg(_rest)


def Word(*words: str) -> Arg:
    """One of the given words, exactly."""
    known = frozenset(words)

    def read(raw: str) -> str:
        if raw not in known:
            raise BadArgs(raw)
        return raw

    return Arg(read)


def Opt(arg: Arg) -> Arg:
    """``arg``, or nothing (None)."""
    return replace(arg, optional=True)


Spec = tuple[Arg, ...]


def parse(spec: Spec, raw: str, turn: Turn, *, sep: str | None) -> tuple[Any, ...]:
    """The typed values of ``raw`` (parts split at ``sep``; None: blanks), each row loaded. Raises ``BadArgs``
    or ``Gone``."""
    if not spec:
        if raw.strip() if sep is None else raw:
            raise BadArgs(raw)
        return ()
    parts = raw.split(sep, len(spec) - 1) if raw else []
    parts += [""] * (len(spec) - len(parts))
    if sep is None:
        parts = [p.strip() for p in parts]
    read = [None if arg.optional and not part else arg.read(part) for arg, part in zip(spec, parts, strict=True)]
    values: list[Any] = []
    for arg, value in zip(spec, read, strict=True):  # every part read before any row is loaded
        if arg.load is not None and value is not None:
            value = arg.load(turn, value)
            if value is None:
                raise Gone(raw)
        values.append(value)
    return tuple(values)
