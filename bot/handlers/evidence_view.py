"""Seeing the evidence of a value: the focal point approves a figure only after reading what backs it.

"Xem minh chứng" on a value in /tiendo (``pm:<round>:<unit>:<code>``), or ``/xemminhchung 6.22 [đơn vị]``, sends
the latest version's files with the reply (each channel sends them its own way: Telegram photos as photos and
documents as documents, Zalo signed links to the bot's server) and lists its links. Whoever may view the unit's
values may see its evidence (``UNIT_VIEW`` on that unit, checked again on every press: a button can be forged).
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.args import Code, Gone, Opt, Text
from bot.core.messages import Button, Reply
from bot.core.permissions import UNIT_VIEW, allowed, plan_wide
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers.collect import STATE_LABELS
from bot.handlers.params import ROUND, UNIT
from bot.services import evidence as evidence_service
from bot.services import rounds as round_service
from bot.services import values as value_service
from bot.services.entry import memberships
from bot.services.officials import official_for
from bot.services.units import MAX_CHOICES, UnitInfo, find_units, unit_by_id

router = Router("evidence_view")
VIEW_PAYLOAD = "pm:"
FILES_SENT = 10  # files sent with one answer (Telegram sends each as its own message); the rest are named


def view_button(round_id: int, unit_id: int, code: str) -> Button:
    """The button that shows a value's evidence (on the value in /tiendo)."""
    return Button("📎 Xem minh chứng", f"{VIEW_PAYLOAD}{round_id}:{unit_id}:{code}")


@router.payload(VIEW_PAYLOAD, needs=UNIT_VIEW, args=(ROUND, UNIT, Code))
def pressed(turn: Turn) -> list[Reply]:
    info, unit, code = turn.params
    if unit.plan_id != info.plan:
        raise Gone(code)  # a round and a unit of different plans: not a button the bot made
    return _show(turn, info, unit, code)


def _show(turn: Turn, info: round_service.RoundInfo, unit: UnitInfo, code: str) -> list[Reply]:
    turn.require(UNIT_VIEW, unit_id=unit.id)
    version = value_service.latest_version(turn.session, info.id, unit.id, code)
    if version is None:
        return [turn.reply("evidence_view", code=code, unit=unit.label, v=None, files=[], links=[], more=[])]
    found = evidence_service.items(turn.session, version.id)
    files = [i for i in found if i.ref is not None]
    links = [i for i in found if i.is_link]
    sent = tuple(i.ref for i in files[:FILES_SENT] if i.ref is not None)
    reply = turn.reply("evidence_view", code=code, unit=unit.label, v=version,
                       state=STATE_LABELS.get(version.state, version.state), names=[i.name for i in files],
                       links=[(i.name, i.url) for i in links], more=[i.name for i in files[FILES_SENT:]],
                       info=info)
    return [replace(reply, files=sent)]


@router.command("xemminhchung", "Xem tài liệu kiểm chứng của một số liệu đã nhập", needs=UNIT_VIEW,
                args=(Code, Opt(Text)))
def command(turn: Turn) -> list[Reply]:
    code, typed = turn.params[0], (turn.params[1] or "").strip()
    info = round_service.latest_round(turn.session, turn.plan_id)
    if info is None:
        return [turn.reply("collect_no_round")]
    if typed:
        match = find_units(turn.session, turn.services.kb, turn.plan_id, typed[:200])
        if match.status == "one":
            return _show(turn, info, match.units[0], code)
        return _which(turn, info, code, list(match.units), typed)
    mine = [m.unit_id for m in memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)]
    wide = plan_wide(turn.session, turn.msg, UNIT_VIEW, plan_id=turn.plan_id)
    near = _own_and_groups(turn)  # the only units someone who is not plan-wide may see: checked each
    entered = [u for u in evidence_service.units_with_value(turn.session, info.id, code)
               if wide or (u in near and allowed(turn.session, turn.msg, UNIT_VIEW, plan_id=turn.plan_id,
                                                  unit_id=u))]
    own = [u for u in entered if u in mine]
    if len(own) == 1 or len(entered) == 1:
        unit = unit_by_id(turn.session, (own or entered)[0])
        assert unit is not None
        return _show(turn, info, unit, code)
    units = [u for u in (unit_by_id(turn.session, i) for i in entered[:MAX_CHOICES]) if u is not None]
    return _which(turn, info, code, units, "", more=max(0, len(entered) - MAX_CHOICES))


def _own_and_groups(turn: Turn) -> set[int]:
    """The person's units in the plan and the groups they report a part of (``UNIT_VIEW`` reaches no further
    for someone who is not plan-wide)."""
    official = official_for(turn.session, turn.msg.channel, turn.msg.user_id, identities=False)
    mine = official.in_plan(turn.plan_id) if official is not None else []
    return {m.unit.id for m in mine} | {g for m in mine for g in m.unit.group_ids}


def _which(turn: Turn, info: round_service.RoundInfo, code: str, units: list[UnitInfo], typed: str,
           more: int = 0) -> list[Reply]:
    """Several units (or none) could be meant: each as a button showing its evidence."""
    buttons = tuple(Button(u.label[:60], f"{VIEW_PAYLOAD}{info.id}:{u.id}:{code}") for u in units)
    return [turn.reply("evidence_which", buttons, code=code, typed=typed, count=len(buttons), more=more)]
