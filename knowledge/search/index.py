"""A small ranked index over one plan's indicators (and the plan's own items), built once per plan.

Why not plain fuzzy string matching: Vietnamese is written in syllables, and the syllables that carry meaning
("cap quang", "ho gia dinh") are drowned by the ones that appear everywhere ("chuyen doi so", "ty le"). So each
indicator is scored by how much of the question's *informative* vocabulary (syllables and syllable pairs weighted
by inverse document frequency) it contains, field by field (the name counts most, the plan's own result, target
and deadline texts least), plus how much of the indicator's own name the question covers.

Everything that does not depend on the question (term weights, each name's total weight, the postings) is computed
once here; a query only adds up postings and keeps the best few with a heap.
"""

from __future__ import annotations

import heapq
import math
import re
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import accumulate, chain, compress, pairwise
from operator import itemgetter
from typing import Any

from knowledge.abbreviations import ABBREVIATIONS, learn_short_forms
from knowledge.normalize import I_OR_Y as _I_OR_Y
from knowledge.normalize import fold_word, is_code, normalize_tokens
from knowledge.search.ngrams import NgramIndex
from knowledge.search.spelling import Speller

# How much a term found only in a field counts, relative to the name. "plan" holds what the plan says beside the
# framework (result, target, deadline, appendix texts): officials name the systems and counts written there.
# "everyday": the reviewed everyday descriptions of what the indicator measures (thesaurus/described.json).
FIELD_WEIGHTS: dict[str, float] = {"name": 1.0, "body": 0.45, "extra": 0.3, "plan": 0.2, "everyday": 1.0}
NAME_WEIGHT = 0.3  # how much covering the indicator's own name counts beside covering the question
# An entry whose name the question barely touches is only a candidate when it shares a word at most this many
# entries hold ("ioffice" in one plan result): common words alone ("dân số") do not make a topic.
NAME_MIN = 0.1
DISTINCT_DF = 3
# A term in more than one entry out of COMMON_SHARE (and more than COMMON_MIN_DF) is common: see ``search``.
COMMON_SHARE = 8
COMMON_MIN_DF = 12
IDF_POWER = 2.0  # rare syllables decide; common ones ("chuyen doi so") barely count
# The letters signal (``ngrams``) beside the words, in the one score: score = (1 - w) × words + w × letters. An
# entry only the letters find is a candidate when they are this close (a name typed with a typo in every word).
# Measured (issue 17): at 0.1 the question sets lose one answer each and names typed with three typos lose one
# (263 → 262 of 451); the speller (``spelling``) already repairs what the letters would find. So the weight is 0:
# the letters are built on first use, and switched on by this one number once a question set shows them earning
# their place.
NGRAM_WEIGHT = 0.0
NGRAM_ONLY = 0.6
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Document:
    """What the index knows of one searchable entry."""

    framework: str
    code: str
    name: str
    # field name (see FIELD_WEIGHTS) → raw text: read when the index is built, and not kept by it (the documents
    # of its hits have none; their joined texts were half a MiB of a bot process, issue 20)
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class Hit:
    doc: Document
    score: float
    name_cover: float = 0.0  # the share of the entry's own name (by weight) the question contains
    coverage: float = 0.0  # the share of the question (by weight) the entry contains
    grounded: bool = True  # the entry's name holds some of the question, or a word only few entries hold


def best_of_each(hits: Iterable[Hit], key: Callable[[Hit], object], tie: float = 0.0) -> list[Hit]:
    """One hit per ``key``, best first: the one with the best score (the first seen, unless a later one beats it by
    more than ``tie``), named as much as the hit for that key that names it most (``name_cover``): readings of one
    question, or a group and the one part it passes its hit to, find one entry, and each says how much of its name
    was asked."""
    best: dict[object, Hit] = {}
    named: dict[object, float] = {}
    grounded: dict[object, bool] = {}
    for h in hits:
        k = key(h)
        named[k] = max(named.get(k, 0.0), h.name_cover)
        grounded[k] = grounded.get(k, False) or h.grounded
        if k not in best or h.score > best[k].score + tie:
            best[k] = h
    return sorted((replace(h, name_cover=named[k], grounded=grounded[k]) for k, h in best.items()),
                  key=lambda h: -h.score)


def terms(tokens: Sequence[str]) -> list[str]:
    """Syllables plus adjacent syllable pairs (pairs carry most of the meaning in Vietnamese)."""
    # a code has a dot: most texts have none, and need no step per word
    words = [t for t in tokens if "." not in t or not is_code(t)] if "." in "".join(tokens) else list(tokens)
    return words + list(map("_".join, pairwise(words)))


RARE_ENTRIES = 2  # a word so few entries hold names them on its own (``SearchIndex.rare``)


class SearchIndex:
    def __init__(self, docs: Iterable[Document], ignore: Iterable[str] = (), kept: Collection[str] = ()) -> None:
        """``ignore``: folded phrases that never identify an entry (place names), dropped from documents and
        queries alike ("gia lai" goes, "gia" of "hộ gia đình" stays); ``kept``: folded words that are words though
        no entry holds them, never spelled into others (``Speller``)."""
        self.docs: list[Document] = list(docs)
        phrases = sorted(set(ignore), key=len, reverse=True)
        self._ignore = re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b") if phrases else None
        texts = [doc.name for doc in self.docs] + [text for doc in self.docs for text in doc.fields.values()]
        self.short_forms = learn_short_forms(texts)
        written = set(chain.from_iterable(map(_WORD.findall, map(str.lower, dict.fromkeys(texts)))))
        self._accented = frozenset(map(tone_key, written))
        # Each term is one string in the process: the vocabulary's own where the process knows it already (plans'
        # vocabularies overlap), else the first copy read; the copies made while reading die at once instead of
        # holding memory the process keeps after the build. Not ``sys.intern``: the interned strings are one table
        # of the process, which the four plans' 10 000 terms filled, and a full table doubles (0.9 MiB, issue 20).
        with _VOCABULARY_LOCK:
            known = {t: t for t in _VOCABULARY}

        def terms_in(text: str) -> Iterator[str]:
            read = terms(self.tokens(text))
            return map(known.setdefault, read, read)

        # Per entry its name's terms, and which of the distinct combinations of other fields it has: for each
        # combination, the weight of each of its terms (the best field holding it), worked out once (issue 20:
        # a large plan repeats its framework's wording, and most of its build was reading it again).
        names = [frozenset(terms_in(doc.name)) for doc in self.docs]
        combination: dict[tuple[tuple[str, str], ...], int] = {}
        others: list[dict[str, float]] = []
        holders: list[int] = []  # per combination, how many entries have it
        which: list[int] = []
        df: Counter[str] = Counter()
        for doc, name in zip(self.docs, names, strict=True):
            key = tuple((f, text) for f, text in doc.fields.items() if f != "name")
            j = combination.get(key)
            if j is None:
                j = combination[key] = len(others)
                others.append(_field_weights(key, terms_in))
                holders.append(0)
            which.append(j)
            holders[j] += 1
            df.update(name.difference(others[j]))  # its name's terms its other fields lack
        for best, count in zip(others, holders, strict=True):
            for t in best:
                df[t] += count
        n = max(len(self.docs), 1)
        self._max_weight = float(math.log((n + 1) / 0.5) ** IDF_POWER)
        self._distinct_weight = float(math.log((n + 1) / (DISTINCT_DF + 0.5)) ** IDF_POWER)
        # a term's weight follows from its count (the length of its posting): one float per distinct count
        self._by_count = {c: float(math.log((n + 1) / (c + 0.5)) ** IDF_POWER) for c in set(df.values())}
        # every term's number is its number in the process's one vocabulary (``_VOCABULARY``): the indexes share
        # one dict of their terms, where each held its own (plans of one framework hold nearly the same terms)
        self._size = _number_terms(df) + 1
        counts = [0] * self._size
        for t, c in df.items():
            counts[_VOCABULARY[t]] = c
        # where each term's postings start: 2 bytes a term while the postings fit (a plan at its own size)
        self._starts = array("H" if sum(counts) < 1 << 16 else "i", accumulate(counts, initial=0))
        del counts
        self.speller = Speller([t for t in df if "_" not in t], {**ABBREVIATIONS, **self.short_forms}, kept)
        self._post(names, which, others, holders, df)
        # A term more entries hold than COMMON_SHARE allows: per entry the number of the pair it adds (0: none),
        # so that adding it to the entries a rarer term found is one look-up each (see ``search``).
        self._common_df = max(COMMON_MIN_DF, len(self.docs) // COMMON_SHARE)
        self._common: dict[str, array[int]] = {}
        # and the most it adds to one entry's score (times the question's weight; see ``search``)
        self._common_most: dict[str, float] = {}
        most = [(1 - NAME_WEIGHT) * g + NAME_WEIGHT * n for g, n in zip(self._gains, self._name_gains, strict=True)]
        for t in df:
            ids, adds = self._posting(t)
            if len(ids) > self._common_df:
                dense = self._common[t] = array(self._adds.typecode, bytes(self._adds.itemsize * len(self.docs)))
                for i, k in zip(ids, adds, strict=True):
                    dense[i] = k
                self._common_most[t] = max(map(most.__getitem__, set(adds)))
        by_count = self._by_count  # every name's term has a count: ``weight`` without a call
        # summed in sorted order: a set's order follows the process's string hashing, and the last bits with it
        self._name_mass = [sum(map(by_count.__getitem__, map(df.__getitem__, sorted(name)))) or 1.0
                           for name in names]
        self._order = [_code_key(doc.code) for doc in self.docs]
        self.name_words = frozenset(t for t in frozenset().union(*names) if "_" not in t)  # each term read once
        # the texts are read: see ``Document``
        self.docs = [Document(doc.framework, doc.code, doc.name, _READ) for doc in self.docs]

    def _post(self, names: list[frozenset[str]], which: list[int], others: list[dict[str, float]],
              holders: list[int], df: Counter[str]) -> None:
        """The postings: only entries sharing a term are touched by a question, and a term's weight is fixed, so
        what it adds to an entry is one of the few (gain, name gain) pairs its fields allow. Every term's entries
        (ascending) and, per entry, the number of its pair, are stretches of two flat arrays (6 bytes an entry
        and 4 a term): a tuple per entry held 72 MiB for a plan 100× larger, and two arrays per term 1 MiB of a
        plan at its own size (issue 20); an entry's number takes 2 bytes where there are at most 65 536 entries,
        a pair's number 1 or 2 bytes where there are at most 256 or 65 536 pairs.
        ``_gains[k]``, ``_name_gains[k]``: pair ``k``; pair 0 adds nothing."""
        number, by_count = _VOCABULARY, self._by_count
        # a term has a posting for each entry holding it (its count): the arrays are made at their size and
        # filled at each term's next place (lists per term were half the build's peak, issue 20)
        entry = "H" if len(names) <= 1 << 16 else "i"
        ids = array(entry, bytes(array(entry).itemsize * self._starts[-1]))
        adds = array("i", bytes(4 * self._starts[-1]))
        pairs: dict[tuple[float, float, bool], int] = {}  # a term's weight depends on its count alone: few pairs
        gains, name_gains = [0.0], [0.0]

        def pair(t: str, weight: float, named: bool) -> int:
            # A term only one or two entries contain identifies them whichever field it is in (a system named
            # only in the plan's result column, "ioffice"): its field weight rises towards the name's.
            weight = max(weight, min(1.0, 1.0 / df[t]) if df[t] <= 2 else weight)
            w = by_count[df[t]]
            k = pairs.get((w, weight, named))
            if k is None:
                k = pairs[(w, weight, named)] = len(gains)
                gains.append(w * weight)
                name_gains.append(w if named else 0.0)
            return k

        name_weight = FIELD_WEIGHTS["name"]
        # per combination of other fields: the numbers of its terms and their pairs; and, filled as names come, the
        # pair a name's term adds beside them
        unnamed: dict[int, list[tuple[int, int]]] = {}
        in_names: dict[int, dict[str, int]] = {}
        left = list(holders)
        at = list(self._starts)  # each term's next place (a list: read and written once per posting)
        for i, (name, j) in enumerate(zip(names, which, strict=True)):
            rest = unnamed.get(j)
            if rest is None:
                rest = unnamed[j] = [(number[t], pair(t, w, False)) for t, w in others[j].items()]
                in_names[j] = {}
            # every term of the entry's other fields, then its name's terms: a term in both gets the name's pair
            # in the place just written (no test per posting: most of a large plan's build, issue 20)
            for m, k in rest:
                p = at[m]
                ids[p] = i
                adds[p] = k
                at[m] = p + 1
            best, seen = others[j], in_names[j]
            for t in name:
                k = seen.get(t) or seen.setdefault(t, pair(t, max(name_weight, best.get(t, 0.0)), True))  # k ≥ 1
                m = number[t]
                if t in best:  # written just above with the field's pair: the name's replaces it
                    adds[at[m] - 1] = k
                else:
                    p = at[m]
                    ids[p] = i
                    adds[p] = k
                    at[m] = p + 1
            left[j] -= 1
            if not left[j]:  # its last entry: what was worked out for the combination goes (the build's peak
                del unnamed[j], in_names[j]  # is what a process keeps of its memory, issue 20)
                others[j] = {}
        self._ids = ids
        # a pair's number in one byte where the index has at most 256 pairs (three of the four plans: a common
        # term's per-entry array is then half as long), two where at most 65 536
        self._adds = array("B" if len(gains) <= 1 << 8 else "H", adds) if len(gains) <= 1 << 16 else adds
        self._gains, self._name_gains = gains, name_gains

    def _posting(self, term: str) -> tuple[array[int], array[int]]:
        """The entries holding ``term`` and the number of the pair each of them gets from it."""
        j = _VOCABULARY.get(term)
        if j is None or j >= self._size:
            return _NOTHING
        lo, hi = self._starts[j], self._starts[j + 1]
        return self._ids[lo:hi], self._adds[lo:hi]

    def _count(self, term: str) -> int:
        """How many entries hold ``term`` (0: the index does not know it)."""
        j = _VOCABULARY.get(term)
        return 0 if j is None or j >= self._size else self._starts[j + 1] - self._starts[j]

    def terms(self) -> list[str]:
        """Every term the index knows."""
        size, starts = self._size, self._starts
        return [t for t, j in list(_VOCABULARY.items()) if j < size and starts[j] < starts[j + 1]]

    @cached_property
    def letters(self) -> NgramIndex:
        """The letters signal, built on first use: it is off (``NGRAM_WEIGHT`` 0), and it was a third of a large
        plan's build and most of its memory."""
        return NgramIndex([" ".join(self.tokens(doc.name)) for doc in self.docs])

    def tokens(self, text: str) -> list[str]:
        """Normalised words of ``text`` with learned short forms spelled out and ignored words dropped."""
        return self._spell_out(self.drop_ignored(normalize_tokens(text)))

    def _spell_out(self, tokens: list[str]) -> list[str]:
        """``tokens`` with the learned short forms spelled out (most texts have none: no step per word)."""
        if self.short_forms.keys().isdisjoint(tokens):
            return tokens
        out: list[str] = []
        for tok in tokens:
            expansion = self.short_forms.get(tok)
            out.extend(expansion.split() if expansion else (tok,))
        return out

    def drop_ignored(self, tokens: Sequence[str]) -> list[str]:
        if self._ignore is None:
            return list(tokens)
        return self._ignore.sub(" ", " ".join(tokens)).split()

    def holds(self, doc: Document, term: str) -> bool:
        """Whether ``doc`` (one of this index's entries) holds ``term`` in any field."""
        at = self._at.get(id(doc))
        return at is not None and at in self._posting(term)[0]

    @cached_property
    def _at(self) -> dict[int, int]:
        return {id(doc): i for i, doc in enumerate(self.docs)}

    def knows(self, word: str) -> bool:
        return self._count(word) > 0

    def rare(self, word: str) -> bool:
        """Known to a few entries only (``RARE_ENTRIES``): a name of its own ("SMEdx", "botnet")."""
        return 0 < self._count(word) <= RARE_ENTRIES

    def common(self, term: str) -> bool:
        """A term more entries hold than a topic word does ("tinh" of every "tỉnh"): it cannot pick an entry."""
        return term in self._common

    def false_friends(self, question: str) -> frozenset[str]:
        """Folded words the question writes *with* diacritics that no source writes that way, although their
        folded form is known: "lương" is not "lượng", "giá" is not "gia". They count as unknown words."""
        foreign: set[str] = set()
        untoned: set[str] = set()  # of them, the ones with no tone mark: "sô", "đinh", where a tone was missed
        native: set[str] = set()
        words = _WORD.findall(question.lower())
        if sum(fold_word(w) != w for w in words) * MARKED_SHARE < len(words):
            # a question typed mostly without marks: its few marked words are slips of the thumb ("dien tạp attt
            # cua xa dc may điem"), not another word's marks
            return frozenset()
        for word in words:
            plain = fold_word(word)
            if tone_key(word) in self._accented or plain == word:
                native.add(plain)  # written as the sources write it (or without diacritics): their word
            elif self._count(plain) and not _slipped_tone(word):
                foreign.add(plain)
                if not _TONES.intersection(unicodedata.normalize("NFD", word)):
                    untoned.add(plain)
        untoned -= native
        # many words without the tone the sources give them ("chỉ sô tỷ lẹ hô gia đinh co đia chỉ sô"): a thumb that
        # misses tones, not words of another topic, which come one or two to a question ("lương cơ sở"). A word
        # with a tone no source gives it ("dính", "kẻ") is another word still: counting those too turned a
        # held-back refusal into an answer (set 21)
        slips = untoned if len(untoned) >= SLIPPED_MANY else set()
        return frozenset(foreign - native - slips)  # "phần trăm … máy trạm": "tram" is still the sources' word

    def weight(self, term: str) -> float:
        j = _VOCABULARY.get(term)  # ``_count`` written out: a question asks for hundreds of weights
        if j is None or j >= self._size or (count := self._starts[j + 1] - self._starts[j]) == 0:
            return self._max_weight
        return self._by_count[count]

    def correct(self, tokens: Sequence[str]) -> list[str]:
        """Typed words the vocabulary lacks, repaired where a repair lands on known words (see ``spelling``)."""
        return self.speller.correct(self._spell_out(self.drop_ignored(tokens)))

    def search(self, tokens: Sequence[str], limit: int = 5, unknown: Collection[str] = ()) -> list[Hit]:
        """Rank documents for already-normalised question tokens (stop words removed); ``unknown``: words to
        count as unknown although the vocabulary has them (see ``false_friends``)."""
        # A word pair no document contains is an accident of word order, not evidence against any document;
        # an unknown single word does count against every document (that is what refuses off-topic questions).
        words = [f"?{t}" if t in unknown else t for t in self.correct(tokens)]
        # sorted: the scores are sums over these terms, and a set's order (the process's string hashing) would
        # change their last bits from one run to the next, and with them which of two equal readings wins
        query = sorted({t for t in terms(words) if "_" not in t or self._count(t)})
        if not query:
            return []
        total = sum(self.weight(t) for t in query)
        n = len(self.docs)
        gained = [0.0] * n
        named = [0.0] * n
        touched: list[int] = []
        # Terms most entries hold ("so", "chuyen") cannot make an entry a candidate, only add to candidates that a
        # rarer term found: their long postings are never walked (unless the question has nothing rarer).
        rare = [t for t in query if t not in self._common]
        common = [t for t in query if t in self._common]
        if not any(self._count(t) for t in rare):
            rare, common = [*rare, *common], []
        gains, name_gains = self._gains, self._name_gains
        for t in rare:
            ids, adds = self._posting(t)
            for i, k in zip(ids, adds, strict=True):
                if not gained[i]:
                    touched.append(i)
                gained[i] += gains[k]
                named[i] += name_gains[k]
        if common and not NGRAM_WEIGHT:
            touched = self._within_reach(touched, gained, named, common, limit + 8)
        pick = _picker(touched)  # reads a per-entry array at the touched entries, in C (thousands at scale)
        for t in common:  # entry by entry, each adds its common terms in the same order as before
            ks = pick(self._common[t])
            for i, k in compress(zip(touched, ks, strict=True), ks):  # the touched entries holding the term
                gained[i] += gains[k]
                named[i] += name_gains[k]
        mass = self._name_mass
        # (1 - NAME_WEIGHT) × gained / total + NAME_WEIGHT × named / max(mass, total), with the constant and the
        # max written out: a third of this line's time when a large plan touches thousands of entries
        words_share = 1 - NAME_WEIGHT
        by_words = {
            i: words_share * gained[i] / total + NAME_WEIGHT * named[i] / (m if (m := mass[i]) >= total else total)
            for i in touched
        }
        letters: dict[int, float] = {}
        score = by_words
        if NGRAM_WEIGHT:
            letters = self.letters.scores(" ".join(t for t in tokens if not is_code(t)))
            for i, similar in letters.items():
                if i not in by_words and similar >= NGRAM_ONLY:
                    touched.append(i)
                    by_words[i] = 0.0
            score = {i: (1 - NGRAM_WEIGHT) * by_words[i] + NGRAM_WEIGHT * letters.get(i, 0.0) for i in touched}
        # the best few by score; among equal scores the lower code first (a few more are taken for the ties)
        top = heapq.nlargest(limit + 8, touched, key=score.__getitem__)
        best = sorted(top, key=lambda i: (-score[i], self._order[i]))[:limit]
        hits = []
        distinct: list[str] | None = None  # the query's terms few entries hold, worked out once if asked
        for i in best:
            name_cover = named[i] / mass[i]
            grounded = name_cover >= NAME_MIN or letters.get(i, 0.0) >= NGRAM_ONLY
            if not grounded:
                distinct = self._distinct_terms(query) if distinct is None else distinct
                grounded = any(i in self._posting(t)[0] for t in distinct)
            hits.append(Hit(self.docs[i], score[i], name_cover, gained[i] / total, grounded))
        return hits

    def _within_reach(self, touched: list[int], gained: list[float], named: list[float], common: Sequence[str],
                      keep: int) -> list[int]:
        """The touched entries whose score can still reach the ``keep``-th best once the common terms are added:
        those terms cannot make an entry a candidate, and at scale most of the touched entries cannot reach the
        top whatever they add (a plan 100× larger touches thousands, issue 20). An entry's score only grows with
        its sums (adding a term never lowers a float sum), so the ``keep``-th best words share already reached is
        a floor of the ``keep``-th best score; an entry whose sums, even with the most every common term adds,
        stay below that floor is dropped. Ties with the floor are kept: the order of the rest is unchanged."""
        if len(touched) <= keep:
            return touched
        words_share = 1 - NAME_WEIGHT
        floor = words_share * heapq.nlargest(keep, map(gained.__getitem__, touched))[-1]
        # score × total ≤ words_share × gained + NAME_WEIGHT × named (the name's share is divided by at least the
        # total); a slack for the last bits of sums added in another order
        least = floor - sum(self._common_most[t] for t in common) * (1 + _SLACK) - _SLACK * floor
        return [i for i in touched if words_share * gained[i] + NAME_WEIGHT * named[i] >= least]

    def _distinct_terms(self, query: Collection[str]) -> list[str]:
        """The terms of ``query`` that only few entries hold: an entry the question barely names is still grounded
        by one of them (asked only of such entries: most hits are grounded by their name)."""
        rare = self._distinct_weight
        by_count = self._by_count
        return [t for t in query if (c := self._count(t)) and by_count[c] >= rare]


def _picker(indexes: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function reading a sequence at ``indexes`` into a tuple (``itemgetter`` gives a bare item for one)."""
    if len(indexes) == 1:
        return lambda values: (values[indexes[0]],)
    return itemgetter(*indexes) if indexes else lambda values: ()


def _field_weights(fields: Iterable[tuple[str, str]], terms_in: Callable[[str], Iterable[str]]) -> dict[str, float]:
    """Each term of the fields with the weight of the best field holding it."""
    best: dict[str, float] = {}
    for field, text in fields:
        weight = FIELD_WEIGHTS.get(field, FIELD_WEIGHTS["extra"])
        for t in terms_in(text):
            if weight > best.get(t, 0.0):
                best[t] = weight
    return best


# Every term of every index built in the process, with its number: an index holds the stretch of its postings at
# each of its terms' numbers (and an empty one at the others'). One dict for the process where each index held a
# dict of its terms (the four plans' indexes 21 000 terms, 10 200 different: 0.5 MiB; issue 20). Only added to,
# under the lock, so that two indexes built at once number a term alike; a term is numbered once and kept.
_VOCABULARY: dict[str, int] = {}
_VOCABULARY_LOCK = threading.Lock()


def _number_terms(terms: Iterable[str]) -> int:
    """Numbers ``terms`` in the process's vocabulary where they are new; the largest number of ``terms`` (-1: none)."""
    vocabulary = _VOCABULARY
    with _VOCABULARY_LOCK:
        return max((vocabulary.setdefault(t, len(vocabulary)) for t in terms), default=-1)


_SLACK = 1e-9  # bounds are sums too: compared with this much room
_NOTHING: tuple[array[int], array[int]] = (array("i"), array("i"))
_READ: dict[str, str] = {}  # the fields of every document an index keeps (never written to)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


# A question has its marks typed (and a mark no source writes makes a false friend) when at least one word in
# MARKED_SHARE is marked; fewer, and the marks it has are slips
MARKED_SHARE = 3
# As many words as this or more, each without the tone the sources give it, are slips of a hurried thumb, not false
# friends
SLIPPED_MANY = 3


# A syllable closed by p, t, c or ch carries the sắc or the nặng tone in Vietnamese spelling; any other tone on it
# spells no word ("tâp", "quyêt", "viêc": "tập", "quyết", "việc" whose tone mark the thumb missed)
_STOP_FINAL = re.compile(r"(?:p|t|c|ch)$")
_STOP_TONES = frozenset("\u0301\u0323")


def _slipped_tone(word: str) -> bool:
    """``word`` (lower case) is marked, yet no Vietnamese syllable is spelled so: a mark slipped, not another word's
    (which a false friend is)."""
    if not _STOP_FINAL.search(word):
        return False
    return not any(ch in _STOP_TONES for ch in unicodedata.normalize("NFD", word))


@lru_cache(maxsize=65536)
def tone_key(word: str) -> str:
    """A written syllable with its tone moved to the end, so that the two placements in use ("uỷ" and "ủy")
    are one word, while "lương" and "lượng" stay two."""
    parts = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in parts if ch in _TONES)
    base = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
    # not interned: a question's words come here too, and each would take a place in the process's table of
    # interned strings for good (the thesaurus interns the keys it keeps, the cache gives one copy per word)
    return normalize_tokens(base)[0] + tones if _I_OR_Y.fullmatch(base) else base + tones  # "lý" = "lí"


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.replace("PL", "").split("."))
