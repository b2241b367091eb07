"""Sending to Telegram: a ``Reply`` becomes HTML messages under 4096 characters (its buttons as an inline
keyboard on the last piece), then its files (``sendPhoto`` for pictures, ``sendDocument`` for the rest). Used for
the answers of a turn and, through ``TelegramDeliverer``, by the outbox sender.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, ReplyParameters
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.channels.outbox_sender import PermanentDeliveryError
from bot.channels.retry import ATTEMPTS, with_retries
from bot.channels.split import split_message
from bot.core.messages import Button, FileRef, Reply

MAX_MESSAGE = MessageLimit.MAX_TEXT_LENGTH  # 4096
MAX_CALLBACK_DATA = 64  # bytes, Telegram's limit for callback_data
MAX_CAPTION = MessageLimit.CAPTION_LENGTH  # 1024
MAX_PHOTO = 10 * 1024 * 1024  # sendPhoto's limit; larger pictures go as documents
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """One button per row (labels are long Vietnamese titles); callback_data is the short payload."""
    if not buttons:
        return None
    for button in buttons:
        if len(button.payload.encode("utf-8")) > MAX_CALLBACK_DATA:
            raise ValueError(f"payload nút quá {MAX_CALLBACK_DATA} byte: {button.payload!r}")
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.payload)] for b in buttons])


SendMessage = Callable[..., Coroutine[Any, Any, Message]]


async def send_replies(
    bot: Bot, chat_id: int | str, replies: list[Reply], *, quote: int | None = None, attempts: int = ATTEMPTS
) -> str:
    """Each reply as HTML pieces under 4096 characters (buttons with the last piece), then its files; the id of
    the first message sent."""
    first = ""
    for reply in replies:
        sent = await send_reply(bot, chat_id, reply, quote=quote, attempts=attempts)  # every reply, not only the first
        first = first or sent
        quote = None
    return first


async def send_reply(bot: Bot, chat_id: int | str, reply: Reply, *, quote: int | None, attempts: int) -> str:
    """Text first, then each file (a photo, or a document); one file and a short text without buttons go as one
    message, the text as its caption."""
    caption = reply.html if (len(reply.files) == 1 and not reply.buttons and len(reply.text) <= MAX_CAPTION
                             and len(reply.html) <= MAX_CAPTION) else ""
    ids: list[str] = []
    if not reply.files or (reply.html and not caption):
        ids += await send_text(bot.send_message, chat_id, reply.html, html=True, markup=keyboard(reply.buttons),
                               quote=quote, attempts=attempts)
        quote = None
    for ref in reply.files:
        ids.append(await send_file(bot, chat_id, ref, caption=caption, quote=quote, attempts=attempts))
        quote = None
    return ids[0] if ids else ""


async def send_file(
    bot: Bot, chat_id: int | str, ref: FileRef, *, caption: str, quote: int | None, attempts: int
) -> str:
    """``sendPhoto`` for a JPEG/PNG/WebP picture under 10 MB, ``sendDocument`` for anything else."""
    data = await asyncio.to_thread(Path(ref.path).read_bytes)
    method = bot.send_photo if ref.mime in PHOTO_TYPES and len(data) <= MAX_PHOTO else bot.send_document
    call = partial(
        method,
        chat_id,
        InputFile(data, filename=ref.name),
        caption=caption or None,
        parse_mode=ParseMode.HTML if caption else None,
        reply_parameters=ReplyParameters(quote, allow_sending_without_reply=True) if quote else None,
    )
    sent = await with_retries(call, transient=transient_error, what=f"{method.__name__} tới {chat_id}",
                              attempts=attempts)
    return str(sent.message_id)


async def send_text(
    send: SendMessage,
    chat_id: int | str,
    text: str,
    *,
    html: bool,
    markup: InlineKeyboardMarkup | None = None,
    quote: int | None = None,
    attempts: int = ATTEMPTS,
) -> list[str]:
    """``text`` in pieces under 4096 characters; the ids of the messages sent."""
    ids: list[str] = []
    pieces = split_message(text, MAX_MESSAGE, html=html)
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        call = partial(
            send,
            chat_id,
            piece,
            parse_mode=ParseMode.HTML if html else None,
            reply_markup=markup if last else None,
            reply_parameters=ReplyParameters(quote, allow_sending_without_reply=True)
            if quote and i == 0
            else None,
        )
        sent = await with_retries(call, transient=transient_error, what=f"sendMessage tới {chat_id}",
                                  attempts=attempts)
        ids.append(str(sent.message_id))
    return ids


def transient_error(exc: BaseException) -> float | None:
    """Network trouble and flood waits are worth retrying; a bad request or a blocked bot is not."""
    if isinstance(exc, RetryAfter):
        with warnings.catch_warnings():  # PTB 22 warns that retry_after becomes a timedelta in a later major
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            wait = exc.retry_after
        return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
    if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest):
        return 0.0
    return None


class TelegramDeliverer:
    """How the outbox sender reaches Telegram: through the application's bot, hence PTB's ``AIORateLimiter``.
    One try per attempt (the outbox retries with its own backoff); a blocked bot, an unknown chat or a request
    Telegram refuses is permanent."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def deliver(self, chat_id: str, reply: Reply) -> str:
        target: int | str = int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id
        try:
            return await send_replies(self.bot, target, [reply], attempts=1)
        except (Forbidden, BadRequest) as exc:
            raise PermanentDeliveryError(f"Telegram từ chối: {exc}") from exc
        except (OSError, ValueError) as exc:  # a file gone from the store, a payload too long
            raise PermanentDeliveryError(f"Tin không gửi được: {exc}") from exc
