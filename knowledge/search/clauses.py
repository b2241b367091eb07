"""Where a message parts into clauses and sentences, whether one asks, and what its clauses agree on: a long
message is a story around a question ("hôm qua họp sở nói …, giờ em phải báo cáo …"), read clause by clause
(``two_topics``) when it is refused whole. Kept apart from the readings of the clauses, which are searches.
"""

from __future__ import annotations

import re

from knowledge.lazy import lazy_compile
from knowledge.normalize import normalize
from knowledge.search.index import Hit

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
EMOJI = r"[\U0001F300-\U0001FAFF\u2600-\u27BF]+"  # a run of emoji or pictographs, as a pattern
_CHAT_BREAK = (r"|\s*" + EMOJI + r"\s*"
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


def asked_over_told(sure: list[tuple[list[Hit], bool]], leaning: list[tuple[str, ...]]) -> list[Hit] | None:
    """The clauses that ask, agreed, over the clauses that only tell ("hôm qua họp sở, …"), where what they ask is
    named better than what the telling clauses name: a telling clause naming its own indicator better ("người
    chuyên lo bảo mật, an toàn mạng chiếm bao nhiêu phần trăm") holds the topic the question only points at."""
    asked = [s for s in sure if s[1]]
    told = [h.name_cover for hits, asking in sure if not asking for h in hits]
    if not asked or not told or max(h.name_cover for hits, _ in asked for h in hits) <= max(told):
        return None
    return agreed(asked, leaning)


def agreed(sure: list[tuple[list[Hit], bool]], leaning: list[tuple[str, ...]]) -> list[Hit] | None:
    """What the clauses ``sure`` of an indicator (or a pair) all name, if the clauses ``leaning`` lean to it too;
    another clause pointing elsewhere refuses ("Sếp vừa giao việc. Chỉ số diễn tập … hạn khi nào"); clauses sure
    of, or leaning to, the same ("… gắn mã vị trí trên bản đồ số để bưu tá, shipper tìm tới") are one; a clause
    offering a choice leans to each of it."""
    found = {tuple(h.doc.code for h in hits) for hits, _ in sure}
    if len(found) != 1 or not all(any(_same_or_group(c, next(iter(found))) for c in codes) for codes in leaning):
        return None
    return sure[0][0]


def _same_or_group(code: str, found: tuple[str, ...]) -> bool:
    """``code`` is one of ``found``, or the group of one ("… chưa có máy tính để làm việc" leans to 3.1, "… cán bộ
    xã được cấp máy tính" is sure of its row 3.1.3): the clauses speak of one thing."""
    return any(code == c or c.startswith(code + ".") for c in found)
