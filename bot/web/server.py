"""Serving the dashboard with uvicorn: alone (``dti-bot web``) or beside the channels in ``dti-bot run``'s event
loop. The socket is bound here (``SO_REUSEPORT`` where the system has it), so several processes can serve one
port and port 0 picks a free one whose number is then known (printed, and used for the login links)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    import uvicorn

    from bot.core.app import Core


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (IPv6 when the host is an IPv6 address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if hasattr(socket, "SO_REUSEPORT") and port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def make_server(settings: Settings, core: Core) -> uvicorn.Server:
    import uvicorn

    from bot.web.app import create_app

    app = create_app(settings, core.services, core.db)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False,
                            proxy_headers=False)

    class Server(uvicorn.Server):
        """uvicorn's server without its own signal handling: the caller's loop owns SIGINT and SIGTERM
        (``dti-bot web`` and ``dti-bot run`` set ``stop``), and a test's process keeps its handlers."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return Server(config)


async def serve(settings: Settings, core: Core, sock: socket.socket, stop: asyncio.Event) -> None:
    """Serve on ``sock`` until ``stop`` is set, then finish the requests in flight."""
    server = make_server(settings, core)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    waiter.cancel()
    await task
