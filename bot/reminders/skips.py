"""What the reminder planner had to leave out, logged once.

The planner reads rows other tools wrote (a round opened before dates were checked, a row edited by hand): one bad
row must cost only what it names, not every reminder of every plan. The planner skips the round or the plan that
fails and says so here, once per process for the same failure, as one line without a traceback (the interval job
plans every minute: the same warning each minute would bury everything else; ``reminders plan`` prints to a
terminal).
"""

from __future__ import annotations

import logging

log = logging.getLogger("bot.reminders")

_REPORTED: set[tuple[str, str]] = set()
_MAX_REMEMBERED = 10_000


def skipped(key: str, what: str, exc: BaseException) -> None:
    """Log that ``what`` (Vietnamese, e.g. "đợt thu thập số 7 của kế hoạch kon-tum-2024") was left out of this
    planning because of ``exc``; the same ``key`` with the same error is logged only the first time."""
    reason = f"{type(exc).__name__}: {exc}"[:300]
    if (key, reason) in _REPORTED:
        log.debug("Nhắc việc: vẫn bỏ qua %s (%s)", what, reason)
        return
    if len(_REPORTED) >= _MAX_REMEMBERED:
        _REPORTED.clear()
    _REPORTED.add((key, reason))
    log.warning("Nhắc việc: bỏ qua %s vì dữ liệu hỏng (%s); các phần khác vẫn được lập", what, reason)
