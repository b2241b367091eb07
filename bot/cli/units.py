"""``dti-bot units add --plan ID --member-of GROUP NAME…`` adds member units under a group unit (each district
or commune reports its own part); ``dti-bot units list --plan ID [--json]`` lists the plan's units with who is
registered in each.

``list --json``: ``[{"id", "name", "group" (the group's name for a member unit, else null), "is_group",
"officials": [{"id", "name", "role"}]}]``."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="thêm đơn vị thành viên vào một đơn vị nhóm")
    add.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch")
    add.add_argument("--member-of", type=arg.text(200), required=True, dest="group",
                     help="đơn vị nhóm, ví dụ 'UBND các huyện'")
    add.add_argument("names", type=arg.text(200), nargs="+", help="tên các đơn vị thành viên")
    listing = sub.add_parser("list", help="liệt kê đơn vị của kế hoạch và cán bộ đã đăng ký")
    listing.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch")
    listing.add_argument("--json", action="store_true", help="in JSON")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import in_plan_session

    return in_plan_session(settings, args.plan, lambda session: (_add if args.action == "add" else _list)(
        session, args))


def _add(session: Any, args: argparse.Namespace) -> int:
    import sys

    from bot.cli.common import pick_unit
    from bot.services.units import add_members
    from knowledge.store import load_knowledge

    group = pick_unit(session, load_knowledge(), args.plan, args.group)
    if group is None:
        return 2
    if not group.is_group:
        print(f"'{group.name}' không phải đơn vị nhóm nên không thêm đơn vị thành viên được. Đơn vị nhóm là "
              f"các đơn vị như 'UBND các huyện, thành phố', 'UBND cấp xã', 'Các sở, ban, ngành'.", file=sys.stderr)
        return 2
    added, skipped = add_members(session, group.id, args.names)
    for unit in added:
        print(f"Đã thêm: {unit.name} (thuộc {group.name}, mã {unit.id})")
    for name in skipped:
        print(f"Đã có trong kế hoạch, bỏ qua: {name}")
    return 0


def _list(session: Any, args: argparse.Namespace) -> int:
    from bot.cli.common import print_json
    from bot.services.officials import plan_roster
    from knowledge.store import load_knowledge

    roster = plan_roster(session, load_knowledge(), args.plan)
    if args.json:
        print_json([{"id": r.unit.id, "name": r.unit.name, "group": r.unit.parent_name, "is_group": r.unit.is_group,
                     "officials": [{"id": m.official_id, "name": m.name, "role": m.role} for m in r.members]}
                    for r in roster])
        return 0
    for r in roster:
        indent = "    " if r.unit.parent_id is not None else ""
        kind = " [nhóm]" if r.unit.is_group else ""
        people = "; ".join(f"{m.name} ({m.role}, mã {m.official_id})" for m in r.members) or "chưa có ai đăng ký"
        print(f"{indent}{r.unit.name}{kind} — {people}")
    return 0
