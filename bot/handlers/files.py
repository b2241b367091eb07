"""A file, a photo or a link sent outside any flow (forwarded from a colleague, with or without a caption), that no
other capability took (a filled /mau form is read by ``forms``): the one place that decides what it is for.

Someone whose units have entered values is offered to file it as evidence: a button for each of those values,
ranked by the caption's match in the question search (the caption "quyết định chi ngân sách số" finds 6.22 first),
then the values still lacking evidence, then the rest. Files and links sent while the choice is open join what
will be filed (a forwarded album arrives as several messages). The pressed value is checked again (a forged id, a
value of another unit, an older version: refused) before anything is kept. Someone with nothing to file to is told
what the bot does with files; a caption is then a question like any other text, and a link is answered, never
searched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.args import Gone, Id, Word
from bot.core.messages import Button, FileRef, Reply
from bot.core.permissions import VALUES_ENTER
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.handlers.collect import file_hash, stored
from bot.services import evidence as evidence_service
from bot.services import rounds as round_service
from bot.services import values as value_service
from bot.services.entry import memberships
from bot.services.evidence import BadEvidenceLink, Found

router = Router("files")
EXAMPLES = 5  # codes lacking evidence named in the answer
MAX_PENDING = 10  # files and links held while the value is chosen
FILE_PAYLOAD, DROP_PAYLOAD = "fe:", "fx:"


class Filing(StatesGroup):
    prefix = "filing"
    needs = VALUES_ENTER  # on the plan while choosing; the chosen value's unit is checked when it is pressed
    pick = State("chọn số liệu để lưu tài liệu kiểm chứng")


# ------------------------------------------------------------------------------------------ what was sent


def _items(turn: Turn, text: str, file: FileRef | None) -> list[dict[str, Any]] | BadEvidenceLink | None:
    """What this message gives to file: a stored file (and the link its caption holds, when it is one), a
    checked link (a bad one: why), or None."""
    found = evidence_service.find_link(text)
    link: dict[str, Any] | BadEvidenceLink | None = None
    if found is not None:
        try:
            evidence_service.check_link(found.link)
            link = {"url": found.link, "name": evidence_service.link_label(found), "caption": found.text[:500]}
        except BadEvidenceLink as exc:
            link = exc
    if file is None:
        return [link] if isinstance(link, dict) else link
    kept = stored(turn, file)
    item = {"path": kept.path, "name": kept.name, "mime": kept.mime, "size": kept.size, "caption": text[:500]}
    return [item, link] if isinstance(link, dict) else [item]


@router.text()
def unasked(turn: Turn) -> list[Reply] | None:
    if turn.state.in_flow:
        return None
    return offer(turn, turn.msg.text.strip(), turn.msg.file)


def offer(turn: Turn, caption: str, file: FileRef | None) -> list[Reply] | None:
    """Offer to file ``file`` (with its caption) or the link in ``caption`` as evidence of one of the unit's
    values (also ``/minhchung LIÊN_KẾT``); None when there is neither (a question)."""
    if file is None and evidence_service.find_link(caption) is None:
        return None  # text without a link: a question
    choices = _choices(turn)  # without ranking: first, is there anything to file to?
    if not choices.values:
        if file is not None and not caption:
            return [turn.reply("file_unasked", name=file.name, codes=_lacking_evidence(turn))]
        if file is not None:
            return None  # nothing to file it to: the caption is a question
        return [turn.reply("filing_nothing", registered=bool(_units(turn)))]
    items = _items(turn, caption, file)
    if isinstance(items, BadEvidenceLink):
        return [turn.reply("evidence_bad_link", reason=items.reason, code="", command=False, idle=True)]
    assert items is not None
    if turn.state.state == Filing.pick.name:  # ``/minhchung LIÊN_KẾT`` while choosing: one more to file
        return _added(turn, items)
    turn.enter(Filing.pick, items=items)
    return [_offer(turn, _choices(turn, _captions(turn)))]


@router.state(Filing.pick)
def more_sent(turn: Turn) -> list[Reply] | None:
    """Another file or link while the value is chosen: it will be filed with the others."""
    sent = _items(turn, turn.msg.text.strip(), turn.msg.file)
    if sent is None:
        return None  # a question: answered by the core, which says how to go on
    if isinstance(sent, BadEvidenceLink):
        return [turn.reply("evidence_bad_link", reason=sent.reason, code="", command=False, idle=True,
                           keep_choices=True)]
    return _added(turn, sent)


def _added(turn: Turn, sent: list[dict[str, Any]]) -> list[Reply]:
    items = list(turn.flow.get("items", []))
    if len(items) + len(sent) > MAX_PENDING:
        return [turn.reply("filing_full", limit=MAX_PENDING, keep_choices=True)]
    turn.flow["items"] = [*items, *sent]
    return [_offer(turn, _choices(turn, _captions(turn)))]


# ------------------------------------------------------------------------------------------ the choice


def _units(turn: Turn) -> dict[int, str]:
    return {m.unit_id: m.unit for m in memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)}


@dataclass(frozen=True)
class Choices:
    """(version id, code, unit) of the latest value of each indicator the user's units entered in the plan's
    latest round, most likely first; ``ranked``: the caption's words found some of them."""

    values: list[tuple[int, str, str]]
    ranked: bool = False


def _choices(turn: Turn, caption: str = "") -> Choices:
    info = round_service.latest_round(turn.session, turn.plan_id)
    if info is None:
        return Choices([])
    units = _units(turn)
    found = [(v.id, code, unit_id) for unit_id in units
             for code, v in value_service.latest_versions(turn.session, info.id, unit_id).items()]
    if not found:
        return Choices([])
    lacking = set(value_service.lacking_evidence(turn.session, info.id))
    order = {code: n for n, code in enumerate(_ranked(turn, caption))}
    found.sort(key=lambda f: (order.get(f[1], len(order)), (f[2], f[1]) not in lacking, _natural(f[1])))
    return Choices([(vid, code, units[unit_id]) for vid, code, unit_id in found],
                   any(code in order for _, code, _ in found))


def _captions(turn: Turn) -> str:
    """The captions of everything waiting to be filed (what ranks the values)."""
    return " ".join(str(i.get("caption", "")) for i in turn.flow.get("items", [])).strip()


def _ranked(turn: Turn, caption: str) -> list[str]:
    """The codes the caption's words find in the question search, best first (none without a caption)."""
    words = evidence_service.find_link(caption)
    text = (words.text if isinstance(words, Found) else caption).strip()
    if not text:
        return []
    answer = turn.services.searcher.ask(turn.plan_id, text[:500])
    return list(dict.fromkeys(m.code for m in [*answer.matches, *answer.hints]))


def _natural(code: str) -> tuple[int, ...]:
    """1.9 before 1.10."""
    return tuple(int(p) if p.isdigit() else 0 for p in code.replace("#", ".").split("."))


def _offer(turn: Turn, choices: Choices) -> Reply:
    items = turn.flow.get("items", [])
    several = len({u for _, _, u in choices.values}) > 1
    buttons = [Button(f"{code} · {unit if several else _indicator_name(turn, code)}"[:60], f"{FILE_PAYLOAD}{vid}")
               for vid, code, unit in choices.values]
    buttons.append(Button("Không lưu", f"{DROP_PAYLOAD}no"))
    return turn.reply("filing_offer", tuple(buttons), items=[(str(i["name"]), "url" in i) for i in items],
                      ranked=choices.ranked, first=choices.values[0][1] if choices.values else "")


def _indicator_name(turn: Turn, code: str) -> str:
    kb = turn.services.kb
    framework = kb.frameworks[kb.plan(turn.plan_id).framework]
    return next((i.name for i in framework.indicators if i.code == code.split("#")[0]), "")


@router.payload(FILE_PAYLOAD, state=Filing.pick, args=(Id,))
def chosen(turn: Turn) -> list[Reply]:
    target = evidence_service.target(turn.session, turn.params[0])
    if target is None or target.plan_id != turn.plan_id or not target.latest:
        raise Gone(str(turn.params[0]))  # a forged id, or a value corrected since: not a choice offered now
    turn.require(VALUES_ENTER, unit_id=target.version.unit_id)  # another unit's value: refused, nothing kept
    official = next((m.official_id for m in memberships(turn.session, turn.msg.channel, turn.msg.user_id,
                                                        turn.plan_id)), None)
    items = list(turn.flow.get("items", []))
    now = turn.services.clock()
    for item in items:
        if "url" in item:
            evidence_service.add_link(turn.session, target.version.id, str(item["url"]), str(item["name"]),
                                      official_id=official, now=now)
        else:
            ref = FileRef(str(item["name"]), str(item["path"]), str(item["mime"]), int(item["size"]))
            value_service.add_evidence(turn.session, target.version.id, path=ref.path, sha256=file_hash(ref.path),
                                       name=ref.name, mime=ref.mime, size=ref.size, official_id=official)
    turn.finish()
    total = len(value_service.evidence(turn.session, target.version.id))
    return [turn.reply("filing_saved", code=target.version.indicator, count=len(items), total=total,
                       version=target.version.number)]


@router.payload(DROP_PAYLOAD, state=Filing.pick, args=(Word("no"),))
def dropped(turn: Turn) -> list[Reply]:
    turn.finish()
    return [turn.reply("cancelled", what="lưu tài liệu kiểm chứng")]


def _lacking_evidence(turn: Turn) -> list[str]:
    """The indicators of the user's units whose latest values still lack evidence (what /minhchung is for)."""
    info = round_service.latest_round(turn.session, turn.plan_id)
    if info is None:
        return []
    mine = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
    codes = [code for m in mine for _, code in value_service.lacking_evidence(turn.session, info.id, m.unit_id)]
    return list(dict.fromkeys(codes))[:EXAMPLES]
