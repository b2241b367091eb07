"""``dti-bot ask [--plan ID] [--json] QUESTION``: one question, one answer (a contract scripts rely on)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=arg.plan_id, help="kế hoạch tra cứu (mặc định theo cấu hình)")
    parser.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    parser.add_argument("question", type=arg.text(), nargs="+", help="câu hỏi")


def ask(settings: Settings, plan_id: str, question: str) -> dict[str, Any]:
    """The JSON answer: intent, ranked matches, unit and its indicators, and the text a user would see."""
    from typing import cast

    from bot.core.conversation import TurnState
    from bot.core.messages import Incoming, numbered_text
    from bot.core.services import make_services
    from bot.core.turn import PLAN_KEY, Turn
    from bot.handlers.search import answer_replies

    services = make_services(settings)
    answer = services.searcher.ask(plan_id, question)
    # no conversation and nothing stored: the search handlers never touch the session
    turn = Turn(Incoming("cli", "cli", "cli", question), cast(Any, None), services,
                TurnState(data={PLAN_KEY: plan_id}))
    replies = answer_replies(turn, answer)
    out: dict[str, Any] = {
        "intent": "unit_indicators" if answer.status in ("unit", "unknown_unit") else answer.intent,
        "matches": [
            {"framework": m.framework, "code": m.code, "name": m.name, "score": m.score} for m in answer.matches
        ],
        "plan": plan_id,
        "field": answer.field,  # what was asked: method, owner, deadline, evidence, baseline, target, score, lookup
    }
    if answer.status in ("unit", "unknown_unit"):
        out["unit"] = {"name": answer.unit} if answer.unit else None
        out["indicators"] = [{"code": i.code, "role": i.role} for i in answer.indicators if not i.supplies]
        supplied = [{"code": i.code, "letters": list(i.inputs)} for i in answer.indicators if i.supplies]
        if supplied:  # inputs the unit leads of an indicator it does not lead ("6.22": b, c)
            out["inputs"] = supplied
        if answer.apart:  # rows the plan writes under another name of the unit (Answer.apart)
            out["written_apart"] = [{"name": name, "codes": [i.code for i in rows]}
                                    for name, rows in answer.apart.items()]
    out["text"] = "\n\n".join(numbered_text(r) for r in replies)
    return out


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import check_plan, print_json

    plan_id = args.plan or settings.bot.plan
    if not check_plan(plan_id, settings):
        return 2
    result = ask(settings, plan_id, " ".join(args.question))
    if args.json:
        print_json(result)
    else:
        print(result["text"])
    return 0
