"""Test harness: the Bot API emulator (``emulator.js``, npm ``telegram-test-api``) and a user that talks to
it.

``Emulator`` starts the Node process on a free localhost port and stops it; ``TelegramUser`` plays a Telegram
user through the emulator's client API (``/sendMessage``, ``/sendCommand``, ``/sendCallback``,
``/getUpdates``). The bot under test is the real PTB application with its ``base_url`` pointed at
``Emulator.bot_api_url``. Shared by the end-to-end tests and ``benchmarks/bench_channels.py``.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
BOT_USERNAME = "TestNameBot"  # what the emulator's getMe answers
BOT_ID = 666
NPM_INSTALL = f"npm ci --prefix {HERE}"

_ids = itertools.count(1)


class EmulatorUnavailable(RuntimeError):
    """Node is missing (the tests skip) or the emulator is not installed (the tests fail, saying how)."""


# Ports for the servers a test starts on a port it chooses first (the Zalo webhook, its file route): taken below the
# kernel's ephemeral range, a block of its own for each pytest-xdist worker. A port the kernel hands out (bind to 0)
# is free when asked, but between its check and the server's bind another worker's server or any outgoing
# connection may take it ("Address already in use", seen once in a few hundred runs); here neither can.
_PORTS_LOW, _PORTS_PER_WORKER = 20_000, 500
_next_port = itertools.count()


def free_port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    first = _PORTS_LOW + _PORTS_PER_WORKER * (int(worker) if worker.isdigit() else 0) % 12_000
    for _ in range(_PORTS_PER_WORKER):
        port = first + next(_next_port) % _PORTS_PER_WORKER
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue  # a server of an earlier test still holds it
            return port
    raise RuntimeError(f"không còn cổng trống trong {first}–{first + _PORTS_PER_WORKER - 1}")


def node_missing_reason() -> str | None:
    if shutil.which("node") is None:
        return "Node.js không có trên máy (cần 'node' trong PATH để chạy trình giả lập Bot API)"
    return None


class Emulator:
    """The emulator process. ``url`` is its root; ``bot_api_url`` is what the bot takes as ``base_url``."""

    def __init__(self) -> None:
        if not (HERE / "node_modules" / "telegram-test-api").is_dir():
            raise EmulatorUnavailable(f"Trình giả lập chưa được cài: chạy `{NPM_INSTALL}`")
        self._proc = subprocess.Popen(
            ["node", str(HERE / "emulator.js"), "0"],
            stdout=subprocess.PIPE,
            stderr=None,
            text=True,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise EmulatorUnavailable(f"Trình giả lập không khởi động được: {line!r}")
        self.port = int(line.split()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.bot_api_url = f"{self.url}/bot"
        self.http = httpx.Client(base_url=self.url, timeout=60)

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    @staticmethod
    def new_token() -> str:
        """A token of its own for each test: the emulator keeps messages per token, so tests stay apart."""
        return f"{next(_ids)}00:TEST{time.monotonic_ns()}"

    def post(self, path: str, **body: Any) -> Any:
        response = self.http.post(path, json=body)
        response.raise_for_status()
        return response.json()["result"]

    def fail_next(self, token: str, method: str, times: int, how: str = "status") -> None:
        """Make the next ``times`` calls of ``method``: HTTP 502 ("status"), a dropped connection ("drop"), 403
        "bot was blocked by the user" ("forbidden") or 429 with retry_after ("flood")."""
        self.post("/_test/fail", token=token, method=method, times=times, how=how)

    def commands(self, token: str) -> list[dict[str, str]]:
        result: list[dict[str, str]] = self.post("/_test/commands", token=token)
        return result

    def upload(self, data: bytes, name: str, mime: str) -> dict[str, Any]:
        """Keep a file as if a user had sent it to Telegram; its Document fields (file_id, file_size...)."""
        result: dict[str, Any] = self.post(
            "/_test/upload", data=base64.b64encode(data).decode(), name=name, mime=mime
        )
        return result

    def file_bytes(self, file_id: str) -> bytes:
        """The bytes of a file the emulator keeps (one the bot sent, or one uploaded)."""
        response = self.http.get("/_test/file", params={"file_id": file_id})
        response.raise_for_status()
        return response.content


@dataclass
class BotMessage:
    """A message the bot sent, as the emulator recorded the sendMessage call."""

    chat_id: int
    text: str
    message_id: int
    date: int
    parse_mode: str | None
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (label, callback_data)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """"photo", "document" or "text"."""
        return "photo" if "photo" in self.raw else "document" if "document" in self.raw else "text"

    @property
    def file(self) -> dict[str, Any]:
        """The photo's largest size or the document (file_id, file_name, mime_type, file_size)."""
        found: dict[str, Any] = self.raw["photo"][-1] if self.kind == "photo" else self.raw["document"]
        return found

    @property
    def caption(self) -> str:
        return str(self.raw.get("caption") or "")

    @classmethod
    def from_emulator(cls, stored: dict[str, Any]) -> BotMessage:
        message = stored["message"]
        markup = message.get("reply_markup") or {}
        rows = markup.get("inline_keyboard", [])
        return cls(
            chat_id=int(message["chat_id"]),
            text=message.get("text", ""),
            message_id=int(stored["messageId"]),
            date=int(stored["time"]) // 1000,
            parse_mode=message.get("parse_mode"),
            buttons=[(b["text"], b["callback_data"]) for row in rows for b in row],
            raw=message,
        )


class TelegramUser:
    """One Telegram user writing to the bot, in a private chat (default) or in a group."""

    def __init__(
        self,
        emulator: Emulator,
        token: str,
        *,
        user_id: int = 1001,
        first_name: str = "Nguyễn",
        last_name: str = "Văn A",
        chat_id: int | None = None,
        chat_type: str = "private",
        chat_title: str = "Tổ công tác chuyển đổi số",
    ) -> None:
        self.emulator = emulator
        self.token = token
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name, "last_name": last_name}
        self.chat: dict[str, Any] = {"id": chat_id if chat_id is not None else user_id, "type": chat_type}
        if chat_type == "private":
            self.chat.update(first_name=first_name, last_name=last_name)
        else:
            self.chat["title"] = chat_title

    def _message(self, text: str, **extra: Any) -> dict[str, Any]:
        return {
            "botToken": self.token,
            "from": self.user,
            "chat": self.chat,
            "date": int(time.time()),
            "text": text,
            **extra,
        }

    def send(self, text: str, **extra: Any) -> None:
        """Type ``text`` (``extra``: entities, reply_to_message...)."""
        self.emulator.post("/sendMessage", **self._message(text, **extra))

    def send_file(self, kind: str, media: Any, caption: str = "", **extra: Any) -> None:
        """Send a document (``media``: Document fields from ``Emulator.upload``) or a photo (a list of sizes);
        ``extra``: caption_entities..."""
        extra[kind] = media
        if caption:
            extra["caption"] = caption
        message = self._message("", **extra)
        del message["text"]
        self.emulator.post("/sendMessage", **message)

    def mention(self, text: str, username: str = BOT_USERNAME) -> None:
        """``@username text``, with the mention entity Telegram adds."""
        handle = f"@{username}"
        self.send(f"{handle} {text}", entities=[{"type": "mention", "offset": 0, "length": len(handle)}])

    def command(self, text: str) -> None:
        """``/start`` and the like, with the bot_command entity Telegram adds."""
        name = text.split()[0]
        self.emulator.post(
            "/sendCommand",
            **self._message(text, entities=[{"type": "bot_command", "offset": 0, "length": len(name)}]),
        )

    def press(self, message: BotMessage, callback_data: str) -> None:
        """Press the inline button carrying ``callback_data`` under ``message``."""
        assert callback_data in [data for _, data in message.buttons], (callback_data, message.buttons)
        bot_message = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self.chat,
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME},
            "text": message.text,
            "reply_markup": message.raw.get("reply_markup"),
        }
        self.emulator.post(
            "/sendCallback",
            botToken=self.token,
            **{"from": self.user},
            message=bot_message,
            data=callback_data,
        )

    def replies(self, count: int = 1, timeout: float = 15.0) -> list[BotMessage]:
        """Wait for ``count`` bot messages in this chat (AssertionError if they do not all come in time)."""
        got: list[BotMessage] = []
        deadline = time.monotonic() + timeout
        while len(got) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"chờ {count} tin của bot, nhận được {len(got)}: {[m.text for m in got]}"
                )
            result = self.emulator.post(
                "/getUpdates", token=self.token, chatId=self.chat["id"], timeout=min(left, 5)
            )
            got.extend(BotMessage.from_emulator(stored) for stored in result)
        return got

    def reply(self, timeout: float = 15.0) -> BotMessage:
        return self.replies(1, timeout)[0]

    def silence(self, seconds: float = 1.5) -> list[BotMessage]:
        """Whatever the bot sends in this chat within ``seconds`` (expected: nothing)."""
        result = self.emulator.post("/getUpdates", token=self.token, chatId=self.chat["id"], timeout=seconds)
        return [BotMessage.from_emulator(stored) for stored in result]


class BotThread:
    """A channel (anything with async ``start``/``stop``) running in its own thread and event loop.

    The test plays the user with blocking calls while the bot serves, as two separate programs would.
    ``make_channel`` runs inside that loop.
    """

    def __init__(self, make_channel: Callable[[], Any]) -> None:
        self._make_channel = make_channel
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.channel: Any = None
        self._thread = threading.Thread(target=self._run, name="bot", daemon=True)

    def start(self, timeout: float = 30) -> BotThread:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise AssertionError("bot không khởi động kịp")
        if self._error is not None:
            raise self._error
        return self

    def stop(self, timeout: float = 30) -> None:
        if self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        try:
            self.channel = self._make_channel()
            await self.channel.start()
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await self.channel.stop()
