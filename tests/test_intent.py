"""Intent: what kind of answer is wanted, recognised with or without diacritics."""

from __future__ import annotations

import pytest

from knowledge.search.intent import analyze


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Chỉ số 2.4 được tính điểm ra sao", "method"),
        ("cach tinh chi so 7.1", "method"),
        ("công thức chỉ số tên miền", "method"),
        ("ai phu trach chi so 3.1", "owner"),
        ("Đơn vị nào chủ trì chỉ số cổng dữ liệu mở?", "owner"),
        ("chỉ số 4.2 giao cho ai", "owner"),
        ("hạn chót chỉ số 1.4 là khi nào", "deadline"),
        ("thoi han hoan thanh chi so 2.2", "deadline"),
        ("tài liệu kiểm chứng chỉ số 1.3 gồm gì", "evidence"),
        ("so lieu chi so 7.10 lay tu dau", "evidence"),
        ("chỉ số 7.10 lấy dữ liệu từ nguồn nào", "evidence"),
        ("kết quả năm 2023 chỉ số 3.3", "result"),
        ("mục tiêu của chỉ số 6.8", "result"),
        ("chỉ số 5.10", "lookup"),
        ("hộ gia đình có cáp quang", "lookup"),
    ],
)
def test_intent(question: str, intent: str) -> None:
    assert analyze(question).intent == intent


def test_intent_words_are_not_searched() -> None:
    q = analyze("Cách tính điểm tỷ lệ hộ gia đình cáp quang như thế nào")
    assert q.intent == "method"
    assert "tinh" not in q.tokens and "diem" not in q.tokens
    assert {"ho", "gia", "dinh", "cap", "quang"} <= set(q.tokens)


def test_code_is_taken_out_of_the_words() -> None:
    q = analyze("chỉ số 6.22.1 do ai phụ trách")
    assert q.codes == ("6.22.1",) and q.intent == "owner" and q.tokens == ()


@pytest.mark.parametrize(
    ("question", "unit", "role"),
    [
        ("Sở Tài chính phụ trách những chỉ số nào?", "so tai chinh", "lead"),
        ("so tai chinh chu tri chi so gi", "so tai chinh", "lead"),
        ("Sở Nội vụ phối hợp các chỉ số nào", "so noi vu", "coordinate"),
        ("Công chức Tư pháp - Hộ tịch theo dõi những tiêu chí nào", "cong chuc tu phap ho tich", "lead"),
        ("Phụ trách Đài truyền thanh xã chủ trì những chỉ số nào", "phu trach dai truyen thanh xa", "lead"),
        # issue 17: "được giao / phân công", "cs", a trailing "vậy ạ", "DTI" before "nào"
        ("Sở Công thương được phân công theo dõi những chỉ số gì?", "so cong thuong", "lead"),
        ("Báo Gia Lai được giao chủ trì chỉ số nào?", "bao gia lai", "lead"),
        ("so noi vu phu trach chi so nao vay", "so noi vu", "lead"),
        ("Cục Thuế tỉnh chủ trì chỉ số nào vậy?", "cuc thue tinh", "lead"),
        ("Đài PTTH tỉnh chủ trì những chỉ số DTI nào ạ", "dai phat thanh truyen hinh tinh", "lead"),
        ("sở tài chính chủ trì cs nào", "so tai chinh", "lead"),
        ("Sở Nội vụ được giao phối hợp những tc nào ạ", "so noi vu", "coordinate"),
        # "đứng chủ trì", "trong bảng phụ lục"; the body it belongs to ("… thuộc Sở TTTT") is no second unit
        ("Văn phòng UBND tỉnh đứng chủ trì những mục nào?", "van phong uy ban nhan dan tinh", "lead"),
        ("Công an xã được phân công chủ trì những chỉ số nào trong bảng phụ lục?", "cong an xa", "lead"),
        ("Trung tâm CNTT&TT thuộc Sở TTTT được giao chủ trì nhiệm vụ gì?", "trung tam cong nghe thong tin tt",
         "lead"),
    ],
)
def test_unit_questions(question: str, unit: str, role: str) -> None:
    q = analyze(question)
    assert (q.intent, q.unit_phrase, q.unit_role) == ("unit_indicators", unit, role)


def test_a_code_question_is_not_a_unit_question() -> None:
    assert analyze("Sở TTTT chủ trì chỉ số 4.4 nào").intent != "unit_indicators"


def test_a_member_named_in_brackets_finds_its_group() -> None:
    """Kon Tum names the telecom companies in brackets after the group that leads 8.3."""
    from tests.searchkit import shared_searcher

    answer = shared_searcher().ask("kon-tum-2024", "Viettel Kon Tum chủ trì chỉ số nào")
    assert answer.unit == "Doanh nghiệp viễn thông"
    assert {i.code for i in answer.indicators if i.role == "lead"} == {"8.3"}


@pytest.mark.parametrize("question", [
    "tiền phí nộp bằng chuyển khoản thì được tính ở đâu", "trả phí qua ngân hàng thuộc vào chỗ nào",
    "tc nộp phí online", "ct nộp phí online",
])
def test_words_pointing_at_an_indicator_are_no_topic(question: str) -> None:
    """"tính ở đâu", "thuộc vào chỗ nào" ask which indicator holds the thing; "tc"/"ct" opening a question is the
    code word."""
    tokens = set(analyze(question).tokens)
    assert "phi" in tokens and not {"tinh", "dau", "cho", "thuoc", "tc", "ct"} & tokens


def test_this_thing_only_points_back() -> None:
    """"cái này", "cái đó" point at what was said before: no topic words, typed without marks too ("cai" would
    draw any name with it)."""
    for question in ("phi nop online, cai nay tinh diem sao", "phi nop online thi cai do ai lo",
                     "phí nộp online, cái này tính điểm sao"):
        tokens = set(analyze(question).tokens)
        assert "phi" in tokens and not {"cai", "nay", "do", "lo"} & tokens


@pytest.mark.parametrize(("question", "kept", "dropped"), [
    ("chi so chu ky so ai chu tri vay, nghe noi la nha mang ha", {"chu", "so"}, {"nha", "mang", "nghe"}),
    ("cáp quang hộ gia đình hạn khi nào, hình như tháng 12 phải không", {"cap", "quang"}, {"hinh", "nhu"}),
    ("chỉ số về cáp quang có phải nộp minh chứng không", {"cap", "quang"}, set()),  # the guess word comes first
    # a side named last, after the owner asked: the answer guessed
    ("chỉ số hộ có cáp quang ai chủ trì vậy a, bên VNPT hả", {"cap", "quang"}, {"ben", "vnpt"}),
    ("ty le dan co chu ky so ai chu tri, ben so tttt a", {"chu", "ki"}, {"ben", "thong", "truyen"}),
    ("chữ ký số bên công an có phải chủ trì không", {"chu", "ki"}, set()),  # named before the field: asked
])
def test_the_askers_guess_after_the_question_is_no_topic(question: str, kept: set[str], dropped: set[str]) -> None:
    tokens = set(analyze(question).tokens)
    assert kept <= tokens and not dropped & tokens


@pytest.mark.parametrize(("question", "kept", "gone"), [
    ("từ lúc nộp tới lúc nhận kết quả, khỏi phải lên cơ quan", {"nop", "nhan"}, {"luc", "khoi"}),
    ("tu luc nop hồ sơ", {"luc", "nop"}, set()),  # typed without marks, "luc" may be "lực": it stays
    # "cái", "ấy", "kiểu", "chuyện" point at a thing, never name it ("cai" is "cải cách" folded)
    ("Người dân vào cái app một chạm ấy, cái đó bên nào phụ trách", {"app", "cham"}, {"cai", "ay"}),
    ("Chuyện người dân có tài khoản VNeID kiểu gì", {"vneid", "tai", "khoan"}, {"chuyen", "kieu"}),
    ("cai cach hanh chinh", {"cai", "hanh"}, set()),
    # "cần biết", "muốn biết": how the asker puts it, as "cho biết" ("biet" is no word of the sources)
    ("e can biet nguon du lieu chi so ten mien .vn", {"ten", "mien"}, {"can", "biet"}),
    ("em muốn biết số cán bộ chuyên trách", {"can", "bo"}, {"biet"}),
    # "có bao giờ … chưa", "chưa bao giờ": ever, never; no deadline asked, no topic named
    ("xa co bao gio dien tap chua", {"dien", "tap"}, {"bao", "gio"}),
])
def test_everyday_fillers_are_dropped_while_their_marks_say_what_they_are(question: str, kept: set[str],
                                                                          gone: set[str]) -> None:
    tokens = set(analyze(question).tokens)
    assert kept <= tokens and not gone & tokens


@pytest.mark.parametrize(("question", "kept", "gone"), [
    ("mo hinh bao ve 4 lop tinh sao", {"bao", "ve", "lop"}, set()),  # "bảo vệ" typed without marks
    ("may tram cai phan mem chong ma doc", {"ma", "doc"}, set()),
    ("bao ve 4 lop ve gi", {"bao", "lop"}, {"ve"}),  # "ve" alone too: which is "về" is not guessed
    ("phan mem da sua chua", {"phan", "mem", "sua"}, {"chua"}),  # "sửa chưa?" asks if it is fixed
])
def test_a_content_pair_typed_without_marks_keeps_its_stop_word(question: str, kept: set[str],
                                                                gone: set[str]) -> None:
    tokens = set(analyze(question).tokens)
    assert kept <= tokens and not gone & tokens


@pytest.mark.parametrize(("question", "kept", "gone"), [
    ("internet băng rộng cáp quang", {"bang", "rong"}, set()),  # "băng", not "bằng": the names' word pair
    ("dân gửi phản ánh bằng zalo", {"phan", "anh"}, {"bang"}),
    ("phần mềm phòng chống mã độc", {"ma", "doc"}, set()),
    ("internet bang rong", {"rong"}, {"bang"}),  # without its marks "bang" may be "bằng": dropped as before
])
def test_content_words_folding_into_stop_words_are_kept_where_marked(question: str, kept: set[str],
                                                                     gone: set[str]) -> None:
    tokens = set(analyze(question).tokens)
    assert kept <= tokens and not gone & tokens


def test_which_one_followed_by_cung_is_every_one_and_asks_no_owner() -> None:
    """"Cơ quan nào cũng …" is every agency, never "which agency leads"."""
    assert "owner" not in analyze("Cơ quan nào cũng dùng dữ liệu lớn thì tính điểm ra sao?").fields
    assert "owner" in analyze("Cơ quan nào theo dõi chỉ số dữ liệu lớn?").fields


def test_khong_lo_keeps_its_first_word() -> None:
    assert "khong" in analyze("dùng dữ liệu khổng lồ để phân tích thì tính điểm ra sao").tokens
    assert "khong" not in analyze("dữ liệu lớn không có thì sao").tokens


@pytest.mark.parametrize("question", ["máy chủ với máy trạm, cái nào điểm thấp hơn", "mỗi cái mấy điểm",
                                      "từng cái ai chủ trì", "hai cái này tính sao"])
def test_cai_asking_which_or_each_is_kept(question: str) -> None:
    """"cái nào" asks which of two, "mỗi cái" each of them: only the pointing "cái" goes."""
    from knowledge.search.intent import _ACCENTED_STOP

    assert "cái" in _ACCENTED_STOP.sub(" ", question)


@pytest.mark.parametrize(("question", "errand", "exists"), [
    ("đăng ký kết hôn cần giấy tờ gì", True, False),  # a citizen's errand
    ("làm thẻ ngân hàng cho con thì phải mang theo giấy tờ gì", True, False),
    ("đi làm căn cước cần chuẩn bị những giấy tờ gì", True, False),
    ("chỉ số 1.1 cần chuẩn bị giấy tờ gì để chứng minh", False, False),  # the indicator's evidence
    ("thủ tục đổi giấy phép lái xe trên cổng dịch vụ công", True, False),  # a citizen's own licence
    ("tỷ lệ hồ sơ đổi giấy phép lái xe trực tuyến", False, False),  # the applications counted: a measure
    ("chủ tịch xã có trong ban chỉ đạo không, cần giấy tờ gì để chứng minh", False, False),  # evidence
    ("phần mềm thi đua khen thưởng có được tính điểm không", False, True),  # whether it counts
    ("văn bản nào chủ tịch ký mới được tính điểm phải không anh", False, False),  # a guess to confirm
    ("xã có tính tỷ lệ quán ăn nhận chuyển khoản không", False, True),  # whether such a measure is counted
    ("tỉnh có đếm số lượng homestay bán phòng qua mạng không", False, True),
    ("đúng ngành hay không; tỉnh có tính tỉ lệ này không", False, False),  # the thing described before
])
def test_evidence_and_a_guess_to_confirm_are_no_errand_nor_an_existence_question(question: str, errand: bool,
                                                                                  exists: bool) -> None:
    query = analyze(question)
    assert (query.errand, query.exists) == (errand, exists)


@pytest.mark.parametrize("question", ["được 1% tổng chi thì có trọn điểm không", "đạt bao nhiêu thì được full điểm",
                                      "tỷ lệ bao nhiêu thì đủ điểm"])
def test_whether_a_value_gets_full_points_asks_the_maximum_not_a_result(question: str) -> None:
    """A result would be refused for a year the plan gives none of ("dự toán 2024 … trọn điểm không")."""
    query = analyze(question)
    assert "max" in query.fields and "score" not in query.fields


def test_how_a_thing_is_scored_is_no_question_whether_it_counts() -> None:
    assert not analyze("văn bản do phó chủ tịch ký thay thì tính điểm sao, có bị trừ không").exists
    assert analyze("văn bản do phó chủ tịch ký thay có được tính điểm không").exists


@pytest.mark.parametrize(("question", "fields"), [
    ("Xã có bao giờ diễn tập chưa, làm rồi được mấy điểm?", ("score",)),
    ("xa chua bao gio dien tap thi tinh diem sao", ("method",)),
    ("chỉ số diễn tập bao giờ phải xong", ("deadline",)),
])
def test_ever_and_never_ask_no_deadline(question: str, fields: tuple[str, ...]) -> None:
    assert analyze(question).fields == fields


def test_a_share_of_investment_is_no_target() -> None:
    # "phần đầu tư" folds to "phan dau tu", whose "phan dau" is also "phấn đấu"
    assert "target" not in analyze("kinh phí cho xã hội số phần đầu tư tính điểm sao").fields
    assert "dau" in analyze("kinh phi xa hoi so phan dau tu").tokens
    assert analyze("chỉ số 8.6 phấn đấu bao nhiêu").fields == ("target",)


@pytest.mark.parametrize(("question", "personal"), [
    ("Phó giám đốc Sở Nội vụ là ai vậy", True),
    ("công chức văn hóa xã tên gì, cho em xin sđt", True),
    ("cho em xin số điện thoại của đầu mối chuyển đổi số", True),
    ("muốn lắp cáp quang thì gọi số nào, nhà mạng nào làm nhanh", True),  # a number to call, though "nào làm"
    ("công chức nào phụ trách chỉ số 1.5 là ai", False),  # who leads it: the plans say
    # … but not a phone number or a name, even of the one who leads it
    ("Ai là cán bộ đầu mối theo dõi chỉ số 5.9, cho em xin tên và số điện thoại với", True),
    ("Ai là tổ trưởng Tổ công nghệ số cộng đồng ở các thôn", True),
    ("Chứng nhận ISO 27001 nên thuê đơn vị nào đánh giá?", True),  # a vendor to hire
    ("thuê đơn vị nào chủ trì cũng được", False),
    ("Doanh nghiệp nào đang được thuê giám sát lớp 2 trong mô hình 4 lớp?", True),  # a vendor hired
    ("Nghị định 43/2011/NĐ-CP còn hiệu lực không hay đã bị thay thế?", True),  # a law in force or not
    ("số hóa hồ sơ thủ tục hành chính còn hiệu lực ai chủ trì", False),  # records still valid: PL2.5's topic
    ("biểu mẫu tự điền sẵn họ tên, số căn cước", False),  # a form's field
    ("phần mềm một cửa tên gì", False),
    # which company sells a thing or won its tender: no source names a vendor
    ("cong ty nao dang cung cap phan mem mot cua cho tinh vay", True),
    ("Nhà mạng nào trúng thầu kéo cáp quang về các xã?", True),
    # whose product, which to choose, which carrier will
    ("phần mềm chống mã độc cài máy trạm thì mua của hãng nào", True),
    ("lop giam sat nen chon doanh nghiep an toan thong tin nao", True),
    ("nhà mạng nào sẽ kéo cáp quang về thôn trước", True),
    # which was chosen; who holds a post
    ("tỉnh lựa chọn công ty nào để làm cổng dữ liệu mở", True),
    ("doanh nghiệp nào được chọn làm trung tâm điều hành thông minh", True),
    ("ai hiện là giám đốc Sở Tài chính", True),
    ("Giám đốc Sở Thông tin và Truyền thông tỉnh Ninh Thuận hiện nay là ai", True),  # a long name between
    ("ai là đơn vị chủ trì chỉ số chữ ký số", False),
    ("doanh nghiệp nào chủ trì chỉ số phủ sóng di động", False),  # a company leading an indicator: the plans say
    ("doanh nghiệp nào được tính vào số doanh nghiệp công nghệ số", False),  # which count as such: the method
    ("số liệu mã địa chỉ số bên nào cung cấp", False),  # a data source
    # the day an event is held: no plan holds a calendar
    ("Hội nghị sơ kết chuyển đổi số của huyện tổ chức ngày mấy vậy", True),
    ("lịch họp ban chỉ đạo quý này là ngày nào", True),
    ("hạn nộp báo cáo tổ chức hội nghị là ngày nào", False),  # a deadline
    # a penalty, a headcount, where a system is hosted
    ("chậm phê duyệt hồ sơ cấp độ thì thủ trưởng bị kỷ luật gì", True),
    ("phòng chuyển đổi số của sở có bao nhiêu biên chế", True),
    ("cổng thông tin của tỉnh đặt trên máy chủ nào", True),
    ("có bao nhiêu máy chủ được cài phòng chống mã độc", False),  # 5.3's count
    ("văn bản quy định tỷ lệ chi ngân sách cho chuyển đổi số của sở tài chính năm 2023 ban hành có số hiệu là gì",
     True),  # a document's number, far after the document
    ("lịch tiếp dân của chủ tịch xã tuần này", True),  # a calendar
    ("chủ tịch xã tiếp dân trên cổng thông tin thì tính điểm sao", False),
    # one's career, a password, where a site is, which thing to buy, an event's hour and place, when the ministry
    # starts scoring
    ("cán bộ IT khi nào được thi nâng ngạch", True),
    ("wifi công cộng ở công viên mật khẩu là gì", True),
    ("trung tâm dữ liệu dự phòng đặt ở huyện nào", True),
    ("mua điện thoại thông minh loại nào cho ông bà dùng VNeID", True),
    ("mở tài khoản ở ngân hàng nào phí thấp nhất", True),
    ("ngày chuyển đổi số tổ chức ở quảng trường nào, mấy giờ", True),
    ("bao giờ Bộ TTTT bắt đầu chấm nhóm chỉ số đô thị thông minh", True),
    ("tỷ lệ người từ 15 tuổi có tài khoản ngân hàng", False),  # 8.2 itself
    ("hạn tổ chức ngày chuyển đổi số là mấy giờ", False),  # a deadline
    # a make, which of two vendors, an opinion, what the ministry means to change
    ("máy chủ trung tâm dữ liệu của tỉnh là hãng gì", True),
    ("hệ thống giám sát SOC thuê của Viettel hay VNPT", True),
    ("viettel hay vnpt chủ trì chỉ số 8.3", False),  # who leads: the plans say
    ("có nên mua thêm chữ ký số cho cán bộ không", True),
    ("xã nên mua phần mềm diệt virus Bkav hay Kaspersky", True),  # which of two to buy
    ("Bộ TTTT sắp sửa bộ chỉ số DTI không", True),
    ("Bao giờ thì Chính phủ đưa nền tảng điện toán đám mây vào vận hành?", True),  # the centre's schedule
    ("nền tảng điện toán đám mây Chính phủ bao giờ phải kết nối xong", False),  # a name: the deadline asked
    ("Doanh nghiệp nào được Gia Lai thuê xây dựng nền tảng trợ lý ảo?", True),  # a vendor hired
    ("Danh sách tổ công nghệ số còn phải lập gồm những thôn làng nào?", True),  # which places: no plan lists
    ("Sở Y tế đã triển khai y tế thông minh ở những trạm y tế xã nào rồi?", True),
    ("Sở nào chủ trì chỉ số y tế thông minh?", False),
    ("bộ chỉ số DTI của Bộ TTTT có bao nhiêu chỉ số", False),  # what the framework holds
    # a document's number, signing day or articles: the plans never write them
    ("công văn chấn chỉnh chi ngân sách năm nay của Sở Tài chính số mấy", True),
    ("quyết định phê duyệt kiến trúc chính quyền điện tử ký ngày nào", True),
    ("thông tư 12 có hiệu lực từ ngày nào vậy", True),
    ("nghi dinh 13 gom bao nhieu dieu", True),
    ("văn bản này thuộc chỉ số mấy trong kế hoạch", False),  # which indicator
    ("kế hoạch giao nhiệm vụ này ở phụ lục số mấy", False),  # where in the plan
    ("ke hoach dat chi tieu so may tinh cho can bo la bao nhieu", False),  # "số máy tính" typed without marks
    ("quyết định kiến trúc chính quyền điện tử phải ban hành trước ngày nào", False),  # a deadline
    ("ngày nào cũng tổ chức họp trực tuyến thì tính điểm sao", False),  # every day
    # a person's name asked, the person opening the question; a thing's name is no person's
    ("Cán bộ Sở TTTT trực tiếp theo dõi chỉ số 3.4 tên là gì?", True),
    ("Phần mềm quản lý văn bản các cơ quan tỉnh đang dùng tên là gì?", False),
    # the members of a body, by name; not the units coordinating an indicator
    ("Ban chỉ đạo chuyển đổi số xã Nghĩa Phương gồm những thành viên nào?", True),
    ("Đơn vị phối hợp thực hiện chỉ số 2.9 gồm những ai", False),
])
def test_who_a_person_is_or_how_to_reach_them_is_no_plan_s_to_say(question: str, personal: bool) -> None:
    assert analyze(question).personal is personal


@pytest.mark.parametrize(("question", "personal"), [
    ("Ở chợ xã có bao nhiêu sạp nhận tiền bằng chuyển khoản?", True),
    ("tiểu thương ở chợ nhận tiền qua mã QR chiếm bao nhiêu", True),
    ("tieu thuong o cho nhan tien qua ma qr chiem bao nhieu", True),  # typed without marks: read folded
    ("Chỉ tiêu thanh toán không dùng tiền mặt ở chợ xã được tính mấy điểm?", True),
    ("người dân thanh toán tại chỗ bằng mã QR thì tính vào chỉ số nào", False),  # "tại chỗ" folds as "tại chợ"
    ("vận động người lớn mở tài khoản để chuyển khoản, giao cho cơ quan nào", False),  # "giao cho"
    ("tôi bán hàng ở chợ, trả lệ phí thủ tục bằng chuyển khoản thì tính sao", False),  # a fee paid online: 3.7.1
])
def test_traders_at_a_market_taking_payments_without_cash_are_no_plan_s_to_count(question: str,
                                                                                    personal: bool) -> None:
    assert analyze(question).personal is personal


@pytest.mark.parametrize("question", ["chỉ số 3.3 phải hoàn thành trước ngày nào", "tc 6.12 xong vào ngày nào vậy",
                                      "chỉ số 5.9 hoàn thành trước khi nào", "chỉ số 6.19 chừng nào phải làm xong"])
def test_the_day_something_is_due_asks_the_deadline(question: str) -> None:
    assert analyze(question).fields[:1] == ("deadline",)


@pytest.mark.parametrize(("question", "gone"), [
    ("chu ky so cua nguoi dan ai lo vay, cong an xa hay van hoa", {"cong", "an", "van", "hoa"}),
    ("Chữ ký số của dân ai phụ trách, Công an xã hoặc Văn phòng?", {"cong", "an", "van", "phong"}),
    ("chu ky so cua dan do ai lo a, STTTT hay VP UBND", {"stttt", "van", "phong", "uy", "ban"}),  # six words spelled
])
def test_units_guessed_after_who_is_asked_are_no_topic(question: str, gone: set[str]) -> None:
    query = analyze(question)
    assert query.fields[:1] == ("owner",) and {"chu", "ki"} <= set(query.tokens) and not gone & set(query.tokens)


@pytest.mark.parametrize(("text", "kept", "gone"), [
    ("Tỉnh họp với huyện qua màn hình thay vì đi họp trực tiếp thì chấm sao?", "màn hình", "trực tiếp"),
    ("đóng thuế qua app thay vì ra chi cục, ai lo?", "app", "chi cục"),
    ("ký hợp đồng bằng file thay vì giấy được mấy điểm", "được mấy điểm", "giấy"),
    # what it is not, to the clause's end: "… chứ không phải tổ ở thôn."
    ("Tôi hỏi tổ ở cấp xã chứ không phải tổ ở thôn. Chấm sao?", "Chấm sao", "thôn"),
    ("khoản chi thường xuyên chứ ko phải tiền đầu tư, sở nào lo", "sở nào lo", "đầu tư"),
])
def test_what_the_topic_is_done_instead_of_is_no_part_of_it(text: str, kept: str, gone: str) -> None:
    from knowledge.search.intent import without_negated_aside
    rest = without_negated_aside(text)
    assert kept in rest and gone not in rest


@pytest.mark.parametrize("asked", ["Cơ quan chủ trì", "Cơ quan phụ trách", "Đơn vị phụ trách", "Cơ quan phối hợp"])
def test_the_body_leading_it_asks_the_owner(asked: str) -> None:
    """"Cơ quan chủ trì chỉ số hợp đồng điện tử … là ai": "chủ trì" asked, never a topic word (1.2's name holds it,
    and 1.2 was answered first beside 7.7)."""
    query = analyze(f"{asked} chỉ số hợp đồng điện tử là ai?")
    assert "owner" in query.fields and "chu" not in query.tokens and "phu" not in query.tokens
    assert {"hop", "dong"} <= set(query.tokens)


def test_the_verb_before_who_asks_the_owner() -> None:
    """"6.23 chủ trì ai?": who leads, asked verb first; the code is then the question's whole topic (and reported
    as unknown where the plan has none, never searched as the words "chủ trì")."""
    query = analyze("6.23 chủ trì ai?", known_codes={"6.22"})
    assert query.fields == ("owner",) and not query.tokens and query.unknown_codes


@pytest.mark.parametrize(("question", "kept", "gone"), [
    ("ngành y tế có dự án gì trong kế hoạch không", {"y", "te"}, {"ke", "hoach"}),
    ("sở nào làm chuyên trang trong KH 419 vậy", {"chuyen", "trang"}, {"kh"}),
    ("chỉ số ban hành kế hoạch hành động năm ai làm", {"ke", "hoach", "hanh", "dong"}, set()),  # a plan's own name
])
def test_the_plan_looked_in_is_no_topic(question: str, kept: set[str], gone: set[str]) -> None:
    tokens = set(analyze(question).tokens)
    assert kept <= tokens and not gone & tokens


@pytest.mark.parametrize(("question", "gone", "kept"), [
    ("Kế hoạch tỉnh giao sở nào làm, đến năm nào?", {"ke", "hoach", "tinh"}, set()),  # the plan assigning
    ("chỉ số ban hành kế hoạch giao ai làm", set(), {"ban", "hanh", "ke", "hoach"}),  # a plan issued: the topic
])
def test_the_plan_assigning_is_no_topic(question: str, gone: set[str], kept: set[str]) -> None:
    tokens = set(analyze(question).tokens)
    assert not gone & tokens and kept <= tokens


@pytest.mark.parametrize("question", ["du lịch thông minh, app giới thiệu điểm đến của tỉnh, ai chủ trì vậy",
                                      "tra cứu điểm du lịch, điểm tham quan trên điện thoại thì ai lo"])
def test_a_place_to_visit_is_no_points_asked(question: str) -> None:
    """"điểm đến", "điểm du lịch", "điểm tham quan" are places: the owner is what is asked."""
    assert analyze(question).fields == ("owner",)


def test_points_asked_of_a_place_are_still_points() -> None:
    assert analyze("du lịch thông minh được mấy điểm").fields == ("score",)


def test_hurry_said_is_no_topic() -> None:
    """"e cần gấp", "gấp lắm ạ": words no entry holds, that outweighed the topic; "tờ gấp" (a leaflet) stays."""
    assert analyze("diễn tập attt ai chủ trì, em cần gấp").tokens == analyze("diễn tập attt ai chủ trì").tokens
    assert "gap" not in analyze("chỉ số diễn tập ai lo, gấp lắm ạ").tokens
    assert "gap" in analyze("in tờ gấp tuyên truyền tính điểm sao").tokens


def test_a_thing_recalled_is_no_topic() -> None:
    """"Em chợt nhớ tiêu chí …", "mục tiêu của nó": the story's words, not the topic's."""
    plain = analyze("tiêu chí lãnh đạo được cấp chữ ký số tối đa mấy điểm").tokens
    assert analyze("Em chợt nhớ tiêu chí lãnh đạo được cấp chữ ký số tối đa mấy điểm").tokens == plain
    assert "no" not in analyze("chữ ký số của lãnh đạo, mục tiêu của nó là bao nhiêu").tokens


def test_the_set_of_indicators_named_as_scope_is_no_topic() -> None:
    """"… trong Bộ tiêu chí chuyển đổi Chính quyền số", "… thuộc bộ chỉ số DTI cấp tỉnh": where to look, not what;
    "bộ phận một cửa" stays a topic's words."""
    assert analyze("Tiêu chí 45% trong Bộ tiêu chí chuyển đổi Chính quyền số là tiêu chí nào?").tokens == ()
    assert analyze("trợ lý ảo thuộc bộ chỉ số DTI cấp tỉnh ai lo").tokens == analyze("trợ lý ảo ai lo").tokens
    assert "phan" in analyze("số hồ sơ trong bộ phận một cửa").tokens


def test_wondering_is_no_topic() -> None:
    """"em tò mò không biết …", "ko bít …": the asker wonders; the words name nothing asked."""
    plain = analyze("dự án giao thông thông minh của tỉnh sở nào chủ trì").tokens
    assert analyze("em tò mò không biết dự án giao thông thông minh của tỉnh sở nào chủ trì").tokens == plain


def test_meeting_the_bar_is_no_topic() -> None:
    """"… thì đạt yêu cầu": whether it is enough, asked; no source writes the words."""
    assert analyze("loa xã đọc mấy lần thì đạt yêu cầu").tokens == analyze("loa xã đọc mấy lần").tokens


def test_very_and_lately_typed_with_marks_are_no_topic() -> None:
    """"nhiều lắm" folds to "nhieu lam" ("làm"), "dạo này" to "dao nay" ("đào"): said with their marks, fillers."""
    assert "dao" not in analyze("dạo này loa xã phát mục chuyển đổi số").tokens
    assert "lam" not in analyze("hộ có cáp quang nhiều lắm").tokens


def test_no_points_at_all_asks_why_points_were_lost() -> None:
    """"bị trắng điểm" (not one point): the points lost are asked; "trắng" is no topic word."""
    query = analyze("loa xã có chuyên mục chuyển đổi số chưa, năm 2022 bị trắng điểm")
    assert "loss" in query.fields and "trang" not in query.tokens
