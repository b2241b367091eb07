"""One message splitter for every channel: long answers are cut at line boundaries under the channel's limit.

Telegram refuses messages over 4096 characters and Zalo over 2000, so an answer longer than that must go out
as several messages. Cutting at line boundaries keeps each indicator, list item or paragraph whole. Only a
single line longer than the limit is cut inside, at a space when possible. In HTML mode (Telegram's parse
mode) a cut never falls inside a tag or an entity, and tags left open at a cut are closed at the end of one
piece and opened again at the start of the next, so that each piece is valid HTML on its own.

Lengths are counted in UTF-16 code units, which is what Telegram counts; for Vietnamese text it is the same as
the number of characters, and it never undercounts.
"""

from __future__ import annotations

from bot.core.messages import clean_text
from knowledge.lazy import lazy_compile

_TAG = lazy_compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
_HTML_RESERVE = 200  # room kept in HTML pieces for tags closed and reopened at a cut
_MIN_LIMIT = 2 * _HTML_RESERVE


valid_text = clean_text  # a lone surrogate could neither be counted nor sent


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units); a lone surrogate counts as the one unit it is."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_message(text: str, limit: int, *, html: bool = False) -> list[str]:
    """Pieces of ``text`` of at most ``limit`` units each, cut at line boundaries; [] for blank text."""
    if limit < _MIN_LIMIT:
        raise ValueError(f"limit must be at least {_MIN_LIMIT}")
    text = valid_text(text)  # a lone surrogate could neither be counted nor sent
    if not text.strip():
        return []
    if units(text) <= limit:
        return [text.strip("\n")]
    piece_size = limit - _HTML_RESERVE if html else limit
    pieces: list[str] = []
    current = ""
    open_tags: list[tuple[str, str]] = []  # (name, opening tag) open at the end of ``current``
    for line in _lines(text, piece_size, html):
        after = _track(open_tags, line) if html else open_tags
        if current.strip() and units(current + line + _closers(after)) > limit:
            pieces.append(current.rstrip("\n") + _closers(open_tags))
            current = "".join(tag for _, tag in open_tags)
        current += line
        open_tags = after
    if current.strip():
        pieces.append(current.rstrip("\n") + _closers(open_tags))
    return [p.strip("\n") for p in pieces if p.strip()]


def _lines(text: str, size: int, html: bool) -> list[str]:
    """The lines of ``text`` (each with its newline), any line longer than ``size`` cut in several."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        while units(line) > size:
            cut = _cut_point(line, size, html)
            out.append(line[:cut].rstrip(" ") + "\n")
            line = line[cut:].lstrip(" ")
        out.append(line)
    return out


def _cut_point(line: str, size: int, html: bool) -> int:
    """Where to cut a too-long line: the last space that fits, else as far as fits; never in a tag/entity."""
    fit = 0
    total = 0
    for i, ch in enumerate(line):
        total += units(ch)
        if total > size:
            break
        fit = i + 1
    candidates = [i for i in range(fit, 0, -1) if not (html and _inside_markup(line, i))]
    spaces = [i for i in candidates if line[i - 1] == " " and i > fit // 2]
    if spaces:
        return spaces[0]
    return candidates[0] if candidates else fit


def _inside_markup(line: str, index: int) -> bool:
    head = line[:index]
    if head.rfind("<") > head.rfind(">"):
        return True
    amp = head.rfind("&")
    return amp != -1 and ";" not in head[amp:] and index - amp <= 10


def _track(open_tags: list[tuple[str, str]], line: str) -> list[tuple[str, str]]:
    """The tags still open after ``line``, given those open before it."""
    stack = list(open_tags)
    for match in _TAG.finditer(line):
        closing, name = match.group(1) == "/", match.group(2).lower()
        if not closing:
            stack.append((name, match.group(0)))
            continue
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == name:
                del stack[i]
                break
    return stack


def _closers(open_tags: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(open_tags))
