"""Who is registered where: /toi (who am I), /donvi (a focal point's view of every unit and who is registered
in it), /quanly (an admin removes an official from a unit or moves them to another)."""

from __future__ import annotations

from bot.core.args import BadArgs, read_id
from bot.core.messages import Reply
from bot.core.permissions import OFFICIALS_MANAGE, PLAN_VIEW_ALL
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers.register import plan_label, render
from bot.services.officials import (
    OfficialInfo,
    move_to_unit,
    official_for,
    official_unit,
    plan_roster,
    remove_from_unit,
    resolve_official,
    units_without_officials,
)
from bot.services.units import UnitChoice, UnitInfo, choose_unit
from knowledge.normalize import fold

router = Router("officials")
REMOVE_VERBS = frozenset({"xoa", "bo", "remove"})
MOVE_VERBS = frozenset({"chuyen", "move"})


@router.command("toi", "Tôi là ai: đơn vị, vai trò, kế hoạch")
def whoami(turn: Turn) -> list[Reply]:
    official = official_for(turn.session, turn.msg.channel, turn.msg.user_id)
    plans: dict[str, list[tuple[str, str]]] = {}
    for m in official.memberships if official else ():
        plans.setdefault(plan_label(turn, m.plan_id), []).append((m.unit.label, m.role))
    return [turn.reply("whoami", official=official, plans=plans)]


@router.command("donvi", "Các đơn vị và cán bộ đã đăng ký (đầu mối)", needs=PLAN_VIEW_ALL)
def units(turn: Turn) -> list[Reply]:
    roster = plan_roster(turn.session, turn.services.kb, turn.plan_id)
    return [turn.reply("units_roster", roster=[r for r in roster if r.members],
                       empty=units_without_officials(roster))]


# ------------------------------------------------------------------------------------------ /quanly


@router.command("quanly", "Quản lý cán bộ: xoá khỏi đơn vị, chuyển đơn vị (quản trị)", needs=OFFICIALS_MANAGE)
def manage(turn: Turn) -> list[Reply]:
    """``/quanly xoa ID [UNIT]``, ``/quanly chuyen ID [FROM >] TO``; anything else shows how, with the ids."""
    verb, _, rest = turn.args.strip().partition(" ")
    who, _, where = rest.strip().partition(" ")
    verb = fold(verb)
    source_text, arrow, target_text = where.partition(">")
    if not arrow:
        source_text, target_text = "", source_text
    if verb not in REMOVE_VERBS | MOVE_VERBS or not who or (verb in MOVE_VERBS and not target_text.strip()):
        roster = plan_roster(turn.session, turn.services.kb, turn.plan_id)
        return [turn.reply("manage_help", roster=[r for r in roster if r.members])]
    official = _official(turn, who)
    if official is None or not official.in_plan(turn.plan_id):
        return [turn.reply("manage_error", kind="no_official", who=who)]
    kb = turn.services.kb
    if verb in REMOVE_VERBS:
        unit = _unit(turn, official, official_unit(turn.session, kb, official, turn.plan_id, where.strip()))
        if isinstance(unit, Reply):
            return [unit]
        roles = remove_from_unit(turn.session, official.id, unit.id)
        _tell(turn, official, f"remove:{unit.id}", "removed", source=unit.label)
        return [turn.reply("manage_done", kind="removed", official=official, source=unit.label, roles=roles)]
    source = _unit(turn, official, official_unit(turn.session, kb, official, turn.plan_id, source_text.strip()))
    if isinstance(source, Reply):
        return [source]
    target = _unit(turn, official, choose_unit(turn.session, kb, turn.plan_id, target_text.strip()))
    if isinstance(target, Reply):
        return [target]
    roles = move_to_unit(turn.session, official.id, source.id, target.id)
    _tell(turn, official, f"move:{source.id}:{target.id}", "moved", source=source.label, target=target.label)
    return [turn.reply("manage_done", kind="moved", official=official, source=source.label,
                       target=target.label, roles=roles)]


def _official(turn: Turn, who: str) -> OfficialInfo | None:
    """The official named by id or channel account; a number that cannot be an id names nobody."""
    if who.isdigit():
        try:
            read_id(who)
        except BadArgs:
            return None
    return resolve_official(turn.session, who)


def _unit(turn: Turn, official: OfficialInfo, choice: UnitChoice) -> UnitInfo | Reply:
    if choice.unit is not None:
        return choice.unit
    return turn.reply("manage_error", kind=choice.problem, official=official, units=list(choice.units))


def _tell(turn: Turn, official: OfficialInfo, what: str, kind: str, **context: str) -> None:
    """Let the official know, on every channel they use."""
    now = turn.services.clock().isoformat()
    message = render(turn, "manage_notice", (), kind=kind, plan=turn.plan_name, **context)
    for identity in official.identities:
        turn.notify(f"officials:{what}:{official.id}:{identity.channel}:{now}", identity.channel,
                    identity.chat_id, message)
