"""The dashboard's pages: the open round (counts, the units × indicators matrix with filters and paging), a
unit, the scores, the round's workbook, an evidence file. The indicator page and its Return and Approve are in
``bot.web.review``. Each page checks the viewer's permission with the chat's actions; a unit named in a URL is
checked like a unit named in a button (a forged id is refused with 403)."""

from __future__ import annotations

import math
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response, StreamingResponse

from bot.core.permissions import PLAN_VIEW_ALL, ROUND_MANAGE, SCORES_VIEW, UNIT_VIEW, VALUES_APPROVE
from bot.db.models import EvidenceFile, RoundValue, ValueVersion
from bot.services import board
from bot.services import rounds as round_service
from bot.services.entry import owed_by
from bot.services.officials import unit_members
from bot.services.scores import cached_status, current_round, losses
from bot.services.units import unit_by_id
from bot.web import admin, review
from bot.web.app import Web
from bot.web.auth import Viewer, viewer

PAGE_UNITS = 25  # matrix rows per page: 110 indicators × 25 units stays well under 200 KB
STATE_LABELS = {"empty": "chưa nhập", "draft": "nháp", "submitted": "đã nộp", "returned": "bị trả lại",
                "approved": "đã duyệt", "late": "nộp muộn", "partial": "đang nhập", "none": "không phải nộp"}
STATE_MARKS = {"empty": "·", "draft": "n", "submitted": "✓", "returned": "↩", "approved": "★", "none": ""}
# a matrix cell's HTML for each (state, late): made once, from fixed strings only
CELLS = {(state, late): f'<td class="s-{state}{" late" if late else ""}">{mark}{"!" if late else ""}</td>'
         for state, mark in STATE_MARKS.items() for late in (False, True)}


def int_param(request: Request, name: str, default: int = 0, *, low: int = 0, high: int = 10**9) -> int:
    """A whole number from the query string, kept within bounds (junk gives the default)."""
    raw = request.query_params.get(name, "")
    if not raw.isdigit() or len(raw) > 10:
        return default
    return max(low, min(high, int(raw)))


def text_param(request: Request, name: str, limit: int = 80) -> str:
    return request.query_params.get(name, "")[:limit].strip()


def the_round(web: Web, session: Any, who: Viewer) -> round_service.RoundInfo | None:
    return current_round(session, who.plan_id)


def home(web: Web, request: Request) -> Response:
    """``/``: the open round (else the latest) at a glance."""
    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(UNIT_VIEW)
        info = the_round(web, session, who)
        if info is None:
            return web.page(request, "no_round.html", viewer=who)
        kb = web.services.kb
        status = cached_status(session, kb, info)
        owed = board.owed_map(session, kb, info)
        every = who.plan_wide(UNIT_VIEW)
        units = [u for u in status.units if u.owed] if every else [
            u for u in status.units if u.unit_id in set(who.own_unit_ids())]
        pillar = text_param(request, "pillar", 8)
        typed = text_param(request, "unit")
        state = text_param(request, "state", 12)
        if typed:
            keep = board.name_matches(((u.unit_id, u.name) for u in units), typed)
            units = [u for u in units if u.unit_id in keep]
        if state in board.FILTER_STATES:
            keep = board.units_in_state(session, info, state, owed)
            units = [u for u in units if u.unit_id in keep]
        pillars = [p.code for p in status.pillars]
        columns = [i for i in status.indicators
                   if not pillar or i.code == pillar or i.code.startswith(f"{pillar}.")]
        pages = max(1, math.ceil(len(units) / PAGE_UNITS))
        page = int_param(request, "page", 1, low=1, high=pages)
        shown = units[(page - 1) * PAGE_UNITS: page * PAGE_UNITS]
        found = board.cells(session, info.id, [u.unit_id for u in shown])
        rows = []
        none, empty = CELLS[("none", False)], CELLS[("empty", False)]
        for u in shown:  # cells joined here from ready-made strings: 25 × 110 through the template took 100 ms
            mine = owed.get(u.unit_id, {})
            cells = [none if ind.code not in mine else
                     CELLS.get(found.get((u.unit_id, ind.code), ("empty", False)), empty) for ind in columns]
            rows.append((u, Markup("".join(cells))))
        counts = board.counts(session, info, status) if every else None
        return web.page(request, "round.html", viewer=who, info=info, counts=counts, columns=columns, rows=rows,
                        pillars=pillars, pillar=pillar, typed=typed, state=state, states=board.FILTER_STATES,
                        labels=STATE_LABELS, marks=STATE_MARKS, page=page, pages=pages, total_units=len(units),
                        query=_query(pillar=pillar, unit=typed, state=state))


def _query(**kept: str) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in kept.items() if v})


def unit_page(web: Web, request: Request) -> Response:
    """``/u/<id>``: what a unit owes in the round, each part's state, its officials."""
    unit_id = _id(request, "unit_id")
    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(UNIT_VIEW, unit_id)
        unit = unit_by_id(session, unit_id)
        if unit is None:
            raise HTTPException(404, "unit")
        info = the_round(web, session, who)
        owed = owed_by(session, web.services.kb, info, unit_id) if info else []
        late = {r[0]: r[1] for r in session.execute(
            RoundValue.__table__.select().with_only_columns(RoundValue.indicator, RoundValue.late)
            .where(RoundValue.round_id == info.id, RoundValue.unit_id == unit_id))} if info else {}
        members = unit_members(session, unit_id)
        return web.page(request, "unit.html", viewer=who, unit=unit, info=info, owed=owed, late=late,
                        members=members, labels=STATE_LABELS,
                        remind=web.remind is not None and info is not None and info.state == "open"
                        and who.allowed(ROUND_MANAGE, unit_id),
                        may_review=who.allowed(VALUES_APPROVE, unit_id))


async def remind(web: Web, request: Request) -> Response:
    """POST ``/u/<id>/remind``: "Nhắc ngay" for a unit, done by ``web.remind`` when the reminders side has set it
    (the button shows only then); the same permission as reminding from the chat's /tiendo is the hook's to check,
    the unit's view is checked here."""
    from starlette.concurrency import run_in_threadpool

    from bot.web.auth import check_csrf

    await check_csrf(request)
    return await run_in_threadpool(_remind, web, request)


def _remind(web: Web, request: Request) -> Response:
    unit_id = _id(request, "unit_id")
    if web.remind is None:
        raise HTTPException(404, "remind")
    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(UNIT_VIEW, unit_id)
        info = the_round(web, session, who)
        if info is None:
            raise HTTPException(404, "round")
        said = web.remind(session, info.id, unit_id, who)
    return web.page(request, "done.html", viewer=who, message=said, back=f"/u/{unit_id}")


def remind_unit(web: Web, session: Any, round_id: int, unit_id: int, who: Viewer) -> str:
    """The "Nhắc ngay" hook ``create_app`` sets: the chat's /tiendo button done from the web, with its
    permission (managing the round), its service (``bot.services.remind.remind_now``, under the planner's
    outbox key: a unit is reminded at most once a day whether by the planner, the chat or here) and its
    message (``progress_reminded``, as text)."""
    from bot.services.remind import remind_now

    who.require(ROUND_MANAGE, unit_id)
    info = round_service.get_round(session, round_id)
    if info.state != "open":
        raise HTTPException(409, "Đợt thu thập đã đóng: không nhắc nữa.")
    unit = unit_by_id(session, unit_id)
    services = web.services
    done = remind_now(session, services.kb, web.settings, unit_id, services.clock(), services.renderer)
    label = unit.label if unit is not None else str(unit_id)
    return services.renderer.reply("progress_reminded", done=done, unit=label).text


def _id(request: Request, name: str) -> int:
    raw = str(request.path_params.get(name, ""))
    if not raw.isdigit() or len(raw) > 12:
        raise HTTPException(404, name)
    return int(raw)


def scores_page(web: Web, request: Request) -> Response:
    """``/scores``: the total and the pillars (bars drawn in SVG), and where points are lost, most first, with
    the units that own them and their deadlines."""
    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(SCORES_VIEW)
        info = the_round(web, session, who)
        if info is None:
            return web.page(request, "no_round.html", viewer=who)
        status = cached_status(session, web.services.kb, info)
        lost = losses(web.services.kb, status)[:50]
        return web.page(request, "scores.html", viewer=who, info=info, status=status, lost=lost)


def workbook(web: Web, request: Request) -> Response:
    """``/download/workbook``: the round's Excel report, the same as ``dti-bot export`` makes."""
    from bot.services.reports import report

    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(PLAN_VIEW_ALL)
        info = the_round(web, session, who)
        if info is None:
            raise HTTPException(404, "round")
        data = report(session, web.services.kb, info, ZoneInfo(web.settings.bot.timezone))
    name = f"dti-{info.plan}-{info.period}.xlsx"
    chunk = 64 * 1024
    return StreamingResponse(
        (data[i:i + chunk] for i in range(0, len(data), chunk)),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": f'attachment; filename="{name}"', "content-length": str(len(data))})


def downloads(web: Web, request: Request) -> Response:
    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(PLAN_VIEW_ALL)
        info = the_round(web, session, who)
        return web.page(request, "downloads.html", viewer=who, info=info)


def evidence_file(web: Web, request: Request) -> Response:
    """``/evidence/<id>``: a stored evidence file, to whoever may see its unit's values; pictures inline,
    anything else as a download (never rendered by the browser as a page of this site). A link row is no file
    (its ``path`` is empty): 404, the page shows it as a link."""
    from bot.core.files import FileStore

    file_id = _id(request, "file_id")
    with web.db.session() as session:
        who = viewer(web, request, session)
        row = session.get(EvidenceFile, file_id)
        version = session.get(ValueVersion, row.version_id) if row is not None else None
        slot = session.get(RoundValue, version.value_id) if version is not None else None
        if row is None or slot is None:
            raise HTTPException(404, "file")
        who.require(UNIT_VIEW, slot.unit_id)
        if row.url is not None or not row.sha256:  # a link (migration 0010): nothing in the store to serve
            raise HTTPException(404, "file")
        name, mime, digest = row.name, row.mime, row.sha256
    try:
        path = FileStore.from_settings(web.settings.files).path_of(digest)
    except ValueError:
        raise HTTPException(404, "file") from None
    if not path.is_file():
        raise HTTPException(404, "file")
    image = mime in review.IMAGE_TYPES
    return FileResponse(path, media_type=mime if image else "application/octet-stream", filename=name,
                        content_disposition_type="inline" if image else "attachment")


ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/", home, ["GET"]),
    ("/u/{unit_id}", unit_page, ["GET"]),
    ("/u/{unit_id}/remind", remind, ["POST"]),
    ("/scores", scores_page, ["GET"]),
    ("/downloads", downloads, ["GET"]),
    ("/download/workbook", workbook, ["GET"]),
    ("/evidence/{file_id}", evidence_file, ["GET"]),
    *review.ROUTES,
    *admin.ROUTES,
]
