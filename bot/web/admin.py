"""The dashboard's admin page: registration requests to decide (``registration:decide``, the chat's /duyet and
/tuchoi: the requester told through the outbox under the chat's key), invite codes (``officials:manage``: the
codes ``dti-bot invite`` makes, to send as ``/start CODE`` or ``/dangky CODE``), and the group units with their
members."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.core import outbox
from bot.core.permissions import OFFICIALS_MANAGE, REGISTRATION_DECIDE
from bot.db.models import RegistrationRequest, Unit, UnitGroup
from bot.handlers.register import outcome_message
from bot.services.officials import ROLES, official_id_for
from bot.services.registration import PENDING, create_invite, decide_request, request_info
from bot.services.units import unit_by_id
from bot.web.app import Web
from bot.web.auth import check_csrf, viewer

MEMBERS_SHOWN = 30
ROLE_LABELS = {"official": "cán bộ", "head": "lãnh đạo đơn vị", "focal": "đầu mối", "admin": "quản trị"}
INVITE_DAYS = 7


def admin_page(web: Web, request: Request, *, invite: Any = None) -> Response:
    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(REGISTRATION_DECIDE)
        plan = who.plan_id
        pending = [request_info(session, rid) for rid in session.scalars(
            select(RegistrationRequest.id).join(Unit, Unit.id == RegistrationRequest.unit_id)
            .where(Unit.plan_id == plan, RegistrationRequest.status == PENDING)
            .order_by(RegistrationRequest.created_at).limit(200))]
        groups = []
        for gid, name in session.execute(select(Unit.id, Unit.name).where(Unit.plan_id == plan, Unit.is_group)
                                         .order_by(Unit.name)):
            own = select(Unit.name).where(Unit.parent_id == gid)
            joined = select(Unit.name).join(UnitGroup, UnitGroup.member_id == Unit.id).where(UnitGroup.group_id == gid)
            both = own.union(joined).subquery()
            count = session.scalar(select(func.count()).select_from(both)) or 0
            names = list(session.scalars(select(both.c.name).order_by(both.c.name).limit(MEMBERS_SHOWN)))
            groups.append((gid, name, count, names))
        may_invite = who.allowed(OFFICIALS_MANAGE)
        units = list(session.execute(select(Unit.id, Unit.name).where(
            Unit.plan_id == plan, Unit.parent_id.is_(None)).order_by(Unit.name))) if may_invite else []
        return web.page(request, "admin.html", viewer=who, pending=[p for p in pending if p], groups=groups,
                        may_invite=may_invite, units=units, roles=ROLE_LABELS, invite=invite, csrf=who.user.csrf,
                        shown=MEMBERS_SHOWN, done=request.query_params.get("done", ""),
                        deep_link=deep_link(web.settings.telegram.username, invite.code) if invite else "")


def deep_link(username: str, code: str) -> str:
    """Telegram's link that opens the bot with ``/start CODE`` (none without the bot's username in the settings)."""
    return f"https://t.me/{username}?start={code}" if username else ""


def admin(web: Web, request: Request) -> Response:
    return admin_page(web, request)


async def decide(web: Web, request: Request) -> Response:
    await check_csrf(request)
    return await run_in_threadpool(_decide, web, request)


def _decide(web: Web, request: Request) -> Response:
    from bot.web.pages import _id

    request_id = _id(request, "request_id")
    verb = str(request.path_params.get("verb", ""))
    if verb not in ("approve", "reject"):
        raise HTTPException(404, "verb")
    now = web.services.clock()
    with web.db.session() as session:
        who = viewer(web, request, session)
        info = request_info(session, request_id)
        if info is None or info.unit.plan_id != who.plan_id:
            raise HTTPException(404, "request")
        who.require(REGISTRATION_DECIDE)
        decider = official_id_for(session, who.user.channel, who.user.user_id)
        assert decider is not None  # require() refuses anyone unregistered
        result = decide_request(session, request_id, approve=verb == "approve", decider_id=decider, now=now)
        if result.status == "already" or result.request is None:
            raise HTTPException(409, "Yêu cầu này đã được quyết định trước đó.")
        key, outgoing = outcome_message(web.services.renderer, result.request,
                                        web.services.kb.plan(result.request.unit.plan_id).label)
        outbox.enqueue(session, key, outgoing, now)
    return RedirectResponse(f"/admin?done={result.status}", status_code=303)


async def invite(web: Web, request: Request) -> Response:
    form = await check_csrf(request)
    return await run_in_threadpool(_invite, web, request, form)


def _invite(web: Web, request: Request, form: dict[str, Any]) -> Response:
    role = str(form.get("role", ""))
    raw = str(form.get("unit", ""))
    if role not in ROLES or not raw.isdigit() or len(raw) > 12:
        raise HTTPException(409, "Chọn đơn vị và vai trò trong danh sách.")
    with web.db.session() as session:
        who = viewer(web, request, session)
        who.require(OFFICIALS_MANAGE)
        unit = unit_by_id(session, int(raw))
        if unit is None or unit.plan_id != who.plan_id:
            raise HTTPException(409, "Đơn vị không thuộc kế hoạch này.")
        made = create_invite(session, unit.id, role, web.services.clock(), days=INVITE_DAYS)
    return admin_page(web, request, invite=made)


ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/admin", admin, ["GET"]),
    ("/admin/request/{request_id}/{verb}", decide, ["POST"]),
    ("/admin/invite", invite, ["POST"]),
]
