"""A conversation's mutable state during one turn: where the user is (idle or a named flow step), the plan they
chose, the choices offered last, the flow's own data. Pure data: loading and saving it is ``bot.core.state``'s
job, so that commands without a database (``dti-bot ask``) can build a turn too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

IDLE = "idle"
FLOW_KEY = "flow"
FLOW_AT_KEY = "flow_at"
SERIAL_KEY = "serial"


@dataclass
class TurnState:
    """The mutable part of a conversation, as handlers see it during one turn."""

    state: str = IDLE
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def in_flow(self) -> bool:
        return self.state != IDLE

    @property
    def flow(self) -> dict[str, Any]:
        """The current flow's own data (inputs typed so far…), dropped when the flow ends."""
        flow = self.data.get(FLOW_KEY)
        if not isinstance(flow, dict):
            flow = {}
            self.data[FLOW_KEY] = flow
        return flow

    @property
    def serial(self) -> int:
        value = self.data.get(SERIAL_KEY)
        return value if isinstance(value, int) else 0

    def bump_serial(self) -> int:
        self.data[SERIAL_KEY] = self.serial + 1
        return self.serial

    def flow_started(self) -> datetime | None:
        raw = self.data.get(FLOW_AT_KEY)
        try:
            return datetime.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            return None

    def touch(self, now: datetime) -> None:
        """Record flow activity (for the 24-hour expiry)."""
        if self.in_flow:
            self.data[FLOW_AT_KEY] = now.isoformat()
        else:
            self.data.pop(FLOW_AT_KEY, None)

    def reset(self) -> None:
        """Leave any flow: back to idle, the flow's data and its offered choices dropped."""
        self.state = IDLE
        self.data.pop(FLOW_KEY, None)
        self.data.pop(FLOW_AT_KEY, None)
