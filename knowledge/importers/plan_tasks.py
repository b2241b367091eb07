"""Tasks a plan's text sets outside its table: Gia Lai's section VI.2 (002) asks every unit that leads an
indicator to issue its own detailed plan within N days of the province issuing the plan.

Why an importer and not bot code: the task, its owners and its day are facts of the source. They are read from the
text here (the number of days, the event), dated from the plan's ``issued`` day, and given to every lead unit of
the plan's table; ``knowledge.validate.check_issue_tasks`` checks the result again (the day is the issue day plus
the days the note says, every owner leads something), so a change to the source or the table cannot leave a wrong
date behind.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from knowledge.model import Plan, PlanItem

# "- Trong vòng 15 ngày, kể từ ngày Ủy ban nhân dân tỉnh ban hành Kế hoạch này, các đơn vị, địa phương xây dựng,
# ban hành Kế hoạch thực hiện chi tiết" (the PDF's text layer wraps it over lines and blank lines).
DETAILED_PLAN = re.compile(
    r"Trong vòng (?P<days>\d{1,3}) ngày, kể từ ngày (?P<event>Ủy ban nhân dân tỉnh ban hành Kế hoạch) này, "
    r"các đơn vị, địa phương (?P<what>xây dựng, ban hành Kế hoạch thực hiện chi tiết)"
)
ISSUE_NOTE = re.compile(r"trong vòng (?P<days>\d{1,3}) ngày kể từ ngày .*ban hành Kế hoạch")
TASK_CODE = "VI.2"  # the section of the plan's text that sets it


def detailed_plan_task(plan: Plan, source_text: str, section: str = TASK_CODE) -> PlanItem | None:
    """The task "issue your detailed plan within N days" for every lead unit of ``plan``, or None when the
    source does not say it (then nothing is invented)."""
    flat = re.sub(r"\s+", " ", source_text)
    found = DETAILED_PLAN.search(flat)
    if found is None or not plan.issued:
        return None
    issued = date.fromisoformat(plan.issued)
    days = int(found["days"])
    due = issued + timedelta(days=days)
    leads = tuple(dict.fromkeys(u for a in plan.assignments for u in a.lead))
    event = found["event"]
    return PlanItem(
        kind="task", code=section,
        name=f"Xây dựng, ban hành Kế hoạch thực hiện chi tiết để nâng cao các chỉ số được phân công chủ trì "
             f"(mục {section} Kế hoạch {plan.document})",
        lead=leads, lead_text="; ".join(leads),  # the text says "các đơn vị, địa phương": every lead unit
        deadline=f"{due:%d/%m/%Y} (trong vòng {days} ngày kể từ ngày {event} {issued:%d/%m/%Y})",
        detail="Kế hoạch thực hiện chi tiết",
        group=f"{section}. Tổ chức thực hiện",
    )


def with_detailed_plan_task(plan: Plan, source: Path) -> Plan:
    """``plan`` with the section VI.2 task added (when the source says it)."""
    item = detailed_plan_task(plan, source.read_text(encoding="utf-8"))
    return plan if item is None else replace(plan, items=(*plan.items, item))
