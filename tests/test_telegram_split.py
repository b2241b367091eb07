"""The message splitter shared by Telegram (4096, HTML) and Zalo (2000, plain text)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.split import split_message, units

TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")
words = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyỳ  ,.;:-1234567890😀")), max_size=60)
lines = st.lists(words, min_size=1, max_size=300)


def balanced(piece: str) -> bool:
    stack: list[str] = []
    for closing, name in TAG.findall(piece):
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


@settings(max_examples=200, deadline=None)
@given(lines, st.sampled_from([400, 2000, 4096]))
def test_pieces_fit_and_nothing_is_lost(text_lines: list[str], limit: int) -> None:
    text = "\n".join(text_lines)
    pieces = split_message(text, limit)
    assert all(0 < units(p) <= limit for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abc xyz", min_size=1, max_size=80), min_size=1, max_size=200))
def test_short_lines_are_never_cut(text_lines: list[str]) -> None:
    text = "\n".join(line.strip() or "x" for line in text_lines)
    pieces = split_message(text, 400)
    assert "\n".join(pieces) == text
    assert all(p.split("\n")[0] in text.split("\n") for p in pieces)


@settings(max_examples=200, deadline=None)
@given(lines, st.integers(min_value=0, max_value=5))
def test_html_pieces_are_valid_on_their_own(text_lines: list[str], bold_every: int) -> None:
    """Tags spanning a cut are closed and reopened; no cut falls inside a tag or an entity."""
    body = [f'<i>{line}</i> &amp; <a href="https://x.vn/?a=1&amp;b=2">nguồn</a>' for line in text_lines]
    if bold_every:
        body = [f"<b>{line}" if i % bold_every == 0 else line for i, line in enumerate(body)]
        body = [line + "</b>" if i % bold_every == bold_every - 1 else line for i, line in enumerate(body)]
        if len(body) % bold_every:
            body[-1] += "</b>"
    pieces = split_message("\n".join(body), 4096, html=True)
    assert all(units(p) <= 4096 for p in pieces)
    assert all(balanced(p) for p in pieces)
    assert all(not re.search(r"&[a-z]*$|<[^>]*$", p) for p in pieces)


def test_one_huge_line_is_cut_at_spaces() -> None:
    text = ("chuyển đổi số " * 1000).strip()
    pieces = split_message(text, 2000)
    assert all(len(p) <= 2000 for p in pieces)
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_short_and_blank_text() -> None:
    assert split_message("Xin chào", 2000) == ["Xin chào"]
    assert split_message(" \n ", 2000) == []
    with pytest.raises(ValueError):
        split_message("x", 10)
