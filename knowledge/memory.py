"""Handing the pages the C allocator has freed back to the system, after a one-off load (issue 20 item 6).

Loading reads files, parses JSON and builds a plan's search index: most of what that allocates is garbage a moment
later. glibc's ``malloc`` keeps what is freed inside its heap for the next allocation instead of returning it, so a
bot process went on holding about a mebibyte it would not use again; ``malloc_trim(0)`` gives back every whole free
page (a millisecond or two, once per load). Other C libraries (musl, macOS) have no such call: nothing is done.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library is another one (or cannot be reached)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError):  # a C library without the name: not glibc
        return None
    if not libc.startswith("glibc"):
        return None
    import ctypes  # here: only a process that loads something needs it

    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def release_freed_memory() -> None:
    """Return the C heap's free pages to the system (glibc only; elsewhere nothing)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
