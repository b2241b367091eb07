"""Score questions: ``/diem [code]``, "trụ cột 6 được bao nhiêu điểm", "điểm tổng của tỉnh hiện tại",
"đơn vị tôi được bao nhiêu", "mất điểm ở đâu", "nếu 6.12 đạt 16 điểm thì tổng điểm bao nhiêu"; a rate ("nếu 6.12
đạt 80%", "nếu tỷ lệ hộ có cáp quang là 60% thì được mấy điểm") is scored by the engine from that rate, with the
inputs it assumed shown. And questions about the asker's own round ("hạn nộp số liệu là ngày nào", "hạn nộp
minh chứng", "đơn vị tôi còn thiếu chỉ số nào", "đơn vị tôi đã nhập những gì"), answered from their units and the
open rounds (``bot.services.personal``); someone not registered is told how to register.

Who sees what (``bot.core.permissions``): the plan's scores, for every registered member of the plan
(``SCORES_VIEW``); a unit's own score, for that unit's people (``UNIT_VIEW``).

The text handler takes only questions about the score now; anything else (a plain "chỉ số 6.12", "cách tính
điểm 6.12", "điểm tối đa của 6.12") is left to the search, which answers with the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.args import Code, Count, Opt
from bot.core.messages import Button, Reply
from bot.core.permissions import SCORES_VIEW, UNIT_VIEW, allowed
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers.collect import STATE_LABELS
from bot.services.duties import plan_book
from bot.services.entry import memberships, owed_by
from bot.services.rounds import RoundInfo
from knowledge.normalize import find_codes, fold
from scoring.model import Rejection, Result
from scoring.numbers import NumberError, read_number

if TYPE_CHECKING:
    from bot.services.status import RoundStatus

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
# "nếu <indicator> (đạt|là|lên|được) 60%": the indicator by code or by words, then a rate.
_WHATIF_RATE = re.compile(r"\bneu\b(?P<topic>.+?)\b(?:dat|la|len|duoc|tang len|bang)\s+(?P<num>\d+(?:[.,]\d+)?)\s*"
                          r"(?:%|phan tram)")
_SELF = r"(?:don vi|co quan|so|xa|ben|phong|bo phan)\s+(?:toi|minh|em|chung toi|chung em)|\b(?:toi|em|minh)\b"
_MINE = (
    ("evidence_due", re.compile(r"\bhan\b.*\b(?:minh chung|kiem chung)\b|\b(?:minh chung|kiem chung)\b.*"
                                r"\b(?:han|bao gio|khi nao|ngay nao|truoc ngay)\b")),
    ("due", re.compile(r"\b(?:han|thoi han|han chot|het han)\b.*\b(?:nop|nhap|gui|bao cao)\b.*\b(?:so lieu|du lieu)\b"
                       r"|\b(?:nop|nhap|gui) (?:so lieu|du lieu)\b.*\b(?:khi nao|bao gio|ngay nao|truoc ngay|han)\b"
                       r"|\b(?:han nop|han nhap)\b.*\b(?:dot nay|cua (?:toi|minh|em|don vi))\b")),
    ("owed", re.compile(r"\b(?:con thieu|chua nhap|chua nop|con no|con phai nhap|con phai nop)\b"
                        r"|(?:" + _SELF + r").*\b(?:phai nhap|phai nop|can nhap|can nop)\b")),
    ("entered", re.compile(r"(?:" + _SELF + r").*\b(?:da nhap|da nop|da gui)\b"
                           r"|\btrang thai\b.*\b(?:so lieu|nhap|nop)\b")),
)
_UNIT = re.compile(r"don vi (?:toi|minh|cua toi|chung toi|em)|(?:co quan|so) (?:toi|minh)")
_PILLAR = re.compile(r"tru cot\s*(?:so\s*)?(\d+)\b")


@dataclass(frozen=True)
class Question:
    kind: str  # total | pillar | indicator | unit | losses | whatif | rate | due | evidence_due | owed | entered
    code: str = ""
    number: float | None = None
    percent: bool = False
    topic: str = ""  # a rate question's words naming the indicator ("tỷ lệ hộ có cáp quang")


def parse_question(text: str) -> Question | None:
    """The score question in ``text``, or None when it is not one (then the search answers)."""
    t = fold(text)
    if not find_codes(text):
        mine = next((kind for kind, pattern in _MINE if pattern.search(t)), None)
        if mine is not None:
            return Question(mine)
    rate = _WHATIF_RATE.search(t)
    if rate:
        try:
            value = read_number(rate.group("num")).value
        except NumberError:
            return None
        codes = find_codes(rate.group("topic"))
        return Question("rate", codes[0] if codes else "", value / 100, True, rate.group("topic"))
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
    """The plan's current round with its scores. The score services (the round's status, its parts, the what-if
    engine) are imported here and in the answers below, when a score question comes (issue 20: a bot process
    that is asked none holds none of them)."""
    from bot.services import scores as score_service

    info = score_service.current_round(turn.session, turn.plan_id)
    if info is None:
        return None
    return info, score_service.cached_status(turn.session, turn.services.kb, info)


@router.command("diem", "Xem điểm hiện tại: tổng, trụ cột (/diem 6) hoặc chỉ số (/diem 6.12)", args=(Opt(Code),))
def diem(turn: Turn) -> list[Reply]:
    code = turn.params[0] or ""
    kind = "total" if not code else "indicator" if "." in code else "pillar"
    return answer(turn, Question(kind, code))


# Words a question about one's own round may hold besides what it asks ("số liệu", "đợt này", "đơn vị tôi"): with
# any other word left, it is about an indicator ("hạn nộp minh chứng của chỉ số tên miền") and the search answers.
_ABOUT_ME = frozenset("so lieu du nop nhap gui bao cao dot thu thap don vi toi minh em chung co quan phong ben xa "
                      "tai kiem minh ngay thang can con thieu phai het han truoc".split())


@router.text()
def on_text(turn: Turn) -> list[Reply] | None:
    question = parse_question(turn.args)
    if question is not None and question.kind in MINE_KINDS:
        topic = turn.services.searcher.for_plan(turn.plan_id).topic_words(turn.args)
        if not set(topic) <= _ABOUT_ME:
            return None
    return answer(turn, question) if question is not None else None


@router.payload(MORE_PREFIX, args=(Count,))
def more(turn: Turn) -> list[Reply] | None:
    return answer(turn, Question("losses", number=turn.params[0]))


def answer(turn: Turn, q: Question) -> list[Reply]:
    if q.kind in MINE_KINDS:
        return [_mine(turn, q.kind)]
    if q.kind == "rate":
        return _rate(turn, q)
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
    from bot.services import scores as score_service
    from bot.services.history import indicator_years

    line = score_service.lookup(kb, status, q.code)
    if line is None:
        return [turn.reply("score_unknown", period=info.period, code=q.code)]
    history = indicator_years(turn.session, kb, turn.plan_id, line.code) if line.kind == "indicator" else []
    return [turn.reply("score_line", s=line, period=info.period, state=info.state,
                       history=history if len(history) > 1 else [])]


def _losses(turn: Turn, info: RoundInfo, status: RoundStatus, start: int) -> Reply:
    from bot.services import scores as score_service

    kb = turn.services.kb
    ranked = score_service.losses(kb, status)
    page = [score_service.with_needed(kb, status, x) for x in ranked[start:start + PAGE]]
    waiting = sum(1 for i in status.indicators if i.score is None)
    buttons = (Button("Xem thêm", f"{MORE_PREFIX}{start + PAGE}"),) if start + PAGE < len(ranked) else ()
    return turn.reply("score_losses", buttons, items=page, start=start, period=info.period, waiting=waiting)


def _whatif(turn: Turn, info: RoundInfo, status: RoundStatus, q: Question) -> Reply:
    from bot.services import scores as score_service

    kb = turn.services.kb
    ind = next((i for i in status.indicators if i.code == q.code), None)
    if ind is None:
        return turn.reply("score_unknown", period=info.period, code=q.code)
    number = q.number or 0.0
    if q.percent:
        if ind.max is None:
            line = score_service.lookup(kb, status, q.code)
            return turn.reply("score_line", s=line, period=info.period, state=info.state, history=[])
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


MINE_KINDS = frozenset(kind for kind, _ in _MINE)


def _mine(turn: Turn, kind: str) -> Reply:
    """A question about the asker's own round: their units' due dates, what they still owe, what they entered."""
    from bot.services import personal

    kb = turn.services.kb
    who = personal.asker(turn.session, kb, turn.msg.channel, turn.msg.user_id, turn.plan_id)
    if not who.registered:
        return turn.reply("mine_not_registered")
    if not who.rounds:
        return turn.reply("mine_no_round")
    for member in {m.unit_id: m for m in who.members}.values():
        turn.require(UNIT_VIEW, unit_id=member.unit_id)
    framework = kb.plan(turn.plan_id).framework
    names = {u.duty.indicator: getattr(kb.indicator(framework, u.duty.indicator), "name", "")
             for r in who.units for u in r.owed}
    if kind in ("due", "evidence_due"):
        return turn.reply("mine_due", rounds=who.rounds, units=who.units, evidence=kind == "evidence_due")
    template = "mine_owed" if kind == "owed" else "mine_entered"
    return turn.reply(template, units=who.units, names=names, labels=STATE_LABELS,
                      any_missing=any(u.missing for u in who.units))


def _rate(turn: Turn, q: Question) -> list[Reply]:
    """"nếu 6.12 đạt 80%": the indicator (its code, or the words the search finds it by) scored by the engine as if
    its share were that rate, with the inputs assumed; with the plan's total when a round is there to see."""
    from scoring.whatif import score_from_rate

    kb = turn.services.kb
    code = q.code
    if not code:
        found = turn.services.searcher.ask(turn.plan_id, q.topic)
        if found.status != "answer":
            return [turn.reply("score_rate_unknown", topic=q.topic.strip())]
        code = found.matches[0].code
    book = plan_book(kb, turn.plan_id)
    rule = book.rule(code)
    indicator = kb.indicator(kb.plan(turn.plan_id).framework, code)
    if rule is None or indicator is None:
        return [turn.reply("score_rate_unknown", topic=code)]
    got = score_from_rate(rule, book.maxima.get(code), q.number or 0.0)
    if isinstance(got, Rejection):
        return [turn.reply("score_rate_refused", code=code, reason=got.reason)]
    outcome = got.outcome
    score = outcome.score if isinstance(outcome, Result) else None
    member = allowed(turn.session, turn.msg, SCORES_VIEW, plan_id=turn.plan_id)
    total = _rate_total(turn, code, score) if member else None
    return [turn.reply("whatif_rate", code=code, name=indicator.name, rate=got.rate, score=score,
                       top=getattr(outcome, "max_points", None), reason=getattr(outcome, "reason", ""),
                       steps=outcome.steps if isinstance(outcome, Result) else [],
                       inputs=sorted(got.inputs.items()), meanings=rule.inputs, total=total, member=member)]


def _rate_total(turn: Turn, code: str, score: float | None) -> dict[str, Any] | None:
    """The plan's total with that score, when a round is there (the asker may see the round's scores)."""
    from bot.services import scores as score_service

    if score is None:
        return None
    found = _round(turn)
    if found is None:
        return None
    info, status = found
    result = score_service.what_if_total(turn.services.kb, status, code, score)
    return {"period": info.period, "w": result} if result is not None else None
