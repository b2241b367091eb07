"""/minhchung 7.12: add evidence files to the latest version of a value later (the plans want documents that
back every figure; the commune plan wants them within 15 days of the survey letter).

The files are taken by the same flow step as right after saving a value (``Collect.evidence``): this module only
finds the version and says what is there already. Reminders of missing evidence carry the same button
(``mc:7.12``, or ``mc:`` for the list).
"""

from __future__ import annotations

from bot.core.args import Code, Opt
from bot.core.messages import Button, Reply
from bot.core.permissions import VALUES_ENTER
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers.collect import Collect, evidence_text
from bot.reminders.policy import EVIDENCE_PAYLOAD
from bot.services import rounds as round_service
from bot.services import values as value_service
from bot.services.entry import memberships

router = Router("evidence")


@router.command("minhchung", "Gửi thêm tài liệu kiểm chứng cho số liệu đã nhập", needs=VALUES_ENTER,
                args=(Opt(Code),))
def start(turn: Turn) -> list[Reply]:
    return _start(turn, turn.params[0] or "")


def _start(turn: Turn, code: str) -> list[Reply]:
    info = round_service.latest_round(turn.session, turn.plan_id)
    if info is None:
        return [turn.reply("collect_no_round")]
    mine = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
    if not mine:
        return [turn.reply("collect_no_unit")]
    # An official of two units: the unit that entered this indicator (a reminder's button names the code).
    entered = [(m, value_service.latest_versions(turn.session, info.id, m.unit_id)) for m in mine]
    member, latest = next(((m, v) for m, v in entered if code in v), entered[0])
    turn.require(VALUES_ENTER, unit_id=member.unit_id)
    if not code or code not in latest:
        buttons = tuple(Button(c, f"{EVIDENCE_PAYLOAD}{c}") for c in latest)
        return [turn.reply("evidence_pick", buttons, code=code, codes=list(latest), unit=member.unit)]
    return _begin(turn, info, member.unit_id, member.official_id, code)


@router.payload(EVIDENCE_PAYLOAD, needs=VALUES_ENTER, args=(Opt(Code),))
def picked(turn: Turn) -> list[Reply]:
    return _start(turn, turn.params[0] or "")


def _begin(turn: Turn, info: round_service.RoundInfo, unit_id: int, official_id: int, code: str) -> list[Reply]:
    version = value_service.latest_version(turn.session, info.id, unit_id, code)
    assert version is not None
    files = [f.name for f in value_service.evidence(turn.session, version.id)]
    turn.enter(Collect.evidence, version=version.id, files=0, official=official_id, unit=unit_id)
    return [turn.reply("evidence_ask", (Button("Xong", "ne:skip"),), code=code, version=version.number,
                       files=files, wanted=evidence_text(turn, info.plan, code), evidence_due=info.evidence_due)]
