"""The flow mechanism of the core, through a small flow declared here: named states, buttons stamped per step,
/huy, expiry after 24 hours, questions typed mid-flow, restarts, long lists paged, permission refusals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.core.app import Core
from bot.core.args import Word
from bot.core.messages import Button, Reply
from bot.core.permissions import ROUND_MANAGE
from bot.core.router import Router, State, StatesGroup
from bot.core.services import make_services
from bot.core.turn import Turn
from bot.db.session import Database
from bot.handlers import routers
from tests.flowkit import ManualClock, User, play

demo = Router("demo")


class Order(StatesGroup):
    prefix = "order"
    name = State("đặt món thử")
    confirm = State("xác nhận món thử")


@demo.command("thu", "Thử một luồng")
def start_order(turn: Turn) -> list[Reply]:
    turn.enter(Order.name)
    return [turn.reply_text("Bạn gọi món gì?")]


@demo.state(Order.name)
def got_name(turn: Turn) -> list[Reply] | None:
    if "?" in turn.args:  # a question, not an answer: let the core answer it
        return None
    turn.flow["dish"] = turn.args
    turn.enter(Order.confirm)
    return [turn.reply_text(f"Xác nhận {turn.args}?", (Button("Đồng ý", "o:yes"), Button("Không", "o:no")))]


@demo.payload("o:", state=Order.confirm, args=(Word("yes", "no"),))
def confirmed(turn: Turn) -> list[Reply]:
    dish = turn.flow.get("dish")
    turn.finish()
    return [turn.reply_text(f"Đã đặt {dish}." if turn.params == ("yes",) else "Đã bỏ.")]


@demo.command("nhieu", "Nhiều lựa chọn")
def many(turn: Turn) -> list[Reply]:
    return [turn.reply_text("Chọn:", tuple(Button(f"Mục {i}", f"p:x{i}") for i in range(1, 20)))]


@demo.command("bimat", "Chỉ đầu mối", needs=ROUND_MANAGE)
def secret(turn: Turn) -> list[Reply]:
    return [turn.reply_text("bí mật")]


def make_core(settings: Settings, clock: ManualClock) -> Core:
    db = Database(settings.database.url)
    db.upgrade()
    return Core(make_services(settings, clock), db, [demo, *routers()])


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def flow_core(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    core = make_core(settings, clock)
    yield core
    core.db.dispose()


def test_a_flow_runs_step_by_step_and_ends(flow_core: Core) -> None:
    play(User(flow_core), [
        ("/thu", ["Bạn gọi món gì?"]),
        ("phở", ["Xác nhận phở?"]),
        ("[Đồng ý]", ["Đã đặt phở."]),
    ])


def test_cancel_says_what_was_discarded_and_nothing_remains(flow_core: Core) -> None:
    user = User(flow_core)
    play(user, [("/thu", []), ("bún", ["Xác nhận bún?"]), ("/huy", ["Đã huỷ việc xác nhận món thử"])])
    assert "Không có việc nào đang làm dở" in user.say("/huy")[0].text


def test_a_button_from_an_earlier_step_or_a_finished_flow_has_expired(flow_core: Core) -> None:
    user = User(flow_core)
    user.say("/thu")
    first = user.say("phở")
    user.say("/thu")  # a new flow of the same kind: the old confirmation is stale
    second = user.say("cơm")
    assert "đã hết hạn" in user.press("Đồng ý", first)[0].text
    assert "Đã đặt cơm." in user.press("Đồng ý", second)[0].text
    assert "đã hết hạn" in user.press("Không", first)[0].text  # the flow is over: nothing is acted on
    assert "đã hết hạn" in user.say(payload="o:yes")[0].text  # an unstamped (forged) flow payload


def test_a_forged_stamp_is_refused(flow_core: Core) -> None:
    user = User(flow_core)
    user.say("/thu")
    user.say("phở")
    for forged in ("~99:o:yes", "~²:o:yes", "~:o:yes", "~1", "~1:x:yes"):
        assert "đã hết hạn" in user.say(payload=forged)[0].text


def test_numbers_answer_the_stamped_choices(flow_core: Core) -> None:
    play(User(flow_core), [("/thu", []), ("chè", []), ("2", ["Đã bỏ."])])


def test_a_question_mid_flow_is_answered_with_how_to_go_on(flow_core: Core) -> None:
    user = User(flow_core)
    user.say("/thu")
    replies = user.say("Ai chủ trì chỉ số 1.6?")
    assert "Chủ trì" in replies[0].text
    assert "Bạn vẫn đang đặt món thử" in replies[-1].text and "/huy" in replies[-1].text
    assert "Xác nhận xôi?" in user.say("xôi")[0].text  # the flow goes on where it was


def test_thanks_mid_flow_are_answered_in_kind_and_the_flow_waits(flow_core: Core) -> None:
    user = User(flow_core)
    user.say("/thu")
    confirm = user.say("phở")
    replies = user.say("cảm ơn bot nhé")
    assert replies[0].text.startswith("Dạ, không có gì ạ.")
    assert "Bạn vẫn đang xác nhận món thử" in replies[-1].text
    assert "Đã đặt phở." in user.press("Đồng ý", confirm)[0].text  # the step's button still acts


def test_another_command_mid_flow_keeps_the_flow_and_says_so(flow_core: Core) -> None:
    user = User(flow_core)
    user.say("/thu")
    replies = user.say("/help")
    assert "Bạn vẫn đang đặt món thử" in replies[-1].text


def test_starting_another_flow_says_the_first_was_dropped(settings: Settings, clock: ManualClock) -> None:
    other = Router("other")

    class Survey(StatesGroup):
        q = State("trả lời khảo sát")

    @other.command("khaosat", "Khảo sát")
    def survey(turn: Turn) -> list[Reply]:
        turn.enter(Survey.q)
        return [turn.reply_text("Câu 1?")]

    db = Database(settings.database.url)
    db.upgrade()
    core = Core(make_services(settings, clock), db, [demo, other, *routers()])
    user = User(core)
    user.say("/thu")
    replies = user.say("/khaosat")
    assert "Đã bỏ việc đặt món thử" in replies[0].text and "Câu 1?" in replies[1].text
    db.dispose()


def test_a_flow_idle_for_a_day_expires_with_a_notice(flow_core: Core, clock: ManualClock) -> None:
    user = User(flow_core)
    user.say("/thu")
    first = user.say("phở")
    clock.advance(hours=23)
    assert "Xác nhận" not in user.say("/help")[-1].text  # still going after 23 h
    clock.advance(hours=24, minutes=1)
    replies = user.say("Ai chủ trì chỉ số 1.6?")
    assert "đã hết hạn vì quá 24 giờ" in replies[0].text and "xác nhận món thử" in replies[0].text
    assert "Chủ trì" in replies[1].text and len(replies) == 2  # answered as a question, no flow hint
    assert "đã hết hạn" in user.press("Đồng ý", first)[0].text


def test_a_restart_mid_flow_resumes_at_the_same_step(settings: Settings, clock: ManualClock) -> None:
    first = make_core(settings, clock)
    user = User(first)
    user.say("/thu")
    offered = user.say("nem")
    first.db.dispose()
    second = make_core(settings, clock)
    assert "Đã đặt nem." in User(second).press("Đồng ý", offered)[0].text
    second.db.dispose()


def test_long_lists_are_paged_eight_buttons_at_a_time(flow_core: Core) -> None:
    user = User(flow_core)
    [reply] = user.say("/nhieu")
    assert len(reply.buttons) == 8 and reply.buttons[-1].label == "Xem thêm (12)"
    [page] = user.press("Xem thêm")
    assert [b.label for b in page.buttons][:2] == ["Mục 8", "Mục 9"] and page.buttons[-1].label == "Xem thêm (5)"
    [last] = user.say("8")  # numbers answer the page on screen
    assert [b.label for b in last.buttons] == [f"Mục {i}" for i in range(15, 20)]
    assert "Không có kế hoạch" in user.say("5")[0].text  # p:x19 is no plan: answered, not guessed


def test_a_long_message_is_read_from_its_beginning_with_a_notice(flow_core: Core) -> None:
    replies = User(flow_core).say("Ai chủ trì chỉ số 1.6? " + "x" * 100_000)
    assert "chỉ đọc 2000 ký tự đầu" in replies[0].text
    assert sum(len(r.text) for r in replies) < 5000


def test_a_command_that_needs_a_role_is_refused_in_vietnamese(flow_core: Core) -> None:
    [reply] = User(flow_core).say("/bimat")
    assert reply.text.startswith("⛔") and "bí mật" not in reply.text


def test_unknown_command_echo_is_capped(flow_core: Core) -> None:
    replies = User(flow_core).say("/" + "a" * 100_000)
    assert "Không có lệnh" in replies[-1].text and all(len(r.text) < 400 for r in replies)
