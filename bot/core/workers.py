"""Who claimed an outbox row, and whether that worker is provably dead, so that its rows are sent again at once.

A claim names its worker (``outbox.claimed_by``) as ``host/space:pid:start``:

- ``space`` is a short hash of the kernel's boot id and the process's PID namespace: two processes with the same
  ``space`` see the same PIDs (the same machine since the same boot, the same container), so one can check the
  other's PID. Two containers that happen to share a hostname have different spaces.
- ``start`` is the process's start time (``/proc/<pid>/stat``, clock ticks since boot): a PID reused by another
  process after the worker died does not pass for it.

A claimer in this worker's space whose PID is not running (or runs a process started at another time, or a
zombie) is provably dead: nothing can still send its rows. Elsewhere, the claimer's heartbeat (``outbox_workers``,
renewed every ``HEARTBEAT`` while it runs) tells: unseen for ``STALE``, it is taken for dead. A claimer that proves
nothing either way (another host with no heartbeat row: an older version, a one-off ``drain``) keeps its claims
until the outbox's lease runs out, as before.

Without ``/proc`` (not Linux) the start time is a random token and only a missing PID proves a death.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

HEARTBEAT = timedelta(seconds=10)  # how often a running sender renews its heartbeat
STALE = timedelta(seconds=60)  # a heartbeat older than this: the worker is taken for dead

_PROC = Path("/proc")
_FORMAT = re.compile(r"^(?P<host>[^/]*)/(?P<space>[0-9a-f]{8}):(?P<pid>\d+):(?P<start>[0-9a-z]+)$")


def wall_clock() -> datetime:
    """Heartbeats are in real UTC time, whatever clock the bot's business runs on (``--now`` trials)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class WorkerId:
    host: str
    space: str
    pid: int
    start: str

    def __str__(self) -> str:
        return f"{self.host}/{self.space}:{self.pid}:{self.start}"

    @classmethod
    def parse(cls, text: str | None) -> WorkerId | None:
        """The identity in a ``claimed_by`` value; None for names of another form ("converse", older rows)."""
        found = _FORMAT.match(text or "")
        if found is None:
            return None
        return cls(found["host"], found["space"], int(found["pid"]), found["start"])


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of ``pid`` from ``/proc/<pid>/stat``; None when there is no such process (or no /proc).
    The command name (field 2) may hold spaces and parentheses: the fields are read after its last ')'."""
    stat = _read(_PROC / str(pid) / "stat")
    if stat is None:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return (fields[0], fields[19]) if len(fields) > 19 else None


def _space() -> str:
    boot = _read(_PROC / "sys" / "kernel" / "random" / "boot_id") or socket.gethostname()
    try:
        namespace = os.readlink(_PROC / "self" / "ns" / "pid")
    except OSError:
        namespace = ""
    return hashlib.sha256(f"{boot}|{namespace}".encode()).hexdigest()[:8]


@lru_cache(maxsize=4)
def identity_of(pid: int) -> WorkerId:
    """The identity of process ``pid`` of this host (its start time read now)."""
    stat = _stat(pid)
    start = stat[1] if stat is not None else secrets.token_hex(5)
    return WorkerId(socket.gethostname()[:24], _space(), pid, start)


def this_worker() -> WorkerId:
    """This process's identity (computed again after a fork: the PID is part of the key)."""
    return identity_of(os.getpid())


def _pid_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def provably_dead(claimer: WorkerId, here: WorkerId | None = None) -> bool:
    """True when ``claimer`` shares this process's PID space and no longer runs: its PID is free, a zombie, or
    taken by a process started at another time. False when it runs, or when nothing can be proved from here."""
    here = here or this_worker()
    if claimer.space != here.space or claimer == here:
        return False
    if not _PROC.is_dir():
        return not _pid_runs(claimer.pid)
    stat = _stat(claimer.pid)
    return stat is None or stat[0] in ("Z", "X") or stat[1] != claimer.start
