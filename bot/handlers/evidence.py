"""/minhchung 7.12: add evidence files to the latest version of a value later (the plans want documents that
back every figure; the commune plan wants them within 15 days of the survey letter).

The files are taken by the same flow step as right after saving a value (``Collect.evidence``): this module only
finds the version and says what is there already. Reminders of missing evidence carry the same button
(``mc:7.12``, or ``mc:`` for the list). ``/minhchung 7.12 https://…`` keeps a link at once (checked by
``bot.services.evidence``; a link is counted like a file); ``/minhchung https://…`` asks which value, as a link
sent on its own does (``bot.handlers.files``).

Typed while the /nhap list (or the choice of a unit) is open, /minhchung takes over: nothing was typed there, so
nothing is lost. Typed in the middle of entering a value, the list is offered and the entry goes on; going into the
evidence step from there says that the values typed were not saved.
"""

from __future__ import annotations

from bot.core.args import BadArgs, Code, Opt, Text
from bot.core.messages import Button, Reply
from bot.core.permissions import VALUES_ENTER
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers.collect import Collect, evidence_text, split_args
from bot.handlers.files import offer
from bot.reminders.policy import EVIDENCE_PAYLOAD
from bot.services import evidence as evidence_service
from bot.services import rounds as round_service
from bot.services import values as value_service
from bot.services.entry import memberships
from bot.services.evidence import find_link

router = Router("evidence")


CHOOSING = (Collect.pick.name, Collect.unit.name)  # /nhap steps where nothing has been typed yet
TYPING = {s.name: s.description for s in (Collect.value, Collect.confirm, Collect.summary)}


@router.command("minhchung", "Gửi thêm tài liệu kiểm chứng (tệp, ảnh, liên kết) cho số liệu đã nhập",
                needs=VALUES_ENTER, args=(Opt(Text),))
def start(turn: Turn) -> list[Reply]:
    code, rest = split_args(str(turn.params[0] or ""))
    if not code and rest and find_link(rest) is None:
        raise BadArgs(rest)  # neither a code nor a link: the command's usage
    if turn.state.state in CHOOSING:
        turn.finish()  # the /nhap list gives way: nothing was typed in it
    if not code and rest:  # ``/minhchung LIÊN_KẾT``: which value is asked, as for a link sent on its own
        return offer(turn, rest, None) or []
    return _start(turn, code, rest)


def _start(turn: Turn, code: str, link: str = "") -> list[Reply]:
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
    if link:
        return _link(turn, latest[code].id, member.official_id, code, link)
    return _begin(turn, info, member.unit_id, member.official_id, code)


def _link(turn: Turn, version_id: int, official_id: int, code: str, text: str) -> list[Reply]:
    """``/minhchung 6.22 https://…``: the link kept at once, or refused with the reason."""
    try:
        label = evidence_service.take_link(turn.session, version_id, text, official_id=official_id,
                                           now=turn.services.clock())
    except evidence_service.BadEvidenceLink as exc:
        return [turn.reply("evidence_bad_link", reason=exc.reason, code=code, command=True)]
    if label is None:
        reason = f"«{text[:60]}» không phải là liên kết http:// hoặc https://."
        return [turn.reply("evidence_bad_link", reason=reason, code=code, command=True)]
    count = len(value_service.evidence(turn.session, version_id))
    return [turn.reply("evidence_link_saved", code=code, name=label, count=count)]


@router.payload(EVIDENCE_PAYLOAD, needs=VALUES_ENTER, args=(Opt(Code),))
def picked(turn: Turn) -> list[Reply]:
    return _start(turn, turn.params[0] or "")


def _begin(turn: Turn, info: round_service.RoundInfo, unit_id: int, official_id: int, code: str) -> list[Reply]:
    version = value_service.latest_version(turn.session, info.id, unit_id, code)
    assert version is not None
    files = [("🔗 " if f.is_link else "") + f.name for f in value_service.evidence(turn.session, version.id)]
    replies = []
    if turn.state.state in TYPING:  # same flow, so ``enter`` would drop the values typed without a word
        replies.append(turn.reply("flow_discarded", what=TYPING[turn.state.state]))
        turn.finish()
    turn.enter(Collect.evidence, version=version.id, files=0, official=official_id, unit=unit_id)
    return [*replies, turn.reply("evidence_ask", (Button("Xong", "ne:skip"),), code=code, version=version.number,
                       files=files, wanted=evidence_text(turn, info.plan, code), evidence_due=info.evidence_due)]
