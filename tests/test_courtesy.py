"""Thanks, greetings, goodbyes and a bare "ok" sent on their own are answered in kind, never searched; anything
more goes on to the search (``bot/handlers/courtesy.py``)."""

from __future__ import annotations

import pytest

from bot.core.app import Core
from bot.core.messages import Incoming, Reply
from bot.handlers.courtesy import courtesy_of


def say(core: Core, text: str, user: str = "u1") -> list[Reply]:
    return core.handle(Incoming(channel="test", chat_id=user, user_id=user, text=text))


@pytest.mark.parametrize(("message", "kind"), [
    ("cảm ơn bot nhiều nha 🙏", "thanks"), ("Dạ em cảm ơn anh chị nhiều ạ!", "thanks"), ("tks ad", "thanks"),
    ("chào bot", "greeting"), ("xin chào", "greeting"), ("hi mn", "greeting"),
    ("tạm biệt", "bye"), ("ok", "ok"), ("dạ vâng", "ok"),
])
def test_a_courtesy_alone_is_told_by_its_kind(message: str, kind: str) -> None:
    assert courtesy_of(message) == kind


@pytest.mark.parametrize("message", ["ok 6.12", "dạ 3.3", "cảm ơn, chỉ số 3.3 ai chủ trì",
                                     "chào anh, chỉ số 6.12 tính sao", "chào bot, trợ lý ảo của tỉnh ai lo",
                                     "ok cảm ơn bot nhiều nha, mai mình hỏi tiếp luôn chỉ số 3.3 nhé"])
def test_a_courtesy_saying_more_is_no_courtesy(message: str) -> None:
    assert courtesy_of(message) is None


def test_thanks_are_answered_in_kind_and_a_question_after_them_is_searched(core: Core) -> None:
    [thanks] = say(core, "cảm ơn bot nhiều nha")
    assert thanks.text.startswith("Dạ, không có gì ạ.") and not thanks.buttons
    assert "Chỉ số 6.19" not in thanks.text  # the chatbot indicator, which "bot" drew before
    [hello] = say(core, "chào bot")
    assert hello.text.startswith("Xin chào!") and "/help" in hello.text
    [card] = say(core, "chào bot, chỉ số 3.3 ai chủ trì")
    assert "Chủ trì 3.3: UBND các huyện, thành phố" in card.text
