"""An in-memory Zalo Bot Platform, written from the published Bot API, for testing the real Zalo channel.

Served over real HTTP on a free localhost port (threads, so the bot's event loop is never blocked by it):
``/bot<TOKEN>/<method>`` answering ``{ok, result, description, error_code}``; ``getMe``, ``getUpdates``
(only a ``timeout``, one update per answer, 408 when the wait expires), ``setWebhook`` (``url`` and a
``secret_token`` of 8–256 characters), ``deleteWebhook``, ``getWebhookInfo``, ``sendMessage`` (``chat_id``
of a user who wrote first, ``text`` of 1–2000 characters), ``sendPhoto`` (``photo`` is a URL, fetched at once
as Zalo does: the bytes are recorded in ``photos``), ``sendChatAction``. With a webhook set, a user's message is
POSTed to it with the secret in ``X-Bot-Api-Secret-Token``. ``fail_next`` makes a method answer an error code for a
while. A user's picture (``user_image``) is served by the same server under ``/media/`` (like Zalo's CDN URL in
``message.image.received``), with or without a Content-Length.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import queue
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

MAX_TEXT = 2000


@dataclass
class Photo:
    """A sendPhoto call: the URL the bot gave, what fetching it answered (status and bytes), the caption."""

    chat_id: str
    url: str
    caption: str
    status: int
    data: bytes
    content_type: str


class FakeZalo:
    def __init__(self, token: str = "1234567890:zalo-test-token") -> None:
        self.token = token
        self.updates: queue.Queue[dict[str, Any]] = queue.Queue()
        self.sent: list[tuple[str, str]] = []  # (chat_id, text)
        self.photos: list[Photo] = []
        self.media: dict[str, tuple[bytes, str, bool]] = {}  # name -> (data, content type, send Content-Length)
        self.calls: list[str] = []
        self.webhook: dict[str, str] | None = None
        self.known_chats: set[str] = set()
        self._failures: dict[str, list[int]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.base_url = f"{self.url}/bot"
        # shutdown() waits for serve_forever to look at its flag, once per poll_interval (0.5 s by default: half a
        # second at the end of every test that used the fake)
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeZalo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------ playing the user

    def user_message(
        self,
        text: str = "",
        *,
        user_id: str = "u-1001",
        name: str = "Trần Thị B",
        event: str = "message.text.received",
        message_id: str | None = None,
        chat_type: str = "PRIVATE",
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "from": {"id": user_id, "display_name": name, "is_bot": False},
            "chat": {"id": user_id, "chat_type": chat_type},
            "message_id": message_id or f"m{next(self._ids)}",
            "date": int(time.time() * 1000),
        }
        if text:
            message["text"] = text
        return {"event_name": event, "message": message}

    def user_image(self, data: bytes, *, caption: str = "", mime: str = "image/jpeg", name: str | None = None,
                   declare_length: bool = True, **kwargs: Any) -> dict[str, Any]:
        """An image message: the picture is served under ``/media/<name>``, its URL in ``photo``."""
        name = name or f"p{next(self._ids)}.jpg"
        self.media[name] = (data, mime, declare_length)
        update = self.user_message(caption, event="message.image.received", **kwargs)
        update["message"]["photo"] = f"{self.url}/media/{name}"
        if caption:
            update["message"]["caption"] = caption
            update["message"].pop("text", None)
        return update

    def deliver(self, update: dict[str, Any], *, secret: str | None = None, envelope: bool = False) -> int:
        """A user's update reaches the bot: queued for getUpdates, or POSTed to the webhook (HTTP status).

        ``secret`` overrides the header sent (to forge a delivery); ``envelope`` wraps it in ``{ok, result}``.
        """
        with self._lock:
            self.known_chats.add(update["message"]["chat"]["id"])
        if self.webhook is None:
            self.updates.put(update)
            return 200
        body = {"ok": True, "result": update} if envelope else update
        header = self.webhook["secret_token"] if secret is None else secret
        headers = {"X-Bot-Api-Secret-Token": header} if header else {}
        return httpx.post(self.webhook["url"], json=body, headers=headers, timeout=10).status_code

    def fail_next(self, method: str, *codes: int) -> None:
        """The next calls of ``method`` answer these error codes, in order."""
        with self._lock:
            self._failures.setdefault(method, []).extend(codes)

    def texts_to(self, chat_id: str = "u-1001") -> list[str]:
        with self._lock:
            return [text for cid, text in self.sent if cid == chat_id]

    # ------------------------------------------------------------------------------------ the Bot API

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.calls.append(method)
        with self._lock:
            pending = self._failures.get(method)
            code = pending.pop(0) if pending else None
        if code is not None:
            return code, {
                "ok": False,
                "error_code": code,
                "description": "Quota exceeded" if code == 429 else "x",
            }
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        result = handler(params)
        if isinstance(result, tuple):
            code, description = result
            return code, {"ok": False, "error_code": code, "description": description}
        return 200, {"ok": True, "result": result}

    def _api_getMe(self, params: dict[str, Any]) -> Any:
        return {"id": "bot-1", "account_name": "bot.dti", "account_type": "BASIC", "can_join_groups": False}

    def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            return 409, "Conflict: webhook is active"
        try:
            return self.updates.get(timeout=min(float(params.get("timeout", 30)), 30))
        except queue.Empty:
            return 408, "Request timeout"

    def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        url, secret = str(params.get("url", "")), str(params.get("secret_token", ""))
        if not url or not 8 <= len(secret) <= 256:
            return 400, "Bad Request: url and secret_token (8-256 characters) are required"
        self.webhook = {"url": url, "secret_token": secret}
        return {"url": url, "updated_at": int(time.time() * 1000)}

    def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return {"url": "", "updated_at": int(time.time() * 1000)}

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": (self.webhook or {}).get("url", ""), "updated_at": 0}

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id, text = str(params.get("chat_id", "")), params.get("text")
        if chat_id not in self.known_chats:
            return 403, "Forbidden: the user has not messaged the bot"
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            return 400, "Bad Request: text must be 1-2000 characters"
        with self._lock:
            self.sent.append((chat_id, text))
        return {"message_id": f"b{next(self._ids)}", "date": int(time.time() * 1000)}

    def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        chat_id, url = str(params.get("chat_id", "")), str(params.get("photo", ""))
        if chat_id not in self.known_chats:
            return 403, "Forbidden: the user has not messaged the bot"
        if not url.startswith(("http://", "https://")):
            return 400, "Bad Request: photo must be a URL"
        response = httpx.get(url, timeout=10)
        photo = Photo(chat_id, url, str(params.get("caption") or ""), response.status_code, response.content,
                      response.headers.get("content-type", ""))
        with self._lock:
            self.photos.append(photo)
        if response.status_code != 200:
            return 400, "Bad Request: cannot download photo"
        return {"message_id": f"b{next(self._ids)}", "date": int(time.time() * 1000)}

    def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = fake.media.get(self.path.removeprefix("/media/"))
                if not self.path.startswith("/media/") or found is None:
                    self.send_error(404)
                    return
                data, mime, declare_length = found
                self.send_response(200)
                self.send_header("Content-Type", mime)
                if declare_length:
                    self.send_header("Content-Length", str(len(data)))
                else:
                    self.close_connection = True  # the body ends when the connection closes
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the bot stopped reading
                    self.wfile.write(data)

            def do_POST(self) -> None:
                prefix = f"/bot{fake.token}/"
                if not self.path.startswith(prefix):
                    status, body = 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
                else:
                    length = int(self.headers.get("Content-Length") or 0)
                    params = json.loads(self.rfile.read(length) or b"{}")
                    status, body = fake._answer(self.path[len(prefix) :], params)
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot gave up waiting (a cancelled long poll)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
