"""Where a message parts into clauses and sentences, and whether one asks: a long message is a story around a
question ("hôm qua họp sở nói …, giờ em phải báo cáo …"), read clause by clause (``two_topics``) when it is refused
whole. Kept apart from the readings of the clauses, which are searches.
"""

from __future__ import annotations

import re

from knowledge.lazy import lazy_compile
from knowledge.normalize import normalize

# A clause saying what is not (or no longer) done, folded: "không in giấy nữa", "chứ không phải …"
NEGATED = lazy_compile(r"(?:chu |chang |cha )?(?:khong|ko|chang)\b")
# A sentence that asks: a question word, folded
_ASKS = lazy_compile(r"\b(?:nao|gi|sao|bao nhieu|may|the nao|ntn|bn|ai|chua|khong|ko|ra sao|the)\b"
                     # a sentence opening by asking ("Cho hỏi điểm 2022 của …; à mà tiện hỏi luôn …")
                     r"|^\W*(?:(?:a|va) )?(?:ma )?"
                     r"(?:cho (?:em |e |minh |toi )?hoi|xin hoi|(?:tien )?hoi (?:luon|them))\b"
                     # one more asked the same way ("Thêm chỉ số … nữa nhé.", "Chỉ số … nữa."): the same question
                     r"|^\W*them\b|\bnua(?: (?:nhe|nha|a|nhe a|voi))?\W*$"
                     # a request ("Tôi cần thời gian hoàn thành của …", "cho em xin …")
                     r"|^\W*(?:toi|em|e|minh) (?:dang )?can\b|\bcho (?:toi|em|e|minh) xin\b")


def asks(sentence: str) -> bool:
    """A sentence asks something (a question word, or it opens by asking), not only tells what it mentions."""
    return bool(_ASKS.search(normalize(sentence)))


# Where a message's clauses part: a sentence's end, "mà" or "nhưng" ("… cáp quang mà không biết ai chủ trì"); not
# a comma, which parts one topic's words too ("tiền chi cho việc theo dõi, canh chừng an toàn mạng")
# an emoji ends a sentence in chat ("… chạy ipv4 hết trơn 😅 cho e hỏi …"), and "cho em hỏi" opens the one asking
_CHAT_BREAK = (r"|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s*"
               r"|\s+(?=cho\s+(?:em|e|mình|minh|tôi|toi|anh|chị|chi)\s+(?:hỏi|hoi)\b)")
_CLAUSES = lazy_compile(r"[.?!;:]+\s+|,?\s+(?:mà|nhưng)\s+" + _CHAT_BREAK, re.IGNORECASE)
CLAUSE_WORDS = 3  # a clause of fewer words ("dạ", "anh ơi") names no topic
# A message this long is context around a question ("hôm qua họp sở nói …, giờ em phải báo cáo …"): its commas part
# clauses too. At 18 words "Xã có bỏ tiền ra tuyên truyền, dạy bà con dùng điện thoại, máy tính không, tính điểm ra
# sao?" (19) was answered by "dạy bà con dùng điện thoại" alone, a wrong row
LONG_MESSAGE = 22
_LONG_CLAUSES = lazy_compile(r"[.?!;:,]+\s+|\s+(?:mà|nhưng)\s+" + _CHAT_BREAK, re.IGNORECASE)


def clauses_of(text: str) -> list[str]:
    """``text``'s clauses: at its sentences' ends, "mà", "nhưng" (``_CLAUSES``); a long message's at commas too."""
    parting = _LONG_CLAUSES if len(text.split()) >= LONG_MESSAGE else _CLAUSES
    return parting.split(text)
