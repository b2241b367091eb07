"""A file sent with no caption outside any flow, that no other capability took (a filled /mau form is read by
``forms``): the bot says what it can do with a file — read a filled form, keep evidence for one of the unit's
values — rather than searching for an empty question. The one place that decides it."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.router import Router
from bot.core.turn import Turn
from bot.services import rounds as round_service
from bot.services import values as value_service
from bot.services.entry import memberships

router = Router("files")
EXAMPLES = 5  # codes lacking evidence named in the answer


@router.text()
def unasked_file(turn: Turn) -> list[Reply] | None:
    if turn.msg.file is None or turn.msg.text.strip() or turn.state.in_flow:
        return None
    return [turn.reply("file_unasked", name=turn.msg.file.name, codes=_lacking_evidence(turn))]


def _lacking_evidence(turn: Turn) -> list[str]:
    """The indicators of the user's units whose latest values still lack evidence (what /minhchung is for)."""
    info = round_service.latest_round(turn.session, turn.plan_id)
    if info is None:
        return []
    mine = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
    codes = [code for m in mine for _, code in value_service.lacking_evidence(turn.session, info.id, m.unit_id)]
    return list(dict.fromkeys(codes))[:EXAMPLES]
