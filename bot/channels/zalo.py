"""The Zalo channel (Zalo Bot Platform): updates become ``Incoming``, replies go out as plain text.

Zalo has no buttons: a reply's choices become numbered lines ("1. label") under its text, and the user
answers with the number, which reaches the core as ordinary text (the core maps a bare number to the choices
it offered last). Messages are at most 2000 characters, so long answers are split at line boundaries. Bots
only see private chats, and may only write to users who wrote first: every chat heard from is remembered.

Webhook mode (production) runs a small HTTP server that checks ``X-Bot-Api-Secret-Token`` before reading
anything; ``getUpdates`` polling is for local development (Zalo documents that it can miss events). In both
modes an update is acknowledged at once and handled in the background, one chat's updates in order.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse
from zoneinfo import ZoneInfo

import httpx
import tornado.web
from aiolimiter import AsyncLimiter
from tornado.httpserver import HTTPServer

from bot.channels.bridge import (
    APOLOGY,
    TEXT_ONLY,
    ChannelStartError,
    ChatLocks,
    already_handled,
    ask_core,
    channel_text,
    mark_handled,
    shared,
)
from bot.channels.outbox_sender import PermanentDeliveryError
from bot.channels.retry import ATTEMPTS, with_retries
from bot.channels.split import split_message
from bot.channels.zalo_api import ZaloApi, ZaloApiError
from bot.config import ZaloSettings
from bot.config_checks import secret_token_problem
from bot.core.app import Core
from bot.core.files import FILES_ROUTE, LINK_TTL, MAX_MB, BadLink, FileStore, FileTooLarge
from bot.core.messages import FileRef, Incoming, Reply, clean_text, numbered_text

log = logging.getLogger(__name__)

CHANNEL = "zalo"
MAX_MESSAGE = 2000
POLL_TIMEOUT = 30
SECRET_HEADER = "X-Bot-Api-Secret-Token"
# Zalo publishes no rate figure: stay well under anything plausible, and back off on 429.
SENDS_PER_SECOND = 8
QUOTA_BACKOFF = 2.0
EVENT_TEXT = "message.text.received"
EVENT_UNSUPPORTED = "message.unsupported.received"
EVENT_IMAGE = "message.image.received"
UNSUPPORTED = channel_text("zalo_unsupported")
FILE_TOO_LARGE = channel_text("file_too_large", limit_mb=MAX_MB)
FILE_FAILED = channel_text("file_failed")
PHOTO_LINK_TTL = timedelta(hours=1)  # Zalo fetches a photo as it is sent
SERVE_CHUNK = 1 << 20  # bytes read and written at a time when serving a file link


def photo_url(message: dict[str, Any]) -> str:
    """The picture's URL in an image message: ``photo`` (a URL, as sent in practice), or ``photo_url``, or a
    ``photo`` object carrying ``url``."""
    photo = message.get("photo") or message.get("photo_url") or ""
    if isinstance(photo, dict):
        photo = photo.get("url") or ""
    return photo if isinstance(photo, str) else ""


def files_path(public_url: str) -> str:
    """The path under which the bot's server answers file links (``<public_url path>/files/``)."""
    return urlparse(public_url).path.rstrip("/") + FILES_ROUTE


def unwrap(body: Any) -> dict[str, Any] | None:
    """The update in a webhook body: bare (as sent in practice) or inside ``{ok, result}`` (as documented)."""
    if isinstance(body, dict) and "event_name" not in body and isinstance(body.get("result"), dict):
        body = body["result"]
    return body if isinstance(body, dict) and "event_name" in body else None


def incoming_from(message: dict[str, Any]) -> Incoming:
    sender, chat = message.get("from") or {}, message.get("chat") or {}
    return Incoming(
        channel=CHANNEL,
        chat_id=str(chat.get("id") or sender.get("id")),
        user_id=str(sender.get("id") or chat.get("id")),
        text=str(message.get("text") or message.get("caption") or "").strip(),  # cleaned by Incoming
        user_name=str(sender.get("display_name") or ""),
        chat_type=str(chat.get("chat_type") or "PRIVATE").lower(),
    )


def transient_error(exc: BaseException) -> float | None:
    """Network trouble, server errors and "quota exceeded" (429) are retried; other API errors are not."""
    if isinstance(exc, httpx.TransportError):
        return 0.0
    if isinstance(exc, ZaloApiError):
        if exc.error_code == 429:
            return QUOTA_BACKOFF
        if exc.error_code >= 500:
            return 0.0
    return None


class ZaloChannel:
    """Start (webhook server or polling loop) and stop inside a running event loop, beside other channels."""

    name = CHANNEL

    def __init__(self, settings: ZaloSettings, core: Core, *, api: ZaloApi | None = None) -> None:
        self.settings = settings
        self.core = core
        self.api = api or ZaloApi(settings.token, settings.base_url)
        self.secret_token = settings.secret_token or secrets.token_urlsafe(32)
        if (problem := secret_token_problem(CHANNEL, self.secret_token)) is not None:
            raise ChannelStartError(f"zalo.secret_token {problem}.")
        self.files: FileStore = shared(core).files
        self.public_url = core.settings.files.public_url.rstrip("/")
        self._zone = ZoneInfo(core.settings.bot.timezone)
        self._chats = ChatLocks()
        self._limiter = AsyncLimiter(SENDS_PER_SECOND, 1)
        self._tasks: set[asyncio.Task[None]] = set()
        self._poller: asyncio.Task[None] | None = None
        self._server: HTTPServer | None = None

    @property
    def mode(self) -> str:
        return "webhook" if self.settings.webhook_url else "getUpdates, chỉ dùng khi phát triển"

    async def start(self) -> None:
        try:
            me = await self.api.get_me()
            if self.settings.webhook_url or self.public_url:
                self._start_server()
            if self.settings.webhook_url:
                await self.api.set_webhook(self.settings.webhook_url, self.secret_token)
            else:
                await self.api.delete_webhook()
                self._poller = asyncio.create_task(self._poll(), name="zalo-poll")
        except ZaloApiError as exc:
            await self._close_server()
            raise ChannelStartError(f"Zalo Bot API từ chối ({exc}); kiểm tra zalo.token.") from None
        except httpx.TransportError as exc:
            await self._close_server()
            raise ChannelStartError(f"Không kết nối được tới {self.settings.base_url}: {exc!r}") from None
        log.info("Kênh Zalo %s đang chạy (%s)", me.get("account_name") or me.get("id", ""), self.mode)

    async def stop(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            await asyncio.gather(self._poller, return_exceptions=True)
        await self._close_server()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=30)
        await self.api.aclose()

    # ------------------------------------------------------------------------------------------- receiving

    def accept(self, update: dict[str, Any]) -> None:
        """Handle ``update`` in the background (the webhook answers Zalo at once)."""
        task = asyncio.create_task(self.handle_update(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def handle_update(self, update: dict[str, Any]) -> None:
        """One update: drop redeliveries, then answer. Errors are logged and apologised for, never raised."""
        message = update.get("message")
        if not isinstance(message, dict):
            log.info("Bỏ qua sự kiện Zalo không có tin nhắn: %s", update.get("event_name"))
            return
        incoming = incoming_from(message)
        if incoming.chat_type != "private":  # Zalo bots are not in groups yet; answer nothing there
            log.info("Bỏ qua tin Zalo ngoài chat riêng (%s)", incoming.chat_type)
            return
        async with self._chats.hold(incoming.chat_id):
            key = clean_text(f"{incoming.chat_id}:{message.get('message_id')}") if message.get("message_id") else ""
            try:
                if key and await already_handled(self.core, CHANNEL, key):
                    log.info("Bỏ qua tin Zalo %s đã xử lý", key)
                    return
                await self._answer(str(update.get("event_name")), incoming, message)
            except Exception:
                log.exception("Lỗi khi xử lý update Zalo %s", update)
                await self._send_quietly(incoming.chat_id, APOLOGY)
            if key:
                await mark_handled(self.core, CHANNEL, key)

    async def _answer(self, event: str, incoming: Incoming, message: dict[str, Any]) -> None:
        if event == EVENT_IMAGE and photo_url(message):
            ref = await self._download(incoming.chat_id, photo_url(message))
            if ref is None:
                return
            incoming = replace(incoming, file=ref)
        if (event == EVENT_TEXT and incoming.text) or incoming.file is not None:
            for reply in await ask_core(self.core, incoming):
                await self.send_reply(incoming.chat_id, reply)
        elif event == EVENT_UNSUPPORTED:
            await self.send(incoming.chat_id, UNSUPPORTED)
        else:  # images, stickers: the bot reads text only
            await self.send(incoming.chat_id, TEXT_ONLY)

    async def _download(self, chat_id: str, url: str) -> FileRef | None:
        """The user's picture, from the URL Zalo gave, into the file store (None after telling the user why not)."""
        try:
            data, mime = await self.api.download(url)
            name = urlparse(url).path.rsplit("/", 1)[-1]
            return await asyncio.to_thread(self.files.save, data, name,
                                           mime if mime.startswith("image/") else "image/jpeg")
        except FileTooLarge:
            await self.send(chat_id, FILE_TOO_LARGE)
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("Không tải được ảnh Zalo: %s", exc)
            await self.send(chat_id, FILE_FAILED)
        return None

    async def _poll(self) -> None:
        """getUpdates forever (until cancelled), backing off while the API or the network is down."""
        delay = 1.0
        while True:
            try:
                updates = await self.api.get_updates(POLL_TIMEOUT)
                delay = 1.0
            except (ZaloApiError, httpx.TransportError) as exc:
                log.warning("getUpdates Zalo thất bại (%s); thử lại sau %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
                continue
            for update in updates:
                self.accept(update)

    # ------------------------------------------------------------------------------------------- sending

    async def send(self, chat_id: str, text: str, *, attempts: int = ATTEMPTS) -> list[str]:
        """``text`` in pieces of at most 2000 characters, paced, retried through outages and 429s; the ids of
        the messages sent."""
        ids: list[str] = []
        for piece in split_message(text, MAX_MESSAGE):
            ids.append(await self._call(partial(self.api.send_message, chat_id, piece), f"sendMessage tới {chat_id}",
                                        attempts))
        return ids

    async def send_reply(self, chat_id: str, reply: Reply, *, attempts: int = ATTEMPTS) -> str:
        """The reply's text (choices numbered), then its files: pictures by a signed link to the bot's own
        server, documents (Zalo cannot upload them) as a text with such a link. Without ``[files] public_url``
        there is no link to give: the user is told the file is available from the focal point. The id of the
        first message sent."""
        ids = await self.send(chat_id, numbered_text(reply), attempts=attempts) if reply.text or reply.buttons else []
        for ref in reply.files:
            if not self.public_url:
                ids += await self.send(chat_id, channel_text("file_unavailable", name=ref.name), attempts=attempts)
            elif ref.is_image:
                url, _ = self.file_link(ref, PHOTO_LINK_TTL)
                ids.append(await self._call(partial(self.api.send_photo, chat_id, url), f"sendPhoto tới {chat_id}",
                                            attempts))
            else:
                url, expires = self.file_link(ref, LINK_TTL)
                text = channel_text("file_link", name=ref.name, url=url,
                                    expires=expires.astimezone(self._zone).strftime("%H:%M %d/%m/%Y"))
                ids += await self.send(chat_id, text, attempts=attempts)
        return ids[0] if ids else ""

    def file_link(self, ref: FileRef, ttl: timedelta) -> tuple[str, datetime]:
        link = self.files.link(ref, datetime.now(UTC), ttl)
        return link.url(self.public_url), link.expires

    async def _call(self, call: partial[Any], what: str, attempts: int) -> str:
        async with self._limiter:
            result = await with_retries(call, transient=transient_error, what=f"{what} (Zalo)", attempts=attempts)
        return str(result.get("message_id", "")) if isinstance(result, dict) else ""

    def deliverer(self) -> ZaloDeliverer:
        return ZaloDeliverer(self)

    async def _send_quietly(self, chat_id: str, text: str) -> None:
        try:
            await self.send(chat_id, text)
        except Exception as exc:
            log.error("Không gửi được tin Zalo tới %s: %s", chat_id, exc)

    # ---------------------------------------------------------------------------------------- webhook server

    def _start_server(self) -> None:
        """The webhook (when configured) and the file links (when ``[files] public_url`` is set)."""
        routes: list[Any] = []
        if self.settings.webhook_url:
            routes.append((urlparse(self.settings.webhook_url).path or "/", _WebhookHandler, {"channel": self}))
        if self.public_url:
            routes.append((files_path(self.public_url) + r"([A-Za-z0-9_.\-]+)", _FileHandler, {"store": self.files}))
        app = tornado.web.Application(routes)
        self._server = HTTPServer(app, xheaders=True)
        self._server.listen(self.settings.port, address=self.settings.listen)

    async def _close_server(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None


class _WebhookHandler(tornado.web.RequestHandler):
    """POST from Zalo: refuse without the right secret (403), acknowledge valid updates at once (200)."""

    def initialize(self, channel: ZaloChannel) -> None:
        self.channel = channel

    def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.channel.secret_token.encode()):
            log.warning("Từ chối webhook Zalo sai secret token từ %s", self.request.remote_ip)
            self.set_status(403)
            self.write({"ok": False, "description": "forbidden"})
            return
        try:
            update = unwrap(json.loads(self.request.body or b"null"))
        except ValueError:
            update = None
        if update is None:
            self.set_status(400)
            self.write({"ok": False, "description": "bad update"})
            return
        self.channel.accept(update)
        self.write({"ok": True})


class _FileHandler(tornado.web.RequestHandler):
    """GET ``/files/<token>``: the file a valid, unexpired signed link names; 404 for anything else (a forged or
    expired link says nothing about which files exist)."""

    def initialize(self, store: FileStore) -> None:
        self.store = store

    async def get(self, token: str) -> None:
        try:
            ref = self.store.verify(token, datetime.now(UTC))
        except BadLink as exc:
            log.info("Từ chối liên kết tệp từ %s: %s", self.request.remote_ip, exc)
            self.set_status(404)
            self.write({"ok": False, "description": "not found"})
            return
        self.set_header("Content-Type", ref.mime)
        self.set_header("Content-Disposition", f"inline; filename*=UTF-8''{quote(ref.name)}")
        self.set_header("Cache-Control", "private, max-age=300")
        self.set_header("Content-Length", str(ref.size))
        with Path(ref.path).open("rb") as fh:  # in pieces: a round's package can be hundreds of MB
            while chunk := await asyncio.to_thread(fh.read, SERVE_CHUNK):
                self.write(chunk)
                await self.flush()


class ZaloDeliverer:
    """How the outbox sender reaches Zalo: the channel's paced sending, one try per attempt (the outbox retries).
    Zalo's refusals (4xx other than 429: a user who never wrote, a bad request) are permanent."""

    def __init__(self, channel: ZaloChannel) -> None:
        self.channel = channel

    async def deliver(self, chat_id: str, reply: Reply) -> str:
        try:
            return await self.channel.send_reply(chat_id, reply, attempts=1)
        except ZaloApiError as exc:
            if transient_error(exc) is None:
                raise PermanentDeliveryError(f"Zalo từ chối: {exc}") from exc
            raise
        except (OSError, BadLink) as exc:
            raise PermanentDeliveryError(f"Tin không gửi được: {exc}") from exc
