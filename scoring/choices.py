"""Answers to yes/no and choice questions, matched the way people type them (with or without diacritics).

``có``, ``co``, ``đã``, ``1`` all mean yes; a choice accepts its key, its label or its number in the
list. An answer
that matches nothing is rejected with the list of accepted answers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from scoring.model import InputRejected

YES_WORDS = ("co", "da", "yes", "y", "true", "1", "dat", "roi")
NO_WORDS = ("khong", "chua", "no", "n", "false", "0")


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Lower case, no diacritics, ``đ`` → ``d``, single spaces: ``Đã có`` → ``da co``."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("_", " ").split())


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    share: Fraction | float = 0.0  # of the maximum
    points: float | None = None  # absolute points when the source gives points instead of a share
    written: str = ""  # the share as the source writes it ("1/2")
    fraction: float = field(default=0.0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fraction", float(self.share))  # computed once: Fraction → float is slow


@dataclass(frozen=True)
class Choice:
    """The options of one input. ``yes_no`` choices also accept the usual words for yes and no."""

    options: tuple[Option, ...]
    yes_no: bool = False
    _index: dict[str, Option] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for i, opt in reversed(list(enumerate(self.options, start=1))):
            for said in (str(i), normalize(opt.label), normalize(opt.key)):
                self._index[said] = opt

    def option(self, answer: str) -> Option:
        exact = self._index.get(answer)  # a key typed as listed: no normalising needed
        if exact is not None:
            return exact
        said = normalize(answer)
        found = self._index.get(said)
        if found is not None:
            return found
        if self.yes_no:
            words = said.split()
            first = words[0] if words else ""
            if said in YES_WORDS or (
                first in YES_WORDS and first not in NO_WORDS and "chua" not in words and "khong" not in words
            ):
                return self.options[0]
            if said in NO_WORDS or first in NO_WORDS or "chua" in words or "khong" in words:
                return self.options[1]
        accepted = "; ".join(f"{i}. {o.key} ({o.label})" for i, o in enumerate(self.options, start=1))
        raise InputRejected(f"Câu trả lời '{answer}' không khớp lựa chọn nào. Chọn một trong: {accepted}.")

    def answers(self) -> dict[str, Option]:
        """The answers a form offers — each option's number, key and label, as written and normalised — with
        the option ``option`` gives each: a table a compiled rule looks answers up in without normalising (it
        leaves any other answer to ``option``)."""
        listed = {*self._index, *(o.key for o in self.options), *(o.label for o in self.options)}
        return {said: self.option(said) for said in listed}

    def describe(self) -> str:
        return " / ".join(f"{o.key} = {o.label}" for o in self.options)

    def label_of(self, key: str) -> str:
        """The text of the option stored as ``key`` ("Đã ban hành" for ``co``); a key no option has is shown as
        stored, never matched loosely to another option."""
        return next((o.label for o in self.options if o.key == key), key)


def yes_no(yes: str = "Có", no: str = "Không") -> Choice:
    """The commonest choice: yes gives the maximum, no gives 0."""
    return Choice((Option("co", yes, Fraction(1)), Option("khong", no, Fraction(0))), yes_no=True)
