"""Every deadline text of the plans with its reading, for `dti-bot validate`: what the grammar understood is shown
to whoever maintains the knowledge base, and what it could not read is named (a warning, never a guess)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from knowledge.deadlines import Deadline, Kind, parse_deadline

if TYPE_CHECKING:
    from knowledge.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One distinct deadline text, its reading, and where the plans use it (plan → codes)."""

    deadline: Deadline
    used_by: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        d = self.deadline
        return {
            "text": d.text,
            "kind": d.kind.value,
            "reading": d.reading(),
            "due": d.due.isoformat() if d.due else None,
            "every": d.period if d.kind is Kind.RECURRING else None,
            "yearly_on": f"{d.day:02d}/{d.month:02d}" if d.kind is Kind.RECURRING and d.period == "year" else None,
            "after": {"amount": d.amount, "unit": d.unit, "event": d.event} if d.kind is Kind.AFTER_EVENT else None,
            "note": d.note,
            "plans": self.used_by,
        }


def deadline_rows(kb: KnowledgeBase) -> list[DeadlineRow]:
    """Distinct deadline texts of every plan (assignments and plan items), in the order of first use."""
    rows: dict[str, DeadlineRow] = {}
    for plan in kb.plans.values():
        entries = [(a.code, a.deadline) for a in plan.assignments] + [(i.code, i.deadline) for i in plan.items]
        for code, text in entries:
            row = rows.get(text)
            if row is None:
                row = rows[text] = DeadlineRow(parse_deadline(text))
            row.used_by.setdefault(plan.id, []).append(code)
    return list(rows.values())


def deadline_problems(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(plan, code, message) for every use of a deadline text the grammar could not read."""
    for row in deadline_rows(kb):
        if row.deadline.kind is Kind.UNPARSED:
            for plan, codes in row.used_by.items():
                for code in codes:
                    yield plan, code, f"không đọc được thời hạn '{row.deadline.text}'"


def deadline_lines(kb: KnowledgeBase) -> list[str]:
    """The listing as text lines: read ones first, then the ones not read."""
    rows = deadline_rows(kb)
    lines = ["== Thời hạn trong các kế hoạch (cách đọc) =="]
    for row in rows:
        if row.deadline.kind is not Kind.UNPARSED:
            uses = ", ".join(f"{plan}: {len(codes)}" for plan, codes in row.used_by.items())
            shown = row.deadline.text or "(để trống)"
            lines.append(f"  «{shown}» → {row.deadline.reading()} [{uses}]")
    unread = [row for row in rows if row.deadline.kind is Kind.UNPARSED]
    lines.append(f"  Không đọc được: {len(unread)} cách ghi" + (":" if unread else "."))
    lines.extend(f"    «{row.deadline.text}» [{', '.join(row.used_by)}]" for row in unread)
    return lines
