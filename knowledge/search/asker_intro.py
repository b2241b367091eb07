"""The asker greeting and introducing themselves before the question ("Chào anh, tôi là Tâm, công chức Tài chính -
Kế toán xã. …", "Anh chị ơi, em mới về làm văn thư, …"), and thanking after it ("… Mong được hướng dẫn, cảm ơn"):
who asks and their courtesies are no part of the topic, and a clause that only introduces names nothing."""

from __future__ import annotations

import re

from knowledge.lazy import lazy_compile
from knowledge.normalize import normalize
from knowledge.search.clauses import EMOJI

# A greeting to the people asked, up to its comma or full stop ("Chào anh,", "Kính gửi anh chị,", "Dạ em chào anh
# chị trong nhóm."), or what the chat forms leave of it ("  anh, …": "chào", "dạ" are empty particles there); never
# to a unit ("Kính gửi Sở TT&TT, đề nghị cho biết …" names the one asked)
_GREETING = lazy_compile(
    r"^[\s,.!]*(?:(?:dạ|da|vâng|vang)\s*[,!]?\s+)?(?:(?:tôi|toi|em|e|mình|minh)\s+)?(?:(?:xin\s+)?"
    r"(?:chào|chao|kính gửi|kinh gui|kính chào|kinh chao)\s+)?"
    r"(?:(?:các|cac)\s+)?(?:anh chị|anh chi|anh/chị|anh/chi|anh|chị|chi|mọi người|moi nguoi|cả nhà|ca nha|ad|admin"
    r"|bạn|ban|anh em|đồng chí|dong chi)(?:\s+(?:trong nhóm|trong nhom|ạ|a))?\s*[,.!]+\s+", re.IGNORECASE)

# Up to a comma, a colon or a full stop, at most eight words after the verb, as typed (marks or none): "em mới được
# giao làm đầu mối, …", "Tôi là hiệu trưởng trường THCS. …"; after a greeting ("anh chị ơi", "dạ"); one newly come
# says where to ("em mới về Sở KH&ĐT", "em mới chuyển về phòng văn hóa", "em mới vào Sở Y tế"), never "em về" alone;
# or where one sits ("Em ngồi bộ phận một cửa, …": the one-stop desk is the asker's, not 6.3 asked).
_INTRO = lazy_compile(
    r"^[\s,.!]*(?:(?:dạ|da|vâng|vang)\s*[,!]?\s+)?"
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


# The asker's name ("tôi là Tuấn,", "Em là Nhi,"): words each opening with a capital, then a comma
_NAMED = lazy_compile(r"[\s,.!]*(?:(?:dạ|da)\s+)?(?:tôi|toi|em|e|mình|minh)\s+(?:là|la)\s+((?:\w+\s+){0,2}\w+),\s+$",
                      re.IGNORECASE)
# … and what they are, after that comma ("…, chuyên viên Cục Thống kê tỉnh Kon Tum."): a post, up to ten words more
_POST = lazy_compile(
    r"(?:công chức|cong chuc|cán bộ|can bo|chuyên viên|chuyen vien|nhân viên|nhan vien|phó|pho|trưởng|truong"
    r"|chánh|chanh|giám đốc|giam doc|kế toán|ke toan|văn thư|van thu|thư ký|thu ky|lãnh đạo|lanh dao|cc|cb"
    r"|phụ trách|phu trach|làm|lam|biên tập viên|bien tap vien|giáo viên|giao vien|hiệu trưởng|hieu truong"
    # … or their unit ("tôi là Phương, bộ phận một cửa huyện Sa Thầy.")
    r"|bộ phận|bo phan|phòng|phong|văn phòng|van phong|trung tâm|trung tam|ubnd|ủy ban|uy ban|sở|so|ở|o)\b"
    r"(?:\s+[^\s,:;.?!]+){0,10}\s*[,:;.]\s+", re.IGNORECASE)


def _intro_end(text: str) -> int:
    """Where the greeting and the asker's introduction of themselves end in ``text`` (0 where it has none)."""
    greeting = _GREETING.match(text)
    start = greeting.end() if greeting else 0
    intro = _INTRO.match(text[start:])
    if intro is None:
        return start
    end = start + intro.end()
    named = _NAMED.fullmatch(text, start, end)
    if named and all(w[0].isupper() for w in named.group(1).split()):
        post = _POST.match(text, end)
        end = post.end() if post else end
    return end


def without_intro(text: str) -> str:
    """``text`` without the asker's greeting and introduction of themselves (``_INTRO``); ``text`` itself when it
    has none."""
    end = _intro_end(text)
    return text[end:] if 0 < end < len(text) else text


def only_intro(part: str) -> bool:
    """A clause that only greets or introduces the asker ("tôi là công chức văn phòng xã Nghĩa Phương"): no topic."""
    closed = f"{part.strip()}. "
    return _intro_end(closed) == len(closed)


# Thanks and asking to be guided, closing a message ("Mong được hướng dẫn, cảm ơn", "em cảm ơn ạ", "Trân trọng!"),
# folded: what a message ends with that names nothing. The words are kept apart from the patterns made of them, so
# that the words a closing may end with (``_CLOSING_LAST``) are read from them, never written a second time.
THANKS_SAID = ("cam on", "camon", "thanks", "thank you", "thank", "tks", "thks", "tran trong")
_GUIDED = ("huong dan", "giai dap", "phan hoi", "tra loi", "chi giup", "chi dan", "ho tro", "giup do")
_GUIDED_MORE = ("giup", "them")  # "… hướng dẫn giúp", "… giải đáp thêm"
_ADDRESSED = ("cac anh chi", "anh chi", "anh", "chi", "moi nguoi", "ad", "ban")
_ADDRESSED_ALONE = ("cac anh chi", "anh chi", "moi nguoi", "ca nha", "anh", "chi", "ad", "ban")
_ADDRESS_ENDS = ("nhieu", "a", "nhe", "nha")  # "… anh chị nhiều", "… ạ"
_AFTER = ("cac anh chi", "anh chi", "anh", "chi", "em", "e", "toi", "minh", "moi nguoi", "ad", "ban", "nhieu", "a",
          "nhe", "nha", "truoc", "cam on", "huong dan", "giai dap", "ho tro")  # "… cảm ơn anh chị nhiều ạ"
_OPENERS = ("da", "vang", "xin", "rat", "chan thanh", "em", "e", "toi", "minh", "chung toi", "tran trong")


def _any(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(words) + ")"


_THANKING = (r"(?:" + _any(THANKS_SAID) + r"|(?:rat mong|mong|nho|xin) (?:duoc |dc )?(?:" + _any(_ADDRESSED)
             + r" )?" + _any(_GUIDED) + r"(?: " + _any(_GUIDED_MORE) + r")?)(?: " + _any(_AFTER) + r")*")
_THANKS = lazy_compile(_THANKING)
# … after the asker's "tôi", "dạ", "xin" …, or only those addressed ("… Cảm ơn anh chị nhiều.", its "cảm ơn" gone with
# the chat forms): only where a sentence or a clause ended before them
_COURTESY = lazy_compile(r"(?:" + _any(_OPENERS) + r" )*(?:" + _THANKING + r"|" + _any(_ADDRESSED_ALONE)
                         + r"(?: " + _any(_ADDRESS_ENDS) + r")*)")
_PARTED = lazy_compile(r"(?:[.,;:!?…]|" + EMOJI + r")\s*$")
_CLOSING_WORDS = 10  # a closing of more words is a sentence that says something
# The words a closing may end with: a message ending otherwise has none (read no further)
_CLOSING_LAST = frozenset(w.split()[-1] for w in (*THANKS_SAID, *_GUIDED, *_GUIDED_MORE, *_ADDRESSED_ALONE,
                                                   *_ADDRESS_ENDS, *_AFTER))


def _folded(text: str) -> str:
    """``text``'s words folded, one space apart: what the closing patterns read."""
    return " ".join(re.findall(r"\w+", normalize(text)))


def without_closing(text: str) -> str:
    """``text`` without the thanks that close it (``_COURTESY``), its question mark kept; ``text`` itself when it
    has none, or when nothing else is said."""
    last = text.rsplit(None, 1)[-1:]
    if not last or not set(_folded(last[0]).split()) & _CLOSING_LAST:  # most questions: read no further
        return text
    words = list(re.finditer(r"\S+", text))[1:][-_CLOSING_WORDS:]  # never the first: something else is said
    folded = [_folded(w.group()) for w in words]
    for at, word in enumerate(words):
        tail = " ".join(f for f in folded[at:] if f)
        # after a sentence's or clause's end, or opening with the thanks themselves: "… điểm tối đa? Mong được
        # hướng dẫn", "… bao nhiêu cảm ơn ạ", never "… điểm tối đa" ("tôi", "dạ")
        if tail and ((_COURTESY.fullmatch(tail) and _PARTED.search(text, 0, word.start()) is not None)
                     or _THANKS.fullmatch(tail)):
            rest = text[:word.start()].rstrip(" ,;")
            return text if _COURTESY.fullmatch(_folded(rest)) else rest
    return text
