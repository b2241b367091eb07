"""What a question asks that no plan holds, or holds only if named: a citizen's own errand (where to go, what papers
to bring), a household's own affair or a person, how to do one's own step, help with a broken system; and whether
the plan has an indicator about a thing at all. Read from the question folded (``intent.analyze``); the flags decide
how sure an answer must be (``decide``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold, normalize_tokens

# A citizen's own errand: where to go, how long it takes, what papers to bring ("làm căn cước công dân ở đâu",
# "đăng ký kết hôn cần giấy tờ gì", "… mất mấy ngày"). The plans measure how a province or commune serves such
# errands, never how to run one: unless the question names an indicator, it is refused (``decide``). Folded,
# after "mấy" is gone; "lấy số liệu ở đâu" asks evidence first, and a question asking a field is never one.
# A household's own tax ("thuế đất", "thuế nhà"): never the enterprises' e-tax rate of the plans (7.7), however much
# of that indicator's name the question repeats.
_PERSONAL = re.compile(r"\bthue (?:dat|nha|thu nhap ca nhan|truoc ba|phi nong nghiep)\b")
# Who a person is or how to reach them ("Giám đốc Sở TT&TT là ai", "công chức văn hóa xã tên là gì, cho em xin số
# điện thoại", "muốn lắp mạng thì gọi số nào"): no source names a person or writes a phone number. Not who leads an
# indicator ("… ai chủ trì", "công chức nào phụ trách … là ai"), which the plans hold; nor "họ tên" (a form's field
# prefilled, 6.9's topic).
_CONTACT = lazy_compile(
    r"\b(?:pho )?(?:giam doc|chu tich|truong phong|cuc truong|bi thu|chanh van phong|to truong|to pho|"
    r"truong thon|truong ap)\b(?:\s+\w+){0,12}?\s+la ai\b"
    # … asked the other way round: "ai đang là Cục trưởng Cục Thuế tỉnh", "ai là tổ trưởng tổ công nghệ số …"
    r"|\bai (?:dang |hien )?(?:la|lam) (?:pho )?(?:giam doc|chu tich|truong phong|cuc truong|bi thu|"
    r"chanh van phong|to truong|to pho|truong thon|truong ap)\b"
    # a person's name, not an indicator's or a system's ("chỉ số về cáp quang tên là gì")
    r"|\b(?:cong chuc|can bo|chuyen vien|giam doc|chu tich|truong phong|dau moi|nguoi phu trach)\b"
    r"(?:\s+\w+){0,8}?\s+ten (?:la )?gi\b")
# A phone number or a person's name asked ("cho em xin số điện thoại", "cho xin tên và số điện thoại cán bộ … theo
# dõi chỉ số 1.4"): no source writes one, even where the unit that leads is asked beside it.
_PHONE_OR_NAME = lazy_compile(r"\b(?:so dien thoai|so dt|sdt|dien thoai lien he|email lien he|"
                              r"(?:goi|lien he|alo) (?:so|sdt) nao|(?:cho )?xin (?:ho )?ten)\b"
                              # a person's name asked, the person opening the question ("Cán bộ Sở TTTT theo dõi chỉ
                              # số 3.4 tên là gì"); not a thing's ("phần mềm … tên là gì")
                              r"|^(?:cho (?:em|e|toi|minh) hoi )?(?:can bo|chuyen vien|cong chuc|dong chi|lanh dao|"
                              r"(?:pho )?giam doc|truong phong|chu tich)\b(?:\s+\w+){0,14}?\s+ten (?:la )?(?:gi|j)\b"
                              # who its members are ("Ban chỉ đạo … gồm những thành viên nào"): persons, by name
                              # (not "đơn vị phối hợp gồm những ai": the units the plan names)
                              r"|\bgom (?:nhung |cac )?thanh vien(?: nao)?\b|\bthanh vien (?:la|gom) (?:nhung )?ai\b")
# Which company sells or built a thing, or won its tender ("công ty nào đang cung cấp nền tảng trợ lý ảo cho tỉnh",
# "doanh nghiệp nào trúng thầu phủ sóng 5G"): no source names a vendor or a tender (a company leading an indicator
# is asked by "… chủ trì", ``_OWNER_ASKED``).
# A seller: a company, a make, a carrier ("nhà mạng", which the chat forms write out as "doanh nghiệp viễn thông")
_SELLER = r"(?:cong t[iy]|hang|doanh nghiep(?: vien thong)?|nha mang)"
_VENDOR = lazy_compile(r"\b" + _SELLER + r" nao (?:(?:dang|da|se|duoc) ){0,2}"
                       r"(?:cung cap|trung thau|thi cong|lap dat|ban|viet|lam ra|xay dung|thue)\b"
                       # hired by whom it names ("doanh nghiệp nào được Gia Lai thuê xây dựng …")
                       r"|\b" + _SELLER + r" nao (?:(?:dang|da) )?duoc (?:\w+ ){1,3}?thue\b"
                       r"|\b(?:trung thau|nha thau|goi thau|nha cung cap)\b"
                       # whose product ("phần mềm diệt virus của hãng nào"), which to choose ("nên chọn doanh
                       # nghiệp giám sát nào"), which carrier will ("nhà mạng nào sẽ phủ sóng 5G trước")
                       r"|\b(?:cua|tu) " + _SELLER + r" nao\b"
                       r"|\bnen (?:mua|chon|dung|thue|lua chon)\b(?:\s+\w+){0,6}? " + _SELLER
                       + r"\b(?:\s+\w+){0,4}? nao\b"
                       r"|\b" + _SELLER + r" nao se\b"
                       # whom to hire for a service ("chứng nhận ISO 27001 nên thuê đơn vị nào đánh giá")
                       r"|\bthue (?:\w+ ){0,2}?(?:don vi|ben|to chuc) nao\b"
                       # which was chosen ("tỉnh chọn doanh nghiệp nào để xây dựng …", "nhà mạng nào được chọn")
                       r"|\b(?:chon|lua chon) " + _SELLER + r" nao\b"
                       r"|\b" + _SELLER + r" nao (?:da )?duoc (?:chon|lua chon)\b"
                       # a make ("máy chủ … là hãng gì"), or which of two vendors ("thuê của VNPT hay Viettel")
                       r"|\b(?:la )?(?:hang|thuong hieu) gi\b"
                       r"|\b(?:vnpt|viettel|fpt|mobifone|cmc) hay (?:vnpt|viettel|fpt|mobifone|cmc)\b")
# A penalty ("thủ trưởng bị kỷ luật hình thức gì", "mức phạt"), a headcount ("bao nhiêu biên chế", "mấy đồng chí
# được phân công"), where a system is hosted ("đặt trên máy chủ nào"), one's career, a password, which thing to buy:
# no source holds any.
_NO_SOURCE_HOLDS = lazy_compile(r"\b(?:ky luat|xu phat|muc phat|bi phat|che tai)\b"
                                   r"|\b(?:bao nhieu|may) (?:bien che|dong chi)\b"
                                   r"|\b(?:dat|chay|luu|host) (?:o |tren )?may chu nao\b"
                                   # one's career ("khi nào được thi nâng ngạch", "nâng lương", "nghỉ hưu")
                                   r"|\b(?:nang ngach|thi nang ngach|thang hang|nang luong|len luong|nghi huu|"
                                   r"nghi phep|nghi om)\b"
                                   # a password ("tên mạng với mật khẩu là gì"), where a site is ("đặt ở huyện nào")
                                   r"|\bmat khau (?:la gi|la bao nhieu|wifi)\b|\bdat o (?:huyen|xa|tinh|thon) nao\b"
                                   # which places a thing is in ("gồm những thôn làng nào", "ở những trạm y tế
                                   # xã nào rồi"): no plan lists them ("những thôn nào đã …" opening a question
                                   # is a village's own figure asked, ``held_places``)
                                   r"|\b(?:gom|o|tai|cho) (?:nhung|cac) (?:thon(?: lang)?|lang|xa|phuong|huyen"
                                   r"|tram y te(?: xa)?|truong(?: hoc)?) nao\b"
                                   # which to buy or is best ("mua điện thoại loại nào", "ngân hàng nào phí thấp
                                   # nhất", "sóng 5G của nhà mạng nào mạnh nhất")
                                   r"|\bmua\b(?:\s+\w+){0,5}?\s+loai nao\b"
                                   r"|\b(?:ngan hang|nha mang|doanh nghiep vien thong|hang|goi cuoc|loai|dong may)"
                                   r" nao\b"
                                   r"(?:\s+\w+){0,3}?\s+"
                                   r"(?:re|tot|manh|nhanh|thap|ben|on) nhat\b")
# An opinion asked ("có nên dùng Zalo OA thay app không", "co nen nang len ISO 27001 ban 2022"): the plans say what
# is scored and who leads, never what one should choose.
# ... or which of two to buy or use ("xã nên mua phần mềm diệt virus Bkav hay Kaspersky")
_ADVICE = lazy_compile(r"\bco nen\b|\bnen (?:mua|chon|dung|thue|cai|lua chon)\b(?:\s+\w+){0,8}?\s+hay\b")
# A judgement asked ("chỉ số 7.1 có hợp lý với cấp xã không", "tiêu chí 5.14.3 có khả thi không", "làm như vậy là
# tốt hay chưa"): the plans say what is scored, never whether it is sensible or done well.
_OPINION = lazy_compile(r"\b(?:co )?(?:hop l[iy]|kha thi)\b(?:\s+\w+){0,5}?\s+(?:khong|ko|hay chua|chua)\b"
                        r"|\b(?:la )?tot hay (?:chua|khong|do)\b")
# What the ministry means to change ("Bộ TTTT năm 2025 có định bỏ chỉ số tên miền", "năm tới Bộ có sửa Quyết định 922
# không"): no source holds a plan of the ministry's.
_MINISTRY = lazy_compile(r"\bbo (?:tttt|tt&tt|tt tt|thong tin va truyen thong|thong tin)\b")
# … or when the Government or the centre will do a thing ("Bao giờ thì Chính phủ đưa nền tảng … vào vận hành"): the
# subject right after "when" (in a name, "nền tảng điện toán đám mây Chính phủ", it is no subject)
_CENTRE_WHEN = lazy_compile(r"\b(?:bao gio|khi nao|luc nao|nam nao)(?: thi)? (?:chinh phu|trung uong)\b")
# … or whether a thing will start to be scored or leave the set ("năm 2025 chỉ số đô thị thông minh cấp xã có bắt đầu
# được tính điểm không", "có bỏ chỉ số 4.11 khỏi bộ chỉ số không"): no source says what the next sets will hold.
# Read as typed ("khỏi" is gone from ``folded``).
_WILL_CHANGE = lazy_compile(r"\bbat dau (?:duoc )?(?:tinh|cham) diem\b|\bkhoi (?:bo chi so|bo tieu chi)\b")
_TO_CHANGE = lazy_compile(r"\b(?:co dinh|dinh|du kien|se|sap|nam toi|nam sau|sap toi|bao gio|khi nao)\b.*"
                          r"\b(?:sua|bo|them|thay doi|dieu chinh|cap nhat|ban hanh moi|bat dau)\b")
# The day an event is held ("Ngày chuyển đổi số năm nay tổ chức ngày mấy", "họp rà soát … tổ chức ngày nào", "lịch
# họp giao ban … là ngày nào"): the plans set deadlines, never a calendar of meetings and events; not a deadline
# asked ("hạn nộp là ngày nào", "hoàn thành trước ngày nào") nor every day ("ngày nào cũng …").
_EVENT_DAY = lazy_compile(r"\b(?:to chuc|hop|dien ra|khai mac|lich)\b.*\bngay (?:may|nao)\b(?! cung)"
                          r"|\bngay (?:may|nao)\b(?! cung).*\b(?:to chuc|hop|dien ra|khai mac)\b"
                          # … or its hour and place: "tổ chức ở quảng trường nào, mấy giờ"
                          r"|\b(?:to chuc|dien ra|khai mac)\b.*\b(?:may gio|luc may gio|quang truong nao|"
                          r"hoi truong nao|dia diem nao)\b"
                          # a calendar: "lịch tiếp dân của chủ tịch xã tuần này", "lịch trực", "lịch làm việc"
                          r"|\blich (?:tiep dan|truc|lam viec|cong tac)\b")
# A document's own particulars ("công văn nhắc nhở … số mấy, ký ngày nào", "quyết định ban hành kiến trúc số mấy",
# "Thông tư 12 có hiệu lực từ ngày nào, gồm bao nhiêu điều"): the plans cite documents by name or number at most,
# never their numbers to come, signing days or articles. Read as typed ("số mấy" keeps its "mấy"); not "chỉ số
# mấy", "tiêu chí số mấy", "phụ lục số mấy", "mục số mấy" (where in the plan), "số máy tính" (typed without marks),
# nor when a document must be issued by (``_DEADLINE_WORDS``).
_DOCUMENT_DETAIL = lazy_compile(
    r"\b(?:quyet dinh|van ban|cong van|thong tu|nghi dinh|chi thi|nghi quyet|ke hoach|to trinh)\b"
    r"(?:\s+\S+){0,24}?\s+(?<!chi )(?<!tieu )(?<!luc )(?<!muc )(?<!dong )(?<!thu )"
    r"so (?:may|hieu|bao nhieu|ki hieu|ky hieu)\b(?! (?:tinh|chu|tram|moc))"
    r"|\b(?:ki|ky) (?:vao )?ngay (?:nao|may|bao nhieu)\b|\bco hieu luc (?:tu |ke tu )?(?:ngay nao|khi nao|bao gio)\b"
    r"|\b(?:gom|co) (?:bao nhieu|may) (?:dieu|chuong)\b"
    # whether it is still in force ("Nghị định 43 còn hiệu lực không hay đã bị thay thế")
    r"|\bcon hieu luc (?:khong|ko|hay)\b|\bhay (?:da )?bi thay the\b")
_DEADLINE_WORDS = lazy_compile(r"\b(?:han|hoan thanh|nop|xong|truoc|cham nhat)\b")
# Traders at a market taking payments without cash ("sạp ở chợ nhận chuyển khoản", "tiểu thương quét mã QR", "chợ
# không dùng tiền mặt"): a campaign of its own that no plan counts; the nearest indicator counts the people holding a
# bank account (8.2), which says nothing of the stalls. Not a citizen paying a fee or a tax online (3.7.1, 7.7).
# Folded, "chợ" is the "cho" of "giao cho": the market is said by where ("ở chợ", "tại chợ") or by who sells there.
_AT_MARKET = lazy_compile(r"\b(?:o|tai|trong|khu) cho\b|\b(?:tieu thuong|sap hang|cac sap|bao nhieu sap|quay hang|"
                          r"hang rong)\b")
_CASHLESS = lazy_compile(r"\b(?:chuyen khoan|quet ma|ma qr|qr|khong dung tien mat|khong tien mat|vi dien tu)\b")
_FEE_OR_TAX = lazy_compile(r"\b(?:le phi|phi|thue|thu tuc|dich vu cong|ho so)\b")
_OWNER_ASKED = lazy_compile(r"\b(?:chu tri|phu trach|phoi hop|theo doi|giao cho)\b")
_ENTERPRISE = lazy_compile(r"\b(?:doanh nghiep|cong t[iy]|dn)\b")  # an enterprise's taxes are 7.7's topic
_ERRAND = re.compile(
    r"\b(?:o dau|cho nao|tai dau|mat (?:bao nhieu )?ngay|mat bao lau|lam sao de|"
    r"(?<!giam )(?<!mien )(?<!tra )(?<!nop )(?<!dong )(?<!phi )le phi|"  # a fee to pay; lowering or paying one,
    # or "phí, lệ phí" (the plans' pair, of a policy), is counted
    r"cach nao de|huong dan cach|"
    # "cần giấy tờ gì" of an errand, not "… giấy tờ gì để chứng minh" (an indicator's evidence)
    r"(?:can|nhung|gom|(?:can |phai )?(?:mang|mang theo|dem|dem theo|chuan bi)) (?:nhung )?giay to gi"
    r"(?! (?:de )?(?:chung minh|kiem chung|minh chung))|"
    r"(?:cach|huong dan) (?:cai dat|cai|sua|dang k[iy]|lam|xin)|"
    r"mua o dau|sua o dau|(?:doi|quen|lay lai|cap lai|khoi phuc) mat khau|cach (?:doi|kich hoat|dang nhap|tai|nop)|"
    r"so dien thoai|hotline|(?:tong dai|duong day nong)\b.*\bso (?:may|bao nhieu)|"
    # where to go: "lên xã hay lên huyện" ("trên app nào" is ``_HOW_TO``'s, refused outright), "nộp thuế đất"
    r"len (?:xa|huyen|tinh) hay|"
    # whom to see and what to bring: "lên xã gặp ai, mang theo gì"
    r"gap ai|(?:mang|mang theo|dem|dem theo) (?:nhung )?(?:gi|nhung gi)(?! (?:de )?(?:chung minh|minh chung))|"
    r"lam lai (?:can cuoc|cccd|giay|the)|"
    # a citizen's own licence or passport: "đổi giấy phép lái xe", "gia hạn hộ chiếu"; not the applications counted
    # ("tỷ lệ hồ sơ đổi giấy phép lái xe trực tuyến")
    r"(?<!ho so )(?<!ti le )(?:doi|cap doi|cap lai|gia han|lam|thi|xin) (?:giay phep lai xe|bang lai|gplx|ho chieu))\b|"
    + _PERSONAL.pattern
)


# Whether the plan has an indicator about a thing: "có chỉ số nào về … không", "Xã có chỉ tiêu về … không", "… có
# được tính điểm / cộng điểm … không". The thing asked is named, so what answers must hold most of it (``decide``).
_EXISTS = lazy_compile(r"\bco (?:chi so|tieu chi|chi tieu|cs|tc)(?: nao)?"
                       # "có chỉ số nào trong kế hoạch chấm chuyện này không"
                       r"(?: trong (?:ke hoach|kh|bo chi so|bo tieu chi))?"
                       r" (?:ve|do|cho|lien quan|(?:cham|tinh|danh gia) (?:(?:chuyen|viec|cai) )?(?:nay|do))\b"
                       r"|\b(?:co )?(?:duoc |dc )?(?:tinh|cong|cham) (?:diem|vao)\b(?!.*\b(?:the nao|nhu the nao|ntn|"
                       # "… mới được tính điểm phải không": a guess to confirm, not whether it counts; "tính điểm
                       # sao, … có bị trừ không": how it counts
                       r"ra sao|sao|bao nhieu|may)\b).*\b(?<!phai )(?<!dung )(?:khong|ko|hong)\b"
                       # "xã có tính tỷ lệ chợ cho khách quét mã QR không": whether such a measure is counted
                       # (not "có tính tỉ lệ này không": a thing described before, what the rest of the message says)
                       r"|\bco (?:tinh|dem|theo doi) (?:ti le|so luong)\b(?! (?:nay|do|ay)\b).*\b(?:khong|ko|hong)\b")
# How to do a step of one's own ("cách đăng ký tài khoản định danh mức 2", "hướng dẫn cài VNeID"): the plans count
# how many people did it, never say how; refused even when the question names an indicator whole (8.1's name).
# Which app or site to use for one's own step ("nộp học phí cho con qua app nào") is the same: the plans count, never
# say where.
# (not "bà con được hướng dẫn kích hoạt …": what was done for them, told before what is asked of it)
# "hướng dẫn (chi tiết) cách livestream …", "làm sao cài Zoom …": the steps of one's own use of a tool
_HOW_TO = re.compile(r"\b(?<!duoc )(?<!dc )(?:(?:huong dan )?(?:chi tiet |cu the )?cach|huong dan|lam sao(?: de)?"
                     r"|lam the nao de|lam cach nao de) "
                     r"(?:dang k[iy]|dang nhap|cai dat|livestream|live stream|su dung|xai|"
                     r"cai|tai|kich hoat|doi|lay lai|cap lai|lam lai|xin|mo|tao(?! (?:dieu kien|nguon|dong luc))|"
                     r"scan|chup|nen|xuat)\b"  # "cách scan văn bản ra file PDF bằng điện thoại"
                     r"|\b(?:tren|bang|qua|dung|vao) (?:app|ung dung|trang|web|website|phan mem) nao\b"
                     # which button, how to set it up: "cấu hình kết nối về NCSC thế nào, bấm vào mục nào"
                     r"|\bbam (?:vao )?(?:muc|nut|o|cho) nao\b"
                     r"|\bcau hinh\b(?:\s+\w+){0,16}?\s+(?:the nao|nhu the nao|ra sao)\b"
                     # step by step: "cài phần mềm diệt virus cho máy trạm thì làm từng bước thế nào"
                     r"|\b(?:lam|cai|cai dat|thuc hien|thao tac) (?:tung buoc|cac buoc)\b(?! de (?:dat|duoc|tinh))"
                     # "hướng dẫn (giúp tôi / người dân) từng bước tạo tài khoản …"
                     r"|\bhuong dan\b(?:\s+\w+){0,3}?\s+(?:tung buoc|cac buoc)\b(?! de (?:dat|duoc|tinh))"
                     # an errand done for the asker or their own: "đăng ký giúp tôi lớp tập huấn", "đăng ký VNeID
                     # cho mẹ tôi thế nào"
                     r"|\bdang k[iy] (?:cho )?(?:em|toi|minh)\b"
                     r"|\bdang k[iy] (?:\w+ ){0,3}?cho (?:me|bo|ba|cha|con|vo|chong|ong|chau|nguoi nha)"
                     r"(?: (?:noi|ngoai|gia))? (?:em|toi|minh)\b"
                     # where to do it, the step opening the question: "đăng ký VNeID mức 2 ở đâu", "cài app … chỗ nào"
                     r"|^(?:\w+ ){0,3}?(?:dang k[iy]|cai dat|cai|tai|kich hoat) (?:\w+ ){1,6}?"
                     r"(?:o dau|cho nao|tai dau)\b")
# A document to be drafted for the asker ("nhờ soạn giúp em cái quyết định …"; "nhờ", "giúp" are gone with the chat
# forms), not one the asker must write ("em phải viết báo cáo") nor one a draft names ("dự thảo quyết định"): no plan
# holds one.
_DRAFT_FOR_ME = re.compile(r"\b(?<!phai )(?<!can )(?<!dang )(?<!se )(?<!du )(?:(?:soan|viet|thao) "
                           r"(?:(?:cho )?(?:em|toi|minh) )?|(?:lap|lam) (?:cho )?(?:em|toi|minh) )"
                           r"(?:cai |mot |giup |ho )?"
                           r"(?:quyet dinh|cong van|van ban|bao cao|ke hoach|to trinh|mau|du thao|bien ban)\b")
# … but the asker's own drafting, read as typed ("sở em đang soạn dự thảo …", where "đang" is a filler gone from
# ``folded``), or given to the asker to draft ("e bị giao viết báo cáo", "được giao soạn …")
_OWN_DRAFT = re.compile(r"\b(?:dang|se|phai|can|em|e|toi|minh|chung toi|giao) (?:soan|viet|lap|thao)\b")


# Help with a broken system ("phần mềm văn bản bị lỗi gọi ai", "mạng chậm quá báo ai"): an errand, though "ai" asks
# an owner; the plans say who leads an indicator, not who repairs a machine.
_BROKEN = re.compile(r"\b(?:bi loi|loi roi|bi hong|bi treo|bi sap|cham qua|khong vao duoc|khong dang nhap duoc|"
                     r"mat mang|rot mang|mat ket noi|bi ket|ket giay|bi hu|hu roi)\b")
_HELP = lazy_compile(r"\b(?:goi ai|lien he ai|bao ai|hoi ai|goi so nao|nho ai|ai sua|ai toi sua|sua o dau|"
                    r"xu l[iy] sao)\b")


def asks_support(folded: str) -> bool:
    """Help with a broken system asked (``_BROKEN`` and ``_HELP``)."""
    return bool(_BROKEN.search(folded)) and bool(_HELP.search(folded))


# "đăng ký khai sinh online cho con làm sao ạ": how to run an errand, when nothing in the question speaks of scoring
# ("tính điểm làm sao", "muốn đạt chỉ số 6.9 thì làm sao", "… làm sao để được điểm" ask what the plans hold).
_HOW_DONE = lazy_compile(r"\blam sao\b")
_SCORING = lazy_compile(r"\b(?:diem|chi so|tieu chi|chi tieu|cs|tc|ti le|tinh|cham|danh gia|muc tieu|dat)\b")


def asks_errand(folded: str) -> bool:
    """A citizen's own errand (``_ERRAND``, or "làm sao" with nothing scored asked: ``_HOW_DONE``); the caller takes
    out "… tính ở đâu" (which indicator holds a thing)."""
    return bool(_ERRAND.search(folded)) or (bool(_HOW_DONE.search(folded)) and not _SCORING.search(folded))


@dataclass(frozen=True, slots=True)
class OwnAsks:
    """What a question asks that the plans never hold, read once (``own_asks``): ``personal`` refuses a topic found
    in words, ``never_held`` even a code named, ``document`` a code named that cites no document by number."""

    personal: bool = False
    never_held: bool = False
    document: bool = False


def own_asks(folded: str, typed: str = "") -> OwnAsks:
    """``personal``: a household's own affair (not an enterprise's taxes), the day an event is held, a penalty, a
    headcount, where a system is hosted or a site is, one's career, a password, which thing to buy or is best
    (``_NO_SOURCE_HOLDS``), the traders of a market taking payments without cash (``_AT_MARKET``), or any of
    ``never_held`` (a phone number or a person's name, who holds a post or which company sells a thing, not who
    leads an indicator; an opinion; what the ministry means to change or whether a thing will start to be scored)
    and ``document`` (a document's number, signing day or articles, or whether it is in force; not when it must be
    issued by)."""
    as_typed = _as_typed(folded, typed)
    never_held = bool(_PHONE_OR_NAME.search(folded)) or (
        bool(_CONTACT.search(folded) or _VENDOR.search(folded)) and not _OWNER_ASKED.search(folded)) or bool(
        _ADVICE.search(folded) or _OPINION.search(folded) or _WILL_CHANGE.search(as_typed)
        or (_MINISTRY.search(folded) and _TO_CHANGE.search(folded)) or _CENTRE_WHEN.search(folded))
    undated = not _DEADLINE_WORDS.search(as_typed)
    document = undated and bool(_DOCUMENT_DETAIL.search(as_typed))
    personal = never_held or document or (bool(_PERSONAL.search(folded)) and not _ENTERPRISE.search(folded)) \
        or _at_market(folded, typed) or _no_source_holds(as_typed, typed) \
        or (undated and bool(_EVENT_DAY.search(as_typed)))
    return OwnAsks(personal, never_held, document)


def _as_typed(folded: str, typed: str) -> str:
    """The question as typed, folded: "ngày mấy", "số mấy", "mấy đồng chí" keep their "mấy"; one space between
    words, as in ``folded`` (a chat form written out leaves two: "nhà mạng" → " doanh nghiệp viễn thông ")."""
    return " ".join(fold(typed).lower().split()) if typed else folded


def _no_source_holds(as_typed: str, typed: str) -> bool:
    """``_NO_SOURCE_HOLDS`` read in the question as typed (``as_typed``, folded), a penalty only where a question
    typed with its marks writes "phạt": "mục phát riêng" (a broadcast section) folds to "mức phạt"."""
    for found in _NO_SOURCE_HOLDS.finditer(as_typed):
        if found.group(0).endswith("phat") and _typed_with_marks(typed) and not _PENALTY.search(typed):
            continue
        return True
    return False


_PENALTY = lazy_compile(r"(?<!\w)phạt(?!\w)", re.IGNORECASE)


def _at_market(folded: str, typed: str) -> bool:
    """``_AT_MARKET`` read as typed where the question is typed with its marks: "tại chỗ", "ở chỗ" fold to the
    words of "tại chợ", "ở chợ" (``typed``: the question, "" when not known)."""
    if not (_AT_MARKET.search(folded) and _CASHLESS.search(folded)) or _FEE_OR_TAX.search(folded):
        return False
    return not _typed_with_marks(typed) or bool(_MARKET_TYPED.search(typed))


def _typed_with_marks(typed: str) -> bool:
    """The question as typed (``typed``, "" when not known) writes a mark: its words may be read as typed."""
    return bool(typed) and fold(typed) != typed.lower()


_MARKET_TYPED = lazy_compile(r"(?<!\w)(?:chợ|tiểu thương|sạp|quầy hàng|hàng rong)(?!\w)", re.IGNORECASE)


def asks_how_to(folded: str, typed: str = "") -> bool:
    """How to do a step of one's own, or a document drafted for the asker (not their own drafting, read from
    ``typed``, the question as typed, when known). Of a message of several sentences, only in those that ask (the
    last, or one ending "?"): "công an xã đi từng nhà hướng dẫn kích hoạt VNeID. Cho em hỏi chỉ số … ai chủ trì"
    tells what was done, then asks of the indicator."""
    if _HOW_TO.search(_asking_sentences(folded, typed)):
        return True
    return bool(_DRAFT_FOR_ME.search(folded)) and not _OWN_DRAFT.search(fold(typed).lower())


# A sentence's end as typed: its stop and the space after it ("?" kept, to tell a sentence that asks)
_SENTENCE_END = lazy_compile(r"(?<=[.?!;])\s+")


def _asking_sentences(folded: str, typed: str) -> str:
    """``folded``, or of a message typed in several sentences, those that ask (the last, and any ending "?"),
    folded as ``folded`` is."""
    sentences = _SENTENCE_END.split(typed.strip()) if typed else []
    if len(sentences) < 2:
        return folded
    asking = [s for s in sentences[:-1] if s.rstrip().endswith("?")] + sentences[-1:]
    return " ".join(normalize_tokens(" ".join(asking)))


def asks_exists(folded: str) -> bool:
    return bool(_EXISTS.search(folded))
