"""An indicator on the dashboard: its method card, each unit's part with every version (who, when, late, note,
the focal point's comment), the combined inputs and score, the evidence (pictures shown, documents to download,
links as links that take nothing of this site with them),
and Return (with a reason) and Approve, done through the chat's own services (``bot.services.values``), the unit
told through the outbox under the chat's keys (``bot.services.entry.returned_notices``,
``bot.services.announce.tell_approved``): deciding in the chat and on the web never tells twice."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.core import outbox
from bot.core.messages import Outgoing
from bot.core.permissions import PLAN_VIEW_ALL, UNIT_VIEW, VALUES_APPROVE
from bot.db.models import EvidenceFile, Official, RoundValue, ValueVersion
from bot.services import announce, board
from bot.services import values as value_service
from bot.services.duties import input_choices, plan_book, shown_inputs
from bot.services.entry import returned_notices
from bot.services.evidence import BadEvidenceLink, check_link
from bot.services.officials import official_id_for
from bot.services.rounds import RoundError
from bot.services.scores import cached_status, current_round
from bot.services.units import unit_by_id
from bot.web.app import Web
from bot.web.auth import check_csrf, viewer

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
PAGE_PARTS = 50
MAX_REASON = 1000
DONE = {"returned": "Đã trả lại số liệu; đơn vị được báo qua bot.",
        "approved": "Đã duyệt số liệu; đơn vị được báo qua bot."}


def indicator_page(web: Web, request: Request) -> Response:
    code = str(request.path_params.get("code", ""))[:40]
    from bot.web.pages import STATE_LABELS, int_param

    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(UNIT_VIEW)
        info = current_round(session, who.plan_id)
        if info is None or code not in info.indicators:
            raise HTTPException(404, "indicator")
        kb = web.services.kb
        status = cached_status(session, kb, info)
        ind = next(i for i in status.indicators if i.code == code)
        owed = board.owed_map(session, kb, info)
        parts = sorted(((uid, m[code]) for uid, m in owed.items() if code in m), key=lambda p: p[1].unit)
        if not who.plan_wide(UNIT_VIEW):
            mine = set(who.own_unit_ids())
            parts = [p for p in parts if p[0] in mine]
        pages = max(1, math.ceil(len(parts) / PAGE_PARTS))
        page = int_param(request, "page", 1, low=1, high=pages)
        shown = parts[(page - 1) * PAGE_PARTS: page * PAGE_PARTS]
        versions = _versions(session, info.id, code, [uid for uid, _ in shown])
        files = _evidence(session, [v["id"] for vs in versions.values() for v in vs])
        book = plan_book(kb, info.plan)
        choices = input_choices(book, code)
        tz = ZoneInfo(web.settings.bot.timezone)
        for vs in versions.values():  # each line made here once: a thousand parts through template loops was slow
            for v in vs:
                at = v["at"].astimezone(tz) if v["at"].tzinfo else v["at"]
                v["line"] = " · ".join(x for x in (
                    STATE_LABELS.get(v["state"], v["state"]), "nộp muộn" if v["late"] else "",
                    (v["by"] or "?") + (" (nhập thay)" if v["on_behalf"] else ""), at.strftime("%d/%m/%Y %H:%M"))
                    if x)
                v["values"] = "; ".join(f"{n} = {_shown(x)}" for n, x in shown_inputs(choices, v["inputs"]).items())
                kept = files.get(v["id"], [])
                v["files"] = [f for f in kept if f.url is None]
                v["links"] = [(_href(f.url), f.name, f.url) for f in kept if f.url is not None]
        rows = [(uid, duty, versions.get(uid, [])) for uid, duty in shown]
        if who.plan_wide(VALUES_APPROVE):  # a focal point: every unit of the plan, no check per part
            may_approve = {uid for uid, _ in shown}
        else:
            may_approve = {uid for uid, _ in shown if who.allowed(VALUES_APPROVE, uid)}
        card = _card(web, info.plan, code)
        done = DONE.get(request.query_params.get("done", ""), "")
        return web.page(request, "indicator.html", viewer=who, info=info, ind=ind, rows=rows, card=card,
                        combined=shown_inputs(choices, ind.inputs), labels=STATE_LABELS, page=page, pages=pages,
                        total_parts=len(parts), may_approve=may_approve, csrf=who.user.csrf, done=done,
                        images=IMAGE_TYPES, code_url=quote(code, safe=""),
                        see_all=who.allowed(PLAN_VIEW_ALL))


def _shown(value: Any) -> str:
    from scoring.numbers import format_vn

    return str(format_vn(value)) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _versions(session: Any, round_id: int, code: str, unit_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every version of these units' parts of one indicator, oldest first, as plain dicts."""
    if not unit_ids:
        return {}
    rows = session.execute(
        select(RoundValue.unit_id, ValueVersion.id, ValueVersion.number, ValueVersion.inputs, ValueVersion.state,
               ValueVersion.late, ValueVersion.note, ValueVersion.comment, ValueVersion.created_at,
               ValueVersion.on_behalf, Official.name)
        .join(ValueVersion, ValueVersion.value_id == RoundValue.id)
        .outerjoin(Official, Official.id == ValueVersion.official_id)
        .where(RoundValue.round_id == round_id, RoundValue.indicator == code,
               board.among(session, RoundValue.unit_id, unit_ids))
        .order_by(RoundValue.unit_id, ValueVersion.number)
    )
    out: dict[int, list[dict[str, Any]]] = {}
    for uid, vid, number, inputs, state, late, note, comment, at, behalf, who in rows:
        out.setdefault(int(uid), []).append({
            "id": vid, "number": number, "inputs": dict(inputs or {}), "state": state, "late": bool(late),
            "note": note or "", "comment": comment or "", "at": at, "on_behalf": bool(behalf), "by": who or ""})
    return out


def _evidence(session: Any, version_ids: list[int]) -> dict[int, list[EvidenceFile]]:
    if not version_ids:
        return {}
    out: dict[int, list[EvidenceFile]] = {}
    for row in session.scalars(select(EvidenceFile).where(board.among(session, EvidenceFile.version_id, version_ids))
                               .order_by(EvidenceFile.id)):
        out.setdefault(row.version_id, []).append(row)
    return out


def _href(url: str) -> str:
    """A link row's address when it may be a link on the page (checked again as when it was taken: http or https,
    a host, no credentials); empty otherwise, and the page shows it as text."""
    try:
        return check_link(url)
    except BadEvidenceLink:
        return ""


def _card(web: Web, plan_id: str, code: str) -> str:
    """The chat's method card for the indicator (its HTML is Telegram's escaped subset: safe to embed)."""
    from knowledge.record import full_record

    record = full_record(web.services.kb, plan_id, code.split("#")[0])
    if record is None:
        return ""
    _, html = web.services.renderer.render(
        "indicator", r=record, order=["method", "owner", "deadline", "evidence", "result"], focus="method",
        asked="method", occurrence=0, years=[], plan_name=web.services.kb.plan(plan_id).label,
        today=web.services.clock().astimezone(ZoneInfo(web.settings.bot.timezone)).date())
    return html


async def decide(web: Web, request: Request) -> Response:
    """POST ``/i/<code>/u/<unit>/return`` (with ``reason``) or ``…/approve``: the focal point's decision on the
    unit's latest submitted version."""
    form = await check_csrf(request)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_decide, web, request, form)


def _decide(web: Web, request: Request, form: dict[str, Any]) -> Response:
    from bot.web.pages import _id

    code = str(request.path_params.get("code", ""))[:40]
    unit_id = _id(request, "unit_id")
    action = str(request.path_params.get("action", ""))
    reason = str(form.get("reason", "")).strip()[:MAX_REASON]
    now = web.services.clock()
    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(VALUES_APPROVE, unit_id)
        info = current_round(session, who.plan_id)
        if info is None or code not in info.indicators:
            raise HTTPException(404, "indicator")
        by = official_id_for(session, who.user.channel, who.user.user_id)
        try:
            if action == "return":
                version = value_service.return_value(session, info.id, unit_id, code, reason, by=by, now=now)
                notice = web.services.renderer.reply(
                    "progress_returned_notice", plan_name=web.services.kb.plan(info.plan).label,
                    code=code, comment=reason, version=version.number)
                for key, channel, chat in returned_notices(session, version.id, unit_id):
                    outbox.enqueue(session, key, Outgoing(channel, chat, notice), now)
            elif action == "approve":
                version = value_service.approve(session, info.id, unit_id, code, by=by, now=now)
                unit = unit_by_id(session, unit_id)
                announce.tell_approved(session, web.services.kb, web.services.renderer, info, version,
                                       unit.label if unit is not None else str(unit_id), by, now)
            else:
                raise HTTPException(404, "action")
        except RoundError as exc:
            session.rollback()
            raise HTTPException(409, exc.reason) from None
    done = "returned" if action == "return" else "approved"
    return RedirectResponse(f"/i/{quote(code, safe='')}?done={done}#u{unit_id}", status_code=303)


ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/i/{code}", indicator_page, ["GET"]),
    ("/i/{code}/u/{unit_id}/{action}", decide, ["POST"]),
]
