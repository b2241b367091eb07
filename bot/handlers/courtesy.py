"""Thanks, greetings, goodbyes and a bare "ok" sent on their own ("cảm ơn bot nhiều nha", "chào anh", "ok em"):
answered in kind and briefly. The search refused them with advice on how to ask, and a word of one ("cảm ơn bot":
the chatbot of 6.19) could draw an indicator's card. A message saying anything more goes on to the search."""

from __future__ import annotations

import re

from bot.core.messages import Reply
from bot.core.router import Router
from bot.core.turn import Turn
from knowledge.normalize import fold
from knowledge.search.asker_intro import THANKS_SAID

router = Router("courtesy")

# Folded words, one space apart. Who is spoken to and the particles around them go with any kind.
_ADDRESSED = r"(?:bot|ad|admin|anh|chi|em|e|a|c|ban|mn|moi nguoi|ca nha|anh chi|cac anh chi|tro li|tro ly)"
_PARTICLES = r"(?:a|ah|nha|nhe|nhen|nhieu|nhiu|lam|ne|vay|roi|luon|oi)"
_BEFORE = r"(?:(?:da|vang|ok|oke|okie|okela|uh|um|rat|xin|chan thanh|em|e|toi|minh|tui)\s+)*"
_AROUND = r"(?:\s+(?:" + _ADDRESSED + "|" + _PARTICLES + r"))*"
_KINDS = {
    "thanks": r"(?:" + "|".join((*THANKS_SAID, "cmon", "thx")) + ")",  # the words closing a question
    "greeting": r"(?:xin chao|chao|hello|helo|hi|alo|alo alo)",
    "bye": r"(?:tam biet|bye|bye bye|bai|hen gap lai)",
    "ok": r"(?:ok|oke|okie|okela|da|vang|uh|um|duoc roi|ro roi|hieu roi|em hieu roi|da hieu|nhan duoc roi)",
}
_PATTERNS = {kind: re.compile(r"^" + _BEFORE + words + _AROUND + r"$") for kind, words in _KINDS.items()}
_MAX_WORDS = 8  # a message of more words says something more


def courtesy_of(text: str) -> str | None:
    """The kind of courtesy ``text`` is nothing but ("thanks", "greeting", "bye", "ok"), or None."""
    words = re.findall(r"\w+", fold(text).lower())
    if not words or len(words) > _MAX_WORDS or any(not w.isalpha() for w in words):
        return None  # "ok 6.12" names a code
    folded = " ".join(words)
    return next((kind for kind, pattern in _PATTERNS.items() if pattern.match(folded)), None)


@router.text()
def on_text(turn: Turn) -> list[Reply] | None:
    kind = courtesy_of(turn.args)
    return [turn.reply("courtesy", kind=kind)] if kind else None
