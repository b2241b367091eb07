"""The ASGI application: one ``Web`` per process (settings, the shared services, the database, the templates),
security headers on every response, error pages in Vietnamese, and the routes (``bot.web.pages``).

Endpoints are plain functions run in Starlette's thread pool, each in its own database transaction, as a chat
turn is: several processes may serve the same database."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.config import Settings
from bot.core.services import Services
from bot.db.session import Database

HERE = Path(__file__).parent
log = logging.getLogger(__name__)
CSP = ("default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # the login link's token never leaves in a Referer
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds the Content-Security-Policy and the other headers to every HTTP response (errors included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


class Web:
    """What every page needs. ``remind``: the unit page's "Nhắc ngay" action, ``(session, round_id, unit_id,
    viewer) -> str`` (the message shown after it), ``pages.remind_unit`` as ``create_app`` sets it; None shows no
    button."""

    def __init__(self, settings: Settings, services: Services, db: Database) -> None:
        self.settings = settings
        self.services = services
        self.db = db
        self.remind: Callable[..., str] | None = None
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["vn"] = _vn_number

    def page(self, request: Request, name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("viewer", None)
        html = self.env.get_template(name).render(request=request, **context)
        return HTMLResponse(html, status_code=http_status)


def _vn_number(value: Any) -> str:
    from scoring.numbers import format_vn

    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return str(format_vn(value))


def create_app(settings: Settings, services: Services, db: Database) -> Starlette:
    from bot.web import auth, pages

    web = Web(settings, services, db)
    web.remind = partial(pages.remind_unit, web)

    def bind(handler: Callable[..., Any]) -> Callable[[Request], Awaitable[Response] | Response]:
        if _is_async(handler):
            async def run_async(request: Request) -> Response:
                result: Response = await handler(web, request)
                return result
            return run_async

        def run(request: Request) -> Response:
            result: Response = handler(web, request)
            return result
        return run

    routes = [
        Route("/login/{token}", bind(auth.login), methods=["GET", "HEAD"]),
        Route("/logout", bind(auth.logout), methods=["POST"]),
        *[Route(path, bind(handler), methods=methods) for path, handler, methods in pages.ROUTES],
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    def error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return web.page(request, "error.html", http_status=exc.status_code, code=exc.status_code, detail=exc.detail)

    def crash(request: Request, exc: Exception) -> Response:
        """An unexpected error: logged, a Vietnamese page, and the security headers (this handler runs outside
        the middleware)."""
        log.error("web request %s failed", request.url.path, exc_info=exc)
        response = web.page(request, "error.html", http_status=500, code=500, detail="")
        for name, value in HEADERS:
            response.headers[name.decode()] = value.decode()
        return response

    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={HTTPException: error, Exception: crash})
    app.state.web = web
    return app


def _is_async(handler: Callable[..., Any]) -> bool:
    import inspect

    return inspect.iscoroutinefunction(handler)
