"""`dti-bot round check --plan P [--round ID] [--json]`: can the round be finished — inputs nobody can enter, inputs
given to a unit by default, group units without members, units owing something with nobody registered. Without
``--round``: the plan's open round, else what ``round open`` would ask. ``round open`` prints the same as warnings.

Exit status 0 (the check ran, whatever it found), 2 refused (no such plan or round), 1 the database cannot be
opened."""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.services.round_check import RoundCheck
from bot.services.rounds import RoundError


def check(args: argparse.Namespace, session: Any, kb: Any) -> int:
    from bot.services.duties import default_indicators
    from bot.services.round_check import check_round
    from bot.services.rounds import find_open, get_round

    if args.round is not None:
        info = get_round(session, args.round)
        plan_id, codes = info.plan, list(info.indicators)
    elif args.plan:
        if args.plan not in kb.plans:
            raise RoundError("plan", f"Không có kế hoạch '{args.plan}'. Các kế hoạch: {', '.join(sorted(kb.plans))}.")
        found = find_open(session, args.plan)
        plan_id, codes = args.plan, list(found.indicators) if found else default_indicators(kb, args.plan)
    else:
        raise RoundError("args", "cần --plan hoặc --round")
    result = check_round(session, kb, plan_id, codes)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(warning_lines(result)) if not result.clean else "Không có gì cần xử lý: mọi đầu vào đều có "
              "đơn vị nhập, mọi đơn vị đều có người đăng ký.")
    return 0


def warning_lines(result: RoundCheck) -> list[str]:
    """The check as text lines (``round check`` and ``round open``)."""
    lines: list[str] = []
    if result.uncollectable:
        lines.append(f"Không ai nhập được ({len(result.uncollectable)} đầu vào):")
        by_reason: dict[str, dict[str, list[str]]] = {}
        for u in result.uncollectable:
            by_reason.setdefault(u.reason, {}).setdefault(u.code, []).append(u.input)
        for reason, codes in by_reason.items():
            lines.append(f"  • {reason}")
            lines.append("    " + "; ".join(f"{code} ({', '.join(inputs)})" for code, inputs in codes.items()))
    if result.default_owners:
        lines.append(f"Giao mặc định ({len(result.default_owners)} đầu vào kế hoạch không giao cho đơn vị nào):")
        lines += [f"  • {d.code} đầu vào {d.input} → {d.unit}" for d in result.default_owners]
    if result.groups_without_members:
        lines.append("Đơn vị nhóm chưa có đơn vị thành viên: " + "; ".join(result.groups_without_members))
    if result.units_without_officials:
        lines.append(f"Đơn vị chưa có ai đăng ký ({len(result.units_without_officials)}; đầu mối có thể nhập thay): "
                     + "; ".join(result.units_without_officials))
    return lines
