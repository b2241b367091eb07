"""The Telegram channel: a python-telegram-bot ``Application`` that only translates between Telegram and the
core.

Updates become ``Incoming`` (a typed message, a command, or a button press carrying its payload); each
``Reply`` goes out as HTML (``Reply.html``, already escaped by the core), split under Telegram's 4096
characters, with its buttons as an inline keyboard on the last piece. All handlers are registered in
``register_handlers``.

Delivery guarantees: a redelivered update (same ``update_id``) is dropped before any handler runs; sending
goes through PTB's ``AIORateLimiter`` (Telegram's flood limits, retrying ``RetryAfter``) and is retried
through network errors; updates of one chat are handled in order while different chats run concurrently.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable
from functools import partial
from typing import Any
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    Chat,
    Document,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationHandlerStop,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

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
from bot.channels.retry import with_retries
from bot.channels.telegram_send import (
    TelegramDeliverer,
    send_replies,
    send_text,
    transient_error,
)
from bot.config import TelegramSettings
from bot.config_checks import secret_token_problem
from bot.core.app import Core
from bot.core.files import MAX_BYTES, MAX_MB, FileTooLarge
from bot.core.messages import FileRef, Incoming

log = logging.getLogger(__name__)

CHANNEL = "telegram"
FILE_TOO_LARGE = channel_text("file_too_large", limit_mb=MAX_MB)
FILE_FAILED = channel_text("file_failed")
MAX_CONCURRENT_UPDATES = 256
RATE_LIMIT_RETRIES = 3  # AIORateLimiter's default of 0 turns a RetryAfter into an error
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]

Context = ContextTypes.DEFAULT_TYPE


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one chat (see ``ChatLocks``)."""

    def __init__(self, max_concurrent_updates: int, core: Core) -> None:
        super().__init__(max_concurrent_updates)
        self._chats = ChatLocks()
        self._core = core

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None or not isinstance(update, Update):
            await coroutine
            return
        async with self._chats.hold(chat.id):
            await coroutine  # every handler, and the error handler's apology, have run when this returns
            await mark_handled(self._core, CHANNEL, update_key(update))

    async def initialize(self) -> None:
        """Nothing to set up: locks are created on demand."""

    async def shutdown(self) -> None:
        """Nothing to release."""


# ----------------------------------------------------------------------------------------------- building


def build_application(settings: TelegramSettings, core: Core, *, rate_limit: bool = True) -> Application:  # type: ignore[type-arg]
    """The PTB application for ``settings`` (token, Bot API ``base_url``), answering through ``core``.

    ``rate_limit=False`` exists only to measure the channel's own cost in the benchmark.
    """
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(file_base_url(settings.base_url))
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES, core))
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))  # type: ignore[arg-type]
    app = builder.build()
    app.bot_data["core"] = core
    register_handlers(app)
    return app


def file_base_url(base_url: str) -> str:
    """Where files are downloaded: ``…/bot`` → ``…/file/bot`` (Telegram's layout, also a local Bot API's)."""
    head, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if sep else base_url


def register_handlers(app: Application) -> None:  # type: ignore[type-arg]
    """Every handler of the channel, in one place."""
    app.add_handler(TypeHandler(Update, drop_redelivered), group=-1)
    names = [name for name, _ in _core_of(app).commands]
    app.add_handler(CommandHandler(names, on_command, filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, on_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & (filters.Document.ALL | filters.PHOTO), on_file))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE, on_other_message))
    app.add_error_handler(on_error)


# ----------------------------------------------------------------------------------------------- handlers


def update_key(update: Update) -> str:
    """Update ids are per bot: the key names the bot too."""
    return f"{update.get_bot().id}:{update.update_id}"


async def drop_redelivered(update: Update, context: Context) -> None:
    """Stop here if this update was answered before (Telegram redelivers unacknowledged updates). Updates are
    marked answered only after their replies are sent (see ``PerChatUpdateProcessor``)."""
    if await already_handled(_core(context), CHANNEL, update_key(update)):
        log.info("Bỏ qua update %s đã xử lý", update.update_id)
        raise ApplicationHandlerStop


async def on_command(update: Update, context: Context) -> None:
    """/start, /help, /menu (also ``/help@ThisBot`` in groups): handed to the core as the bare command."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    command = message.text.split()[0].split("@")[0]
    await answer(update, context, text=" ".join([command, *(context.args or [])]))


async def on_text(update: Update, context: Context) -> None:
    """Free text (and commands the core may know). In groups only when addressed to the bot."""
    message = update.effective_message
    if message is None:
        return
    text = addressed_text(message, context.bot.username, context.bot.id)
    if text is not None:
        await answer(update, context, text=text)


async def on_button(update: Update, context: Context) -> None:
    """A press on an inline button: stop the button's spinner, then hand its payload to the core."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    try:
        await query.answer()
    except TelegramError as exc:  # the answer is cosmetic; the reply below is what matters
        log.warning("answerCallbackQuery thất bại: %s", exc)
    await answer(update, context, payload=query.data or "")


async def on_file(update: Update, context: Context) -> None:
    """A document or a photo (in groups only when addressed to the bot, like text): downloaded, stored, and handed
    to the core with its caption. Over 20 MB (the Bot API's download limit) the user is told so."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    caption = addressed_text(message, context.bot.username, context.bot.id)
    attachment = message.document or (message.photo[-1] if message.photo else None)
    if caption is None or attachment is None:
        return
    if (attachment.file_size or 0) > MAX_BYTES:
        await send_text(context.bot.send_message, chat.id, FILE_TOO_LARGE, html=False)
        return
    if isinstance(attachment, Document):
        name, mime = attachment.file_name or "", attachment.mime_type or "application/octet-stream"
    else:
        name, mime = f"anh-{attachment.file_unique_id}.jpg", "image/jpeg"
    try:
        remote = await with_retries(partial(context.bot.get_file, attachment.file_id), transient=transient_error,
                                    what="getFile")
        data = await remote.download_as_bytearray()
        ref = await asyncio.to_thread(shared(_core(context)).files.save, bytes(data), name, mime)
    except FileTooLarge:
        await send_text(context.bot.send_message, chat.id, FILE_TOO_LARGE, html=False)
        return
    except TelegramError as exc:
        log.warning("Không tải được tệp %s: %s", attachment.file_id, exc)
        await send_text(context.bot.send_message, chat.id, FILE_FAILED, html=False)
        return
    await answer(update, context, text=caption, file=ref)


async def on_other_message(update: Update, context: Context) -> None:
    """A photo, sticker, voice... in a private chat: say that only text is read."""
    chat = update.effective_chat
    if chat is not None:
        await send_text(context.bot.send_message, chat.id, TEXT_ONLY, html=False)


async def on_error(update: object, context: Context) -> None:
    """Log the failure with its update; tell the user briefly, in Vietnamese; keep the bot running."""
    described = update.to_dict() if isinstance(update, Update) else update
    log.error("Lỗi khi xử lý update %s", described, exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, APOLOGY)
    except TelegramError as exc:
        log.error("Không gửi được lời xin lỗi tới chat %s: %s", chat.id, exc)


# ----------------------------------------------------------------------------------------------- translation


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """The text meant for the bot, or None when a group message is not for it.

    Private chats: every message. Groups: commands (``/x`` or ``/x@ThisBot``, not ``/x@OtherBot``), messages
    that mention the bot (the mention is removed) and replies to the bot's own messages.
    """
    text = (message.text or message.caption or "").strip()
    if message.chat.type == Chat.PRIVATE:
        return text
    if text.startswith("/"):
        command, _, rest = text.partition(" ")
        name, _, target = command.partition("@")
        if target and target.lower() != username.lower():
            return None
        return f"{name} {rest}".strip()
    kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    mentions = message.parse_entities(kinds) if message.text else message.parse_caption_entities(kinds)
    ours = [
        value
        for entity, value in mentions.items()
        if value.lower() == f"@{username.lower()}" or (entity.user is not None and entity.user.id == bot_id)
    ]
    if ours:
        for value in ours:
            text = text.replace(value, " ")
        return " ".join(text.split()) or "/help"
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


def incoming_from(
    update: Update, *, text: str = "", payload: str | None = None, file: FileRef | None = None
) -> Incoming:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    return Incoming(
        channel=CHANNEL,
        chat_id=str(chat.id),
        user_id=str(user.id if user else chat.id),
        text=text,
        payload=payload,
        user_name=user.full_name if user else "",
        chat_type=chat.type,
        file=file,
    )


async def answer(
    update: Update, context: Context, *, text: str = "", payload: str | None = None, file: FileRef | None = None
) -> None:
    """Ask the core and send its replies to the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return
    replies = await ask_core(
        _core(context), incoming_from(update, text=text, payload=payload, file=file), chat_title=chat.title or ""
    )
    quote = update.message.message_id if update.message and chat.type != Chat.PRIVATE else None
    await send_replies(context.bot, chat.id, replies, quote=quote)


def _core(context: Context) -> Core:
    core: Core = context.bot_data["core"]
    return core


# ----------------------------------------------------------------------------------------------- running


class TelegramChannel:
    """Start and stop the application inside a running event loop (so that other channels can share it).

    Long polling by default; webhook mode (PTB's webhook server) when ``webhook_url`` is set, always with a
    secret token: the configured one, or a random one for this run, so forged updates are refused.
    """

    name = CHANNEL

    def __init__(self, settings: TelegramSettings, core: Core, *, rate_limit: bool = True) -> None:
        self.settings = settings
        self.secret_token = settings.secret_token or secrets.token_urlsafe(32)
        if (problem := secret_token_problem(CHANNEL, self.secret_token)) is not None:
            raise ChannelStartError(f"telegram.secret_token {problem}.")
        self.app = build_application(settings, core, rate_limit=rate_limit)

    @property
    def mode(self) -> str:
        return "webhook" if self.settings.webhook_url else "long polling"

    def deliverer(self) -> TelegramDeliverer:
        return TelegramDeliverer(self.app.bot)

    async def start(self) -> None:
        try:
            await self.app.initialize()
        except InvalidToken:
            raise ChannelStartError("Token Telegram không hợp lệ (telegram.token).") from None
        except NetworkError as exc:
            raise ChannelStartError(
                f"Không kết nối được tới Bot API {self.settings.base_url}: {exc}"
            ) from None
        await self._register_commands()
        updater = self.app.updater
        assert updater is not None
        if self.settings.webhook_url:
            await updater.start_webhook(
                listen=self.settings.listen,
                port=self.settings.port,
                url_path=urlparse(self.settings.webhook_url).path.lstrip("/"),
                webhook_url=self.settings.webhook_url,
                secret_token=self.secret_token,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        await self.app.start()
        log.info("Kênh Telegram @%s đang chạy (%s)", self.app.bot.username, self.mode)

    async def stop(self) -> None:
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def _register_commands(self) -> None:
        """The command menu in Vietnamese; a failure here is logged, not fatal."""
        commands = [BotCommand(name, description) for name, description in _core_of(self.app).commands]
        try:
            await with_retries(
                partial(self.app.bot.set_my_commands, commands),
                transient=transient_error,
                what="setMyCommands",
                attempts=3,
            )
        except TelegramError as exc:
            log.warning("Không đăng ký được danh sách lệnh: %s", exc)


def _core_of(app: Application) -> Core:  # type: ignore[type-arg]
    core: Core = app.bot_data["core"]
    return core
