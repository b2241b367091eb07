"""How long the pure reminder policy takes to plan a morning: N units × M owed indicators, 3 chats per unit
(official, head, one more official), due dates spread over the weeks around now, and the focal digest.

    python benchmarks/bench_reminders.py [--units 2000 --items 20]
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.reminders.calendar import WorkCalendar
from bot.reminders.messages import render_reminder
from bot.reminders.policy import OwedItem, Recipient, ReminderPolicy, UnitDues, plan_digests, plan_reminders
from bot.render import Renderer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()
    now = datetime(2025, 9, 10, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    cal, policy = WorkCalendar(), ReminderPolicy()
    units = []
    for u in range(args.units):
        people = (Recipient("telegram", f"o{u}", "official", last_reminded=date(2025, 9, 9) if u % 2 else None),
                  Recipient("zalo", f"p{u}", "official", last_reminded=date(2025, 9, 1)),
                  Recipient("telegram", f"h{u}", "head", last_reminded=date(2025, 9, 1)))
        items = tuple(OwedItem(f"{1 + i // 10}.{i % 10 + 1}", date(2025, 9, 10) + timedelta(days=(u + 3 * i) % 40 - 20),
                               submitted=(u + i) % 5 == 0) for i in range(args.items))
        units.append(UnitDues(u, f"Đơn vị {u}", "bench", people, items))
    t0 = time.perf_counter()
    planned = plan_reminders(units, cal, now, policy)
    planned += plan_digests(units, [Recipient("zalo", "focal", "focal")], cal, now, policy, plan_id="bench")
    t1 = time.perf_counter()
    renderer = Renderer()
    for p in planned:
        render_reminder(renderer, p)
    t2 = time.perf_counter()
    kinds: dict[str, int] = {}
    for p in planned:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    print(f"units={args.units} items/unit={args.items} chats={3 * args.units} messages={len(planned)} {kinds}")
    print(f"plan: {t1 - t0:.2f} s; render: {t2 - t1:.2f} s ({len(planned) / max(t2 - t1, 1e-9):.0f} messages/s)")


if __name__ == "__main__":
    main()
