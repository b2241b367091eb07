"""Phrases that name no topic: the ones that only point at "an indicator" ("chỉ số nào", "tiêu chí"), and the ones
that make a sentence polite, a question, or a story ("cho em hỏi", "bao nhiêu", "em mới nhớ"). Folded; read by
``intent.analyze``, which removes them around the fields a question asks. Kept apart from it as data.
"""

from __future__ import annotations

# Phrases that only point at "an indicator": removed first, so that "chi so nao" is never read as "so nao"
# (which department).
POINTER_PHRASES: tuple[str, ...] = (
    "thuoc chi so nao", "lien quan chi so nao", "tinh cho chi so nao", "la chi so nao", "chi so nao", "chi so gi",
    "tieu chi nao", "chi so thanh phan", "chi so chinh", "chi so nay", "chi so", "tieu chi", "chi tieu so",
    "chi tieu ve", "nhom chi so", "tru cot",
    # chat short forms, only where they cannot be "cơ sở" or "chính sách": before "về", "nào", "gì"
    "thuoc cs nao", "la cs nao", "cs nao", "cs gi", "cs ve", "la tc nao", "tc nao", "tc gi", "tc ve",
    # "this thing" ("xã mình được chấm cái này thế nào"): it only points back, and parted "chấm … thế nào"
    "hai cai nay", "cai nay", "cai do", "cai ni",
    # "hỏi hai chỉ số về máy chủ và máy trạm …": the count of what is pointed at goes with the pointer
    "hai chi so", "hai tieu chi", "hai chi tieu", "hai cs", "hai tc", "2 chi so", "2 tieu chi",
)
# Phrases that make the sentence polite or a question: removed after the fields ("đạt bao nhiêu" asks a result).
FILLER_PHRASES: tuple[str, ...] = (
    "cho biet", "cho em hoi", "cho hoi", "xin hoi", "vui long", "lam the nao", "nhu the nao", "the nao", "ra sao",
    "la gi", "bao lau mot lan", "bao lau 1 lan", "may lan", "bao lau", "bao nhieu phan tram", "phan tram",
    "bao nhieu", "dung khong", "phai khong", "duoc khong", "co khong", "nam nay", "hien nay", "hien tai",
    "tinh minh", "xa minh", "ben em", "bay gio", "giup toi", "cho toi", "toi muon", "toi can", "toi hoi",
    "em hoi", "minh hoi", "muon hoi", "hoi chut", "hoi ve", "gom nhung gi", "gom nhung", "gom gi", "bao gom",
    "can biet", "muon biet", "can hoi", "co bao gio", "chua bao gio", "khong bao gio",
    # hurry said ("e cần gấp", "gấp lắm ạ"): no topic ("tờ gấp", a leaflet, is never "cần gấp"); a thing recalled
    # ("em mới nhớ cái chỉ tiêu …", "chợt nhớ", "mới nghĩ tới"), "it" ("mục tiêu của nó"), "thôi hả"
    "can gap", "gap lam", "gap qua", "moi nho", "chot nho", "suc nho", "nghi toi", "nghi den", "cua no", "thoi ha",
    # wondering ("em tò mò không biết dự án … sở nào chủ trì", "ko bít … ai lo"): no topic
    "khong biet", "to mo",
    # asking the group for help ("ai biết chỉ em với"): no topic
    "ai biet", "chi em voi",
    # whether it meets the bar ("đọc mấy lần thì đạt yêu cầu", "đã đạt yêu cầu chưa"): no source says it, no topic
    "dat yeu cau",
    # comparing two named things ("… cấp tỉnh với cấp xã, hai tiêu chí này khác nhau không", "so sánh giúp em …"):
    # no topic
    "so sanh", "khac nhau", "giong nhau", "hai tieu chi nay", "hai chi so nay", "hai cai nay", "hai tieu chi",
    "hai chi so",
    # asking of each of them ("…, năm 2022 mỗi cái bao nhiêu điểm"): read apart (``pairs.asks_each``), no topic
    "moi cai", "tung cai", "moi thu", "tung thu", "moi loai", "tung loai", "ca hai", "lan luot",
    # "in person" ("văn bản mà đích thân chủ tịch xã ký"): who signs is said by the title after it, no topic
    "dich than",
)
