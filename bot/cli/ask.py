"""``dti-bot ask [--plan ID] [--json] QUESTION``: one question, one answer (a contract scripts rely on)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, cast

from bot.config import Settings

if TYPE_CHECKING:
    from bot.core.messages import Button, Reply
    from bot.core.turn import Turn
    from knowledge.store import KnowledgeBase


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", help="kế hoạch tra cứu (mặc định theo cấu hình)")
    parser.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    parser.add_argument("question", nargs="+", help="câu hỏi")


class _Services:
    """What the search handler uses of the bot's core: the knowledge base, the renderer and the searcher."""

    def __init__(self, kb: KnowledgeBase, settings: Settings) -> None:
        from bot.render import Renderer
        from knowledge.search.engine import Searcher

        self.kb = kb
        self.settings = settings
        self.renderer = Renderer()
        self.searcher = Searcher(kb)


class _OneShotTurn:
    """A turn with no conversation behind it. ``dti-bot ask`` stores nothing, so it needs neither the database
    nor the conversation state, whose imports (SQLAlchemy, Alembic) cost more CPU than the answer itself."""

    def __init__(self, core: _Services, plan_id: str) -> None:
        self.core = core
        self.plan_id = plan_id

    @property
    def plan_name(self) -> str:
        return self.core.kb.plan(self.plan_id).label

    def reply(self, template: str, buttons: tuple[Button, ...] = (), *, keep_choices: bool = False,
              **context: object) -> Reply:
        return self.core.renderer.reply(template, buttons, plan_name=self.plan_name, **context)


def ask(settings: Settings, plan_id: str, question: str) -> dict[str, Any]:
    """The JSON answer: intent, ranked matches, unit and its indicators, and the text a user would see."""
    from bot.core.messages import numbered_text
    from bot.handlers.search import answer_replies
    from knowledge.store import load_knowledge

    core = _Services(load_knowledge(), settings)
    answer = core.searcher.ask(plan_id, question)
    replies = answer_replies(cast("Turn", _OneShotTurn(core, plan_id)), answer)
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
        out["indicators"] = [{"code": i.code, "role": i.role} for i in answer.indicators]
    out["text"] = "\n\n".join(numbered_text(r) for r in replies)
    return out


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import check_plan, print_json

    plan_id = args.plan or settings.bot.plan
    if not check_plan(plan_id):
        return 2
    result = ask(settings, plan_id, " ".join(args.question))
    if args.json:
        print_json(result)
    else:
        print(result["text"])
    return 0
