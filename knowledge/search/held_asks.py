"""What a question asks of results, read from its words: a sum of money, a count of things, a rate, a rank, a
measure, a year said in words or compared with. ``held`` weighs these against what the plan's sources hold; kept
apart so that the phrases can be read (and tested) on their own.
"""

from __future__ import annotations

import re
from functools import cache

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold
from knowledge.search.thesaurus import PhraseTable, Words, phrase_table

# A price, of a service or a thing: no source writes one, though an entry may count money spent ("Kinh phí giám sát
# ATTT" is no price of a SOC service)
PRICE_ASKED: tuple[str, ...] = (
    "giá cước", "cước phí", "tiền cước", "gói cước", "giá gói", "giá bao nhiêu", "giá là bao nhiêu", "giá rẻ nhất",
    "định mức giá", "giá mua", "giá bán", "mức giá", "đơn giá", "giá thành", "giá thuê",
)


# Asking for an amount of money: the plans write amounts only for budget indicators (kinh phí, tỷ đồng).
MONEY_ASKED: tuple[str, ...] = (
    "bao nhiêu tiền", "mấy tiền", "bao nhiêu tỷ", "mấy tỷ", "bao nhiêu triệu", "mấy triệu", "bao nhiêu đồng",
    "tổng mức đầu tư", "mức đầu tư", "phụ cấp", "mức hỗ trợ", "tiền hỗ trợ", "tiền lương", "mức lương",
    "lương tháng", "lương bao nhiêu", "lương của", "trả lương", "thù lao", "trả công", "được trả bao nhiêu",
    *PRICE_ASKED,
    # a fee to pay: "có mất phí không", "phí duy trì … hết bao nhiêu"
    "mất phí", "tốn phí", "phí bao nhiêu", "phí là bao nhiêu", "phí duy trì", "phí hằng năm", "hết bao nhiêu tiền",
    # what a project or a task costs ("tổng kinh phí dự án phủ sóng 5G là bao nhiêu"): a budget entry's own method
    # answers it where the entry writes money ("kinh phí giám sát ATTT bao nhiêu tỷ thì được điểm tối đa")
    "kinh phí là bao nhiêu", "kinh phí bao nhiêu", "kinh phí hết bao nhiêu", "kinh phí dự án", "vốn dự án",
    "tổng vốn",
)


@cache
def price_asked() -> PhraseTable:
    return phrase_table(PRICE_ASKED)


@cache
def money_asked() -> PhraseTable:
    return phrase_table(MONEY_ASKED)


# Another index, criteria set or programme than the plans' own: the new-rural criteria ("tiêu chí số 8 … bộ nông
# thôn mới"), the provincial competitiveness (PCI), governance (PAPI), administrative reform (PAR index) and
# satisfaction (SIPAS) indices, the OCOP products programme. No source holds any: a number asked of one is not the
# plans' row of that number.
OTHER_INDEX_NAMES: dict[str, str] = {  # folded as asked → as the reply names it
    "nong thon moi": "bộ tiêu chí nông thôn mới", "pci": "chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "nang luc canh tranh": "chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "papi": "chỉ số PAPI",
    "par index": "chỉ số cải cách hành chính (PAR Index)", "sipas": "chỉ số hài lòng SIPAS",
    "ocop": "chương trình OCOP (mỗi xã một sản phẩm)",
}
OTHER_INDEX = lazy_compile(r"\b(?:" + "|".join(OTHER_INDEX_NAMES) + r")\b")


# Asking for a rank among places ("xếp hạng thứ mấy", "tỉnh nào đứng đầu", "so sánh với Gia Lai"): the plans
# score their own place, they rank nobody; only a plan's notes may write the place's published rank ("62/63").
# Folded; "đứng đầu" alone is no rank ("người đứng đầu tỉnh" is 1.1's name), nor "cao nhất" alone (the methods
# of 4.5 or 7.10 give full points to "the province with the highest rate").
RANK_ASKED = re.compile(
    r"\b(?:xep hang|thu hang|(?:xep|dung) thu (?:may|bao nhieu|\d+|hang)|hang may|hang bao nhieu|dan dau|top \d+|"
    r"top dau|(?:bao nhieu|may|tang|giam|len|xuong) bac|(?:dung dau|cao nhat|thap nhat|dung cuoi|bet) "
    r"(?:ca nuoc|toan quoc|khu vuc|vung|tay nguyen|mien trung))\b"
    r"|\b(?:tinh|xa|huyen|dia phuong|thanh pho|phuong|thon|xom|ap|lang|truong) nao\b.*\b(?:cao nhat|"
    r"thap nhat|dung dau|nhieu nhat|"
    r"it nhat|tot nhat|kem nhat|dan dau|(?:nhieu|it)(?: \w+){1,6} nhat)\b"  # "… nhiều người dùng smartphone nhất"
    r"|\bso sanh\b.*\b(?:voi|va|giua)\b (?:cac |nhung )?(?:tinh|xa|huyen|dia phuong|thanh pho|ca nuoc|trung binh)"
)
COMPARE = lazy_compile(r"\bso sanh\b")
# A count asked of a year ("Năm 2024 Ninh Thuận có bao nhiêu người dân dùng ví điện tử?"): a result of that year,
# although no result word ("kết quả", "đạt") is written.
COUNT_ASKED = lazy_compile(r"\b(?:bao nhieu|so luong)\b")
# "mấy cuộc", "mấy người" asks how many, typed with its marks ("may" is also "máy"); not "mấy nhóm này", "mấy hộ
# gia đình đó" (these groups, those households): a demonstrative within the next words points at things said
HOW_MANY = lazy_compile(r"(?<!\w)mấy((?:\s+\w+){1,4})", re.IGNORECASE)
RATE_ASKED = lazy_compile(r"\b(?:phan tram|ty le|ti le)\b|%")  # a share asked beside a count, folded
DEMONSTRATIVES = frozenset({"này", "đó", "ấy", "kia", "nọ"})


def asks_how_many(question: str) -> bool:
    return any(not DEMONSTRATIVES.intersection(m.group(1).lower().split()) for m in HOW_MANY.finditer(question))


# A number of things asked ("bao nhiêu doanh nghiệp", "bao nhiêu em"), folded: not points, a share ("bao nhiêu
# phần", not "phần mềm"), a sum ("bao nhiêu ngân sách") or a number of times. A score table holds the points given
# for it, never the count itself.
THINGS_COUNTED = lazy_compile(r"\bbao nhieu (?!(?:diem|d|phan tram|ty le|lan|nam|thang|ngay|tien|dong|trieu|ty|"
                              # nor a word of talk after it ("được bao nhiêu vậy", "đc bn rồi ạ")
                              r"ngan sach|kinh phi|von|phan(?! mem)|vay|v|a|ah|nhi|z|roi|nhe|ad)\b)"
                              r"[a-z]")
AMOUNT_ASKED = lazy_compile(r"\bbao nhieu (?:ty|ti|trieu|tien|dong|nghin)\b(?! (?:trong|le)\b)")  # a sum, folded
# A sum spent ("xã chi hết bao nhiêu tiền", "tỉnh đã chi tổng cộng bao nhiêu tỷ"), unless what earns points is asked
# ("chi bao nhiêu thì được điểm", "… mới đủ"), folded
SPENT_ASKED = lazy_compile(r"\b(?:chi|tieu|bo ra)(?: het| tong cong| tat ca| ra)? bao nhieu\b")
FOR_POINTS = lazy_compile(r"\b(?:thi|moi|de) (?:duoc|dat|du|co)\b|\bdiem\b")
COMPARED = lazy_compile(r"\bso (?:voi|sanh voi) (?:nam |ket qua nam |so lieu nam )?(20\d\d)\b")  # folded
DATA_OF_YEAR = lazy_compile(r"\b(?:so lieu|du lieu|con so) (?:cua )?(?:nam )?20\d\d\b")  # a year's figure, folded
BY_YEAR = re.compile(r"\b(?:den|toi)(?: het)?(?: nam)? (20\d\d)\b")  # "đến (hết) năm 2030", folded
# A past year or the present said, not written ("năm ngoái", "năm rồi", "hiện nay", "đến nay", "đến giờ"), folded: a
# result is asked, of some year. Not the "hiện" of "thực hiện", "phát hiện", "thể hiện", nor "hiện đại", "hiện hành".
SAID_YEAR = lazy_compile(r"\bnam (?:ngoai|truoc|roi|vua qua|vua roi)\b"
                         r"|\b(?:den|toi) (?:nay|thoi diem nay|gio|bay gio)\b|\b(?:bay gio|hien gio)\b"
                         # "đang có bao nhiêu …", "có tổng cộng bao nhiêu …", "đã đào tạo được bao nhiêu lãnh đạo rồi",
                         # "xã có bao nhiêu hộ lắp cáp quang rồi":
                         # what there is now, or so far
                         r"|\bdang co\b|\btong cong (?=bao nhieu|may\b)|\b(?:duoc|co) bao nhieu \w+(?: \w+){0,5} roi\b"
                         r"|(?<!thuc )(?<!phat )(?<!the )(?<!xuat )(?<!bieu )(?<!trinh )(?<!tai )(?<!dai )"
                         r"\bhien\b(?! (?:thi|dai|hanh|vat|dien|thuc|ra|len|nhu|ro)\b)")
# A quantity in a unit of measure asked ("đã kéo được bao nhiêu km cáp quang"), folded: the plans count things,
# rates and points; a length, an area, a weight or a speed they write nowhere for an indicator.
MEASURE_ASKED = re.compile(r"\b(?:bao nhieu|may)\s+(km|kilomet|ki lo met|met|m2|hecta|ha|tan|kg|mbps|gbps)\b"
                           # a speed asked without its unit ("đường truyền … tốc độ bao nhiêu"): in Mbps
                           r"|\btoc do(?:\s+\w+){0,2}?\s+(?:bao nhieu|may|the nao)")
WAGE = re.compile(r"(?<!\w)lương(?!\w)", re.IGNORECASE)
# A reason asked ("vì sao năm 2022 bị 0 điểm", "tại sao IOC phải dừng", "lý do chọn mục tiêu 60%"), folded: only a
# score table's note gives one (Đắk Lắk's 2021 table); no plan writes why anything happened. Not "do đâu" ("số liệu
# do đâu cung cấp" asks a source of data) nor the "lý đồ" of "quản lý đồ đạc", "xử lý đó".
REASON_ASKED = lazy_compile(r"\b(?:vi sao|tai sao|(?<!quan )(?<!xu )(?<!tri )(?:ly|li) do|nguyen nhan|sao lai)\b")


def plain(text: str | Words) -> str:
    return " ".join(text.plain) if isinstance(text, Words) else fold(text)


def asks_rank(text: str | Words, places: int = 0) -> bool:
    """The question asks where a place ranks among others, which place ranks first, or compares places
    (``places``: how many provinces it names; "so sánh … Kon Tum với Gia Lai")."""
    words = plain(text)
    return bool(RANK_ASKED.search(words)) or (places >= 2 and bool(COMPARE.search(words)))


# Which of the places below the plan's own ("trong 6 thôn, thôn nào chưa có tổ công nghệ số", "huyện nào làm chưa
# tốt"), folded: the plans hold their own level's figures, never one per village or district. Not a rank
# (``RANK_ASKED``: "xã nào cao nhất") nor a unit ("đơn vị nào chưa …" is no place).
WHICH_PLACE = lazy_compile(r"\b(thon|xom|ap|lang|buon|plei|huyen|xa|phuong|thi tran) nao\b"
                           # "những thôn nào ở Nghĩa Phương đã …": the place they are in, said between
                           r"(?= (?:(?:o|tai|cua|thuoc) \w+(?: \w+)? )?(?:chua|con|khong|da|bi|lam|dat|thap|it|"
                           r"con thieu)\b)")
# Whether a thing is done yet ("thị xã An Khê đã có chuyên mục … chưa"), folded: of a district named, a status
# no plan breaks down
DONE_YET = lazy_compile(r"\bda\b(?:\s+\w+){1,12}?\s+chua\s*$")
PLACE_KINDS = {"thon": "thôn", "xom": "xóm", "ap": "ấp", "lang": "làng", "buon": "buôn", "plei": "plei",
               "huyen": "huyện", "xa": "xã", "phuong": "phường", "thi tran": "thị trấn"}


# A figure of part of a year ("quý I năm 2024", "quý II/2023", "6 tháng đầu năm", "tính đến tháng 6"), folded: the
# plans and the score tables hold a year's results, never a quarter's or a month's. Not "quý IV hằng năm" asked as a
# deadline (``DEADLINE_SAID``: the quarter itself reads as one), nor a quarter without its year, the time of a
# meeting or a report said as context ("sắp họp giao ban quý IV, …").
PERIOD_ASKED = lazy_compile(r"\bquy (?:i{1,3}|iv|[1-4])\s*(?:/|nam)\s*(?:20\d\d|nay)\b"
                            r"|\b(?:\d|sau|chin) thang (?:dau|cuoi) nam\b"
                            r"|\b(?:den|toi) (?:het )?thang \d{1,2}\b"
                            r"|\bthang \d{1,2}\s*(?:/|nam)\s*20\d\d\b")  # "tháng 6/2023": a month of a year
DEADLINE_SAID = lazy_compile(r"\b(?:han|khi nao|bao gio|thoi han|thoi gian|truoc|cham nhat|hoan thanh|xong)\b")
FIGURE_ASKED = lazy_compile(r"\b(?:con so|so lieu)\b")  # "cho em xin con số quý I/2024": a figure, folded
# A part of the people counted ("bao nhiêu người là nữ", "người trên 60 tuổi … chiếm bao nhiêu phần trăm"), folded:
# the sources count everyone the indicator names, never by sex or by an age of their own choosing. Not "là nam":
# folded, it is "là năm" ("hạn là năm nào").
SUBGROUP_ASKED = lazy_compile(r"\b(?:la nu|nu gioi|nam gioi|bao nhieu nu|bao nhieu phu nu|"
                              r"(?:tren|duoi|tu) (?:[5-9]\d) tuoi)\b")
