"""/baocao: a periodic report draft for the focal point and the admins — quarterly to the Sở TTTT, 6-month and
yearly reviews to the People's Committee. The user chooses quý / 6 tháng / năm with buttons, then the period
(the recent ones as buttons, or typed: 2024-Q4, 2024-H1, 2024), and gets the .docx ``dti-bot report`` writes
(``bot.services.periodic``). A period typed right after /baocao goes straight to the draft.
"""

from __future__ import annotations

import io
from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.core.args import Arg, BadArgs, Word
from bot.core.files import FileStore
from bot.core.messages import Button, Reply
from bot.core.permissions import PLAN_VIEW_ALL
from bot.core.router import Router, State, StatesGroup
from bot.core.turn import Turn
from bot.services.periods import KINDS, Period, PeriodError, read_period, recent

router = Router("periodic")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHOWN = {"q": 4, "h": 3, "y": 3}  # periods offered as buttons per kind
_WORDS = {"q": ("quy", "quý"), "h": ("6 thang", "6 tháng", "sau thang", "sáu tháng", "nua nam", "nửa năm"),
          "y": ("nam", "năm")}


def _period(raw: str) -> Period:
    try:
        return read_period(raw)
    except PeriodError:
        raise BadArgs(raw) from None


PERIOD = Arg(_period)


class Drafting(StatesGroup):
    prefix = "baocao"
    needs = PLAN_VIEW_ALL
    kind = State("chọn loại báo cáo định kỳ (quý, 6 tháng, năm)")
    period = State("chọn kỳ của báo cáo định kỳ")


def _kinds() -> tuple[Button, ...]:
    return (Button("Quý", "bk:q"), Button("6 tháng", "bk:h"), Button("Năm", "bk:y"))


def _button(period: Period) -> Button:
    return Button(period.short, f"bp:{period.key}")


@router.command("baocao", "Dự thảo báo cáo định kỳ: quý, 6 tháng, năm (đầu mối)", needs=PLAN_VIEW_ALL)
def baocao(turn: Turn) -> list[Reply]:
    typed = turn.args.strip()
    if typed:
        try:
            return _draft(turn, read_period(typed))
        except PeriodError as exc:
            turn.enter(Drafting.kind)
            return [turn.reply("baocao_kind", _kinds(), problem=exc.reason)]
    turn.enter(Drafting.kind)
    return [turn.reply("baocao_kind", _kinds(), problem="")]


@router.payload("bk:", state=Drafting.kind, args=(Word(*KINDS),))
def kind_chosen(turn: Turn) -> list[Reply]:
    return _ask_period(turn, turn.params[0])


@router.state(Drafting.kind)
def kind_typed(turn: Turn) -> list[Reply] | None:
    text = turn.args.strip()
    if text.endswith("?"):
        return None
    try:
        return _draft(turn, read_period(text))
    except PeriodError:
        pass
    lowered = text.lower()
    for kind in ("h", "q", "y"):  # "6 tháng" before "năm": "nửa năm" is a half year
        if any(word in lowered for word in _WORDS[kind]):
            return _ask_period(turn, kind)
    return [turn.reply("baocao_kind", _kinds(), problem=f"«{text[:40]}» không phải quý, 6 tháng hay năm.")]


def _ask_period(turn: Turn, kind: str) -> list[Reply]:
    turn.enter(Drafting.period, kind=kind)
    buttons = tuple(_button(p) for p in recent(kind, turn.today, SHOWN[kind]))
    return [turn.reply("baocao_period", buttons, kind=KINDS[kind], problem="")]


@router.payload("bp:", state=Drafting.period, args=(PERIOD,))
def period_chosen(turn: Turn) -> list[Reply]:
    return _draft(turn, turn.params[0])


@router.state(Drafting.period)
def period_typed(turn: Turn) -> list[Reply] | None:
    text = turn.args.strip()
    if text.endswith("?"):
        return None
    try:
        return _draft(turn, read_period(text))
    except PeriodError as exc:
        kind = str(turn.flow.get("kind", "q"))
        buttons = tuple(_button(p) for p in recent(kind, turn.today, SHOWN.get(kind, 3)))
        return [turn.reply("baocao_period", buttons, kind=KINDS.get(kind, ""), problem=exc.reason)]


def _draft(turn: Turn, period: Period) -> list[Reply]:
    from bot.services.periodic import write_periodic  # with the .docx writer: loaded for a report, not per process

    settings = turn.services.settings
    out = io.BytesIO()
    written = write_periodic(turn.session, turn.services.kb, turn.plan_id, period, out,
                             now=turn.services.clock(), tz=ZoneInfo(settings.bot.timezone))
    turn.finish()
    ref = FileStore.from_settings(settings.files).save(out.getvalue(), f"bao-cao-{turn.plan_id}-{period.key}.docx",
                                                       DOCX)
    reply = turn.reply("baocao_sent", period_label=period.label, units=written.units,
                       round_period=written.round.period if written.round else "", tasks_done=written.tasks_done,
                       tasks_overdue=written.tasks_overdue, difficulties=written.difficulties)
    return [replace(reply, files=(ref,))]
