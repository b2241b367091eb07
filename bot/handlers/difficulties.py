"""/vuongmac: a difficulty ("khó khăn, vướng mắc") sent to the plan's focal points; "Trả lời" (or /traloi SỐ)
answers it, and the answer goes back to the asker. Both messages go through the outbox.

Anyone registered in the plan may report (the plans ask every unit to); only a focal point or an admin of the
difficulty's own plan answers it (checked on the difficulty's plan, not the conversation's: the button arrives in
whatever plan the focal point last chose). The first answer stands: a second focal point pressing "Trả lời" later is
shown it. What stays unanswered is listed in the focal points' daily digest.
"""

from __future__ import annotations

from bot.core.args import Id, Text
from bot.core.messages import Button, Reply
from bot.core.permissions import DIFFICULTY_ANSWER, DIFFICULTY_REPORT
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers.register import private_chat
from bot.services import difficulties as service
from bot.services import tasks as task_service
from bot.services.entry import memberships
from bot.services.officials import ADMIN, FOCAL, official_id_for, plan_officials

router = Router("difficulties")
ANSWER_PREFIX = "vm:"


def _load(turn: Turn, number: int) -> service.DifficultyInfo | None:
    return service.difficulty(turn.session, number)


DIFFICULTY = Id.naming(_load)


class Difficulties(StatesGroup):
    """A focal point typing the answer (the permission is checked on the difficulty's plan at each step)."""

    prefix = "difficulty"
    answer = State("trả lời vướng mắc")


def _code(turn: Turn, word: str) -> str:
    """``word`` when it names an indicator of the plan's framework or one of its tasks (then it is the code the
    difficulty is about), else ""."""
    kb = turn.services.kb
    if kb.indicator(kb.plans[turn.plan_id].framework, word) is not None:
        return word
    task = task_service.find_task(kb, turn.plan_id, word)
    return task.code if task else ""


@router.command("vuongmac", "Gửi khó khăn, vướng mắc tới đầu mối: /vuongmac [MÃ] nội dung",
                needs=DIFFICULTY_REPORT, args=(Text,))
def report(turn: Turn) -> list[Reply]:
    text = " ".join(turn.params[0].split())
    first, _, rest = text.partition(" ")
    code = _code(turn, first) if rest else ""
    body = rest if code else text
    if not body:
        return [turn.reply("difficulty_usage")]
    session, msg = turn.session, turn.msg
    mine = memberships(session, msg.channel, msg.user_id, turn.plan_id)
    saved = service.report(session, turn.plan_id, code=code, text=body, unit_id=mine[0].unit_id if mine else None,
                           official_id=official_id_for(session, msg.channel, msg.user_id), channel=msg.channel,
                           chat_id=private_chat(msg), now=turn.services.clock())
    focal = plan_officials(session, turn.plan_id, (FOCAL,)) or plan_officials(session, turn.plan_id, (ADMIN,))
    notice = turn.reply("difficulty_focal", (Button("Trả lời", f"{ANSWER_PREFIX}{saved.id}"),), d=saved,
                        plan=turn.plan_name)
    for official in focal:
        for identity in official.identities:
            turn.notify(f"vm:{saved.id}:to:{official.id}:{identity.channel}", identity.channel, identity.chat_id,
                        notice)
    return [turn.reply("difficulty_sent", d=saved, count=len(focal))]


@router.payload(ANSWER_PREFIX, args=(DIFFICULTY,))
def answer_pressed(turn: Turn) -> list[Reply]:
    return _begin(turn, turn.params[0])


@router.command("traloi", "Trả lời một vướng mắc (đầu mối): /traloi SỐ", menu=False, args=(Id,))
def answer_command(turn: Turn) -> list[Reply]:
    found = service.difficulty(turn.session, turn.params[0])
    if found is None:
        return [turn.reply("difficulty_unknown", number=turn.params[0])]
    return _begin(turn, found)


def _begin(turn: Turn, found: service.DifficultyInfo) -> list[Reply]:
    turn.require(DIFFICULTY_ANSWER, plan_id=found.plan_id)
    if not found.open:
        return [turn.reply("difficulty_answered", d=found, already=True)]
    turn.enter(Difficulties.answer, difficulty=found.id)
    return [turn.reply("difficulty_ask_answer", d=found)]


@router.state(Difficulties.answer)
def answer_typed(turn: Turn) -> list[Reply] | None:
    text = " ".join(turn.args.split())
    if not text:
        return None
    found = service.difficulty(turn.session, int(turn.flow["difficulty"]))
    turn.finish()
    if found is None:
        return [turn.reply("expired_choice")]
    turn.require(DIFFICULTY_ANSWER, plan_id=found.plan_id)
    by = official_id_for(turn.session, turn.msg.channel, turn.msg.user_id)
    if not service.answer(turn.session, found.id, text, by=by, now=turn.services.clock()):
        again = service.difficulty(turn.session, found.id)
        return [turn.reply("difficulty_answered", d=again or found, already=True)]
    answered = service.difficulty(turn.session, found.id) or found
    turn.notify(f"vm:{found.id}:answer", found.channel, found.chat_id,
                turn.reply("difficulty_answer_notice", d=answered, answer=text))
    return [turn.reply("difficulty_answered", d=answered, already=False)]
