"""The words officials really type, turned into the words the plans use, before a question is searched.

Three tables, all data (``knowledge/data/thesaurus/``), each entry with its reason and a test:

- ``chat.json`` (reviewed): chat and teen-code forms ("bn" → "bao nhiêu", "đc" → "được", "ko" → "không") and
  particles that carry no topic. Applied to every question first: a chat form is a spelling, not a choice.
- ``everyday.json`` (reviewed): everyday wordings of the plans' administrative terms ("quẹt mã QR" →
  "thanh toán trực tuyến", "họp qua màn hình" → "họp trực tuyến"), each with the place its official wording is
  written. An everyday wording may also be a real word of the sources ("số hóa"), so these make *variants* of the
  question, searched beside the question as typed; the best reading wins.
- ``described.json`` (reviewed): per indicator, how officials and citizens describe in everyday words what its
  method measures ("nhà nào cũng kéo mạng quang" for 3.3), each entry citing the source documents of the method
  it was written from. Not rewrites: indexed as a field of the indicator (see ``bundled_descriptions``).
- ``learned.json`` (built by ``python -m knowledge.build`` from the sources): wordings of one indicator that its
  sources write differently ("toàn trình" ~ "mức độ 4"), used both ways, also as variants.

Matching is word by word on the question as typed: a form written with diacritics matches the same word with the
same diacritics, or the word typed without any ("tiền" matches "tiền" and "tien", never "tiến"), so a false
friend of a folded form is never rewritten. Chat forms written with diacritics ("ông", "hả") match only so.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

from knowledge.normalize import fold, fold_word
from knowledge.search.index import MARKED_SHARE, tone_key
from knowledge.store import data_dir

_WORD = re.compile(r"\w+")
# What ends a phrase between two words: a comma, a semicolon, a question or exclamation mark, a full stop before a
# space ("… thôi ha, tinh điểm …" names no "Hà Tĩnh"). Not a dot against the next word ("đuôi .vn", "TP.HCM").
_BREAK = re.compile(r"[,;?!…]|\.\s")
MAX_VARIANTS = 2  # the question as typed, then at most this many rewritten readings


# A "+" between words ("Công an tỉnh + NHNN …", "A+B"), never in "4+" or "+84"
_PLUS = re.compile(r"(?<=\w)\s*\+\s*(?=[^\W\d])")


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One way of saying something (``words``, lower case as written) and what it stands for (``alternatives``,
    the first the usual one); ``exact``: match only with the diacritics written."""

    words: tuple[str, ...]
    alternatives: tuple[str, ...]
    exact: bool = False
    # filled in: each word's folded form, and each alternative's words with their folded forms
    keys: tuple[str, ...] = field(default=(), compare=False)
    official_keys: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", _keys(self.words))
        alternatives, official_keys = _alternatives(self.alternatives)
        object.__setattr__(self, "alternatives", alternatives)
        object.__setattr__(self, "official_keys", official_keys)


@cache
def _alternatives(alternatives: tuple[str, ...]
                  ) -> tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """One copy of equal alternatives, with their words and the words' keys: the tables' 1 100 rewrites stand for
    220 different official wordings (issue 20)."""
    return alternatives, tuple((words, _keys(words)) for a in alternatives for words in [_words(a)])


# Every word and folded form of the tables is one string in the process (``sys.intern``): 2 700 rewrites hold
# 18 000 of them, mostly the same few thousand words (issue 20). A word's tone key is not kept: it is looked up
# (``tone_key``, cached) only where a question writes the word otherwise (0.3 MiB of a bot process; issue 20).
def _keys(words: Sequence[str]) -> tuple[str, ...]:
    """The words' folded forms."""
    return tuple(sys.intern(fold(w)) for w in words)


def _words(text: str) -> tuple[str, ...]:
    return tuple(map(sys.intern, _WORD.findall(unicodedata.normalize("NFC", text).lower())))


class PhraseTable:
    """Rewrites indexed by their first word (folded), longest first, matched word by word over a text."""

    def __init__(self, rewrites: Iterable[Rewrite], *, rewriting: bool = True) -> None:
        """``rewriting``: the table rewrites what it finds, so a span whose official wording is already written
        there is no match; a table that only finds phrases (``phrase_table``) reports them all, each within one
        stretch between punctuation (a rewrite may span a list's comma: "trường CĐ, ĐH")."""
        self._rewriting = rewriting
        # a rewrite of several words under its first two (the second as ``says`` reads it whatever its marks), one of
        # one word under that word: a long question tried every rewrite sharing a word's first word (issue 20)
        by_two: dict[tuple[str, str], list[Rewrite]] = {}
        by_one: dict[str, list[Rewrite]] = {}
        for r in rewrites:
            if len(r.words) > 1:
                by_two.setdefault((fold(r.words[0]), _loose(r.keys[1])), []).append(r)
            elif r.words:
                by_one.setdefault(fold(r.words[0]), []).append(r)
        # kept as tuples: a list holds room to grow (issue 20); the longest first
        self._by_two = {two: tuple(sorted(found, key=lambda r: -len(r.words))) for two, found in by_two.items()}
        self._by_one = {one: tuple(found) for one, found in by_one.items()}

    def rewrites(self) -> Iterator[Rewrite]:
        """Every rewrite the table holds, once each."""
        for found in (*self._by_two.values(), *self._by_one.values()):
            yield from found

    def matches(self, text: str | Words) -> list[tuple[int, int, Rewrite]]:
        """Non-overlapping (start, end, rewrite) spans of ``text``, leftmost then longest first."""
        typed = text if isinstance(text, Words) else Words(text)
        spans = typed.spans
        out: list[tuple[int, int, Rewrite]] = []
        i, count = 0, len(spans)
        while i < count:
            found = None
            first = typed.plain[i]
            longer = self._by_two.get((first, typed.loose[i + 1]), ()) if i + 1 < count else ()
            for r in (*longer, *self._by_one.get(first, ())):
                n = len(r.words)
                if i + n <= count and typed.says(i, r.words, r.keys, r.exact) \
                        and (self._rewriting or not typed.broken(i, n)):
                    found = (spans[i][0], spans[i + n - 1][1], r)
                    break
            if found is None:
                i += 1
                continue
            n = len(found[2].words)
            official = found[2].official_keys if self._rewriting else ()
            if not any(len(words) >= n and typed.says(i, words, keys, False) for words, keys in official):
                out.append(found)  # unless the official wording is written here already ("mức độ hài lòng")
            i += n
        return out


class Words:
    """A text's words with what matching compares: tone keys, folded forms, whether typed with diacritics.
    Made once per question and matched against every table."""

    def __init__(self, text: str) -> None:
        lowered = unicodedata.normalize("NFC", text).lower()
        self.spans = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(lowered)]
        self.words = [w for _, _, w in self.spans]
        self.plain = [fold_word(w) for w in self.words]
        self.tones = [tone_key(w) for w in self.words]
        self.marked = [p != w for p, w in zip(self.plain, self.words, strict=True)]
        self.loose = [_loose(p) for p in self.plain]
        # a question typed with its marks writes a word without marks as that word: "đứng ra lo" is no "ra lò"
        self.with_marks = sum(self.marked) * MARKED_SHARE >= len(self.words) > 0
        self._lowered = lowered

    def broken(self, at: int, n: int) -> bool:
        """Punctuation (``_BREAK``) stands between the ``n`` words from ``at``: they are no one phrase. Read in
        the text between them only when a finding table has matched them, not for every question."""
        spans = self.spans
        return any(_BREAK.search(self._lowered, spans[k][1], spans[k + 1][0]) for k in range(at, at + n - 1))

    def says(self, at: int, words: tuple[str, ...], plain: tuple[str, ...], exact: bool) -> bool:
        """The words from ``at`` are the table's ``words`` (``plain``: their folded forms): written alike
        (wherever the tone mark sits: "hoá" is "hóa"), or — unless ``exact`` — typed with no diacritics at all."""
        if at + len(words) > len(self.plain):
            return False
        for k, word in enumerate(words):
            j = at + k
            if (self.words[j] != word and self.tones[j] != tone_key(word)
                    and (exact or self.marked[j] or self.with_marks or self.plain[j] != plain[k])):
                return False
        return True


def _loose(plain: str) -> str:
    """A folded word with y as i: two words ``Words.says`` takes as one ("lý" and "lí", "hóa" and "hoá") have one
    loose form (their folded forms differ at most in a final y or i)."""
    return plain.replace("y", "i") if "y" in plain else plain


def phrase_table(phrases: Iterable[str]) -> PhraseTable:
    """A table that finds the given phrases (each standing for itself) in texts, with or without diacritics."""
    return PhraseTable((Rewrite(_words(p), (p,)) for p in phrases), rewriting=False)


def _splice(text: str, spans: Sequence[tuple[int, int, Rewrite]], pick: int) -> str:
    """``text`` with each span replaced by its rewrite's ``pick``-th alternative; an official wording already
    written in by an earlier span is not written again ("nhận kết quả qua bưu điện gửi về tận nhà": once)."""
    out, last, written = [], 0, set()
    for start, end, r in spans:
        choice = r.alternatives[min(pick, len(r.alternatives) - 1)] if r.alternatives else ""
        out += [text[last:start], f" {choice} " if choice and choice not in written else " "]
        written.add(choice)
        last = end
    out.append(text[last:])
    return "".join(out)


def _in_code(text: str, start: int, end: int) -> bool:
    """The span is a part of a code joined by dots or dashes ("PL3.E.1", "PL3 E-2"): "E" there is no chat "e"."""
    before = start >= 2 and text[start - 1] in ".-" and text[start - 2].isalnum()
    after = end + 1 < len(text) and text[end] in ".-" and text[end + 1].isalnum()
    return before or after


Rewrites = Iterable[Rewrite] | Callable[[], Iterable[Rewrite]]


class Thesaurus:
    """The three tables, ready to apply to questions. Each is built on first use (a table may be given as the
    function that reads it): a question naming a code reads only the chat forms, never the 2 000 everyday ones
    (a third of ``dti-bot ask``'s time when the everyday table was read for every question, issue 20)."""

    def __init__(self, chat: Rewrites, everyday: Rewrites, learned: Rewrites = ()) -> None:
        self._tables = {"chat": chat, "everyday": everyday, "learned": learned}

    def _table(self, name: str) -> PhraseTable:
        given = self._tables[name]
        return PhraseTable(given() if callable(given) else given)

    @cached_property
    def _chat(self) -> PhraseTable:
        return self._table("chat")

    @cached_property
    def _everyday(self) -> PhraseTable:
        return self._table("everyday")

    @cached_property
    def _learned(self) -> PhraseTable:
        return self._table("learned")

    def normalize_chat(self, text: str) -> str:
        """``text`` with chat forms written out ("bn điểm" → "bao nhiêu điểm") and empty particles removed; a "+"
        between words is "và" ("Công an tỉnh + NHNN chi nhánh …")."""
        text = _PLUS.sub(" và ", text) if "+" in text else text
        spans = [span for span in self._chat.matches(text) if not _in_code(text, span[0], span[1])]
        return _splice(text, spans, 0) if spans else text

    def rewrite(self, text: str) -> str:
        """``text`` with every everyday wording replaced by its usual official one (for people and tests)."""
        return _splice(text, self._everyday.matches(text), 0)

    def found(self, text: str | Words) -> tuple[list[Rewrite], list[Rewrite]]:
        """The everyday wordings and the aligned source wordings written in ``text``, in order."""
        words = text if isinstance(text, Words) else Words(text)
        return [r for _, _, r in self._everyday.matches(words)], [r for _, _, r in self._learned.matches(words)]


def written_by(knows: Callable[[str], bool], words_of: Callable[[str], tuple[str, ...]]) -> Callable[[str], bool]:
    """Whether a plan writes an official wording: the pair of its first two search words (``words_of``), or its
    one word, is one the plan's index ``knows``, or every word and most pairs are. Remembered per wording: the
    tables hold a few hundred."""
    seen: dict[str, bool] = {}

    def writes(phrase: str) -> bool:
        if phrase not in seen:
            words = list(words_of(phrase))
            # its head: the first two words as a pair (a Vietnamese phrase opens with what it is about); or every
            # word, and most of the pairs ("phòng, chống mã độc" where a plan writes "phòng chống" apart)
            pairs = list(map("_".join, pairwise(words)))
            seen[phrase] = bool(words) and (knows("_".join(words[:2])) or (
                all(map(knows, words)) and 2 * sum(map(knows, pairs)) > len(pairs)))
        return seen[phrase]
    return writes


def within(rewrites: Sequence[Rewrite], writes: Callable[[str], bool]) -> list[Rewrite]:
    """The everyday wordings with only the official ones a plan writes (``written_by``): "hồ sơ sức khỏe điện tử" is
    Ninh Thuận's "y tế thông minh", which Gia Lai's plan never writes; searched there, its "thông minh" found
    "điện thoại thông minh". A wording left with none is dropped."""
    out = []
    for r in rewrites:
        kept = tuple(a for a in r.alternatives if writes(a))
        if kept:
            out.append(r if kept == r.alternatives else Rewrite(r.words, kept, r.exact))
    return out


def variants(tokens: Sequence[str], everyday: Sequence[Rewrite], learned: Sequence[Rewrite],
             words_of: Callable[[str], tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Readings of a question's search words (``tokens``, already analysed) to search beside them: its everyday
    wordings replaced by each of their official ones, then the wordings its sources align. ``words_of`` turns a
    phrase into search words the way the question's were made. A wording the analysis took out (a filler such as
    "bao lâu") still brings its official words, at the end. Empty when nothing applies."""
    out: list[tuple[str, ...]] = []
    widest = max((len(r.alternatives) for r in everyday), default=0)
    for pick in range(min(widest, MAX_VARIANTS)):
        out.append(_replace(tokens, everyday, pick, words_of))
    if learned:
        out.append(_replace(out[0] if out else tokens, learned, 0, words_of))
    return [v for v in dict.fromkeys(out) if v != tuple(tokens)][:MAX_VARIANTS]


def _replace(tokens: Sequence[str], rewrites: Sequence[Rewrite], pick: int,
             words_of: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
    """``tokens`` with each rewrite's words replaced in place by its ``pick``-th alternative's; a wording the
    analysis took out brings its official words at the end, once. Written in place each time it is typed: a
    question is searched as a set of terms, so a repeat costs nothing, and each place keeps its pairs ("giấy tờ
    nộp online, xã xử lý online": both "nộp trực tuyến" and "xử lý trực tuyến")."""
    current = list(tokens)
    appended: set[str] = set()
    for r in rewrites:
        choice = r.alternatives[min(pick, len(r.alternatives) - 1)] if r.alternatives else ""
        new = list(words_of(choice)) if choice else []
        old = words_of(" ".join(r.words))
        at = _find(current, old) if old else -1
        if at >= 0:
            current[at:at + len(old)] = new
        elif choice not in appended:
            appended.add(choice)
            current += new
    return tuple(current)


def _find(tokens: Sequence[str], part: Sequence[str]) -> int:
    n = len(part)
    return next((i for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == tuple(part)), -1)


def rewrites_of(entries: Iterable[Mapping[str, Any]], forms: str, target: str, *, exact_marked: bool = False
                ) -> list[Rewrite]:
    """Rewrites from a table's entries: every form of ``forms`` stands for the entry's ``target`` (a string or a
    list of alternatives). ``exact_marked``: forms written with diacritics match only so (chat particles); so do
    the forms of an entry marked ``"marked": true`` ("bao nhiêu nhà": folded, it is "bao nhiêu nha", a particle)."""
    out: list[Rewrite] = []
    for entry in entries:
        raw = entry[target]
        alternatives = tuple(raw) if isinstance(raw, list) else (raw,)
        for form in entry[forms]:
            words = _words(form)
            exact = (exact_marked or entry.get("marked") is True) and any(fold(w) != w for w in words)
            out.append(Rewrite(words, tuple(a for a in alternatives), exact))
    return out


def learned_rewrites(pairs: Iterable[Mapping[str, Any]]) -> list[Rewrite]:
    """Each aligned pair, both ways."""
    out: list[Rewrite] = []
    for pair in pairs:
        out.append(Rewrite(_words(pair["a"]), (pair["b"],)))
        out.append(Rewrite(_words(pair["b"]), (pair["a"],)))
    return out


def read_table(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data["entries"] if isinstance(data, dict) else data
    return list(entries)


def load_thesaurus(folder: Path | None = None) -> Thesaurus:
    root = folder or data_dir() / "thesaurus"
    return Thesaurus(
        lambda: rewrites_of(read_table(root / "chat.json"), "chat", "full", exact_marked=True),
        lambda: rewrites_of(read_table(root / "everyday.json"), "everyday", "official"),
        lambda: learned_rewrites(read_table(root / "learned.json")),
    )


def read_described(path: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    """(framework, code) → the everyday descriptions of what that indicator measures (``described.json``); a
    plan's own item (Ninh Thuận's targets, documents and projects) is keyed (plan id, code)."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in read_table(path):
        key = (entry.get("framework") or entry["plan"], entry["code"])
        out[key] = (*out.get(key, ()), *entry["everyday"])
    return out


def bundled_descriptions() -> dict[tuple[str, str], tuple[str, ...]]:
    """The per-indicator everyday vocabulary shipped with the package: indexed as a field of each indicator
    (``documents.plan_documents``), so a question in everyday words finds the indicator whose method measures
    it, although it names none of the indicator's own words. Read for each index built (a few milliseconds) and
    not held: an index keeps only its terms (0.4 MiB of a bot process, issue 20)."""
    return read_described(data_dir() / "thesaurus" / "described.json")


@cache
def bundled_thesaurus() -> Thesaurus:
    """The tables shipped with the package, loaded once per process."""
    return load_thesaurus()
