"""The core, driven as a channel drives it: messages in, replies out, state in the database."""

from __future__ import annotations

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming, Reply


def say(core: Core, text: str = "", payload: str | None = None, user: str = "u1") -> list[Reply]:
    return core.handle(Incoming(channel="test", chat_id=user, user_id=user, text=text, payload=payload))


def one(replies: list[Reply]) -> Reply:
    assert len(replies) == 1, replies
    return replies[0]


AMBIGUOUS = "kinh phí an toàn thông tin"


def test_start_greets_and_names_the_plan(core: Core) -> None:
    reply = one(say(core, "/start"))
    assert "Trợ lý DTI" in reply.text
    assert "Kon Tum" in reply.text
    assert "<b>Trợ lý DTI</b>" in reply.html


def test_method_question_gets_the_card_with_method_first(core: Core) -> None:
    reply = one(say(core, "Chỉ số 3.3 tính điểm như thế nào?"))
    assert reply.text.startswith("📌 Chỉ số 3.3.")
    assert "cáp quang" in reply.text
    lines = reply.text.splitlines()
    assert lines.index("Cách tính:") < lines.index(next(ln for ln in lines if ln.startswith("Chủ trì:")))
    assert not reply.buttons


def test_owner_question_puts_the_owner_first(core: Core) -> None:
    text = one(say(core, "Ai chủ trì chỉ số 1.6?")).text
    owner = text.index("Chủ trì:")
    assert "Báo Kon Tum" in text[owner:owner + 60]
    assert owner < text.find("Cách tính:") or "Cách tính:" not in text


def test_ambiguous_question_offers_choices_answerable_by_number(core: Core) -> None:
    offered = one(say(core, AMBIGUOUS))
    assert len(offered.buttons) >= 2
    second = offered.buttons[1]
    code = second.label.split()[0]
    chosen = one(say(core, "2"))
    assert chosen.text.startswith(f"📌 Chỉ số {code}.")
    # the list stays answerable, as it stays on the user's screen
    assert one(say(core, "1")).text.startswith(f"📌 Chỉ số {offered.buttons[0].label.split()[0]}.")


def test_button_press_shows_the_chosen_indicator(core: Core) -> None:
    offered = one(say(core, AMBIGUOUS))
    pressed = one(say(core, payload=offered.buttons[0].payload))
    assert pressed.text.startswith(f"📌 Chỉ số {offered.buttons[0].label.split()[0]}.")
    assert all(len(b.payload.encode()) <= 64 for b in offered.buttons)


def test_number_out_of_range_is_explained_and_choices_kept(core: Core) -> None:
    offered = one(say(core, AMBIGUOUS))
    n = len(offered.buttons)
    reply = one(say(core, str(n + 5)))
    assert f"từ 1 đến {n}" in reply.text
    assert one(say(core, "1")).text.startswith("📌")


def test_choices_survive_a_restart(settings: Settings) -> None:
    first = build_core(settings)
    offered = one(say(first, AMBIGUOUS))
    first.db.dispose()
    second = build_core(settings)
    chosen = one(say(second, "1"))
    assert chosen.text.startswith(f"📌 Chỉ số {offered.buttons[0].label.split()[0]}.")
    second.db.dispose()


def test_unknown_question_is_refused_with_advice(core: Core) -> None:
    reply = one(say(core, "giá xăng hôm nay bao nhiêu"))
    assert "Không tìm thấy" in reply.text
    assert not reply.buttons


def test_unknown_code_is_named(core: Core) -> None:
    reply = one(say(core, "chỉ số 9.99"))
    assert "Không có chỉ số 9.99" in reply.text
    # the plan's name is said once, as it is written ("Kế hoạch 419/KH-UBND …"), never "kế hoạch Kế hoạch …"
    assert "(Kế hoạch 419/KH-UBND tỉnh Kon Tum (2024))" in reply.text and "kế hoạch Kế hoạch" not in reply.text


def test_plan_switch_changes_the_framework(core: Core) -> None:
    assert "Nghĩa Phương" in one(say(core, "/plan nghia-phuong-2023")).text
    card = one(say(core, "chỉ số 1.1")).text
    assert "xã" in card.lower()
    assert "Không có kế hoạch" in one(say(core, "/plan khong-co")).text


def test_plan_is_per_user(core: Core) -> None:
    say(core, "/plan nghia-phuong-2023", user="a")
    assert "Kon Tum" in one(say(core, "/start", user="b")).text


def test_bad_input_gets_clear_messages(core: Core) -> None:
    assert "Không có lệnh /xyz" in one(say(core, "/xyz")).text
    assert "hãy gõ câu hỏi" in one(say(core, "   ")).text
    assert "đã hết hạn" in one(say(core, payload="i:khong-co:1.1")).text
    assert "đã hết hạn" in one(say(core, payload="rác")).text


def test_user_text_is_escaped_in_html(core: Core) -> None:
    reply = one(say(core, "<b>Sở Ma</b> chủ trì những chỉ số nào"))
    assert "<b>Sở Ma</b>" not in reply.html
    assert "&lt;b&gt;" in reply.html


def test_unexpected_error_becomes_an_apology_and_keeps_state(core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    offered = one(say(core, AMBIGUOUS))

    def boom(*_args: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(core.services.searcher, "ask", boom)
    assert "Xin lỗi" in one(say(core, "câu hỏi bất kỳ")).text
    monkeypatch.undo()
    assert one(say(core, "1")).text.startswith(f"📌 Chỉ số {offered.buttons[0].label.split()[0]}.")


def test_unit_question_lists_lead_and_coordinated(core: Core) -> None:
    text = one(say(core, "Sở Thông tin và Truyền thông chủ trì những chỉ số nào?")).text
    assert "Sở Thông tin và Truyền thông" in text
    assert "Chủ trì" in text and "• 1.1 " in text


def test_card_repeats_nothing(core: Core) -> None:
    for code in ("3.3", "6.22.1", "1.3", "5.12"):
        lines = [ln for ln in one(say(core, f"chỉ số {code}")).text.splitlines() if ln.strip()]
        assert len(lines) == len(set(lines)), code
