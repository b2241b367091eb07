"""Abbreviations and synonyms officials use, in folded form (no diacritics, lower case).

Each abbreviation is replaced by its full folded form on both sides (documents and questions), so an official who
types "DVCTT" finds "dịch vụ công trực tuyến" and vice versa. Keep entries unambiguous: a short token that is
also an ordinary word (e.g. "so", "tt") must not be here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from knowledge.lazy import lazy_compile

ABBREVIATIONS: dict[str, str] = {
    "dvctt": "dich vu cong truc tuyen",
    "bcci": "buu chinh cong ich",
    "dvc": "dich vu cong",
    "attt": "an toan thong tin",
    "atttm": "an toan thong tin mang",
    "cds": "chuyen doi so",
    "tttt": "thong tin va truyen thong",
    "ttvtt": "thong tin va truyen thong",
    "btttt": "bo thong tin va truyen thong",
    "ubnd": "uy ban nhan dan",
    "ubqg": "uy ban quoc gia",
    "hdnd": "hoi dong nhan dan",
    "httt": "he thong thong tin",
    "csdl": "co so du lieu",
    "cqnn": "co quan nha nuoc",
    "cks": "chu ki so",  # "cks cá nhân của người dân", "cks cho lãnh đạo"
    "cbccvc": "can bo cong chuc vien chuc",
    "cbcc": "can bo cong chuc",
    "ccvc": "cong chuc vien chuc",
    "nsnn": "ngan sach nha nuoc",
    "tthc": "thu tuc hanh chinh",
    "hstt": "ho so truc tuyen",
    "cntt": "cong nghe thong tin",
    "cqs": "chinh quyen so",
    "ttdt": "thong tin dien tu",
    "cns": "cong nghe so",
    "hsdxcd": "ho so de xuat cap do",  # HSĐXCĐ, the security level file of 5.1
    "ttin": "thong tin",  # a chat short form: "hệ thống ttin"
    "dvcqg": "dich vu cong quoc gia",
    "pakn": "phan anh kien nghi",
    "cqdt": "chinh quyen dien tu",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "gddt": "giao duc va dao tao",
    "khdt": "ke hoach va dau tu",
    "khcn": "khoa hoc va cong nghe",
    "tnmt": "tai nguyen va moi truong",
    "vhttdl": "van hoa the thao va du lich",
    "gtvt": "giao thong van tai",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "ncsc": "ncsc trung tam giam sat an toan khong gian mang quoc gia",
    "lgsp": "lgsp nen tang tich hop chia se du lieu cap tinh",
    "ndxp": "ndxp nen tang tich hop chia se du lieu quoc gia",
    "soc": "soc trung tam giam sat an toan thong tin",
    "ioc": "ioc trung tam giam sat dieu hanh do thi thong minh",
    "smartphone": "dien thoai thong minh",
    "dtdd": "dien thoai di dong",
    "tmdt": "thuong mai dien tu",
    "dnnvv": "doanh nghiep nho va vua",
    "dn": "doanh nghiep",
    "kts": "kinh te so",
    "ktso": "kinh te so",
    "xhso": "xa hoi so",
    "cqso": "chinh quyen so",
    "xhs": "xa hoi so",
    "ttdl": "trung tam du lieu",
    "vpubnd": "van phong uy ban nhan dan",
    "vpub": "van phong uy ban nhan dan",
    "vp": "van phong",
    "ptth": "phat thanh truyen hinh",
    "ptht": "phat thanh truyen hinh",
    "bcd": "ban chi dao",
    "vnpt": "vnpt",
    "ipv6": "ipv6",
    "onetouch": "onetouch",
}

_UPPER_WORD = lazy_compile(r"[A-ZĐ]{3,7}")
_UPPER_RUN = lazy_compile(r"[A-ZĐ]{3}")  # a text without one holds no initialism: not read further
_WORD = lazy_compile(r"\w+")

# Abbreviations that are ordinary words when written in lower case: matched only in capitals, before folding.
CASED_ABBREVIATIONS: dict[str, str] = {
    "AI": "trí tuệ nhân tạo",
    # "CA" before a level is the police ("CA xã với đài truyền thanh chủ trì mấy cs"); alone it may be a
    # certificate authority ("chữ ký số VNPT-CA"), and "cả xã" folds to "ca xa"
    "CA xã": "công an xã",
    "CA tỉnh": "công an tỉnh",
    "CA huyện": "công an huyện",
    # the bodies that supply an indicator's data, as the commune plan writes them ("Bộ CA thống kê", "Ngân hàng NN
    # cung cấp"): a question names them in full ("số liệu do Bộ Công an thống kê")
    "Bộ CA": "Bộ Công an",
    "Ngân hàng NN": "Ngân hàng Nhà nước",
    "NHNN": "Ngân hàng Nhà nước",
}

# Multi-word equivalences applied after abbreviation expansion (folded text): (phrase, canonical phrase).
PHRASE_SYNONYMS: list[tuple[str, str]] = [
    ("thong tin truyen thong", "thong tin va truyen thong"),
    ("phat thanh va truyen hinh", "phat thanh truyen hinh"),
    ("dai truyen hinh", "dai phat thanh truyen hinh"),
    ("bao chi", "bao"),
    ("internet cap quang", "internet bang rong cap quang"),
    ("ket noi internet bang rong co dinh", "ket noi internet bang rong cap quang"),
    ("email", "thu dien tu"),
    # "phục vụ cc vc": công chức, viên chức written as two short forms ("ccvc" is one, above); "cc" alone stays the
    # commune's "CC VHTT", a unit's title
    ("cc vc", "cong chuc vien chuc"),
    # a rate of "cc" ("tỷ lệ cc được tập huấn") counts people, never a unit: the công chức
    ("ti le cc", "ti le cong chuc"),
]


# Words an initialism may skip when it is spelled out ("Quản lý văn bản và điều hành" = QLVBĐH).
_CONNECTORS = frozenset({"va", "cua", "cho"})


def learn_short_forms(texts: Iterable[str], known: Mapping[str, str] = ABBREVIATIONS) -> dict[str, str]:
    """Initialisms the sources themselves spell out: an upper-case word such as "TSLCD" written right next to a
    phrase whose initials it is ("Mạng truyền số liệu chuyên dùng (Mạng TSLCD)", "CĐS ... chuyển đổi số").
    Learned from the knowledge base, never from questions, so it can only teach what the plans say; the reviewed
    table (``ABBREVIATIONS``) keeps priority."""
    from knowledge.normalize import fold

    counts: dict[str, Counter[str]] = {}
    for text, times in Counter(texts).items():  # a text many entries repeat is read once (issue 20)
        if not _UPPER_RUN.search(text):
            continue
        words = _WORD.findall(text)
        folded = _WORD.findall(fold(text))
        if len(folded) != len(words):  # folding moved a word boundary (rare letters): fold word by word
            folded = [fold(w) for w in words]
        for k, word in enumerate(words):
            if not _UPPER_WORD.fullmatch(word):
                continue
            short = folded[k]
            if short in known or not short.isalpha():
                continue
            window = [j for j in range(max(0, k - 15), min(len(words), k + 16)) if j != k]
            for j in sorted(window, key=lambda j: abs(j - k)):  # the nearest spelled-out phrase
                phrase = _spelled(folded[j:k] if j < k else folded[j:j + 15], short)
                if phrase:
                    counts.setdefault(short, Counter())[phrase] += times
                    break
    return {short: max(c.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] for short, c in counts.items()}


def _spelled(words: list[str], short: str) -> str:
    """The phrase at the start of ``words`` whose initials spell ``short`` (connectors skipped), or ""."""
    taken: list[str] = []
    i = 0
    for word in words:
        if i == len(short):
            break
        if word[0] == short[i]:
            taken.append(word)
            i += 1
        elif word in _CONNECTORS and taken:
            taken.append(word)
        else:
            return ""
    return " ".join(taken) if i == len(short) and len(taken) >= 2 else ""
