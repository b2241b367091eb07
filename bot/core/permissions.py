"""Who may do what: one place for every permission check.

A route declares the action it needs (``needs="round:open"``); the core checks it before the handler runs. A
handler that acts on a particular unit's data (named by a payload, which a user can forge) checks again with the
unit: ``turn.require("values:enter", unit_id=…)``. Either way a refusal is a ``Denied`` carrying a Vietnamese
reason, which the core answers with; nothing else in the bot decides permissions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.core.messages import Incoming


class Denied(Exception):
    """The user may not do this; ``reason`` is shown to them as it is (Vietnamese)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def require(session: Session, msg: Incoming, action: str, *, plan_id: str, unit_id: int | None) -> None:
    """Raise ``Denied`` unless the sender of ``msg`` may do ``action``. Until officials are registered there
    is nobody to allow: every declared action is refused."""
    raise Denied("Bạn chưa được đăng ký với đơn vị nào nên chưa dùng được chức năng này. Gõ /dangky để đăng ký.")
