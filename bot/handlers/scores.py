"""Score questions: ``/diem [code]``, "trụ cột 6 được bao nhiêu điểm", "điểm tổng của tỉnh hiện tại",
"đơn vị tôi được bao nhiêu", "mất điểm ở đâu", "nếu 6.12 đạt 80 % thì tổng điểm bao nhiêu".

Who sees what (``bot.core.permissions``): the plan's scores, for every registered member of the plan
(``SCORES_VIEW``); a unit's own score, for that unit's people (``UNIT_VIEW``).

The text handler takes only questions about the score now; anything else (a plain "chỉ số 6.12", "cách tính
điểm 6.12", "điểm tối đa của 6.12") is left to the search, which answers with the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.args import Code, Count, Opt
from bot.core.messages import Button, Reply
from bot.core.permissions import SCORES_VIEW, UNIT_VIEW
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers.collect import STATE_LABELS
from bot.services import scores as score_service
from bot.services.entry import memberships, owed_by
from bot.services.rounds import RoundInfo
from bot.services.status import RoundStatus
from knowledge.normalize import find_codes, fold
from scoring.numbers import NumberError, read_number

router = Router("scores")
PAGE = 10
MORE_PREFIX = "sc:"

_SCORE = re.compile(r"\bdiem\b")
_ASKING = re.compile(r"bao nhieu|hien tai|hien nay|la may|duoc may|dat may|the nao|tong diem|diem tong|"
                     r"diem cua|diem so|diem chi so|diem tru cot")
_NOT_MINE = re.compile(r"toi da|cach tinh|cach cham|tinh diem|cham diem|cong thuc|phuong phap|thang diem")
_LOSS = re.compile(r"mat diem|tang diem|nang diem|cai thien diem|them diem|bi tru diem|thieu diem")
_WHATIF = re.compile(r"\bneu\b.*?(?P<code>\d+(?:\.\d+)+).*?\bdat\b\s*(?P<num>\d+(?:[.,]\d+)?)\s*"
                     r"(?P<unit>%|phan tram|diem)?")
_UNIT = re.compile(r"don vi (?:toi|minh|cua toi|chung toi|em)|(?:co quan|so) (?:toi|minh)")
_PILLAR = re.compile(r"tru cot\s*(?:so\s*)?(\d+)\b")


@dataclass(frozen=True)
class Question:
    kind: str  # total | pillar | indicator | unit | losses | whatif
    code: str = ""
    number: float | None = None
    percent: bool = False


def parse_question(text: str) -> Question | None:
    """The score question in ``text``, or None when it is not one (then the search answers)."""
    t = fold(text)
    if _LOSS.search(t):
        return Question("losses")
    m = _WHATIF.search(t)
    if m and ("diem" in t or m.group("unit")):
        try:
            number = read_number(m.group("num")).value
        except NumberError:
            return None
        return Question("whatif", m.group("code"), number, m.group("unit") != "diem")
    if _UNIT.search(t) and ("bao nhieu" in t or _SCORE.search(t)) and not _NOT_MINE.search(t):
        return Question("unit")
    if not _SCORE.search(t) or _NOT_MINE.search(t) or not _ASKING.search(t):
        return None
    pillar = _PILLAR.search(t)
    if pillar:
        return Question("pillar", pillar.group(1))
    codes = find_codes(text)
    if codes:
        return Question("indicator", codes[0])
    return Question("total")


def _round(turn: Turn) -> tuple[RoundInfo, RoundStatus] | None:
    info = score_service.current_round(turn.session, turn.plan_id)
    if info is None:
        return None
    return info, score_service.cached_status(turn.session, turn.services.kb, info)


@router.command("diem", "Xem điểm hiện tại: tổng, trụ cột (/diem 6) hoặc chỉ số (/diem 6.12)", args=(Opt(Code),))
def diem(turn: Turn) -> list[Reply]:
    code = turn.params[0] or ""
    kind = "total" if not code else "indicator" if "." in code else "pillar"
    return answer(turn, Question(kind, code))


@router.text()
def on_text(turn: Turn) -> list[Reply] | None:
    question = parse_question(turn.args)
    return answer(turn, question) if question is not None else None


@router.payload(MORE_PREFIX, args=(Count,))
def more(turn: Turn) -> list[Reply] | None:
    return answer(turn, Question("losses", number=turn.params[0]))


def answer(turn: Turn, q: Question) -> list[Reply]:
    if q.kind != "unit":  # a unit's own score is checked against that unit below
        turn.require(SCORES_VIEW)
    found = _round(turn)
    if found is None:
        return [turn.reply("score_no_round")]
    info, status = found
    kb = turn.services.kb
    if q.kind == "unit":
        return [_unit(turn, info, status)]
    if q.kind == "losses":
        return [_losses(turn, info, status, int(q.number or 0))]
    if q.kind == "whatif":
        return [_whatif(turn, info, status, q)]
    line = score_service.lookup(kb, status, q.code)
    if line is None:
        return [turn.reply("score_unknown", period=info.period, code=q.code)]
    return [turn.reply("score_line", s=line, period=info.period, state=info.state)]


def _losses(turn: Turn, info: RoundInfo, status: RoundStatus, start: int) -> Reply:
    kb = turn.services.kb
    ranked = score_service.losses(kb, status)
    page = [score_service.with_needed(kb, status, x) for x in ranked[start:start + PAGE]]
    waiting = sum(1 for i in status.indicators if i.score is None)
    buttons = (Button("Xem thêm", f"{MORE_PREFIX}{start + PAGE}"),) if start + PAGE < len(ranked) else ()
    return turn.reply("score_losses", buttons, items=page, start=start, period=info.period, waiting=waiting)


def _whatif(turn: Turn, info: RoundInfo, status: RoundStatus, q: Question) -> Reply:
    kb = turn.services.kb
    ind = next((i for i in status.indicators if i.code == q.code), None)
    if ind is None:
        return turn.reply("score_unknown", period=info.period, code=q.code)
    number = q.number or 0.0
    if q.percent:
        if ind.max is None:
            line = score_service.lookup(kb, status, q.code)
            return turn.reply("score_line", s=line, period=info.period, state=info.state)
        points = ind.max * min(number, 100.0) / 100.0
    else:
        points = number
    result = score_service.what_if_total(kb, status, q.code, points)
    assert result is not None
    waiting = sum(1 for i in status.indicators if i.score is None and i.code != q.code)
    return turn.reply("score_whatif", w=result, percent=number if q.percent else None, waiting=waiting)


def _unit(turn: Turn, info: RoundInfo, status: RoundStatus) -> Reply:
    found = memberships(turn.session, turn.msg.channel, turn.msg.user_id, turn.plan_id)
    if not found:
        return turn.reply("score_no_unit")
    member = found[0]
    turn.require(UNIT_VIEW, unit_id=member.unit_id)
    owed = owed_by(turn.session, turn.services.kb, info, member.unit_id)
    by_code = {i.code: i for i in status.indicators}
    rows = [(by_code[o.duty.indicator], STATE_LABELS.get(o.state, o.state)) for o in owed
            if o.duty.indicator in by_code]
    total = sum(i.score or 0.0 for i, _ in rows)
    top = sum(i.max or 0.0 for i, _ in rows)
    missing = sum(1 for i, _ in rows if i.score is None)
    return turn.reply("score_unit", unit=member.unit, period=info.period, rows=rows, total=total, top=top,
                      missing=missing)
