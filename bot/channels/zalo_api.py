"""A small async client for the Zalo Bot Platform's Bot API
(``https://bot-api.zaloplatforms.com/bot<TOKEN>/``).

The API is shaped like Telegram's: POST a JSON body to ``<base_url><token>/<method>``, get back ``{ok,
result, description, error_code}``. Only the methods the channel uses are wrapped. ``getUpdates`` takes only
a ``timeout`` (no offset) and answers one update at a time; an expired wait comes back as error 408, which
here simply means "nothing new". Error 429 means the (unpublished) quota was exceeded.

The token is part of every URL, so nothing here logs URLs (and ``dti-bot run`` quiets httpx's request log).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import httpx

from bot.core.files import MAX_BYTES, FileTooLarge

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com/bot"
REQUEST_TIMEOUT = 20.0
POLL_EXPIRED = 408  # getUpdates: the wait ended with no update


class ZaloApiError(Exception):
    """The Bot API answered ``ok: false`` (or no JSON): the method, the code and Zalo's description."""

    def __init__(self, method: str, error_code: int, description: str) -> None:
        super().__init__(f"{method}: {error_code} {description}".strip())
        self.method = method
        self.error_code = error_code
        self.description = description


class ZaloApi:
    """One bot's API. Pass ``client`` to share an ``httpx.AsyncClient``; otherwise one is made and owned."""

    def __init__(
        self, token: str, base_url: str = DEFAULT_BASE_URL, *, client: httpx.AsyncClient | None = None
    ):
        self._prefix = f"{base_url}{token}/"
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=REQUEST_TIMEOUT)

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        """POST ``params`` as JSON to ``method``; the ``result`` on success, ``ZaloApiError`` otherwise.

        Network failures surface as ``httpx.TransportError`` so that callers can retry them.
        """
        response = await self._client.post(
            self._prefix + method, json=params or {}, timeout=timeout or REQUEST_TIMEOUT
        )
        try:
            data = response.json()
        except ValueError:
            raise ZaloApiError(method, response.status_code, f"HTTP {response.status_code}") from None
        if not isinstance(data, dict) or not data.get("ok"):
            body = data if isinstance(data, dict) else {}
            code = body.get("error_code") or response.status_code
            raise ZaloApiError(method, int(code), str(body.get("description") or ""))
        return data.get("result")

    async def get_me(self) -> dict[str, Any]:
        result: dict[str, Any] = await self.call("getMe") or {}
        return result

    async def get_updates(self, timeout: int) -> list[dict[str, Any]]:
        """Wait up to ``timeout`` seconds for updates ([] when none came)."""
        try:
            result = await self.call(
                "getUpdates", {"timeout": str(timeout)}, timeout=timeout + REQUEST_TIMEOUT
            )
        except ZaloApiError as exc:
            if exc.error_code == POLL_EXPIRED:
                return []
            raise
        if isinstance(result, list):
            return [u for u in result if isinstance(u, dict)]
        return [result] if isinstance(result, dict) and result else []

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def get_webhook_info(self) -> Any:
        return await self.call("getWebhookInfo")

    async def send_message(self, chat_id: str, text: str) -> Any:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> Any:
        return await self.call("sendPhoto", {"chat_id": chat_id, "photo": photo_url, "caption": caption})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        return await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def download(self, url: str, limit: int = MAX_BYTES) -> tuple[bytes, str]:
        """The file at ``url`` (a photo URL Zalo gave in an update) and its content type, read at most ``limit``
        bytes: ``FileTooLarge`` beyond, ``ValueError`` for a URL that is not http(s), ``httpx.HTTPError`` for
        network trouble or an error status."""
        if urlparse(url).scheme not in ("http", "https"):
            raise ValueError(f"địa chỉ tệp không hợp lệ: {url[:100]!r}")
        async with self._client.stream("GET", url, follow_redirects=True) as response:
            response.raise_for_status()
            declared = int(response.headers.get("content-length") or 0)
            if declared > limit:
                raise FileTooLarge(declared, limit)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FileTooLarge(None, limit)
                chunks.append(chunk)
            kind = response.headers.get("content-type", "").split(";")[0].strip()
            return b"".join(chunks), kind

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()
