"""Who is registered where: /toi (who am I), /donvi (a focal point's view of every unit and who is registered
in it), /quanly (an admin removes an official from a unit or moves them to another)."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.permissions import OFFICIALS_MANAGE, PLAN_VIEW_ALL
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers.register import plan_label, render
from bot.services.officials import (
    OfficialInfo,
    move_to_unit,
    official_for,
    plan_roster,
    remove_from_unit,
    resolve_official,
    units_without_officials,
)
from bot.services.units import UnitInfo, find_units
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
    verb, _, rest = turn.args.strip().partition(" ")
    who, _, where = rest.strip().partition(" ")
    verb = fold(verb)
    if verb not in REMOVE_VERBS | MOVE_VERBS or not who:
        roster = plan_roster(turn.session, turn.services.kb, turn.plan_id)
        return [turn.reply("manage_help", roster=[r for r in roster if r.members])]
    official = resolve_official(turn.session, who)
    if official is None or not official.in_plan(turn.plan_id):
        return [turn.reply("manage_error", kind="no_official", who=who)]
    if verb in REMOVE_VERBS:
        return _remove(turn, official, where.strip())
    source_text, arrow, target_text = where.partition(">")
    if not arrow:
        source_text, target_text = "", source_text
    return _move(turn, official, source_text.strip(), target_text.strip())


def _own_unit(turn: Turn, official: OfficialInfo, typed: str) -> UnitInfo | Reply:
    """The official's unit in this plan named by ``typed`` (or their only one when nothing is typed)."""
    mine = list(dict.fromkeys(m.unit for m in official.in_plan(turn.plan_id)))
    if not typed:
        if len(mine) == 1:
            return mine[0]
        return turn.reply("manage_error", kind="which_unit", official=official, units=[u.label for u in mine])
    unit = _unit(turn, typed)
    if isinstance(unit, UnitInfo) and unit not in mine:
        return turn.reply("manage_error", kind="not_member", official=official, unit=unit.label,
                          units=[u.label for u in mine])
    return unit


def _unit(turn: Turn, typed: str) -> UnitInfo | Reply:
    match = find_units(turn.session, turn.services.kb, turn.plan_id, typed)
    if match.status == "one":
        return match.units[0]
    if match.status == "choose":
        return turn.reply("manage_error", kind="ambiguous", typed=typed, units=[u.label for u in match.units])
    return turn.reply("manage_error", kind="no_unit", typed=typed)


def _remove(turn: Turn, official: OfficialInfo, typed: str) -> list[Reply]:
    unit = _own_unit(turn, official, typed)
    if isinstance(unit, Reply):
        return [unit]
    roles = remove_from_unit(turn.session, official.id, unit.id)
    _tell(turn, official, f"remove:{unit.id}", "removed", source=unit.label)
    return [turn.reply("manage_done", kind="removed", official=official, source=unit.label, roles=roles)]


def _move(turn: Turn, official: OfficialInfo, source_text: str, target_text: str) -> list[Reply]:
    if not target_text:
        return [turn.reply("manage_help", roster=[])]
    source = _own_unit(turn, official, source_text)
    if isinstance(source, Reply):
        return [source]
    target = _unit(turn, target_text)
    if isinstance(target, Reply):
        return [target]
    roles = move_to_unit(turn.session, official.id, source.id, target.id)
    _tell(turn, official, f"move:{source.id}:{target.id}", "moved", source=source.label, target=target.label)
    return [turn.reply("manage_done", kind="moved", official=official, source=source.label,
                       target=target.label, roles=roles)]


def _tell(turn: Turn, official: OfficialInfo, what: str, kind: str, **context: str) -> None:
    """Let the official know, on every channel they use."""
    now = turn.services.clock().isoformat()
    message = render(turn, "manage_notice", (), kind=kind, plan=turn.plan_name, **context)
    for identity in official.identities:
        turn.notify(f"officials:{what}:{official.id}:{identity.channel}:{now}", identity.channel,
                    identity.chat_id, message)
