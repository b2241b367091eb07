"""Which places a question names, and whether a plan holds their figures: provinces (the 63 of the plans' time), a
district, commune or village of a place ("huyện Chư Sê", "xã Nghĩa Hiệp", "thôn 3"), one department ("… của Sở Y tế
Kon Tum"). A plan holds its own place's figures only; ``held`` says so when asked for another's."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, cached_property

from knowledge.model import Plan
from knowledge.normalize import fold
from knowledge.search.thesaurus import PhraseTable, Words, phrase_table
from knowledge.store import KnowledgeBase

PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh",
    "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
    "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang",
    "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "TP HCM", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
    "Yên Bái",
)


@cache
def provinces_table() -> PhraseTable:
    return phrase_table(PROVINCES)



COMMUNE_KINDS = ("xã ", "phường ", "thị trấn ")
# (not the "xã" of "thị xã", a town: a district)
_COMMUNE = re.compile(r"\b(?<![Tt]hị )(?<![Tt]hi )(?P<kind>(?i:xã|phường|thị trấn|xa|phuong|thi tran))\s+"
                      r"(?P<name>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*"
                      r"(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*){0,3})")
# A district named the same way ("huyện Chư Sê", "thị xã An Khê"): a plan holds its own level's results only
DISTRICT_KINDS = ("huyện ", "thị xã ", "quận ")
_DISTRICT = re.compile(r"\b(?P<kind>(?i:huyện|thị xã|quận|thành phố|huyen|thi xa|thanh pho|tp))\s+"
                       r"(?P<name>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*"
                       r"(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*){0,3})")
# The kinds typed without marks, as written ("xa Nghia Ha" is "xã Nghia Ha"); such a kind names a place only
# before two capitalised words or more: a lone one may be any word ("họp tu xa Zoom")
_KIND_MARKED = {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "huyen": "huyện", "thi xa": "thị xã",
                "thanh pho": "thành phố", "tp": "thành phố", "thon": "thôn", "xom": "xóm", "lang": "làng"}
_YEAR_NEXT = re.compile(r"\s*(?:19|20)\d\d\b")
# One department's own figure ("tỷ lệ hồ sơ trực tuyến … của Sở Y tế Kon Tum đạt bao nhiêu"): a plan holds the
# province's; "của" or "riêng" says the figure is the department's, not who asks
DEPARTMENT = re.compile(r"\b(?:của|cua|riêng|rieng)\s+(?:riêng\s+|rieng\s+)?(?P<name>(?:Sở|So|SỞ)\s+"
                         r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*(?:\s+\w+){0,3}?)"
                         r"(?=\s+(?:đạt|dat|được|duoc|là|la|năm|nam|thì|thi)\b|\s*[,?.]|\s*$)")
def _said(place: re.Match[str]) -> str:
    """A place found by ``_COMMUNE``, ``_DISTRICT`` or ``_VILLAGE`` as "<kind> <Name>", its kind with its marks."""
    kind = place.group("kind").lower()
    return f"{_KIND_MARKED.get(kind, kind)} {place.group('name')}"


# A village ("thôn 3", "xóm Đông", "làng Kon Rờ Bàng"): a part of a commune, whose figures no plan breaks down
_VILLAGE = re.compile(r"\b(?P<kind>(?i:thôn|xóm|làng|ấp|tổ dân phố|thon|xom|lang))\s+"
                      r"(?P<name>\d{1,3}\b|[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*"
                      r"(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*){0,3})")


# Where the asker works, said before asking of the province ("Tôi ở phòng Văn hóa - Thông tin thị xã Ayun Pa, …
# chỉ số 8.3 … tỉnh được mấy điểm"): that district is who asks, not the place asked of.
_INTRODUCED = re.compile(r"(?i)\b(?:tôi|em|mình|bọn em|chúng tôi|toi|minh)\s+(?:đang\s+)?"
                         r"(?:ở|là|làm|công tác|thuộc|o|la|lam|cong tac)\b[^.?!;]*$")
_PROVINCE_AFTER = re.compile(r"(?i)\btỉnh\b|\bcua tinh\b")


def asker_place(text: str, place: str) -> bool:
    """``place`` (as ``other_district`` says it) is where the asker of ``text`` works (``_INTRODUCED`` in its
    sentence, before it) and the province is asked of after it."""
    text = unicodedata.normalize("NFC", text)
    words = place.split()
    # as said ("thị xã Ayun Pa"), or its name alone where its kind was typed otherwise ("tx Ayun Pa")
    at = next((i for i in (text.find(" ".join(words[k:])) for k in range(len(words))) if i >= 0), -1)
    if at < 0:
        return False
    before = text[:at]
    sentence = before[max(before.rfind(c) for c in ".?!") + 1:]
    return bool(_INTRODUCED.search(sentence)) and bool(_PROVINCE_AFTER.search(text[at:]))


class PlanPlaces:
    """The places one plan is about, and those a question names that it is not about."""

    def __init__(self, kb: KnowledgeBase, plan: Plan) -> None:
        self.kb = kb
        self.plan = plan

    @cached_property
    def province(self) -> str:
        """The plan's own place, folded, as the sources name it ("gia lai", "kon tum", "nghia phuong")."""
        name = fold(f"{self.plan.name} {self.plan.short_name}")
        places = [fold(p) for p in (*PROVINCES, *(r.place for r in self.kb.records.values()))]
        found = [p for p in places if f" {p} " in f" {name} "]
        return max(found, key=len, default="")

    @cached_property
    def known_places(self) -> frozenset[str]:
        """Places the sources are about: provinces their plans name (title, notes, units) and the score tables'."""
        written = " ".join(f"{p.name} {p.short_name} {p.notes}" for p in self.kb.plans.values())
        written += " ".join(f" {u.name} {' '.join(u.aliases)}" for u in self.kb.units)  # "Đại học Đà Nẵng"
        named = {fold(p) for p in self.places_named(written)}
        return frozenset({*named, *(fold(r.place) for r in self.kb.records.values())})

    @cached_property
    def own_places(self) -> frozenset[str]:
        """The provinces the plan's title names (folded): its owners, deadlines and targets are theirs alone. Empty
        for a commune's plan, whose title names no province."""
        return frozenset(fold(p) for p in self.places_named(f"{self.plan.name} {self.plan.short_name}"))

    def other_district(self, text: str | Words) -> str:
        """A district named in ``text`` ("huyện Chư Sê", "thành phố Pleiku") that is not this plan's own place, as
        ``other_commune``; or a village ("thôn 3"), a part of any place."""
        if isinstance(text, Words):
            return ""
        village = _VILLAGE.search(unicodedata.normalize("NFC", text))
        if village is not None:
            return _said(village)
        # a district the plan names as a unit ("UBND thành phố Pleiku") is still a part of its place, and so is one
        # a province's plan shares its name with ("thành phố Kon Tum" in tỉnh Kon Tum's): a province has no district
        # of its own level
        provincial = self.kb.frameworks[self.plan.framework].level == "tinh"
        return self._other_place(_DISTRICT, text, "" if provincial else self._plan_text)

    def other_commune(self, text: str | Words) -> str:
        """A commune named in ``text`` ("xã Nghĩa Hiệp", "phường Thắng Lợi": the word, then its capitalised name)
        that is not this plan's own place: no plan holds a commune's data but its own commune plan. Written
        without capitals, a name is not told from other words, and is left to the search."""
        return self._other_place(_COMMUNE, text)

    def _other_place(self, named: re.Pattern[str], text: str | Words, own: str | None = None) -> str:
        """The first place ``named`` finds in ``text`` (its kind, then its capitalised name) that this plan's own
        texts (``own``: folded; the plan's names, notes and units by default) do not name, as "<kind> <Name>"; ""
        for none."""
        own = self._own_text if own is None else own
        if isinstance(text, Words):
            return ""
        for m in named.finditer(unicodedata.normalize("NFC", text)):
            name = m.group("name")
            if m.group("kind").lower() in _KIND_MARKED and " " not in name:
                continue
            if fold(name) not in own:
                return _said(m)
        return ""

    @cached_property
    def _plan_text(self) -> str:
        """The plan's own names, folded (its place)."""
        return fold(f"{self.plan.name} {self.plan.short_name}")

    @cached_property
    def _own_text(self) -> str:
        """Everything naming this plan's own places and units, folded."""
        units = " ".join(f"{u.name} {' '.join(u.aliases)}" for u in self.kb.units)
        return fold(f"{self.plan.name} {self.plan.short_name} {self.plan.notes} {units}")

    def places_named(self, text: str | Words) -> list[str]:
        """Provinces written in ``text`` (as written in ``PROVINCES``); not a name ending "nam" typed without marks
        before a year ("cáp quang năm 2022" typed "cap quang nam 2022" is no Quảng Nam)."""
        raw = text if isinstance(text, str) else ""
        return [r.alternatives[0] for start, end, r in provinces_table().matches(text)
                if not (raw and (typed := raw[start:end].lower()).endswith("nam") and fold(typed) == typed
                        and _YEAR_NEXT.match(raw, end))]
