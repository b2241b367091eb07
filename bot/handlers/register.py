"""/dangky: registering as an official of a unit.

- ``/dangky CODE`` (and Telegram's deep link ``/start CODE``) redeems a one-time invite code;
- ``/dangky`` alone is a flow: pick the plan (buttons), type the unit (matched fuzzily through the unit registry,
  buttons to pick among close names, then among a group's member units), and the request goes to the plan's
  focal points (the admins when the plan has no focal point yet) through the outbox, with Approve / Reject
  buttons. Those buttons are stateless (``rq:a:ID``, ``rq:r:ID``, also ``/duyet ID`` and ``/tuchoi ID`` for
  channels without buttons): every press is checked against the request row and the presser's role, so a stale
  or forged press is answered, never acted on twice. The requester is told the outcome the same way.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.core.args import Arg, Id, Word, read_id
from bot.core.messages import Button, Incoming, Outgoing, Reply
from bot.core.permissions import REGISTRATION_DECIDE
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import PLAN_KEY, Turn
from bot.handlers.params import PLAN, UNIT
from bot.render import Renderer
from bot.services.officials import ADMIN, FOCAL, official_id_for, plan_officials
from bot.services.registration import (
    RequestInfo,
    create_request,
    decide_request,
    redeem_invite,
    request_info,
)
from bot.services.units import UnitInfo, find_units, members_of

PLAN_PREFIX = "rg:p:"
UNIT_PREFIX = "rg:u:"
DECIDE_PREFIX = "rq:"
APPROVE, REJECT = "a", "r"
# /duyet 12 or /duyet #12 (the number as the focal point's message shows it)
NUMBER = Arg(lambda raw: read_id(raw.removeprefix("#")))
REQUEST = Id.naming(lambda turn, request_id: request_info(turn.session, request_id))

router = Router("register")


class Register(StatesGroup):
    prefix = "register"
    plan = State("đăng ký: chọn kế hoạch")
    unit = State("đăng ký: chọn đơn vị")


def private_chat(msg: Incoming) -> str:
    """Where the bot reaches this person later: their private chat (on Telegram the user id is that chat)."""
    return msg.chat_id if msg.chat_type == "private" else msg.user_id


def render(turn: Turn, template: str, buttons: tuple[Button, ...] = (), **context: Any) -> Reply:
    """A message for another chat (its own plan name given, not the sender's conversation plan)."""
    return turn.services.renderer.reply(template, buttons, **context)


def outcome_message(renderer: Renderer, request: RequestInfo, plan: str) -> tuple[str, Outgoing]:
    """The requester told of the decision (outbox key and message), from the chat or the web dashboard alike."""
    return (f"register:{request.id}:outcome",
            Outgoing(request.channel, request.chat_id, renderer.reply("register_outcome", request=request, plan=plan)))


def label(turn: Turn, name: str) -> str:
    return turn.services.renderer.render("button_label", name=name)[0]


def plan_label(turn: Turn, plan_id: str) -> str:
    return turn.services.kb.plan(plan_id).label


def _is_question(text: str) -> bool:
    return "?" in text


# ------------------------------------------------------------------------------------------ by code


@router.command("dangky", "Đăng ký cán bộ với đơn vị (bằng mã mời hoặc gửi yêu cầu)")
def register(turn: Turn) -> list[Reply]:
    code = turn.args.strip()
    if code:
        return redeem(turn, code)
    turn.enter(Register.plan)
    return [turn.reply("register_plan", _plan_buttons(turn), again=False)]


def redeem(turn: Turn, code: str) -> list[Reply]:
    """Use an invite code (``/dangky CODE``, ``/start CODE``)."""
    msg = turn.msg
    result = redeem_invite(turn.session, code, channel=msg.channel, user_id=msg.user_id,
                           chat_id=private_chat(msg), name=msg.user_name, now=turn.services.clock())
    if result.status == "ok" and result.unit is not None:
        turn.state.data[PLAN_KEY] = result.unit.plan_id
        if turn.state.state.startswith(f"{Register.prefix}:"):
            turn.finish()
    unit, hold = result.unit, result.hold
    until = hold.until.astimezone(ZoneInfo(turn.services.settings.bot.timezone)) if hold else None
    return [turn.reply("register_code", status=result.status, code=code, role=result.role,
                       unit=unit.label if unit else "", unit_plan=plan_label(turn, unit.plan_id) if unit else "",
                       until=until, everyone=hold.everyone if hold else False)]


# ------------------------------------------------------------------------------------------ by request


def _plan_buttons(turn: Turn) -> tuple[Button, ...]:
    """Every plan, the one the conversation is using first."""
    plans = sorted(turn.services.kb.plans.values(), key=lambda p: p.id != turn.plan_id)
    return tuple(Button(p.label, f"{PLAN_PREFIX}{p.id}") for p in plans)


@router.state(Register.plan)
def plan_typed(turn: Turn) -> list[Reply] | None:
    if _is_question(turn.args):
        return None
    return [turn.reply("register_plan", _plan_buttons(turn), again=True)]


@router.payload(PLAN_PREFIX, state=Register.plan, args=(PLAN,))
def plan_chosen(turn: Turn) -> list[Reply] | None:
    (plan_id,) = turn.params
    turn.enter(Register.unit, plan=plan_id)
    return [turn.reply("register_unit_ask", plan=plan_label(turn, plan_id))]


def _flow_plan(turn: Turn) -> str | None:
    plan = turn.flow.get("plan")
    return plan if isinstance(plan, str) and plan in turn.services.kb.plans else None


@router.state(Register.unit)
def unit_typed(turn: Turn) -> list[Reply] | None:
    plan_id = _flow_plan(turn)
    if plan_id is None or _is_question(turn.args):
        return None
    match = find_units(turn.session, turn.services.kb, plan_id, turn.args)
    if match.status == "one":
        return _picked(turn, match.units[0])
    if match.status == "choose":
        return [turn.reply("register_unit_choose", _unit_buttons(match.units), typed=turn.args, sure=match.sure)]
    return [turn.reply("register_unit_none", typed=turn.args, plan=plan_label(turn, plan_id))]


@router.payload(UNIT_PREFIX, state=Register.unit, args=(UNIT,))
def unit_chosen(turn: Turn) -> list[Reply] | None:
    (unit,) = turn.params
    if unit.plan_id != _flow_plan(turn):
        return None
    return _picked(turn, unit)


def _unit_buttons(units: tuple[UnitInfo, ...] | list[UnitInfo]) -> tuple[Button, ...]:
    return tuple(Button(u.label[:60], f"{UNIT_PREFIX}{u.id}") for u in units)


def _picked(turn: Turn, unit: UnitInfo) -> list[Reply]:
    """A unit is chosen: a group with member units asks which member; any other unit gets the request."""
    if unit.is_group:
        members = members_of(turn.session, unit.id)
        if members:
            return [turn.reply("register_members", _unit_buttons(members), group=unit.name)]
    return _submit(turn, unit)


def _submit(turn: Turn, unit: UnitInfo) -> list[Reply]:
    msg = turn.msg
    deciders = plan_officials(turn.session, unit.plan_id, (FOCAL,)) or plan_officials(
        turn.session, unit.plan_id, (ADMIN,))
    turn.finish()
    if not deciders:
        return [turn.reply("register_no_focal", plan=plan_label(turn, unit.plan_id))]
    result = create_request(turn.session, unit.id, channel=msg.channel, user_id=msg.user_id,
                            chat_id=private_chat(msg), name=msg.user_name, now=turn.services.clock())
    request = result.request
    if result.status == "created" and request is not None:
        for official in deciders:
            for identity in official.identities:
                turn.notify(f"register:{request.id}:to:{official.id}:{identity.channel}", identity.channel,
                            identity.chat_id, _request_message(turn, request))
    return [turn.reply("register_requested", status=result.status, unit=unit.label, count=len(deciders),
                       unit_plan=plan_label(turn, unit.plan_id))]


def _request_message(turn: Turn, request: RequestInfo) -> Reply:
    buttons = (Button(label(turn, "approve"), f"{DECIDE_PREFIX}{APPROVE}:{request.id}"),
               Button(label(turn, "reject"), f"{DECIDE_PREFIX}{REJECT}:{request.id}"))
    return render(turn, "register_request_focal", buttons, request=request,
                  plan=plan_label(turn, request.unit.plan_id))


# ------------------------------------------------------------------------------------------ decisions


@router.payload(DECIDE_PREFIX, args=(Word(APPROVE, REJECT), REQUEST))
def decision_pressed(turn: Turn) -> list[Reply] | None:
    verb, request = turn.params
    return decide(turn, request.id, approve=verb == APPROVE)


@router.command("duyet", "Duyệt yêu cầu đăng ký (đầu mối): /duyet SỐ", menu=False, args=(NUMBER,),
                usage="register_decide_usage")
def approve_command(turn: Turn) -> list[Reply]:
    return decide(turn, turn.params[0], approve=True)


@router.command("tuchoi", "Từ chối yêu cầu đăng ký (đầu mối): /tuchoi SỐ", menu=False, args=(NUMBER,),
                usage="register_decide_usage")
def reject_command(turn: Turn) -> list[Reply]:
    return decide(turn, turn.params[0], approve=False)


def decide(turn: Turn, request_id: int, *, approve: bool) -> list[Reply]:
    """A focal point's decision on a request: checked against the row (decided already?) and the presser's role
    in the request's plan; the requester is told through the outbox."""
    info = request_info(turn.session, request_id)
    if info is None:
        return [turn.reply("register_request_unknown", number=request_id)]
    turn.require(REGISTRATION_DECIDE, plan_id=info.unit.plan_id)
    decider = official_id_for(turn.session, turn.msg.channel, turn.msg.user_id)
    assert decider is not None  # require() refuses anyone unregistered
    result = decide_request(turn.session, request_id, approve=approve, decider_id=decider,
                            now=turn.services.clock())
    request = result.request
    assert request is not None
    plan = plan_label(turn, request.unit.plan_id)
    if result.status == "already":
        return [turn.reply("register_already_decided", request=request, plan=plan)]
    key, outgoing = outcome_message(turn.services.renderer, request, plan)
    turn.notify(key, outgoing.channel, outgoing.chat_id, outgoing.reply)
    return [turn.reply("register_decided", request=request, plan=plan)]
