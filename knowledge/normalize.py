"""Vietnamese text normalisation shared by indexing and querying.

Officials type on phones: with or without diacritics, with typos and abbreviations. Both the knowledge base and the
question go through the same ``normalize`` so that "Sở TT&TT", "so tttt" and "Sở Thông tin và Truyền thông" meet in
one form: Unicode NFC, lower case, diacritics folded (đ → d), abbreviations expanded, punctuation removed — except
the dots inside indicator codes such as 6.22.1, which are kept as one token.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from knowledge.abbreviations import ABBREVIATIONS, CASED_ABBREVIATIONS, PHRASE_SYNONYMS
from knowledge.lazy import lazy_compile

_CODE = lazy_compile(r"(?<![\w.])\d{1,2}(?:\.\d{1,2}){1,4}(?![\w]|\.\d)")
_TOKEN = re.compile(r"\d{1,2}(?:\.\d{1,2}){1,4}|[a-z0-9]+")
# Abbreviations that are ordinary words in lower case ("ai" = who), expanded only when written in capitals.
_CASED = [(abbr, re.compile(rf"\b{abbr}\b"), full) for abbr, full in CASED_ABBREVIATIONS.items()]
_AMP = re.compile(r"\b([a-z]{1,3})\s*&\s*([a-z]{1,3})\b")
# Short forms written in capitals with a hyphen ("PT-TH", "VH-TT") are one short form; "Văn hóa - Xã hội" is not.
_UPPER_HYPHEN = re.compile(r"\b([A-ZĐ]{1,3})-([A-ZĐ]{1,3})\b")


class _FoldTable(dict[int, str]):
    """Character → folded character, filled on first sight: folding is per character (a precomposed letter's
    decomposition holds its marks), so one table lookup replaces decomposing every string again."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = "d" if ch == "đ" else "".join(
            c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn"
        )
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """NFC, lower case, diacritics removed, đ → d. Keeps punctuation (callers decide)."""
    text = unicodedata.normalize("NFC", text).lower()
    return text if text.isascii() else text.translate(_FOLD)


@lru_cache(maxsize=4096)
def fold_word(word: str) -> str:
    """``fold`` of one word, kept: a question's words are folded again by each reading of it, and a language's
    words are few (issue 20)."""
    return fold(word)


# Two spellings in use for one syllable: "lý"/"lí", "kỹ"/"kĩ", "tỷ"/"tỉ" (a consonant and a final y or i).
_Y_FINAL = [c + "y" for c in (*"bcdhklmnprstvx", "ch", "kh", "nh", "ph", "th", "tr")]  # the 20 such syllables
I_OR_Y = re.compile("|".join(_Y_FINAL))


# The tokens ``_expand`` rewrites: the abbreviations, and the syllables a consonant and a final y.
_I_FOR_Y = {w: w[:-1] + "i" for w in _Y_FINAL}
_REWRITTEN = frozenset(ABBREVIATIONS) | frozenset(_Y_FINAL)


def _expand(tokens: list[str]) -> list[str]:
    """Abbreviations spelled out, a final y after a consonant written i (as ``I_OR_Y`` matches: "ly" → "li")."""
    if _REWRITTEN.isdisjoint(tokens):  # many texts: no word to rewrite, found without a step per word (issue 20)
        return tokens
    if ABBREVIATIONS.keys().isdisjoint(tokens):
        return [_I_FOR_Y.get(tok, tok) for tok in tokens]
    out: list[str] = []
    for tok in tokens:
        expansion = ABBREVIATIONS.get(tok)
        if expansion:
            out.extend(expansion.split())
        else:
            out.append(_I_FOR_Y.get(tok, tok))
    return out


def normalize_tokens(text: str) -> list[str]:
    """Folded tokens with abbreviations expanded; codes like ``6.22.1`` stay single tokens."""
    # each rewrite only where its mark is in the text: a plan's index folds every name it holds (issue 20)
    if "-" in text:
        text = _UPPER_HYPHEN.sub(r"\1\2", text)
    for abbr, pattern, expansion in _CASED:
        if abbr in text:
            text = pattern.sub(expansion, text)
    folded = fold(text)
    if "&" in folded:
        folded = _AMP.sub(r"\1\2", folded)  # "tt&tt" / "tt &tt" → "tttt", "kh&dt" → "khdt"
    tokens = _expand(_TOKEN.findall(folded))
    joined = " ".join(tokens)
    for phrase, canonical in PHRASE_SYNONYMS:
        if phrase in joined:
            joined = re.sub(rf"\b{re.escape(phrase)}\b", canonical, joined)
    return joined.split()


def normalize(text: str) -> str:
    return " ".join(normalize_tokens(text))


def find_codes(text: str) -> list[str]:
    """Indicator codes written in the text ("3.3", "6.22.1"), in order."""
    return _CODE.findall(unicodedata.normalize("NFC", text))


def is_code(token: str) -> bool:
    return bool(_CODE.fullmatch(token))
