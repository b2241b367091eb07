"""`dti-bot run`: serve every channel that has a token (Telegram, Zalo) in one process, until Ctrl+C/SIGTERM.

All channels share one event loop and one core. With no token configured there is nothing to run: the command
says, in Vietnamese, how to configure one and exits with 2 (the plain ``dti-bot`` falls back to the console).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING, Protocol

from bot.cli.args import moment
from bot.config import Settings

if TYPE_CHECKING:
    import asyncio

    from bot.channels.outbox_sender import Deliverer
    from bot.core.app import Core

log = logging.getLogger(__name__)

HOW_TO_CONFIGURE = """\
Chưa có kênh nào được cấu hình: cần token của ít nhất một bot.

  Telegram: tạo bot với @BotFather, rồi đặt token vào
      [telegram]
      token = "123456:ABC..."
    trong config.toml, hoặc biến môi trường DTI_TELEGRAM_TOKEN.
    Chế độ webhook: thêm telegram.webhook_url (và nên đặt telegram.secret_token).

  Zalo: tạo bot trong ứng dụng Zalo Bot Manager, rồi đặt token vào
      [zalo]
      token = "..."
    hoặc biến môi trường DTI_ZALO_TOKEN. Khi chạy thật nên dùng webhook: zalo.webhook_url
    và zalo.secret_token (8–256 ký tự).

Xem mẫu trong config.example.toml. Muốn thử ngay trong terminal: dti-bot chat
"""


class Channel(Protocol):
    name: str

    @property
    def mode(self) -> str: ...

    def deliverer(self) -> Deliverer: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def configure(parser: argparse.ArgumentParser) -> None:
    """Which channels run follows from the tokens in the settings. ``--now`` starts the bot's clock at another
    moment (trials and tests of the reminders, which go out only in working hours); the clock runs on from it."""
    parser.add_argument("--now", type=moment,
                        help="bắt đầu đồng hồ của bot tại thời điểm ISO-8601 này (để thử nhắc việc), "
                             "ví dụ 2025-12-24T09:00+07:00")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not (settings.telegram.token or settings.zalo.token):
        print(HOW_TO_CONFIGURE, file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.bot.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request log would print bot tokens (in URLs)
    from bot.channels.bridge import ChannelStartError
    from bot.cli.common import open_core
    from bot.core.services import shifted_clock

    now = getattr(args, "now", None)  # checked by argparse (``args.moment``)
    if now is not None and now.tzinfo is None:
        from zoneinfo import ZoneInfo

        now = now.replace(tzinfo=ZoneInfo(settings.bot.timezone))
    core = open_core(settings, clock=shifted_clock(now) if now else None)
    if core is None:  # open_core has said why, in Vietnamese
        return 1
    try:
        import asyncio  # here, not at the top: every dti-bot command imports this module to build its parser

        asyncio.run(serve(settings, core))
    except ChannelStartError as exc:
        print(f"Không khởi động được bot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        core.db.dispose()
    return 0


def make_channels(settings: Settings, core: Core) -> list[Channel]:
    """One channel per configured token (imported only when needed)."""
    channels: list[Channel] = []
    if settings.telegram.token:
        from bot.channels.telegram import TelegramChannel

        channels.append(TelegramChannel(settings.telegram, core))
    if settings.zalo.token:
        from bot.channels.zalo import ZaloChannel

        channels.append(ZaloChannel(settings.zalo, core))
    return channels


async def keep_in_step(core: Core) -> None:
    """Between turns too, keep what the process holds in step with the database (a plan imported while the
    bot runs reaches the reminder job even when nobody writes)."""
    import asyncio

    from bot.services import plan_import

    while True:
        await asyncio.sleep(plan_import.CHECK_SECONDS)
        try:
            await asyncio.to_thread(core.refresh)
        except Exception:
            log.exception("Lỗi khi nạp lại kế hoạch đã nhập; sẽ thử lại")


def start_web(settings: Settings, core: Core, stop: asyncio.Event) -> asyncio.Task[None] | None:
    """The web dashboard in this event loop when ``[web] port`` is set (``bot.web``); it stops with ``stop``."""
    import asyncio

    if not settings.web.port:
        return None
    from bot.web.server import bind, serve

    try:
        sock = bind(settings.web.listen, settings.web.port)
    except OSError as exc:
        print(f"Không mở được trang web ở {settings.web.listen}:{settings.web.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return None
    print(f"Trang web đang chạy tại http://{settings.web.listen}:{settings.web.port}/", file=sys.stderr)
    return asyncio.create_task(serve(settings, core, sock, stop))


async def serve(settings: Settings, core: Core) -> None:
    """Start every channel, the outbox sender and the reminder job beside them, wait for a stop signal, stop the
    job and the sender, then the channels in reverse order (also after a failed start)."""
    import asyncio
    import signal

    from bot.channels.bridge import shared
    from bot.channels.outbox_sender import OutboxSender
    from bot.reminders.job import ReminderJob

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    started: list[Channel] = []
    sender: OutboxSender | None = None
    job: ReminderJob | None = None
    try:
        for channel in make_channels(settings, core):
            await channel.start()
            started.append(channel)
            print(f"Kênh {channel.name} đang chạy ({channel.mode}). Nhấn Ctrl+C để dừng.", file=sys.stderr)
        sender = OutboxSender(core.db, {c.name: c.deliverer() for c in started}, core.services.clock,
                              wake=shared(core).outbox_wake)
        sender.start()
        job = ReminderJob(core, shared(core).outbox_wake)
        job.start()
        keeper = asyncio.create_task(keep_in_step(core))
        web = start_web(settings, core, stop)
        await stop.wait()
        keeper.cancel()
        if web is not None:
            await web
        print("Đang dừng bot...", file=sys.stderr)
    finally:
        if job is not None:
            job.stop()
        if sender is not None:
            await sender.stop()
        for channel in reversed(started):
            try:
                await channel.stop()
            except Exception:
                log.exception("Lỗi khi dừng kênh %s", channel.name)
