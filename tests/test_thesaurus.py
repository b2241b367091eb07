"""The thesaurus tables (knowledge/data/thesaurus), entry by entry: every official wording is written where the
entry says, every everyday and chat form is found as typed, nothing shadows anything; and the search uses them."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from knowledge.normalize import fold, normalize
from knowledge.search.engine import Searcher, search_words
from knowledge.search.thesaurus import PhraseTable, Rewrite, bundled_thesaurus, read_table
from knowledge.store import KnowledgeBase, data_dir, load_knowledge
from tests.searchkit import shared_searcher

KB = load_knowledge()
TABLES = data_dir() / "thesaurus"
EVERYDAY = read_table(TABLES / "everyday.json")
CHAT = read_table(TABLES / "chat.json")


def _texts(kb: KnowledgeBase, where: str, code: str) -> str:
    """Everything the knowledge base writes for one code of a framework or a plan, normalised."""
    parts: list[str] = []
    if where in kb.frameworks:
        for ind in kb.indicators(where, code):
            parts += [ind.name, ind.method, ind.explanation, ind.evidence, ind.data_source, ind.notes,
                      *ind.variables.values()]
        for plan in kb.plans.values():
            a = kb.assignment(plan.id, code) if plan.framework == where else None
            if a is not None:
                parts += [a.guidance, a.baseline, a.target, a.name, a.evidence, a.data_source]
    if where in kb.plans:
        parts += [f"{it.name} {it.detail} {it.group}" for it in kb.plans[where].items if it.code == code]
    return normalize(" ".join(parts))


def _all_texts(kb: KnowledgeBase) -> str:
    fw = " ".join(_texts(kb, f, i.code) for f in kb.frameworks for i in kb.frameworks[f].indicators)
    items = " ".join(_texts(kb, p, it.code) for p in kb.plans for it in kb.plans[p].items)
    return f"{fw} {items}"


ALL = _all_texts(KB)
# Chat forms the sources also write, where they mean the same or only name a formula's variable (Ninh Thuận's
# "e = Số lượng hội thảo", "Z = (c/d)"), never a word of a question.
SOURCE_MEANS_THE_SAME = {"qd": "QĐ = quyết định", "e": "a formula's variable", "z": "a formula's variable"}


def _id(entry: dict[str, Any]) -> str:
    forms = entry.get("everyday") or entry.get("chat") or []
    return str(forms[0])


@pytest.mark.parametrize("entry", EVERYDAY, ids=_id)
def test_everyday_entry(entry: dict[str, Any]) -> None:
    """Its first official wording is written at the place it cites, every other one somewhere in the sources;
    it has a reason; each of its everyday forms is found, whole, in a question."""
    assert entry["why"].strip() and entry["everyday"] and entry["official"]
    where, code = entry["source"].split()
    first = normalize(entry["official"][0])
    assert f" {first} " in f" {_texts(KB, where, code)} ", f"{first!r} is not written at {entry['source']}"
    for other in entry["official"][1:]:
        assert f" {normalize(other)} " in f" {ALL} ", f"{other!r} is written nowhere in the sources"
    thesaurus = bundled_thesaurus()
    for form in entry["everyday"]:
        found, _ = thesaurus.found(f"hỏi về {form} nhé")
        assert [r.alternatives for r in found] == [tuple(entry["official"])], form
        plain = fold(form)
        found, _ = thesaurus.found(f"hoi ve {plain} nhe")  # typed without diacritics: only if not marked
        expected = [] if entry.get("marked") else [tuple(entry["official"])]
        assert [r.alternatives for r in found] == expected, plain


def test_no_everyday_form_is_claimed_twice() -> None:
    seen: dict[str, str] = {}
    for entry in EVERYDAY:
        for key in {fold(form) for form in entry["everyday"]}:
            assert key not in seen, f"{key!r} is in {seen[key]!r} and {entry['official'][0]!r}"
            seen[key] = entry["official"][0]


@pytest.mark.parametrize("entry", CHAT, ids=_id)
def test_chat_entry(entry: dict[str, Any]) -> None:
    """Each chat form is written out as its full form, and no form written without diacritics is a word of the
    sources (it would be rewritten wherever the sources' word is meant)."""
    assert entry["why"].strip()
    thesaurus = bundled_thesaurus()
    vocabulary = set(ALL.split())
    for form in entry["chat"]:
        written = " ".join(thesaurus.normalize_chat(f"xin hỏi {form} chỉ số").split())
        expected = " ".join(f"xin hỏi {entry['full']} chỉ số".split())
        assert written == expected, form
        if fold(form) == form and " " not in form and form not in SOURCE_MEANS_THE_SAME:
            assert form not in vocabulary, f"{form!r} is a word of the sources"


def test_a_marked_chat_form_is_never_its_folded_false_friend() -> None:
    thesaurus = bundled_thesaurus()
    assert thesaurus.normalize_chat("ông chủ tịch") .split() == ["chủ", "tịch"]
    assert thesaurus.normalize_chat("khám với bác sĩ qua video").split() == ["khám", "với", "bác", "sĩ", "qua", "video"]
    assert thesaurus.normalize_chat("co bao nhieu chi so") == "co bao nhieu chi so"  # "có", not "cô"
    assert "hạ" in thesaurus.normalize_chat("hạ tầng số ra sao hả")


def test_a_qr_code_is_a_payment_only_when_scanned() -> None:
    """"quét mã QR" pays; a bare "mã QR" may trace farm produce or mark a house's address: no payment is read."""
    thesaurus = bundled_thesaurus()
    assert thesaurus.found("truy xuất nguồn gốc nông sản bằng mã QR")[0] == []
    found = thesaurus.found("gắn biển mã QR địa chỉ cho từng nhà")[0]
    assert not any("thanh toán trực tuyến" in r.alternatives for r in found)
    [paid] = thesaurus.found("dân quét mã QR trả lệ phí")[0]
    assert "thanh toán trực tuyến" in paid.alternatives


def test_an_everyday_wording_never_rewrites_its_false_friend() -> None:
    thesaurus = bundled_thesaurus()
    assert thesaurus.found("tiến độ tiếp nhận")[0] == []  # "tiền" (money) is not "tiến"
    assert [r.alternatives[0] for r in thesaurus.found("tien dau tu")[0]] == ["kinh phí đầu tư"]


def test_the_official_wording_already_written_is_not_rewritten() -> None:
    thesaurus = bundled_thesaurus()
    assert thesaurus.found("họp trực tuyến đến từng thiết bị")[0] == []
    assert thesaurus.found("tỷ lệ hồ sơ thủ tục hành chính")[0] == []


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        ("kon-tum-2024", "Nhà dân trong tỉnh đã có bao nhiêu phần trăm được kéo dây mạng quang về tận nhà?", "3.3"),
        # houses counted are households (typed with the marks: "bao nhieu nha" is also a particle's "nha")
        ("nghia-phuong-2023", "Trong xã bao nhiêu nhà đã kéo mạng cáp quang, số liệu đó lấy ở đâu?", "3.3"),
        ("ninh-thuan-2021", "dịch vụ công có thu phí mà dân trả tiền bằng quẹt mã QR được bao nhiêu", "3.7.1"),
        ("ninh-thuan-2021", "bao nhiêu cuộc họp giữa tỉnh với huyện là họp qua màn hình", "5.6.1"),
        ("gia-lai-2023", "người dân chấm hài lòng thế nào khi làm thủ tục online", "6.14"),
        ("nghia-phuong-2023", "xa dung chatbot tu dong tra loi cho dan chua, ai phu trach", "6.16"),
        # chat forms: "cs" for "chỉ số" before a topic, "hộ gđ", "gl", "bao h", "cho em xin"
        ("kon-tum-2024", "cs hộ gđ có cáp quang năm 2023 được bn vậy", "3.3"),
        ("kon-tum-2024", "cho em xin cách tính cs ip botnet", "5.5"),
        ("gia-lai-2023", "cs chatbot cho dân bên gl ai lo, bao h xong", "6.19"),
        ("kon-tum-2024", "bao kon tum co chuyen muc cds chua, muc tieu moi thang may bai", "1.6"),  # the newspaper
        ("gia-lai-2023", "cổng dl mở", "6.2"),
        ("kon-tum-2024", "sv tốt nghiệp cđ đh ngành cntt năm rồi được bao nhiêu", "4.9"),
        ("ninh-thuan-2021", "anh em lo máy tính trong cơ quan một năm được đi học nâng cao mấy lần", "7.2.4"),
        ("kon-tum-2024", "con bot tự động trả lời thắc mắc của bà con khi đi làm thủ tục thì ai phụ trách", "6.19"),
        ("gia-lai-2023", "tiền chi cho việc canh chừng an toàn mạng năm 2022 được mấy điểm", "5.12.2"),
        ("kon-tum-2024", "tỉnh có cái kho gom hết dữ liệu về một chỗ để phân tích chưa, khi nào xong", "6.15"),
        ("nghia-phuong-2023",
         "khi máy móc của xã bị trục trặc mà sửa xong được bao nhiêu vụ thì chấm điểm theo cách nào", "5.10"),
        ("kon-tum-2024", "hệ thống phần mềm nhà nước có sẵn phương án chống đỡ khi bị hacker tấn công chưa", "5.8"),
        ("ninh-thuan-2021", "giấy tờ gửi qua lại giữa các xã chỉ qua mạng, không kèm bản in, tính điểm sao", "5.2.3"),
        ("ninh-thuan-2021",
         "mỗi năm tỉnh có tổ chức một ngày riêng để đánh dấu chuyển đổi số không, có làm thì được mấy điểm", "1.1.3"),
        ("gia-lai-2023", "cái màn hình để lãnh đạo theo dõi các con số quản lý hiển thị trực tuyến thì ai làm", "6.18"),
        ("ninh-thuan-2021",
         "hồ sơ xong xuôi gửi trả cho người dân qua đường bưu điện thì phải được bao nhiêu phần trăm", "5.12.2"),
        ("ninh-thuan-2021", "có tính điểm việc công bố Ngày chuyển đổi số của tỉnh mỗi năm không", "1.1.3"),
        ("ninh-thuan-2021", "sóng di động đời mới phủ cả tỉnh làm năm nào", "PL3.A.II.6"),  # "thế hệ mới", "toàn tỉnh"
        ("kon-tum-2024", "họp trực tuyến mỗi người dùng laptop của mình thì tính chỉ số nào", "6.17"),
        ("gia-lai-2023", "Tiền chi cho việc tuyên truyền để cán bộ biết giữ an toàn trên mạng, năm 2022 được mấy điểm?",
         "5.12.6"),
        ("kon-tum-2024", "mấy công ty có app giao đồ ăn, app gọi xe ở tỉnh thì ai theo dõi", "7.3"),
        ("kon-tum-2024", "khuyến khích công ty mua trang web mang đuôi quốc gia thì tính chỉ số nào", "7.10"),
        ("nghia-phuong-2023", "người từ 18 tuổi trở lên dùng smartphone chấm mấy điểm", "3.1"),  # not 8.2
        ("nghia-phuong-2023", "tiền xã thuê người canh chừng mạng máy tính thì chấm sao", "5.11.2"),
        # a member of the steering group, not the one who leads it (1.2)
        ("nghia-phuong-2023", "chủ tịch xã có ngồi trong nhóm lo chuyển đổi số của xã không, nộp giấy tờ gì", "1.1"),
        ("ninh-thuan-2021", "cán bộ ở xã phải dùng chung máy tính, tiêu chí đó tính sao", "3.1.3"),
        ("ninh-thuan-2021", "người làm chuyên về bảo mật trong cơ quan phải chiếm mấy phần trăm cán bộ", "7.1.3"),
        ("kon-tum-2024", "có bao nhiêu người chuyên về an toàn thông tin ở các sở", "4.6"),
        ("gia-lai-2023", "dân bấm nút mặt cười sau khi làm thủ tục trên mạng, tỷ lệ vừa ý năm 2022 được mấy điểm",
         "6.14"),
        ("kon-tum-2024", "máy tự phân tích số liệu giúp cơ quan nhà nước ra quyết định thì ai chủ trì", "6.21"),
        ("kon-tum-2024", "kinh phí chi thường xuyên để giúp dân làm quen công nghệ thì ai chủ trì", "8.7"),
        ("gia-lai-2023", "Nhà em vừa kéo đường mạng internet của VNPT về. Tỉnh có tính số nhà như vậy không?", "3.3"),
        ("gia-lai-2023", "đài truyền hình tỉnh có mục chuyển đổi số, tuần nào cũng phát, vụ phát đều đặn đó mấy điểm",
         "1.8"),  # how often, not whether the programme exists (1.7)
        ("kon-tum-2024", "sở mở buổi tập giả định hacker tấn công để anh em luyện tay xử lý, cái này tính ở đâu",
         "5.9"),
        ("ninh-thuan-2021", "thanh tra sở giờ xem sổ sách doanh nghiệp trên máy, khỏi xuống tận nơi, tính điểm sao",
         "5.7.1"),
        ("kon-tum-2024", "năm nào tỉnh cũng bỏ tiền thuê bên ngoài soi lỗ hổng hệ thống, cái đó được mấy điểm",
         "5.12.3"),
        ("ninh-thuan-2021", "cán bộ ở xã được cấp đủ máy vi tính chưa, chấm sao", "3.1.3"),  # "máy vi tính" in full
        ("nghia-phuong-2023", "chủ tịch xã có ngồi trong cái ban lo chuyện số hóa của xã không", "1.1"),  # "cái"
        ("kon-tum-2024", "dân ký tên được trên điện thoại chiếm bao nhiêu phần trăm", "8.3"),
        ("kon-tum-2024", "cửa hàng ký giấy tờ mua bán với khách qua mạng thì tính vào đâu", "7.6"),
        ("kon-tum-2024",
         "Họp qua màn hình giờ mới tới các sở thôi hay đã xuống tới điện thoại, laptop của từng người rồi? Khi nào "
         "phải xong?", "6.17"),
        ("ninh-thuan-2021", "giấy tờ quản lý các sở scan xong để chung một kho của tỉnh thì mục tiêu bao nhiêu %",
         "PL1.7"),
    ],
)
def test_everyday_questions_find_the_indicator(plan: str, question: str, code: str) -> None:
    answer = shared_searcher().ask(plan, question)
    assert [m.code for m in answer.matches][:1] == [code]


def test_handling_the_communes_matters_with_it_is_8_8_alone() -> None:
    """"Xử lý việc của xã" is the "giải quyết vấn đề của địa phương" of 8.8: stated, not offered among others."""
    answer = shared_searcher().ask("nghia-phuong-2023", "chỉ tiêu dân tham gia xử lý việc của xã qua mạng chấm sao")
    assert answer.status == "answer" and answer.matches[0].code == "8.8"


def test_the_ministrys_app_for_skills_is_onetouch_never_the_workers_training_alone() -> None:
    """"App học kỹ năng của Bộ" is 4.11's OneTouch: the workers' training (4.10), which "được dạy" also finds, is
    no longer stated alone (development set 63)."""
    answer = shared_searcher().ask("kon-tum-2024", "Chỉ tiêu đếm số người dân được dạy dùng điện thoại, máy tính cơ "
                                                   "bản trên cái app học kỹ năng của Bộ, ai lo?")
    assert answer.status != "answer" and "4.11" in [m.code for m in answer.matches][:3]


@pytest.mark.parametrize(("plan", "question", "code"), [
    ("kon-tum-2024", "ông bà mở app căn cước để đăng nhập làm giấy tờ, tỉnh có bao nhiêu dân làm được", "8.1"),
    ("kon-tum-2024", "Lúc tôi khai giấy tờ trên mạng, nó tự hiện sẵn tên tuổi, ngày sinh, số căn cước, khỏi gõ "
                     "lại; tỉnh mình làm được vậy ở bao nhiêu phần trăm thủ tục?", "6.9"),
])
def test_an_everyday_story_names_the_indicator_it_tells_of(plan: str, question: str, code: str) -> None:
    """"App căn cước" is the VNeID account (8.1), "tự hiện sẵn", "khỏi gõ lại" a form filled in advance (6.9):
    the indicator is recognised, whatever the answer says of the figure asked."""
    assert [m.code for m in shared_searcher().ask(plan, question).matches][:1] == [code]


def test_search_words_are_made_as_a_questions_are() -> None:
    assert search_words("họp trực tuyến của tỉnh") == ("hop", "truc", "tuyen", "tinh")


LEARNED = read_table(TABLES / "learned.json")


@pytest.fixture(scope="module")
def wordings() -> dict[tuple[str, str], dict[str, str]]:
    from knowledge import build

    out: dict[tuple[str, str], dict[str, str]] = {}
    for source, result in build.import_sources(build.DEFAULT_SEEDS).items():
        for framework, rows in result.indicators.items():
            for ind in rows:
                out.setdefault((framework, ind.code), {})[source] = ind.name
    return out


@pytest.mark.parametrize("entry", LEARNED, ids=lambda e: f"{e['a']}~{e['b']}")
def test_learned_entry(entry: dict[str, Any], wordings: dict[tuple[str, str], dict[str, str]]) -> None:
    """Each side is written in the wording the entry names, the two wordings being of one indicator."""
    def wording(source: str) -> str:
        if " " in source:  # "dti-tinh 6.15": the row the commune indicator mirrors
            framework, code = source.split()
            return KB.indicators(framework, code)[0].name
        return wordings[(entry["framework"], entry["code"])][source]

    first, second = entry["sources"]
    second_text = wording(second) if second != entry["framework"] else KB.indicators(entry["framework"],
                                                                                         entry["code"])[0].name
    assert f" {fold(entry['a'])} " in f" {normalize(wording(first))} "
    assert f" {fold(entry['b'])} " in f" {normalize(second_text)} "
    found = bundled_thesaurus().found(f"chỉ số {entry['a']} nền tảng")[1]
    assert [r.alternatives for r in found] == [(entry["b"],)]


def test_alignment_keeps_real_substitutions_only() -> None:
    from knowledge.aligned import substitutions

    assert list(substitutions("Tổ công nghệ số cộng đồng đến mức thôn, xóm",
                              "Tổ công nghệ số cộng đồng đến mức khu ấp")) == [("thôn xóm", "khu ấp")]
    assert list(substitutions("Triển khai nền tảng trợ lý ảo phục vụ người dân",
                              "Sử dụng nền tảng trợ lý ảo phục vụ người dân")) == [("triển khai", "sử dụng")]
    # a level is not a synonym, a word that moved is not one, numbers are not
    assert list(substitutions("Kế hoạch hành động của tỉnh về chuyển đổi số",
                              "Kế hoạch hành động của xã về chuyển đổi số")) == []
    assert list(substitutions("Số lượng các cuộc diễn tập được triển khai", "Triển khai cuộc diễn tập")) == []
    assert list(substitutions("Tỷ lệ DVCTT mức độ 3", "Tỷ lệ DVCTT mức độ 4")) == []


def test_letters_find_a_name_typed_with_typos() -> None:
    """The trigram signal (knowledge.search.ngrams): a name's letters, in order, despite typos."""
    from knowledge.search.ngrams import NgramIndex

    names = ["ti le ho gia dinh co ket noi internet bang rong cap quang", "ti le dan so truong thanh co dien thoai"]
    letters = NgramIndex(names)
    scores = letters.scores("ho gia dinh co ket noi intenet cap quangg")
    assert scores[0] > 0.4 > 0.01 > scores.get(1, 0.0)
    assert letters.scores("") == {}


def test_letters_join_the_score_when_weighted(monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.search.index as index

    monkeypatch.setattr(index, "NGRAM_WEIGHT", 0.3)
    answer = Searcher(KB).ask("kon-tum-2024", "ti le ho gia dinh co ket noi intenet bang rong cap quangg")
    assert answer.matches[0].code == "3.3"


def test_a_wording_typed_twice_is_rewritten_in_both_places() -> None:
    from knowledge.search.thesaurus import variants

    thesaurus = bundled_thesaurus()
    text = "giấy tờ nộp online xã xử lý online"
    everyday, learned = thesaurus.found(text)
    [first, *_] = variants(search_words(text), everyday, learned, search_words)
    assert first == ("ho", "so", "nop", "truc", "tuyen", "xa", "xu", "li", "truc", "tuyen")


@pytest.mark.parametrize("question", ["hi mn, cs cong du lieu mo thi dv phoi hop la ai vay ạ",
                                      "chào cả nhà, chỉ số cổng dữ liệu mở đơn vị phối hợp là ai",
                                      "mọi người ơi cs cong du lieu mo ai chu tri"])
def test_a_greeting_to_the_group_is_no_topic(question: str) -> None:
    """"mọi người" and "nhà" are words of the sources: a greeting kept them as topic words and lost 6.2."""
    answer = shared_searcher().ask("kon-tum-2024", question)
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["6.2"]


@pytest.mark.parametrize("plan", ["kon-tum-2024", "nghia-phuong-2023", "gia-lai-2023"])
@pytest.mark.parametrize("message", ["cảm ơn bot", "Cảm ơn bot nhiều nha, hôm nay vậy là đủ rồi 😊", "chào bot",
                                     "cam on bot nhe", "thanks bot", "tks bot nha", "ok bot"])
def test_greeting_or_thanking_the_bot_names_no_topic(plan: str, message: str) -> None:
    """The bot thanked or greeted is the one spoken to, not the chatbot an indicator counts (6.19, the commune's
    6.16): "cảm ơn bot" was answered with 6.19's whole card."""
    assert shared_searcher().ask(plan, message).status == "none"


@pytest.mark.parametrize("message", ["mai em gửi", "ok cảm ơn bot nhiều nha, mai mình hỏi tiếp 👍", "ngày mai",
                                     "mai mốt mình hỏi thêm", "chieu mai e nop nhe"])
def test_tomorrow_is_no_topic(message: str) -> None:
    """"mai" (tomorrow) folds to the "mại" of "thương mại": it was Gia Lai's 7.9, answered outright."""
    assert shared_searcher().ask("gia-lai-2023", message).status == "none"


def test_trade_is_still_trade() -> None:
    answer = shared_searcher().ask("gia-lai-2023", "số giao dịch trên sàn thương mại điện tử vỏ sò ai theo dõi")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["7.9"]


@pytest.mark.parametrize("message", ["chào bot, cho mình hỏi tỷ lệ hồ sơ trực tuyến ai chủ trì",
                                     "nhờ bot tra giúp tỷ lệ hồ sơ trực tuyến ai chủ trì"])
def test_a_question_after_greeting_the_bot_is_answered(message: str) -> None:
    answer = shared_searcher().ask("nghia-phuong-2023", message)
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["6.9"]


@pytest.mark.parametrize("message", ["xã đã dùng bot trả lời dân chưa",
                                     "cảm ơn, xã có con bot tự động trả lời người dân chưa"])
def test_a_bot_answering_people_is_still_the_commune_assistant(message: str) -> None:
    answer = shared_searcher().ask("nghia-phuong-2023", message)
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["6.16"]


def test_a_question_typed_mostly_without_marks_forgives_its_slipped_marks() -> None:
    """"dien tạp" is "diễn tập" typed with a slip: only a question that writes its marks has false friends."""
    searcher = shared_searcher()
    answer = searcher.ask("nghia-phuong-2023", "chi so dien tạp attt cua xa dc may điem a, ko trien khai thi sao")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["5.9"]
    assert searcher.for_plan("kon-tum-2024").index.false_friends("tiền lương cán bộ công chức") == {"luong"}


@pytest.mark.parametrize("typed", ["dùng quản lý tài sản", "dùng quản lí tài sản", "dung quan ly tai san",
                                   "Dùng Quản Lý Tài Sản", unicodedata.normalize("NFD", "dùng quản lý tài sản")])
def test_a_wording_is_found_whichever_way_its_later_words_are_spelled(typed: str) -> None:
    """Later words are compared loosely first (a prefilter before ``Words.says``): "lý" and "lí", capitals and
    decomposed marks are still one word."""
    table = PhraseTable([Rewrite(("quản", "lý", "tài", "sản"), ("ứng dụng quản lý tài sản",)),
                         Rewrite(("quản", "trị"), ("điều hành",))])
    assert [r.alternatives for _, _, r in table.matches(typed)] == [("ứng dụng quản lý tài sản",)]


def test_a_question_typed_with_marks_writes_an_unmarked_word_as_that_word() -> None:
    """"đứng ra lo" (to see to it) is no "ra lò" (graduated, "tốt nghiệp"): a question writing its marks writes "lo"
    as "lo"; typed without any marks, "sinh vien ra lo" may still be "ra lò"."""
    thesaurus = bundled_thesaurus()
    assert "tốt nghiệp" not in " ".join(a for r in thesaurus.found("buổi tập dượt năm nay ai đứng ra lo")[0]
                                         for a in r.alternatives)
    assert "tốt nghiệp" in " ".join(a for r in thesaurus.found("sinh vien ra lo nam nay")[0] for a in r.alternatives)
    assert "tốt nghiệp" in " ".join(a for r in thesaurus.found("sinh viên ra lò năm nay")[0] for a in r.alternatives)


def test_an_everyday_wording_brings_only_the_official_words_the_plan_writes() -> None:
    """"hồ sơ sức khỏe điện tử" is Ninh Thuận's "y tế thông minh", which Gia Lai's plan never writes: searched there,
    its "thông minh" found "điện thoại thông minh" (3.1) and answered a question no plan holds."""
    from knowledge.search.thesaurus import within, written_by

    searcher = shared_searcher()
    gia_lai, ninh_thuan = searcher.for_plan("gia-lai-2023"), searcher.for_plan("ninh-thuan-2021")
    health = [r for r in bundled_thesaurus().found("hồ sơ sức khỏe điện tử")[0] if "y tế thông minh" in r.alternatives]
    assert health
    assert within(health, written_by(gia_lai.index.knows, search_words)) == []
    assert within(health, written_by(ninh_thuan.index.knows, search_words)) == health
    assert searcher.ask("gia-lai-2023", "Tỷ lệ người dân có hồ sơ sức khỏe điện tử ở Gia Lai đạt bao nhiêu?").status \
        in ("none", "not_held")
