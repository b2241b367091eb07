"""The reminder policy as a pure planner: given what each unit owes and the moment, which messages go out now.

Rules (issue 10): before a due date 7, 3 and 1 days; on the day; after it every 3 working days; from 3 working
days late also to the unit's head; every working morning a digest to the plan's focal points. Only on working
days within working hours; a step falling on a day off goes at the next working morning. The numbers are the
config's (``[reminders]``), per plan where it differs (``[reminders.plans."<id>"]``, ``ReminderPolicy.for_plan``):
a unit's rounds and tasks follow its plan's policy, and a chat still gets one message a day across plans.

Why the shape:
- One message per recipient (chat) per day at most, gathering everything owed, so officials are not flooded.
  Its outbox key is ``rem:<day>:<channel>:<chat>``: planning twice, or two planners at once, add nothing.
- Stateless steps: a step is a day computed from the due date and the calendar. A chat is written to when a step
  fell after the day it was last reminded (``Recipient.last_reminded``, read from the outbox) and up to today.
  After downtime, a snooze or a missed morning, every step that fell meanwhile is therefore folded into one
  message, never replayed step by step; and the message always says what is owed *now* (submitted items drop).
- The planner depends on no job store or misfire setting: whatever calls it, whenever, gets the same answer.
- Evidence (tài liệu kiểm chứng) is owed like a value: an ``OwedItem`` with ``evidence`` set, due on the round's
  evidence deadline, stepped by the same policy and folded into the same daily message, which names what still
  lacks values and what still lacks evidence apart. The message's ``kind`` and ``due`` are computed over all items.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from bot.config import Settings
from bot.reminders.calendar import WorkCalendar
from scoring.codes import code_order

KINDS = ("before", "due", "overdue", "escalation", "digest", "task")
_SEVERITY = {"before": 0, "due": 1, "overdue": 2, "escalation": 3}
ENTER_PAYLOAD = "n:start"  # owned by the collection handler (/nhap): start entering what the unit owes
EVIDENCE_PAYLOAD = "mc:"  # owned by the evidence handler (/minhchung): "mc:7.12" asks that indicator's files
SNOOZE_PAYLOAD = "rm:snooze"  # owned by the reminders handler: "hoãn", no reminder before snooze_until()


@dataclass(frozen=True, slots=True)
class Recipient:
    """One chat to write to. ``last_reminded``: the local day this chat last got a reminder (None: never)."""

    channel: str
    chat: str
    role: str = "official"  # official | head | focal
    name: str = ""
    reachable: bool = True  # False: no channel may write to this person (Zalo: never wrote to the bot)
    snoozed_until: datetime | None = None
    last_reminded: date | None = None


@dataclass(frozen=True, slots=True)
class OwedItem:
    """An indicator a unit owes for a round (``task`` False), or a task of the plan due by its own deadline.
    ``evidence``: the unit's value is in but its evidence files are not (``due``: the round's evidence deadline)."""

    code: str
    due: date
    name: str = ""
    submitted: bool = False
    task: bool = False
    due_text: str = ""  # the plan's words for a task's deadline ("Quý IV năm 2024")
    evidence: bool = False


@dataclass(frozen=True, slots=True)
class UnitDues:
    unit_id: int
    unit_name: str
    plan_id: str
    recipients: tuple[Recipient, ...]
    items: tuple[OwedItem, ...]
    paused: bool = False  # the focal point paused this unit's reminders
    registered: bool = False  # someone of another role (the focal point of its own unit) is registered with it


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """How often a due date is reminded. ``plans``: plan id → that plan's own policy where the config says it
    differs (``[reminders.plans."<id>"]``, the keys it does not name inherited); ``for_plan`` picks it."""

    days_before: tuple[int, ...] = (7, 3, 1)
    overdue_every: int = 3
    escalate_after: int = 3
    plans: tuple[tuple[str, ReminderPolicy], ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> ReminderPolicy:
        r = settings.reminders
        base = cls(_before(r.days_before), r.overdue_every, r.escalate_after)
        return replace(base, plans=tuple(sorted(
            (plan_id, cls(base.days_before if own.days_before is None else _before(own.days_before),
                          base.overdue_every if own.overdue_every is None else own.overdue_every,
                          base.escalate_after if own.escalate_after is None else own.escalate_after))
            for plan_id, own in r.plans.items())))

    def for_plan(self, plan_id: str) -> ReminderPolicy:
        """The policy of ``plan_id``'s rounds and tasks: its own where configured, else this one."""
        return next((own for pid, own in self.plans if pid == plan_id), self)


def _before(days: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(days), reverse=True))


@dataclass(frozen=True, slots=True)
class PlannedItem:
    unit: str
    code: str
    name: str
    due: date
    days_left: int  # calendar days; negative when late
    task: bool = False
    due_text: str = ""
    evidence: bool = False


@dataclass(frozen=True, slots=True)
class Planned:
    """One message to queue: ``key`` is the outbox key; ``template`` and ``context`` render its text."""

    key: str
    channel: str
    chat: str
    kind: str
    units: tuple[str, ...]
    due: date | None
    indicators: tuple[str, ...]
    items: tuple[PlannedItem, ...]
    steps: tuple[str, ...]  # "<due>|<unit id>|<code>|<step>" for each step the message covers
    template: str
    context: dict[str, Any] = field(default_factory=dict)

    def contract(self, text: str) -> dict[str, Any]:
        """The JSON object of `dti-bot reminders plan --json`."""
        return {
            "recipient": {"channel": self.channel, "chat": self.chat},
            "unit": ", ".join(self.units),
            "kind": self.kind,
            "due": self.due.isoformat() if self.due else None,
            "indicators": list(self.indicators),
            "text": text,
        }


# ---- steps of one item ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    day: date  # the working day it goes out
    kind: str  # before | due | overdue | escalation
    late: int  # working days late on that day


def item_steps(due: date, today: date, cal: WorkCalendar, policy: ReminderPolicy) -> list[Step]:
    """Every step of a due date up to ``today``, on the working day each goes out."""
    steps = [Step(cal.next_working_day(due - timedelta(days=k)), "before", 0) for k in policy.days_before]
    steps.append(Step(cal.next_working_day(due), "due", 0))
    day, late = due, 0
    while day < today:  # one walk over the working days after the due date
        day += timedelta(days=1)
        if cal.is_working_day(day):
            late += 1
            if late % policy.overdue_every == 0:
                steps.append(Step(day, "overdue", late))
            if late == policy.escalate_after:
                steps.append(Step(day, "escalation", late))
    steps.extend(Step(s.day, "escalation", s.late) for s in list(steps)
                 if s.kind == "overdue" and s.late > policy.escalate_after)
    return [s for s in steps if s.day <= today]


def snooze_until(cal: WorkCalendar, now: datetime) -> datetime:
    """ "Hoãn": no reminder on the next working day; the next one comes at the earliest the working day after."""
    return cal.morning(cal.add_working_days(cal.local(now).date(), 2))


# ---- the planner -----------------------------------------------------------------------------------------------


def plan_reminders(units: Sequence[UnitDues], cal: WorkCalendar, now: datetime,
                   policy: ReminderPolicy | None = None) -> list[Planned]:
    """The reminders to queue at ``now`` for the members of ``units`` (of any plans: a chat gets one message a
    day in all): empty outside working hours and on days off."""
    policy = policy or ReminderPolicy()
    if not cal.is_working_time(now):
        return []
    today = cal.local(now).date()
    local_now = cal.local(now)
    gathered: dict[tuple[str, str], _Gathering] = {}
    memo: dict[tuple[date, ReminderPolicy], list[Step]] = {}

    late_memo: dict[date, int] = {}

    def steps_of(due: date, own: ReminderPolicy) -> list[Step]:
        if (due, own) not in memo:
            memo[due, own] = item_steps(due, today, cal, own)
        return memo[due, own]

    def working_days_late(due: date) -> int:
        if due not in late_memo:
            late_memo[due] = cal.working_days_between(due, today)
        return late_memo[due]

    for unit in units:
        if unit.paused:
            continue
        own = policy.for_plan(unit.plan_id)  # the steps of the unit's plan (its rounds and its tasks)
        for recipient in unit.recipients:
            if recipient.role not in ("official", "head") or not recipient.reachable:
                continue
            if recipient.snoozed_until is not None and local_now < cal.local(recipient.snoozed_until):
                continue
            start = recipient.last_reminded or date.min
            if start >= today:
                continue
            head = recipient.role == "head"
            open_items = [i for i in unit.items if not i.submitted]
            # officials get before/due/overdue; the head only the escalations
            fired = [[s for s in steps_of(i.due, own) if start < s.day <= today
                      and (s.kind == "escalation") == head] for i in open_items]
            if not any(fired):
                continue
            g = gathered.setdefault((recipient.channel, recipient.chat), _Gathering(recipient))
            for item, steps in zip(open_items, fired, strict=True):
                # the message names everything still owed that is near or late, not only what a step fired for
                near = (working_days_late(item.due) >= own.escalate_after if head
                        else (item.due - today).days <= max(own.days_before, default=0))
                if steps or near:
                    g.add(unit, item, steps, today)
    return sorted((g.planned(today) for g in gathered.values()), key=lambda p: (p.channel, p.chat))


class _Gathering:
    """What one chat is told today, folded across its units and items."""

    def __init__(self, recipient: Recipient) -> None:
        self.recipient = recipient
        self.items: dict[tuple[int, str, date, bool], PlannedItem] = {}
        self.steps: list[str] = []
        self.kinds: set[str] = set()
        self.all_tasks = True

    def add(self, unit: UnitDues, item: OwedItem, fired: list[Step], today: date) -> None:
        self.items[(unit.unit_id, item.code, item.due, item.evidence)] = PlannedItem(
            unit.unit_name, item.code, item.name, item.due, (item.due - today).days, item.task, item.due_text,
            item.evidence)
        what = f"{item.code}/evidence" if item.evidence else item.code
        self.steps.extend(f"{item.due.isoformat()}|{unit.unit_id}|{what}|{s.kind}:{s.late}" for s in fired)
        self.kinds.update(s.kind for s in fired)
        if fired:
            self.all_tasks = self.all_tasks and item.task

    def planned(self, today: date) -> Planned:
        r = self.recipient
        kind = "task" if self.all_tasks else max(self.kinds, key=_SEVERITY.__getitem__)
        items = tuple(sorted(self.items.values(), key=lambda i: (i.due, i.unit, code_order(i.code))))
        units = tuple(dict.fromkeys(i.unit for i in items))
        # what the text says; the reader's name only where it is said (to a head, in an escalation), so that the
        # officials of one unit share one rendering (``messages.render_reminders``)
        values = tuple(i for i in items if not i.task and not i.evidence)
        context = {"kind": kind, "role": r.role, "name": r.name if kind == "escalation" else "", "today": today,
                   "items": items, "units": units, "late": tuple(i for i in items if i.days_left < 0),
                   "values_late": tuple(i for i in values if i.days_left < 0),
                   "values_soon": tuple(i for i in values if i.days_left >= 0),
                   "evidence": tuple(i for i in items if i.evidence), "tasks": tuple(i for i in items if i.task)}
        return Planned(f"rem:{today.isoformat()}:{r.channel}:{r.chat}", r.channel, r.chat, kind, units,
                       min(i.due for i in items), tuple(dict.fromkeys(i.code for i in items)), items,
                       tuple(self.steps), "reminder_unit", context)


# ---- the focal point's digest ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigestLine:
    unit: str
    codes: tuple[str, ...]
    due: date | None = None
    days_late: int = 0  # working days
    people: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpenDifficulty:
    """A difficulty an official reported that no focal point has answered yet (``bot.services.difficulties``)."""

    number: int
    unit: str
    code: str
    asker: str
    since: date
    text: str


def plan_digests(units: Sequence[UnitDues], focal: Iterable[Recipient], cal: WorkCalendar, now: datetime,
                 policy: ReminderPolicy | None = None, *, plan_id: str = "",
                 difficulties: Sequence[OpenDifficulty] = ()) -> list[Planned]:
    """The focal points' digest of one plan's ``units`` at ``now``: units late, due this week, late with their
    evidence files, with nobody registered or unreachable, paused, and the difficulties still unanswered. Once a
    working day (its key names the day); none when all is quiet.
    ``policy``: the bot's; the plan's own (``for_plan``) is used."""
    policy = (policy or ReminderPolicy()).for_plan(plan_id)
    if not cal.is_working_time(now):
        return []
    today = cal.local(now).date()
    week_end = today + timedelta(days=6 - today.weekday())
    late: list[DigestLine] = []
    soon: list[DigestLine] = []
    nobody: list[DigestLine] = []
    unreachable: list[DigestLine] = []
    paused = [DigestLine(u.unit_name, ()) for u in units if u.paused]
    evidence_late: list[DigestLine] = []
    for unit in units:
        ordered = sorted(unit.items, key=lambda i: code_order(i.code))  # every list of codes: 1.9 before 1.10
        open_items = [i for i in ordered if not i.submitted and not i.evidence]
        for lines, overdue in ((late, [i for i in open_items if i.due < today]),
                               (evidence_late, [i for i in ordered if i.evidence and not i.submitted
                                                and i.due < today])):
            if overdue:
                first = min(i.due for i in overdue)
                lines.append(DigestLine(unit.unit_name, tuple(i.code for i in overdue), first,
                                        cal.working_days_between(first, today)))
        this_week = [i for i in open_items if today <= i.due <= week_end]
        if this_week:
            soon.append(DigestLine(unit.unit_name, tuple(i.code for i in this_week), min(i.due for i in this_week)))
        members = [r for r in unit.recipients if r.role in ("official", "head")]
        if not members and not unit.registered:
            nobody.append(DigestLine(unit.unit_name, tuple(i.code for i in open_items)))
        lost = tuple(r.name or r.chat for r in members if not r.reachable)
        if lost:
            unreachable.append(DigestLine(unit.unit_name, (), people=lost))
    late.sort(key=lambda d: (-d.days_late, d.unit))
    evidence_late.sort(key=lambda d: (-d.days_late, d.unit))
    soon.sort(key=lambda d: (d.due or today, d.unit))
    if not (late or soon or evidence_late or nobody or unreachable or difficulties):
        return []
    context = {"today": today, "week_end": week_end, "late": late, "soon": soon, "evidence_late": evidence_late,
               "nobody": nobody, "unreachable": unreachable, "paused": paused, "difficulties": list(difficulties),
               "escalate_after": policy.escalate_after}
    out = []
    for r in focal:
        if not r.reachable or r.role != "focal":
            continue
        codes = tuple(dict.fromkeys(c for line in late + soon + evidence_late for c in line.codes))
        out.append(Planned(f"dig:{today.isoformat()}:{plan_id}:{r.channel}:{r.chat}", r.channel, r.chat, "digest",
                           (), None, codes, (), (), "reminder_digest", {**context, "name": r.name}))
    return out
