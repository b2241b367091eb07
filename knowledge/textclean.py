"""Turn the sources' cell text (HTML fragments, LaTeX formulas, PDF spacing) into clean plain Vietnamese text.

Every importer passes every text field through :func:`clean_text` so the bot, the search index and the scoring
rules all see the same plain text: ``$\\geq 80\\%$`` becomes ``≥ 80%``, ``<li>`` items become lines starting
with ``- ``. A bare ``<`` that is a less-than sign (``Tỷ lệ < 80%``) is kept: only real tags are removed.

The small extractors (:func:`extract_variables`, :func:`split_explanation`) live here too because they read
the same cleaned method text for every source.
"""

from __future__ import annotations

import re
import unicodedata

from knowledge.lazy import lazy_compile
from scoring.numbers import NumberError, read_number

# Tags the sources actually use, plus generic ones; matched only when they look like tags (``<p>``, ``</li>``,
# ``<ul style=…>``), never a comparison such as ``< 80%``.
_TAG = lazy_compile(
    r"</?\s*(?:ul|ol|li|p|i|b|u|em|strong|br|td|tr|th|table|span|div|math|sup|sub)\b[^<>]*>", re.I
)
_BLOCK_TAG = lazy_compile(r"<\s*(?:li|p|br|tr)\b[^<>]*>|</\s*(?:p|li|ul|ol|tr)\s*>", re.I)
# A table fragment that leaked into a cell when the source was exported: it starts with a malformed tag
# ``< math>`` and ends with an empty ``<>``; everything between repeats the neighbouring cells.
_LEAKED_FRAGMENT = lazy_compile(r"<\s+math>.*?<>", re.S)
_EMPTY_TAG = lazy_compile(r"<\s*>")

_LATEX_SYMBOLS = {
    r"\geq": "≥",
    r"\ge": "≥",
    r"\leq": "≤",
    r"\le": "≤",
    r"\neq": "≠",
    r"\times": "×",
    r"\cdot": "·",
    r"\%": "%",
    r"\&": "&",
}
_FRAC = lazy_compile(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_TEXT = lazy_compile(r"\\(?:text|mathrm|textbf|textit)\s*\{([^{}]*)\}")
_LATEX_CMD = lazy_compile(r"\\([A-Za-z]+)")
_MARKDOWN_EMPH = lazy_compile(r"\*\*(.+?)\*\*")
# An inline bullet: "…điểm tối đa;- Trưởng ban…" or "…tối đa. - Chưa có…" — a dash right after a clause end.
_INLINE_BULLET = lazy_compile(r"(?<=[;:.])\s*-\s+(?=\S)")


def latex_to_text(text: str) -> str:
    """``$\\geq 80\\%$`` → ``≥ 80%``; ``\\frac{a}{b}`` → ``a/b``; ``\\text{X}`` → ``X``; ``$`` removed."""
    text = _FRAC.sub(r"\1/\2", text)
    text = _TEXT.sub(r"\1", text)
    for command, symbol in sorted(_LATEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        # A command is a whole word: \ge must not eat the start of \geq (longest first handles that).
        spaced = symbol if symbol in "%&" else symbol + " "  # "80\\%" stays "80%"; "\\geq80" → "≥ 80"
        text = re.sub(re.escape(command) + r"(?![A-Za-z])", spaced, text)
    text = _LATEX_CMD.sub(r"\1", text)  # an unknown command keeps its name, loses the backslash
    text = text.replace("\\", "")
    text = text.replace("$", " ")
    # "≥  80 %" spacing produced above is tidied by the whitespace pass; keep "80%" together.
    return re.sub(r"(\d)\s+%", r"\1%", text)


def html_to_text(text: str) -> str:
    """Remove tags; ``<li>``/``<p>`` boundaries become line breaks, list items become ``- `` lines."""
    text = _LEAKED_FRAGMENT.sub(" ", text)
    text = _EMPTY_TAG.sub(" ", text)
    text = re.sub(r"<\s*li\b[^<>]*>\s*(?!-)", "\n- ", text, flags=re.I)
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    text = _MARKDOWN_EMPH.sub(r"\1", text)
    return text.replace("&nbsp;", " ").replace("&amp;", "&")


def normalize_space(text: str) -> str:
    """Single spaces inside lines, no blank lines, no spaces before ``,``/``;``; NFC."""
    text = unicodedata.normalize("NFC", text)
    lines = []
    for line in text.replace("\r", "\n").split("\n"):
        line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
        line = re.sub(r"\s+([,;:])", r"\1", line)
        if line:
            lines.append(line)
    return "\n".join(lines)


def clean_text(text: str | None) -> str:
    """The one cleaning pass every source cell goes through (HTML, LaTeX, bullets, spacing, NFC)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = html_to_text(text)
    text = latex_to_text(text)
    text = _INLINE_BULLET.sub("\n- ", text)
    return normalize_space(text)


def clean_inline(text: str | None) -> str:
    """Like :func:`clean_text` but on one line (names, unit cells, short values)."""
    return " ".join(clean_text(text).split("\n")).strip()


def parse_number(text: str | None) -> float | None:
    """``"41,6"`` → 41.6, ``"<i>100</i>"`` → 100.0, ``""`` → None: a source cell read by the one Vietnamese
    number reader (``scoring.numbers.read_number``); a cell that is no number, or an ambiguous one, is None."""
    value = clean_inline(text).replace(" ", "")
    if not value or value.endswith("%"):
        return None
    try:
        return read_number(value, printed=True).value
    except NumberError:
        return None


# ---- method text extractors -------------------------------------------------------------------------------

_VAR_DEF = lazy_compile(
    r"(?:^|(?<=[\s;.,(:-]))([a-f])\s*=\s*(?!\s*[\d(])(.+?)"
    r"(?=\s*;|\s*\n|\s+[a-fA-Z]\s*=|\s-\s|\.\s|\s*$)",
    re.S,
)
_VAR_CALLED = lazy_compile(r"(?:^|[-;\n]\s*)([^;\n]+?)\s*\(gọi là ([a-f])\)")
_VAR_TOTAL = lazy_compile(r"(?:^|[-;\n]\s*)((?:Tổng|Số)[^;\n=]+?)\s*=\s*([a-f])\b")


def _descriptive(value: str) -> bool:
    """A variable definition names a quantity in words, not a formula such as ``(a/b)``."""
    return len(re.findall(r"[^\W\d_]{3,}", value)) >= 2


def extract_variables(*texts: str) -> dict[str, str]:
    """Variables a method defines: ``a = …; b = …``, ``Tổng số … (gọi là a)``, ``Tổng số … = a``.

    The first definition of a letter wins; formulas (``Tỷ lệ = a/b``) are not variables.
    """
    found: dict[str, str] = {}
    for text in texts:
        for pattern, letter_group, value_group in ((_VAR_DEF, 1, 2), (_VAR_CALLED, 2, 1), (_VAR_TOTAL, 2, 1)):
            for match in pattern.finditer(text):
                letter = match.group(letter_group)
                value = match.group(value_group).strip(" -;.,:")
                if letter not in found and _descriptive(value):
                    found[letter] = value
    return dict(sorted(found.items()))


_EXPLANATION = re.compile(r"Giải thích\s*:\s*(.+)", re.S | re.I)


def split_explanation(text: str) -> tuple[str, str]:
    """Split ``"… Giải thích: …"`` into (method without the explanation, explanation)."""
    match = _EXPLANATION.search(text)
    if not match:
        return text, ""
    return text[: match.start()].strip(), match.group(1).strip()
