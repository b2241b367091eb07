"""The asker introducing themselves before the question ("Tôi làm kế toán ở Sở Tài chính: …", "Anh chị ơi, em mới
về làm văn thư, …"): who asks is no part of the topic, and a clause that only introduces names nothing."""

from __future__ import annotations

import re

from knowledge.lazy import lazy_compile
from knowledge.search.clauses import EMOJI

# Up to a comma, a colon or a full stop, at most eight words after the verb, as typed (marks or none): "em mới được
# giao làm đầu mối, …", "Tôi là hiệu trưởng trường THCS. …"; after a greeting ("anh chị ơi", "dạ"); one newly come
# says where to ("em mới về Sở KH&ĐT", "em mới chuyển về phòng văn hóa", "em mới vào Sở Y tế"), never "em về" alone;
# or where one sits ("Em ngồi bộ phận một cửa, …": the one-stop desk is the asker's, not 6.3 asked).
_INTRO = lazy_compile(
    r"^\s*(?:(?:dạ|da|vâng|vang)\s*[,!]?\s+)?"
    r"(?:(?:a|anh|chị|chi|anh chị|anh chi|anh/chị|anh/chi|các anh chị|cac anh chi|mọi người|moi nguoi|ad|admin)"
    r"\s+(?:ơi|oi)[,!]?\s*)?"
    r"(?:tôi|toi|em|e|mình|minh)\s+"
    r"(?:(?:mới|moi)\s+(?:(?:chuyển|chuyen|được điều|duoc dieu)\s+)?(?:về|ve|vào|vao)"
    r"|(?:mới\s+|moi\s+)?(?:là|la|làm|lam|ở|o|thuộc|thuoc|công tác|cong tac|ngồi"
    # given a role ("được giao làm đầu mối"), not a thing to do ("được giao đề án phát triển TMĐT": the topic)
    r"|(?:được|duoc|dc|đc)\s+giao(?=\s+(?:làm|lam)\b|\s*[,:;.])"
    # … or handed over one's post ("em mới nhận bàn giao ở bộ phận một cửa, …")
    r"|(?:nhận|nhan)\s+(?:làm\s+|lam\s+)?(?:đầu mối|dau moi|nhiệm vụ|nhiem vu|việc|viec|bàn giao|ban giao)))"
    # what follows the verb, if anything ("em mới nhận việc, …" says it all)
    r"(?:\s+(?:[^\s,:;.?!]+\s+){0,7}[^\s,:;.?!]+)?(?:\s*[,:;.]\s+"
    # … or up to "mà" or an emoji, where a chat message parts its clauses ("em ngồi tổng hợp số liệu mà rối quá 🤯 …")
    r"|\s+(?:mà|ma)\s+|\s*" + EMOJI + r"\s*)", re.IGNORECASE)


def without_intro(text: str) -> str:
    """``text`` without the asker's introduction of themselves (``_INTRO``); ``text`` itself when it has none."""
    intro = _INTRO.match(text)
    return text[intro.end():] if intro and intro.end() < len(text) else text


def only_intro(part: str) -> bool:
    """A clause that only introduces the asker ("tôi là công chức văn phòng xã Nghĩa Phương"): no topic."""
    closed = f"{part.strip()}. "
    intro = _INTRO.match(closed)
    return intro is not None and intro.end() == len(closed)
