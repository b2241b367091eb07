"""`dti-bot web`: the focal point's web dashboard (``bot.web``) on ``[web] listen`` and ``port`` until Ctrl+C.

``--port 0`` takes a free port (tests, benchmarks); the address is printed once the socket listens. Several
processes may serve one port (each binds with ``SO_REUSEPORT``) over the same database. ``--check`` opens the
database and builds the application, then exits: a configuration test that serves nothing."""

from __future__ import annotations

import argparse
import sys

from bot.cli.args import count
from bot.config import Settings

DEFAULT_PORT = 8080


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=count(0, 65535),
                        help=f"cổng nghe (mặc định [web] port, nếu là 0 thì {DEFAULT_PORT}; 0 ở đây: cổng trống)")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra cấu hình và cơ sở dữ liệu rồi thoát")


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio
    import dataclasses
    import logging
    import signal

    from bot.cli.common import open_core

    logging.basicConfig(level=settings.bot.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    port = args.port if args.port is not None else settings.web.port or DEFAULT_PORT
    core = open_core(settings)
    if core is None:
        return 1
    try:
        from bot.web.server import bind, make_server

        if args.check:
            make_server(settings, core)
            print("Cấu hình trang web dùng được.", file=sys.stderr)
            return 0
        try:
            sock = bind(settings.web.listen, port)
        except OSError as exc:
            print(f"Không nghe được ở {settings.web.listen}:{port}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        bound = sock.getsockname()[1]
        if not settings.web.port or args.port is not None:  # login links name the port actually listened on
            settings.web = dataclasses.replace(settings.web, port=bound)
            core.services.settings.web = settings.web
        host = settings.web.listen
        print(f"Trang web đang chạy tại http://{host}:{bound}/ (Ctrl+C để dừng)", file=sys.stderr, flush=True)

        async def main() -> None:
            from bot.web.server import serve

            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await serve(settings, core, sock, stop)

        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        core.db.dispose()
    return 0
