"""Questions asking what a unit leads: "Sở Tài chính chủ trì những chỉ số nào", "chỉ số nào do … chủ trì",
"danh sách chỉ số của …", "Đơn vị tôi là X. … Sở mình phải chủ trì …".

Read on the folded question before its topic is: a unit question has no topic to search, only a unit's name to
find (``plan_units``). Split from ``intent``, which reads what a question about an indicator asks.
"""

from __future__ import annotations

import re

from knowledge.lazy import lazy_compile
from knowledge.normalize import normalize_tokens

# Not "quản lý": a word of many names ("phần mềm quản lý văn bản", "quản lý tài sản"), no verb of leading
# "… phụ trách chính (chủ trì) …": "chính", the main one, is no other word
_UNIT_VERB = (r"(?:(?:chiu trach nhiem|chu tri|phu trach|theo doi|phoi hop|dam nhiem|dam nhan|thuc hien|tham muu|"
              r"bao cao|om|(?:lam )?dau moi|lam|lo)(?: chinh)?)")  # "Sở Nội vụ làm đầu mối những chỉ số nào": leads
# "… trong kế hoạch (này)", "… của phụ lục 1", "… trong bảng phụ lục": where the indicators are looked for, no part
# of the unit's name
# "… trong bộ DTI xã", "… trong kế hoạch DTI của Kon Tum": the plan's level or place after it names no unit either
_SCOPE = (r"(?:\s+(?:trong|cua|theo|thuoc|o)\s+"
          # "… theo (sự) phân công của Kế hoạch 3015", "… trong phụ lục phân công DTI của xã"
          r"(?:(?:su\s+)?phan cong\s+(?:cua|trong|tai|theo)\s+)?"
          r"(?:phu luc(?:\s+(?:\d+|i{1,3}|iv))?\s+(?:(?:kem|kem theo)\s+)?)?"  # "… trong phụ lục kèm KH 3015"
          r"(?:cac\s+|bang\s+)?(?:ke hoach|kh|phu luc|bo chi so|bo tieu chi|bo dti|dti|bang phan cong)"
          r"(?:\s+(?:phan cong(?:\s+nhiem vu)?|nang cao|cai thien))?"  # "… phụ lục phân công nhiệm vụ"
          # "Kế hoạch 419/KH-UBND": its number is gone, its "KH-UBND" left
          r"(?:\s+(?:\d+|i{1,3}|iv))?(?:\s+kh(?:\s+(?:uy ban nhan dan|ubnd))?)?"
          # "… trong kế hoạch nâng cao chỉ số chuyển đổi số": the plan's own name
          # "… nâng cao DTI Gia Lai": the plan's place after its name, "tỉnh" unsaid
          r"(?:\s+(?:nay|(?:(?:chi so|diem so|diem)\s+)?(?:dti|chuyen doi so)"
          r"(?:\s+(?!(?:cua|o|tai|ve|va|cap|xa|huyen|tinh|nay)\b)[a-z]+ [a-z]+(?=\s|$))?"
          r"(?:\s+nay)?))?"  # "… trong kế hoạch chuyển đổi số này"
          # "… bộ DTI tỉnh Gia Lai": a level, and the place of it
          r"(?:\s+(?:cap\s+)?(?:xa|huyen|tinh)(?:\s+(?!cua\b|o\b|tai\b)[a-z]+(?: [a-z]+)?)?)?"
          r"(?:\s+(?:cua|o|tai)\s+(?:tinh |xa |huyen )?[a-z]+(?: [a-z]+)?)?"
          r"|\s+theo\s+(?:su\s+)?phan cong)?")  # "… chủ trì chỉ số nào theo phân công"
# The kinds of rows wanted, said after the question: "…, cả chỉ tiêu, văn bản lẫn dự án" (folded, commas gone)
_ROW_KINDS = r"(?:chi so|chi tieu|van ban|du an|de an|nhiem vu)"
_MORE_KINDS = r"(?:\s+(?:(?:va|lan|hay|voi)\s+)?" + _ROW_KINDS + r")"
# … or listed bare, two kinds at least, as in brackets: "… nội dung nào (chỉ tiêu, văn bản, dự án)"
_KINDS_ASIDE = (r"(?:\s+(?:ca|gom|bao gom|tinh ca)\s+" + _ROW_KINDS + _MORE_KINDS + r"*(?:\s+nua)?"
                r"|\s+" + _ROW_KINDS + _MORE_KINDS + r"+)?")
# What else a unit question may ask, or why, after its list: "…, kèm thời gian hoàn thành", "… để tổng hợp vào
# báo cáo của Sở"
_ALSO_ASKED = (r"(?:\s+(?:kem|kem theo|va ca)\s+(?:thoi gian|thoi han|han|muc tieu)(?:\s+\w+){0,3})?"
               r"(?:\s+de\s+(?:\w+\s*){1,10})?")
# An aside leaving out coordination: "… chỉ số nào ạ (không tính mấy chỗ chỉ phối hợp)" asks what the unit leads;
# one taking in joint leads asks the same (a row led with others is among what a unit leads)
_ROLE_ASIDE = (r"(?:\s+(?:khong tinh|khong ke|khong lay|tru|bo qua|ngoai)(?:\s+\w+){0,4}?\s+phoi hop"
               # … or taking in what it leads with others: "…, tính cả mấy cái chủ trì chung với sở khác"
               r"|\s+(?:tinh ca|ke ca|gom ca)(?:\s+\w+){0,3}?\s+chu tri chung(?:\s+voi(?:\s+\w+){1,3})?"
               # … or saying so: "…, chỉ tính chủ trì thôi"
               r"|\s+chi (?:tinh|lay|ke)(?:\s+\w+){0,2}?\s+chu tri(?:\s+(?:thoi|thui))?)")
_ROLE_ASIDE_RE = lazy_compile(_ROLE_ASIDE)
# A unit's name is at most this many words ("Ủy ban nhân dân các huyện, thị xã, thành phố" is 10): a longer
# "<X> phải làm gì" asks what to do about a topic.
MAX_UNIT_WORDS = 10
# Where one unit's name ends and another's starts: a join before a unit's kind ("Sở KH&ĐT và Sở GD-ĐT"), not inside
# a name ("Sở Giáo dục và Đào tạo")
_KINDS = (r"(?:so|ubnd|uy ban|cong an|cc|cong chuc|phong|van phong|dai|bao|buu dien|trung tam|doanh nghiep|bo phan|"
          r"ban|cuc|ngan hang)")
UNITS_JOINED = lazy_compile(r"\s+(?:va|hoac|cung|voi)\s+(?=" + _KINDS + r"\b)")
# "… để giao việc cho các phòng, anh chị liệt kê giúp em đầy đủ với ạ": the list asked for after the purpose
_LISTING = r"(?:liet ke|ke ra|ke ten)"  # "liệt kê (giúp) …": the list asked for
# the words after it: "… liệt kê (đủ) giúp em với nh(é)"
_LIST_WORDS = r"(?:\s+(?:day du|du|het|giup|cho|ho))*(?:\s+(?:em|toi|minh|voi|day du|du|het|a|nhe|nha|nh|vay))*"
_LIST_ASKED = (r"(?:\s+(?:anh|chi|em|ban|ad|oi|a)){0,3}(?:\s+(?:" + _LISTING + r"|gui)" + _LIST_WORDS + ")?")
_UNIT_QUESTION = re.compile(
    r"^(?P<unit>.+?)\s+(?:(?:moi|tung) (?:ben|don vi|co quan) )?"  # "Công an xã và CC VHXH mỗi bên chủ trì …"
    # "… (có) phải làm", "… cần theo dõi", "… đang ôm", "… có nhiệm vụ chủ trì gì"
    r"(?:(?:co )?(?:phai|can|se|dang|nhiem vu) )?"
    # "… (có) được giao chủ trì", "… là đơn vị", "… có tên là cơ quan chủ trì"
    r"(?:(?:co )?(?:da |dang )?duoc |bi |(?:co ten )?la (?:don vi|co quan) )?"
    # "… (làm) chủ trì", "… có nhiệm vụ gì"
    # "… đứng (ra) chủ trì", "… đứng tên chủ trì"
    # "… được giao đích danh chủ trì": how it was given, no part of the name
    r"(?:(?:giao|phan cong)(?: cho)?(?: (?:dich danh|chinh thuc|truc tiep))?(?: " + _UNIT_VERB + r")?"
    r"|(?:lam |dung ra |dung ten |dung )?" + _UNIT_VERB
    + r"|co(?= nhiem vu))"
    r"(?:\s+(?:(?:va|hoac)\s+)?" + _UNIT_VERB + r"){0,2}"  # "chủ trì theo dõi", "chủ trì tham mưu, theo dõi"
    r"(?:\s+chung)?"  # "… chủ trì chung những nội dung nào": jointly, with others
    r"(?:\s+o)?\s+(?:(?:nhung|cac|bao nhieu|may)\s+)?"  # "làm chủ trì ở những chỉ số nào"
    # "… chủ trì mấy việc": "mấy" is gone by now, the things counted are left ("việc"); "… làm việc" asks nothing
    r"(?:(?:chi so|cs|tieu chi|tc|chi tieu|ct|nhiem vu|noi dung|muc tieu|van ban|du an|de an|cong viec|"
    r"(?<!\blam )viec|muc)"
    # "… những chỉ tiêu, văn bản, dự án nào": the kinds of rows listed
    r"(?:\s*,?\s+(?:va\s+)?(?:chi so|chi tieu|van ban|du an|de an|nhiem vu))*"
    r"(?:\s+thanh phan)?"
    # "… chỉ số nào (không)"; "… làm việc" asks nothing
    # "… mấy chỉ số DTI cấp tỉnh": the level of the index
    r"(?:\s+(?:dti|chuyen doi so)(?:\s+cap\s+(?:tinh|huyen|xa))?)?(?:\s+(?:nao|gi)(?:\s+(?:khong|ko))?)?"
    r"|(?:viec|cai)\s+(?:nao|gi)|nao|gi)"
    r"(?:\s+(?:la|gom)\s+(?:nhung\s+)?(?:chi so|cs|tieu chi|cai)\s+(?:nao|gi))?"  # "mấy chỉ số, là những cái nào"
    + _SCOPE + _KINDS_ASIDE +
    # "… nào vậy ạ", "…, liệt kê giúp em"
    r"(?:\s+(?:vay|a|ah|nhi|nhe|nha|z|ha|the|day|ta|oi|ban|em|anh|chi|ak|khong|ko))*"
    r"(?:\s+" + _LISTING + _LIST_WORDS + ")?" + _ALSO_ASKED
    + _LIST_ASKED + _ROLE_ASIDE + r"?\s*$"
)
_POINTER = (r"(?:chi so|cs|tieu chi|tc|chi tieu|ct|viec|nhiem vu|noi dung|muc tieu|van ban|du an|cong viec|cai)"
            r"(?:\s+thanh phan)?"
            r"(?:\s+(?:dti|chuyen doi so))?")
_POLITE_END = _SCOPE + r"(?:\s+(?:vay|a|ah|nhi|nhe|nha|z|ha|the|day|ta|oi|ban|em|anh|chi|ak))*\s*$"
# What may follow a unit question's ask in its clause (``unit_scan``): more verbs ("chủ trì tham mưu"), where the
# indicators are looked for, what else is asked of them, polite words; never a topic ("… chỉ số nào về 5G")
ASK_TAIL = lazy_compile(r"^(?:\s+(?:va\s+)?" + _UNIT_VERB + r")*" + _SCOPE
                        + r"(?:\s+(?:cua|o|trong|tai)\s+(?:tinh|xa|huyen|minh)(?:\s+minh)?)?" + _ALSO_ASKED
                        + r"(?:\s+(?:vay|a|ah|nhi|nhe|nha|z|ha|the|day|ta|oi|ban|em|anh|chi|ak|khong|ko|voi|giup|"
                          r"luon|het|day du|liet ke|cu the|vay a))*" + _ROLE_ASIDE + r"?\s*$")
# The same question with the unit after the indicators: "(những) chỉ số nào do <unit> chủ trì", "… giao cho
# <unit> (chủ trì)", "danh sách chỉ số <unit> phụ trách". Without "giao cho" the verb must end the question
# ("chỉ số nào đo mức độ hài lòng" folds to "do", and names no unit); the engine answers the text instead when
# the phrase names no unit of the plan (``Query.unit_loose``).
_UNIT_AFTER = lazy_compile(
    r"^(?:(?:de nghi|xin|cho (?:toi|em|minh)|vui long)\s+)?(?:(?:cho\s+)?biet\s+)?"  # "đề nghị cho biết …"
    r"(?:(?:danh sach|danh muc|ds|liet ke|ke ten)(?:\s+day du)?\s+)?"
    r"(?:(?:nhung|cac|bao nhieu|may)\s+)?" + _POINTER + r"(?:\s+(?:nao|gi))?\s+"
    # "… (được) giao (chủ trì) cho <unit>"; not "giáo dục" folded ("dự án giáo dục thông minh"), nor "giao thông",
    # "giao dịch", "giao diện", "giao tiếp", "giao lưu", "giao ban" ("dự án giao thông thông minh")
    r"(?:(?:(?:da |dang )?duoc |se )?(?:(?:giao|phan cong)(?: chung)?(?: (?:chu tri|phu trach|theo doi))? cho"
    r"|giao(?! (?:duc|thong|dich|dien|tiep|luu|ban)\b))"
    r"\s+(?P<given>.+?)"
    r"(?:\s+(?:(?:lam |la don vi )?" + _UNIT_VERB + r"))?"
    r"|(?:(?:la )?(?:do|thuoc|cua|ma)\s+)?(?P<unit>.+?)\s+"
    r"(?:(?:dang |se |duoc giao |lam |la don vi )?" + _UNIT_VERB + r"(?:\s+" + _UNIT_VERB + r"){0,2})"
    r"(?:\s+la\s+(?:nhung\s+)?(?:gi|nao|chi so nao))?)"
    + _SCOPE + _ALSO_ASKED + r"(?:\s+(?:vay|a|ah|nhi|nhe|nha|z|ha|the|day|ta|oi|ban|em|anh|chi|ak))*\s*$"
)
# "danh sách chỉ số của <unit>", "nhiệm vụ của <unit> trong kế hoạch … là gì": the unit ends the question. Not
# "mục tiêu của …" or "nội dung của …", which ask an indicator's own.
_UNIT_OWNER = lazy_compile(
    r"^(?:(?P<listed>danh sach|danh muc|ds|liet ke|ke ten)\s+)?(?:(?:nhung|cac)\s+)?"
    r"(?:chi so|cs|tieu chi|tc|chi tieu|nhiem vu|cong viec)"
    # "ds chỉ số sở tài chính": after a list word, "của" may go, when a unit's kind follows
    r"(?:\s+(?:dti|chuyen doi so))?\s+(?:(?:cua|thuoc)\s+|(?(listed)(?=" + _KINDS + r"\b)|(?!)))"
    r"(?P<unit>.+?)" + _SCOPE
    + r"(?:\s+la\s+(?:nhung\s+)?(?:gi|nao|chi so nao))?"
    r"(?:\s+(?:vay|a|ah|nhi|nhe|nha|z|ha|the|day|ta|oi|ban|em|anh|ak))*$"
)
# "phần việc (chủ trì) của <unit> gồm những chỉ số nào", "nhiệm vụ chủ trì của <unit> là những chỉ số nào", "việc của
# <unit> là những chỉ số nào": the unit between "của" and what its part holds
_UNIT_PART = lazy_compile(
    r"^(?:(?:phan viec|nhiem vu|cong viec|viec|phan)\s+(?:(?:duoc giao\s+)?(?P<role>chu tri|phoi hop)\s+)?cua\s+"
    r"(?P<unit>.+?)"
    # "Sở KH&ĐT Gia Lai: phần việc trong KH 3015 là những chỉ số nào": the unit first, its part after
    r"|(?P<first>.+?)\s+(?:phan viec|nhiem vu|cong viec)(?:\s+(?:duoc giao\s+)?(?P<role_after>chu tri|phoi hop))?"
    + _SCOPE + r")"
    r"\s+(?:gom|bao gom|la|co)\s+(?:nhung\s+|cac\s+)?(?:chi so|cs|tieu chi|cai)\s+(?:nao|gi)"
    r"(?:\s+(?:vay|a|ah|nhi|nhe|nha|z|ha|the|day|ta|oi|ban|em|anh|chi|ak))*$")
# The asker names their own unit, then asks what it does: "em ở Sở Nội vụ, đơn vị em phải làm chỉ số nào", "tôi
# làm ở Bưu điện tỉnh thì cơ quan tôi chủ trì chỉ số gì" (folded, commas gone).
_MY_UNIT = re.compile(
    r"^(?:em|toi|minh|anh|chi)\s+(?:dang\s+)?(?:o|lam o|lam viec o|thuoc|ben|cong tac o|cong tac tai|lam tai|tai)"
    r"\s+(?P<unit>.+?)\s+(?:thi\s+)?(?:don vi|co quan|ben|phong|so|cq)\s+(?:cua\s+)?(?:em|toi|minh)\s+"
    r"(?:(?:phai|can|se)\s+)?(?P<rest>.+)$"
)
# The asker's words around a unit's name: "bên Sở KHĐT tụi em", "phía Sở Nội vụ chúng tôi" (folded)
_UNIT_ASIDE = lazy_compile(r"^(?:(?:cho |xin |em |toi |minh )*(?:hoi|muon hoi|hoi chut)\s+|cho (?:em |toi |minh )?)?"
                           r"(?:(?:anh|chi|ong|ba|co|chu|em)\s+(?=(?:ben|phia)\s))?(?:(?:ben|phia)\s+)?"
                           r"(?:(?:anh|chi|ong|ba|co|chu|em|dong chi)\s+(?=(?:phu trach|can bo|cong chuc|"
                           r"chu tich|pho chu tich|truong|pho)\b))?|"
                           r"\s+(?:(?:tui|bon|chung|ben) (?:em|toi|minh|tao)|ben nay|ben)$")
_OPENING_TYPED = (r"(?:(?:(?:xin\s+)?ch[àa]o|k[íi]nh\s+g[ửu]i|d[ạa]|th[ưu]a)(?:\s+(?:anh|chị|chi|ad|admin|bạn|ban|"
                  r"mọi người|moi nguoi|đồng chí|dong chi))?|(?:a|anh|chị|chi|ad|admin|bạn|ban)\s+[ơo]i)\s*[,.!]?\s*")
# The asker names their unit in a sentence of its own, then asks what "we" lead: "Đơn vị tôi là Sở Nội vụ. …",
# "Tôi là đồng chí phụ trách … bên Cục Thuế tỉnh, xin hỏi cơ quan mình được phân công chủ trì chỉ số nào?" (as typed)
_SELF_NAMED = lazy_compile(
    r"^\s*(?:" + _OPENING_TYPED + r")?"
    # "Đơn vị tôi là Sở Nội vụ", "Bên em là Viettel Kon Tum"
    r"(?:(?:đơn vị|cơ quan|don vi|co quan|bên|ben|phía|phia)\s+(?:của\s+)?"
    r"(?:tôi|em|mình|chúng tôi|toi|minh|chung toi)\s+(?:là|la|ở|o)\s+"
    r"|(?:tôi|em|mình|toi|minh)\s+(?:là|la)\s+(?:[^,.;:?!]*?\s+)?(?:bên|ben|tại|tai|thuộc|thuoc)\s+"
    # "em mới về công tác tại Sở Tài chính, …", "tôi làm việc ở …", "em làm công chức văn hóa xã hội ở xã, …"
    # "e là cc một cửa, …": a commune's units are its officials' posts, named as the asker's own
    r"|(?:tôi|em|mình|toi|minh|e)\s+(?:là|la)\s+(?=(?:công chức|cong chuc|cc|phụ trách|phu trach)\s)"
    # "Tôi là phó chủ tịch UBND huyện Bác Ái, …", "Em là chuyên viên Phòng Văn hóa và Thông tin huyện …": a post
    # in the unit
    r"|(?:tôi|em|mình|toi|minh|e)\s+(?:là|la)\s+(?:(?:phó|pho)\s+)?(?:chuyên viên|chuyen vien|cán bộ|can bo|"
    r"chủ tịch|chu tich|trưởng phòng|truong phong|lãnh đạo|lanh dao|giám đốc|giam doc|văn thư|van thu)"
    r"\s+(?:(?:của|cua)\s+)?"
    r"|(?:tôi|em|mình|toi|minh)\s+(?:mới\s+|moi\s+)?(?:chuyển\s+|chuyen\s+)?(?:về\s+|ve\s+)?"
    r"(?:(?:công tác|cong tac|làm việc|lam viec|làm|lam)\s+(?:tại|tai|ở|o)\s+"
    r"|(?:làm|lam)\s+(?=(?:công chức|cong chuc)\s)))"
    r"(?P<unit>[^,.;:?!]{2,60})[,.;:]\s*(?P<rest>.+)$", re.IGNORECASE)
_BRACKETED = lazy_compile(r"\([^()]{1,40}\)")
# … and "we" ask (folded): "(sở / cơ quan) mình phải chủ trì …", "chúng tôi được giao chủ trì …"
# ("cấp huyện bọn em …": the level the asker's unit belongs to is the unit asked of)
_SELF_ASKS = lazy_compile(r"\b(?:(?P<level>(?:cap )?(?:huyen|xa))\s+(?:bon |chung )?"
                          r"|(?:so|co quan|don vi|ben|phong|cq)\s+)?(?:toi|minh|em|e|chung toi)\s+"
                          r"(?P<asks>(?:phai|duoc|can|se|dang|dung ra|chu tri|phu trach|dam nhan|dam nhiem)\b.*)$")
# How a message may open before its question: a greeting ("Chào anh,", "Kính gửi,", "Anh ơi cho em hỏi,"), folded
# and as typed; a unit question is read again without it (``read_unit_question``)
_OPENING = lazy_compile(r"^(?:(?:(?:xin )?chao|kinh gui|da|thua)(?:\s+(?:anh|chi|ad|admin|ban|moi nguoi|ca nha|"
                        r"dong chi|quy co quan))*\s+|(?:a|anh|chi|ad|admin|ban|em)\s+oi\s+"
                        # what asking leaves of "(anh chị) cho em hỏi" ("hỏi" gone with the fillers), before where the
                        # assignment is read ("… cho em hỏi trong kế hoạch … Sở Nội vụ chủ trì những việc gì")
                        r"|(?:anh chi\s+|anh\s+|chi\s+)?cho\s+(?:em|e|toi|minh)(?:\s+hoi)?\s+"
                        r"(?=(?:trong|theo|thuoc)\s+(?:ke hoach|kh|phu luc)\b)"
                        # where the assignment is read, said first: "Trong Kế hoạch 419, Sở Nội vụ chủ trì …"
                        r"|(?:trong|theo|thuoc)\s+(?:ke hoach|kh|phu luc)(?:\s+(?:kh|ubnd|uy ban nhan dan))*"
                        # "… kế hoạch chuyển đổi số (năm 2021) (của tỉnh)": its name and year
                        r"(?:\s+(?:chuyen doi so|cds|dti))?(?:\s+(?:nam\s+)?\d{4})?(?:\s+(?:cua tinh|nay))?\s+)+")
ROLE_COORDINATE = lazy_compile(r"\bphoi hop\b")
_YES_NO_END = lazy_compile(r"\b(?:khong|ko)(?:\s+(?:vay|a|ah|nhi|nhe|nha|z|ha|the|day|ta|oi|ban|em|anh|chi|ak))*$")
_WHICH = lazy_compile(r"\b(?:nao|gi|may|bao nhieu|nhung|cac)\b")
# Who leads, asked ("bên nào chủ trì"): no unit is named (not the "số nào" of "chỉ số nào")
WHO = lazy_compile(r"\b(?:ai|don vi nao|co quan nao|(?<!chi )so nao|bo phan nao|cong chuc nao|ben nao|phong nao)\b")


def read_unit_question(question: str, folded: str, *, codes: bool, units: bool = True
                       ) -> tuple[tuple[str, str, str] | None, str]:
    """``((unit phrase, role, how), folded)`` when ``question`` (``folded``: its folded words, codes and numbers
    out) asks what a unit leads or coordinates; ``(None, folded)`` otherwise. ``how``: "sure"; "loose", the unit
    came after the indicators, and may be a topic after all (``Query.unit_loose``); "terse", nothing but "<unit> chủ
    trì", a topic unless it names a unit of the plan (``Query.unit_terse``). ``codes``: the question names a code, so
    asks about it; ``units``: read the unit after the indicators too. The folded words returned are the unit
    named and what is asked of it where the asker named their own unit first ("em ở Sở Nội vụ, đơn vị em …").
    A message opening with a greeting ("Kính gửi, đề nghị cho biết …") is read again without it."""
    found, read = _read_unit_question(question, folded, codes=codes, units=units)
    if found is None and "(" in question and (aside := _without_asides(question, folded)) != folded:
        again = _read_unit_question(question, aside, codes=codes, units=units)
        if again[0] is not None:  # "VPUB được giao chủ trì (tính cả chỉ số chủ trì cùng Sở TT&TT) những chỉ số nào"
            return again
    opened = _OPENING.sub("", folded) if found is None else folded
    if opened != folded:
        again = _read_unit_question(question, opened, codes=codes, units=units)
        if again[0] is not None:
            return again
    if found is None and not codes and units:  # not when asked again as a topic (``units`` False)
        terse = _TERSE.match(opened)
        if terse and not WHO.search(terse.group("unit")):  # "sở tttt chủ trì": a topic if it names no unit
            return (unit_words(terse.group("unit")), "lead", "terse"), folded
    return found, read


def _without_asides(question: str, folded: str) -> str:
    """``folded`` without the words of what ``question`` says in brackets: an aside, no part of what is asked."""
    for aside in _BRACKETED.finditer(question):
        words = " ".join(normalize_tokens(aside.group()))
        if words:
            folded = " ".join(f" {folded} ".replace(f" {words} ", " ", 1).split())
    return folded


# "<unit> chủ trì" and nothing more (the terse way of asking what it leads); read last, as loose: "hạ tầng số chủ
# trì" and "ban chỉ đạo chủ trì" name no unit and are asked as topics (``Query.unit_terse``)
# ("sở nội vụ đc giao chủ trì mấy cái trong kh …": "mấy cái" is gone with the fillers, where to look follows)
_TERSE = lazy_compile(r"^(?P<unit>(?:\w+ ){1,9}?\w+)\s+(?:la don vi\s+|(?:da )?duoc giao\s+)?(?:chu tri|phu trach)"
                      + _SCOPE + r"(?:\s+(?:vay|a|ah|nhi|nhe|nha|z|ha|the|day|ta|oi|ban|em|anh|chi|ak))*\s*$")


def _read_unit_question(question: str, folded: str, *, codes: bool, units: bool = True
                        ) -> tuple[tuple[str, str, str] | None, str]:
    """The reading of ``read_unit_question``, on one form of the folded question."""
    mine = _MY_UNIT.match(folded)
    if mine:  # "em ở Sở Nội vụ, đơn vị em phải làm chỉ số nào": the unit named, asked as its own
        folded = f"{mine.group('unit')} {mine.group('rest')}"
    own = _SELF_NAMED.match(question)
    # "huyện tôi (địa phương) phải …": an aside in brackets is no part of what is asked
    asks = _SELF_ASKS.search(" ".join(normalize_tokens(_BRACKETED.sub(" ", own.group("rest"))))) if own else None
    if own and asks:  # "Đơn vị tôi là Sở Nội vụ. …, Sở mình phải chủ trì những chỉ số nào?"
        unit = asks.group("level") or " ".join(normalize_tokens(own.group("unit")))
        folded = f"{unit} {asks.group('asks')}"
    unit_match = _UNIT_QUESTION.match(folded)
    if unit_match and max(len(p.split()) for p in UNITS_JOINED.split(_PART_OF.sub("", unit_match.group("unit")))) \
            > MAX_UNIT_WORDS:
        unit_match = None  # "cái data center … kiểu cloud … muốn đủ điểm thì phải làm gì": a topic, not a unit
    if unit_match and WHO.search(unit_match.group("unit")) and not (own and asks):
        # "chữ ký số bên nào chủ trì": who leads a topic, no unit named (the asker's own unit is one, whatever
        # its place: "UBND huyện Bác Ái" folds to "… bac ai")
        unit_match = None
    if unit_match and _YES_NO_END.search(folded) and not _WHICH.search(folded, unit_match.end("unit")):
        unit_match = None  # "Sở TTTT có bộ phận thực hiện nhiệm vụ … không": yes or no, no list asked
    if unit_match and not codes:
        role = "coordinate" if asks_coordinate(folded[unit_match.end("unit"):]) else "lead"
        return (unit_words(unit_match.group("unit")), role, "sure"), folded
    after = (_UNIT_AFTER.match(folded) or _UNIT_OWNER.match(folded) or _UNIT_PART.match(folded)) \
        if units and not codes else None
    if after:
        groups = after.groupdict()
        named = next((g for g in ("given", "unit", "first") if groups.get(g)), "unit")
        phrase = unit_words(after.group(named) or "")
        tail = folded[after.end(named):]
        # "phần việc phối hợp của …": the role said before the unit (or after it: "… phần việc phối hợp …")
        said = groups.get("role") or groups.get("role_after")
        role = "coordinate" if asks_coordinate(tail) or said == "phoi hop" else "lead"
        if phrase and not WHO.search(phrase) and not _STILL_ASKS.search(phrase):
            return (phrase, role, "loose"), folded
    return None, folded


# A phrase that still asks when or how much ("dự án trung tâm dữ liệu dự phòng của tỉnh năm nào làm"): no unit's
# name holds it, the question is about the thing before it
_STILL_ASKS = lazy_compile(r"\b(?:nam nao|khi nao|luc nao|bao gio|bao nhieu|bao lau)\b")


def asks_coordinate(folded: str) -> bool:
    """The folded text asks what a unit coordinates ("phối hợp"), not in an aside leaving that out."""
    return ROLE_COORDINATE.search(_ROLE_ASIDE_RE.sub(" ", folded)) is not None


def unit_words(phrase: str) -> str:
    """The unit's name of a unit question's phrase, without the asker's words around it (``_UNIT_ASIDE``), a
    greeting before it (``_OPENING``) or its kind said again after it ("bên sở giáo dục, sở mình …")."""
    name = _UNIT_ASIDE.sub("", _OPENING.sub("", _LIST_AFTER.sub("", _SCOPE_AFTER.sub("", phrase.strip())))).strip()
    name = _PART_OF.sub("", name)
    return _MY_KIND.sub(r"\g<kind>", _KIND_AGAIN.sub(r"\1", name))


# The body a unit belongs to, said after its name ("Trung tâm CNTT&TT thuộc Sở TTTT"): the unit asked is the one
# named first, not both
_PART_OF = lazy_compile(r"(?<=\w)\s+(?:truc )?thuoc\s+(?=" + _KINDS + r"\b).*$")


# "huyện tôi", "cấp huyện bọn em", "xã mình": a bare kind of unit said as the asker's own is that kind ("Hồ Chí
# Minh" keeps its "minh": only a bare kind is read so)
_MY_KIND = lazy_compile(r"^(?P<kind>(?:cap )?(?:huyen|xa|tinh|so|phong|don vi|co quan))"
                        r"\s+(?:toi|em|minh|ta|chung toi|chung em|bon em|bon toi)$")


_KIND_AGAIN = lazy_compile(r"^((?P<kind>so|phong|ban|cuc) .+) (?P=kind)$")
# Where the asker looks, said after their unit's name and before the ask ("em bên Viettel Kon Tum, trong kế hoạch
# 419 bên em được giao …"): no unit's name goes on with "trong kế hoạch"
# "VP xã + một cửa: ds chỉ số chủ trì?": the list asked for, said before the verb, is no part of the names
_LIST_AFTER = lazy_compile(r"\s+(?:(?:ds|danh sach|danh muc|cac|nhung)\s+)?(?:chi so|cs|tieu chi|tc)$")
_SCOPE_AFTER = lazy_compile(r"\s+(?:trong|theo|thuoc|cua)\s+(?:ke hoach|kh|phu luc|bo chi so|bo tieu chi|bo dti)\b.*$")
