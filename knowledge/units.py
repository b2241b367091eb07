"""One registry of the units (Sở, UBND, commune officials, groups) that plans name, with every spelling used.

The sources write the same unit many ways ("Sở TTTT", "Sở TT&TT", "Sở Thông tin và Truyền thông"), and one
cell often names several units ("Sở Tài chính, Sở Thông tin và Truyền thông", "Sở TTTT Văn phòng UBND tỉnh",
bulleted lists). The bot answers "what does unit X lead?" only if all spellings resolve to one canonical name,
so:

* :func:`split_units` cuts a cell into units AS WRITTEN, using the registry's names to protect commas and "và"
  inside names ("Các sở, ban, ngành", "Sở Thông tin và Truyền thông" are one unit each);
* :func:`canonical_unit` maps a spelling to its canonical name and raises :class:`UnknownUnit` otherwise, so
the
  build fails loudly and the registry is extended deliberately, never guessed.

Group names ("Các sở, ban, ngành", "UBND các huyện, thành phố") are units of their own, distinct from any Sở.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from knowledge.lazy import lazy_compile
from knowledge.model import Assignment, Plan, PlanItem, Unit
from knowledge.textclean import clean_text

# (canonical name, short name, aliases). Aliases are spellings found in the seeds (000–004) or their obvious
# abbreviations; matching ignores case, spacing around punctuation and a trailing full stop.
REGISTRY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # ---- provincial departments and agencies
    (
        "Sở Thông tin và Truyền thông",
        "Sở TTTT",
        (
            "Sở TTTT",
            "Sở TT&TT",
            "Sở TT và TT",
            "Sở Thông tin - Truyền thông",
            "Sở Thông tin và Truyền  thông",
        ),
    ),
    (
        "Văn phòng UBND tỉnh",
        "VP UBND tỉnh",
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Uỷ ban nhân dân tỉnh", "VP UBND tỉnh", "VPUBND tỉnh"),
    ),
    ("Sở Nội vụ", "SNV", ()),
    ("Sở Tài chính", "STC", ()),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ("Sở KHĐT", "Sở KH&ĐT", "Sở Kế hoạch - Đầu tư")),
    (
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐTBXH",
        (
            "Sở LĐTBXH",
            "Sở LĐ-TB&XH",
            "Sở Lao động Thương binh và Xã hội",
            "Sở Lao động, Thương binh và Xã hội",
        ),
    ),
    ("Sở Công Thương", "Sở CT", ("Sở Công thương",)),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", ("Sở GDĐT", "Sở GD&ĐT")),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", ("Sở Khoa học Công nghệ", "Sở KHCN", "Sở KH&CN")),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở VHTTDL",
        ("Sở Văn hóa Thể thao và Du lịch", "Sở VHTTDL", "Sở Văn hoá, Thể thao và Du lịch"),
    ),
    ("Sở Giao thông vận tải", "Sở GTVT", ("Sở Giao thông - Vận tải", "Sở GTVT")),
    ("Sở Y tế", "", ()),
    ("Sở Tư pháp", "", ()),
    ("Sở Tài nguyên và Môi trường", "Sở TN&MT", ("Sở TNMT",)),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", ("Sở NNPTNT",)),
    ("Sở Xây dựng", "", ()),
    ("Công an tỉnh", "", ()),
    ("Cục Thuế tỉnh", "", ("Cục Thuế",)),
    ("Cục Thống kê tỉnh", "", ("Cục Thống kê",)),
    (
        "Ngân hàng Nhà nước chi nhánh tỉnh",
        "NHNN chi nhánh tỉnh",
        (
            "Ngân hàng nhà nước chi nhánh tỉnh",
            "Ngân hàng Nhà nước Chi nhánh tỉnh Gia Lai",
            "Ngân hàng Nhà nước",
            "NHNN chi nhánh tỉnh",
        ),
    ),
    ("Bưu điện tỉnh", "", ()),
    ("Ban Chỉ đạo Chuyển đổi số tỉnh", "BCĐ CĐS tỉnh", ("Ban Chỉ đạo chuyển đổi số tỉnh",)),
    (
        "Các cơ quan thành viên Ban Chỉ đạo Chuyển đổi số tỉnh",
        "",
        ("Các cơ quan thành viên Ban chỉ đạo chuyển đổi số tỉnh",),
    ),
    ("UBND thành phố Pleiku", "", ("Ủy ban nhân dân thành phố Pleiku",)),
    # ---- press and broadcasters (one per province)
    ("Báo Kon Tum", "", ()),
    ("Báo Gia Lai", "", ()),
    ("Đài Phát thanh và Truyền hình tỉnh", "", ("Đài Phát thanh - Truyền hình tỉnh", "Đài PTTH tỉnh")),
    (
        "Đài Phát thanh - Truyền hình Gia Lai",
        "",
        ("Đài Phát thanh -Truyền hình Gia Lai", "Đài Phát thanh và Truyền hình Gia Lai"),
    ),
    # ---- schools, businesses and associations
    ("Phân hiệu Đại học Đà Nẵng tại Kon Tum", "", ("Phân hiệu Đại học Đà Nẵng",)),
    ("Trường Cao đẳng Kon Tum", "", ("Cao đẳng Kon Tum",)),
    ("Doanh nghiệp viễn thông", "DNVT", ("Các doanh nghiệp viễn thông", "Các DNVT")),
    ("Doanh nghiệp", "", ("Các doanh nghiệp",)),
    ("Doanh nghiệp bưu chính", "", ("Các doanh nghiệp bưu chính", "Các doanh nghiệp Bưu chính")),
    ("Viettel Gia Lai", "", ("Viettel chi nhánh Gia Lai",)),
    # "Hiệp hội doanh" + "ngành" is how 000 prints 7.5 across a page break; it names the same association.
    ("Hiệp hội doanh nghiệp tỉnh", "", ("Hiệp hội doanh nghiệp", "Hiệp hội doanh ngành")),
    # ---- provincial groups (a group is not any single unit)
    (
        "Các sở, ban, ngành",
        "",
        (
            "Các sở, ngành",
            "Các sở ngành",
            "Sở, Ban, ngành",
            "Các Sở, Ban, ngành",
            "Các sở, ban ngành",
            "Các sở ban ngành",
        ),
    ),
    ("Các đơn vị, địa phương", "", ("Các cơ quan, đơn vị, địa phương",)),
    ("Các đơn vị liên quan", "", ("các đơn vị liên quan", "Các cơ quan, đơn vị liên quan")),
    ("Các địa phương", "", ("Địa phương",)),
    (
        "UBND các huyện, thành phố",
        "UBND cấp huyện",
        (
            "UBND cấp huyện",
            "UBND các huyện/thành phố",
            "UBND các huyện thành phố",
            "UBND các huyện TP",
            "UBND các huyện, TP",
            "Ủy ban nhân dân các huyện, thành phố",
            "Uỷ ban nhân dân các huyện, thành phố",
            "UBND huyện",
            "UBND các huyện",
            "UBND các huyện, thị xã, thành phố",
            "UBND các huyện, thị xã thành phố",
        ),
    ),
    ("UBND cấp xã", "", ("UBND các xã", "UBND các xã, phường, thị trấn", "cấp xã")),
    # ---- commune officials and bodies (Nghĩa Phương, 001)
    ("Công chức Văn hóa - Thông tin xã", "CC VHTT", ("CC VHTT", "CC VH TT", "Công chức Văn hóa - Thông tin")),
    # 001 writes "CC VHXX" once (8.3); the only other "VHX…" official is CC VHXH, so it is read as that.
    # The plan text's "Công chức Văn hóa xã hội xã" (the DTI focal point, section III.1) is CC VHXH by its
    # letters; the appendix keeps CC VHTT (Văn hóa - Thông tin, lead of most rows) and CC VHXH (4.6) apart,
    # so they stay two units (tests/test_units.py checks both against the source rows).
    (
        "Công chức Văn hóa - Xã hội xã",
        "CC VHXH",
        (
            "CC VHXH",
            "CC VHXX",
            "Công chức Văn hóa - Xã hội",
            "Công chức Văn hóa xã hội xã",
            "Công chức Văn hóa xã hội",
        ),
    ),
    (
        "Công chức Văn phòng - Thống kê xã",
        "CC VPTK",
        ("CC VPTK", "Công chức VP - TK xã", "Công chức Văn phòng xã", "Công chức Văn phòng - Thống kê"),
    ),
    # The commune's finance official is written "CC TCKT", "Công chức Tài chính kế toán xã" and, for the
    # budget indicators 2.6–2.9, "Công chức Tài chính và Kế hoạch": one post (Tài chính - Kế toán) in a
    # commune.
    (
        "Công chức Tài chính - Kế toán xã",
        "CC TCKT",
        (
            "CC TCKT",
            "Công chức Tài chính kế toán xã",
            "Công chức Tài chính - Kế toán",
            "Công chức Tài chính và Kế hoạch",
        ),
    ),
    ("Công chức Địa chính xã", "CC Địa chính", ("CC Địa chính", "Công chức Địa chính")),
    # 001 writes "CC cửa Một" (6.5–6.11): the official of the one-stop desk ("Bộ phận Một cửa"), words swapped.
    # The desk's statutory name is "Bộ phận Tiếp nhận và Trả kết quả" (Nghị định 61/2018/NĐ-CP), which officials use.
    (
        "Công chức Bộ phận Một cửa xã",
        "CC Một cửa",
        ("CC cửa Một", "CC Một cửa", "Công chức Một cửa", "Công chức Bộ phận Một cửa",
         "Công chức Bộ phận Tiếp nhận và Trả kết quả"),
    ),
    ("Bộ phận Một cửa xã", "", ("Bộ phận 1 cửa", "Bộ phận một cửa", "Bộ phận Tiếp nhận và Trả kết quả")),
    ("Phụ trách Đài truyền thanh xã", "", ("Phụ trách Đài truyền thanh xã.",)),
    ("Công an xã", "", ()),
    ("Đoàn Thanh niên xã", "Đoàn TN xã", ("Đoàn thanh niên xã", "Đoàn TN xã")),
    (
        "Các công chức chuyên môn xã",
        "Công chức xã",
        ("Công chức xã", "Công chức chuyên môn xã", "Các công chức chuyên môn", "Các công chức xã"),
    ),
    ("Các thôn", "", ("6 thôn", "các thôn")),
    ("UBND xã", "", ("Ủy ban nhân dân xã",)),
)


class UnknownUnit(ValueError):
    """A unit spelling the registry does not know; the message says which, in Vietnamese."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Đơn vị chưa có trong danh mục đơn vị (knowledge/units.py): '{name}'")
        self.name = name


def _key(name: str) -> str:
    """Comparison form: NFC, case-folded, one space, no space around ``&-/,``, no final full stop."""
    text = unicodedata.normalize("NFC", name).casefold().replace("uỷ", "ủy")
    text = re.sub(r"\s*([&/\-,])\s*", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" .")


def registry_units() -> tuple[Unit, ...]:
    """The registry as model units (aliases de-duplicated, canonical name first)."""
    return tuple(
        Unit(name=name, short=short, aliases=tuple(dict.fromkeys(aliases)))
        for name, short, aliases in REGISTRY
    )


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name, short, aliases in REGISTRY:
        for spelling in (name, short, *aliases):
            if not spelling:
                continue
            key = _key(spelling)
            if index.get(key, name) != name:
                raise ValueError(f"Cách viết '{spelling}' trỏ tới hai đơn vị: '{index[key]}' và '{name}'")
            index[key] = name
    return index


def _spelling_pattern(spelling: str) -> str:
    """A regex for one spelling that tolerates the sources' spacing ("Sở TT &TT", "Các sở , ngành")."""
    compact = re.sub(r"\s*([&/\-,])\s*", r"\1", " ".join(spelling.split()))
    parts = []
    for ch in compact:
        if ch == " ":
            parts.append(r"\s+")
        elif ch in "&/-,":
            parts.append(r"\s*" + re.escape(ch) + r"\s*")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _all_spellings() -> list[str]:
    return [s for name, short, aliases in REGISTRY for s in (name, short, *aliases) if s]


@cache
def _matcher() -> re.Pattern[str]:
    spellings = sorted(set(_all_spellings()), key=len, reverse=True)
    body = "|".join(_spelling_pattern(s) for s in spellings)
    return re.compile(rf"(?:{body})(?=$|[\s,;.()\-/])", re.I)


_SEPARATOR = lazy_compile(r"(?:[\s,;]+|-\s+|và\s+)+", re.I)
_PAREN = lazy_compile(r"\s*\([^()]*\)")
_WORD = lazy_compile(r"\s+([^\s,;]+)")


def _qualifier_end(text: str, pos: int) -> int:
    """End of lower-case words that describe the unit just matched ("… phụ trách đảm bảo kỹ thuật kết nối").

    Stops at a separator, a capitalised word, "và" or a word where another registry name starts.
    """
    matcher = _matcher()
    end = pos
    while True:
        word = _WORD.match(text, end)
        if not word or not word.group(1)[0].islower() or word.group(1).lower() == "và":
            return end
        if matcher.match(text, word.start(1)):
            return end
        end = word.end()


def _match_unit(text: str, pos: int) -> int | None:
    """End of a registry name (with its parenthesis and qualifier) starting at ``pos``, or None."""
    match = _matcher().match(text, pos)
    if not match:
        return None
    end = match.end()
    paren = _PAREN.match(text, end)
    if paren:
        end = paren.end()
    return _qualifier_end(text, end)


def split_units(cell: str) -> list[str]:
    """The units a cell names, as written (cleaned of markup and list dashes), in order.

    Known names are matched first (longest spelling wins), so commas and "và" inside a name never split it; a
    parenthesis right after a name ("… (Viettel Kon Tum, …)") and lower-case words right after it ("Sở … phụ
    trách đảm bảo kỹ thuật kết nối") stay with that name. Unknown text is returned as one piece per separator
    so that :func:`canonical_unit` can report it.
    """
    text = " ".join(clean_text(cell).split("\n"))
    units: list[str] = []
    pos = 0
    while pos < len(text):
        sep = _SEPARATOR.match(text, pos)
        if sep and sep.end() > pos:
            pos = sep.end()
            continue
        end = _match_unit(text, pos)
        if end is None:
            stop = re.compile(r"[,;]|\s-\s").search(text, pos)
            end = stop.start() if stop else len(text)
        piece = text[pos:end].strip(" .")
        if piece:
            units.append(piece)
        pos = max(end, pos + 1)
    return units


def canonical_unit(name: str) -> str:
    """The canonical name for a spelling; raises :class:`UnknownUnit` when the registry does not know it.

    A known name followed only by a parenthesis or lower-case qualifier words resolves to that name.
    """
    index = _index()
    for candidate in (name, _PAREN.sub("", name)):
        key = _key(candidate)
        if key in index:
            return index[key]
    text = " ".join(name.split())
    match = _matcher().match(text)
    if match and _match_unit(text, 0) == len(text):
        return index[_key(match.group(0))]
    raise UnknownUnit(name)


def resolve_cell(cell: str) -> tuple[list[str], list[str]]:
    """(canonical units, spellings as written) for a cell; raises :class:`UnknownUnit` on an unknown."""
    written = split_units(cell)
    canonical = list(dict.fromkeys(canonical_unit(w) for w in written))
    return canonical, written


def plan_entries(plan: Plan) -> list[Assignment | PlanItem]:
    """Everything in a plan that names units: its assignments and its items."""
    return [*plan.assignments, *plan.items]


# Units that stand for several units, each of which reports its own part (a district, a commune, a department):
# the bot lets an admin add member units under them. Every name here must be a canonical name of ``REGISTRY``.
GROUP_UNITS: frozenset[str] = frozenset({
    "Các sở, ban, ngành",
    "Các cơ quan thành viên Ban Chỉ đạo Chuyển đổi số tỉnh",
    "Các đơn vị, địa phương",
    "Các đơn vị liên quan",
    "Các địa phương",
    "UBND các huyện, thành phố",
    "UBND cấp xã",
    "Doanh nghiệp viễn thông",
    "Doanh nghiệp",
    "Doanh nghiệp bưu chính",
    "Các công chức chuyên môn xã",
    "Các thôn",
})


# The districts and cities of a province are written two ways in its plans: by their people's committees ("UBND
# các huyện, thành phố") and as "các địa phương" (the rows Ninh Thuận's plan gives "các Sở, ban, ngành, địa
# phương", Kon Tum's 6.21). A row given to either is the districts': asked what a district leads, an official must
# learn of both (two blind question writers listed Ninh Thuận's "địa phương" rows for a district). Not "Các đơn
# vị, địa phương", which is every unit at once. Every name here must be a canonical name of ``REGISTRY``.
SAME_UNITS: dict[str, str] = {
    "UBND các huyện, thành phố": "Các địa phương",
    "Các địa phương": "UBND các huyện, thành phố",
}


def is_group_unit(name: str) -> bool:
    """True for a group unit ("UBND các huyện, thành phố"), under which member units can be added."""
    return name in GROUP_UNITS
