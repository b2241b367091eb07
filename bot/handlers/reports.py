"""Charts and the Excel report in chat: ``/bieudo`` (pillars against their maximum and last year's published
score; ``/bieudo tiendo``: completeness by unit for the focal point; ``/bieudo 6.12``: the indicator over the
plan's rounds), "biểu đồ điểm các trụ cột", and ``/xuat`` (the round's workbook, focal point only). Score
charts are for the plan's registered members; what shows units one by one (completeness, the workbook with every
unit's parts) for focal points and admins.

Files go in the reply (a photo or a document on Telegram, a signed link on Zalo, a path on the console).
matplotlib and openpyxl are imported only when a chart or a workbook is made.
"""

from __future__ import annotations

import re
from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.core.files import FileStore
from bot.core.messages import Reply
from bot.core.permissions import PLAN_VIEW_ALL, SCORES_VIEW
from bot.core.router import Router
from bot.core.turn import Turn
from knowledge.normalize import find_codes, fold

router = Router("reports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CHART = re.compile(r"\bbieu do\b|\bdo thi\b")
_PROGRESS = re.compile(r"tien do|don vi|hoan thanh|tiendo|donvi")


def _attach(turn: Turn, reply: Reply, data: bytes, name: str, mime: str) -> Reply:
    ref = FileStore.from_settings(turn.services.settings.files).save(data, name, mime)
    return replace(reply, files=(ref,))


@router.command("bieudo", "Biểu đồ điểm các trụ cột (/bieudo tiendo, /bieudo 6.12)")
def bieudo(turn: Turn) -> list[Reply]:
    return chart(turn, turn.args)


@router.text()
def on_text(turn: Turn) -> list[Reply] | None:
    t = fold(turn.args)
    return chart(turn, turn.args) if _CHART.search(t) else None


def chart(turn: Turn, asked: str) -> list[Reply]:
    from bot.reports import charts
    from bot.services import reports
    from bot.services import scores as score_service

    kb = turn.services.kb
    by_unit = bool(_PROGRESS.search(fold(asked))) and not find_codes(asked)
    turn.require(PLAN_VIEW_ALL if by_unit else SCORES_VIEW)  # units' completeness: focal points; scores: members
    info = score_service.current_round(turn.session, turn.plan_id)
    if info is None:
        return [turn.reply("score_no_round")]
    status = score_service.cached_status(turn.session, kb, info)
    codes = find_codes(asked)
    if codes:
        code = codes[0]
        ind = next((i for i in status.indicators if i.code == code), None)
        if ind is None:
            return [turn.reply("score_unknown", period=info.period, code=code)]
        from bot.services.history import indicator_years

        years = indicator_years(turn.session, kb, turn.plan_id, code)  # this plan's rounds and earlier plans'
        several = len({y.plan_id for y in years}) > 1
        points = [(f"{y.period} ({y.plan_id})" if several else y.period, y.score) for y in years]
        png = charts.history_chart(points, f"Chỉ số {code} – {ind.name}", ind.max)
        return [_attach(turn, turn.reply("chart_sent", what="history", code=code, rounds=len(points)), png,
                        f"chi-so-{code}.png", "image/png")]
    if by_unit:
        units = reports.progress(status)
        png = charts.completeness_chart(units, f"Tiến độ nộp số liệu đợt {info.period}")
        return [_attach(turn, turn.reply("chart_sent", what="progress", period=info.period, units=len(units)),
                        png, f"tien-do-{info.period}.png", "image/png")]
    previous = reports.own_record_label(kb, turn.plan_id)
    png = charts.pillar_chart(reports.pillar_bars(kb, status), f"Điểm các trụ cột – đợt {info.period}",
                              previous_label=previous or "Năm trước")
    return [_attach(turn, turn.reply("chart_sent", what="pillars", period=info.period, previous=previous), png,
                    f"diem-tru-cot-{info.period}.png", "image/png")]


@router.command("xuat", "Xuất báo cáo Excel của đợt thu thập (đầu mối)")
def xuat(turn: Turn) -> list[Reply]:
    from bot.services import reports
    from bot.services import scores as score_service

    turn.require(PLAN_VIEW_ALL)
    info = score_service.current_round(turn.session, turn.plan_id)
    if info is None:
        return [turn.reply("score_no_round")]
    data = reports.report(turn.session, turn.services.kb, info, ZoneInfo(turn.services.settings.bot.timezone))
    return [_attach(turn, turn.reply("report_sent", period=info.period), data,
                    f"bao-cao-{info.plan}-{info.period}.xlsx", XLSX)]
