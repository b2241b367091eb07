"""Who is asking, and may they: the session cookie read into a ``Viewer`` (the chat user the session acts as,
with their memberships), permission checks through ``bot.core.permissions.check`` (the chat's one rule), the
CSRF check of every form that changes something, and the login and logout routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.core.permissions import MATRIX, PLAN, check
from bot.services import web_login
from bot.services.officials import OfficialInfo, official_for
from bot.services.units import UnitInfo, unit_by_id

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.web.app import Web

COOKIE = "dti_session"
PREVIEW_AGENTS = ("TelegramBot", "facebookexternalhit", "Zalo", "Slackbot", "WhatsApp")  # link previews


class Refused(HTTPException):
    """403 with the chat's Vietnamese reason (rendered by the app's error page)."""

    def __init__(self, reason: str) -> None:
        super().__init__(403, reason)


class NotLoggedIn(HTTPException):
    def __init__(self, expired: bool = False) -> None:
        super().__init__(401, "expired" if expired else "none")


@dataclass
class Viewer:
    """The logged-in chat user on this request: their official record (None once removed) and plan."""

    user: web_login.WebUser
    official: OfficialInfo | None
    session: Session

    @property
    def plan_id(self) -> str:
        return self.user.plan_id

    def refusal(self, action: str, unit_id: int | None = None) -> str | None:
        unit: UnitInfo | None = None
        if unit_id is not None:
            mine = [m.unit for m in self.official.memberships if m.unit.id == unit_id] if self.official else []
            unit = mine[0] if mine else unit_by_id(self.session, unit_id)
        refused = check(self.official, action, plan_id=self.plan_id, unit_id=unit_id, unit=unit)
        if refused is None:
            return None
        from bot.core.permissions import reason_text

        return reason_text(refused)

    def allowed(self, action: str, unit_id: int | None = None) -> bool:
        return self.refusal(action, unit_id) is None

    def require(self, action: str, unit_id: int | None = None) -> None:
        reason = self.refusal(action, unit_id)
        if reason is not None:
            raise Refused(reason)

    def plan_wide(self, action: str) -> bool:
        """May do ``action`` for every unit of the plan (a focal point, an admin), as ``permissions.plan_wide``."""
        if self.official is None or not self.official.active:
            return False
        return any(MATRIX[action].get(m.role) == PLAN for m in self.official.in_plan(self.plan_id))

    def own_unit_ids(self) -> list[int]:
        """The units the viewer belongs to in the plan, and the groups they cover for reading."""
        if self.official is None:
            return []
        ids = []
        for m in self.official.in_plan(self.plan_id):
            ids.append(m.unit.id)
            ids.extend(m.unit.group_ids)
        return list(dict.fromkeys(ids))


def viewer(web: Web, request: Request, session: Session) -> Viewer:
    """The request's viewer, or ``NotLoggedIn`` (no cookie, an unknown one, a revoked or idle session)."""
    cookie = request.cookies.get(COOKIE, "")
    user = web_login.current(session, cookie, now=web.services.clock()) if cookie else None
    if user is None:
        raise NotLoggedIn(expired=bool(cookie))
    return Viewer(user, official_for(session, user.channel, user.user_id, identities=False), session)


async def check_csrf(request: Request) -> dict[str, Any]:
    """The posted form, after checking its CSRF token against the session's (403 without it)."""
    form = await request.form()
    given = str(form.get("csrf", ""))
    if not web_login.csrf_ok(request.cookies.get(COOKIE, ""), given):
        raise HTTPException(403, "csrf")
    return {k: v for k, v in form.items()}


def secure(web: Web, request: Request) -> bool:
    return web.settings.web.public_url.startswith("https://") or request.url.scheme == "https"


def login(web: Web, request: Request) -> Response:
    """``/login/<token>``: a new session (a new id, whatever cookie came), its cookie, 303 to ``/``. A link
    preview robot (the chat app fetching the link to show a preview) gets a page without using the link."""
    agent = request.headers.get("user-agent", "")
    if request.method == "HEAD" or any(bot in agent for bot in PREVIEW_AGENTS):
        return web.page(request, "login_preview.html")
    token = request.path_params["token"]
    now = web.services.clock()
    with web.db.session() as session:
        user = web_login.redeem(session, token, now=now)
        old = request.cookies.get(COOKIE, "")
        if user is not None and old:
            web_login.end(session, old, now=now)  # the browser's former session ends: never carried over
    if user is None:
        return web.page(request, "login_refused.html", http_status=410)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, user.session_id, max_age=int(web_login.IDLE.total_seconds()), httponly=True,
                        samesite="lax", secure=secure(web, request), path="/")
    return response


async def logout(web: Web, request: Request) -> Response:
    await check_csrf(request)
    cookie = request.cookies.get(COOKIE, "")
    with web.db.session() as session:
        web_login.end(session, cookie, now=web.services.clock())
    response = web.page(request, "logged_out.html")
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=secure(web, request))
    return response
