"""Retrying a Bot API call through short outages, so that a reply is not lost to a network hiccup.

Each channel says which of its errors are transient (a dropped connection, a 5xx, "too many requests") and how
long the server asked to wait; anything else (a bad request, a blocked bot) fails at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

# Waits between attempts: 0.5, 1, 2, 4, 8, 16 s — about half a minute in all, then the error stands.
ATTEMPTS = 7
FIRST_DELAY = 0.5
MAX_DELAY = 30.0


async def with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    transient: Callable[[BaseException], float | None],
    what: str,
    attempts: int = ATTEMPTS,
    first_delay: float | None = None,
) -> T:
    """Await ``call()``; on an error ``transient`` accepts, wait (at least what it returns) and try again. The first
    wait is at least ``first_delay`` (``FIRST_DELAY``, read at the call), then twice the last."""
    delay = FIRST_DELAY if first_delay is None else first_delay
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except Exception as exc:
            wait = transient(exc)
            if wait is None or attempt == attempts:
                raise
            wait = max(wait, delay)
            log.warning("%s thất bại (%s), thử lại lần %d sau %.1f s", what, exc, attempt, wait)
            await asyncio.sleep(wait)
            delay = min(delay * 2, MAX_DELAY)
    raise AssertionError("unreachable")
