"""``dti-bot units add --plan ID --member-of GROUP NAME…`` makes units members of a group unit, each reporting its
own part of the group's indicators: a new name becomes a member unit under the group (a district, a commune); a
unit already in the plan (a Sở named by the plan, a district of another group) joins it, so one unit can be in
several groups. ``dti-bot units list --plan ID [--json]`` lists the plan's units with who is registered in each.

``add`` exits 0 when it added at least one name; 3 when it added none (each skipped name is printed on standard
error with why: already a member, the group itself, a group unit, an empty or too long name); 2 for an unknown
plan or a group it cannot name for sure or that is no group unit; 1 when the database cannot be opened.

``list --json``: ``[{"id", "name", "group" (the group a member unit was created under, else null), "is_group",
"officials": [{"id", "name", "role"}], "groups" (every group the unit is a member of)}]``."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="thêm đơn vị thành viên (mới, hoặc đơn vị đã có trong kế hoạch) vào một đơn "
                                     "vị nhóm")
    add.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch")
    add.add_argument("--member-of", type=arg.text(200), required=True, dest="group",
                     help="đơn vị nhóm, ví dụ 'UBND các huyện'")
    add.add_argument("names", type=arg.text(255), nargs="+", help="tên các đơn vị thành viên")
    listing = sub.add_parser("list", help="liệt kê đơn vị của kế hoạch và cán bộ đã đăng ký")
    listing.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch")
    listing.add_argument("--json", action="store_true", help="in JSON")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import in_plan_session

    return in_plan_session(settings, args.plan, lambda session: (_add if args.action == "add" else _list)(
        session, args))


NOTHING_ADDED = 3
SKIPPED = {
    "empty": "tên trống",
    "too_long": "tên dài quá 255 ký tự",
    "the_group": "đây là chính đơn vị nhóm",
    "group": "đây là một đơn vị nhóm, không là thành viên của nhóm khác được",
    "member": "đã là thành viên của {group}",
}


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
        kind = "đơn vị mới" if unit.parent_id == group.id else "đơn vị đã có trong kế hoạch"
        print(f"Đã thêm vào {group.name}: {unit.name} ({kind}, mã {unit.id})")
    for s in skipped:
        print(f"Bỏ qua {s.name or '(trống)'}: {SKIPPED[s.reason].format(group=group.name)}", file=sys.stderr)
    if not added:
        print("Không thêm được đơn vị nào.", file=sys.stderr)
        return NOTHING_ADDED
    return 0


def _list(session: Any, args: argparse.Namespace) -> int:
    from bot.cli.common import print_json
    from bot.services.officials import plan_roster
    from bot.services.units import group_links
    from knowledge.store import load_knowledge

    roster = plan_roster(session, load_knowledge(), args.plan)
    names = {r.unit.id: r.unit.name for r in roster}
    joined: dict[int, list[str]] = {}
    for group_id, member_id in group_links(session, args.plan):
        joined.setdefault(member_id, []).append(names.get(group_id, ""))
    if args.json:
        print_json([{"id": r.unit.id, "name": r.unit.name, "group": r.unit.parent_name, "is_group": r.unit.is_group,
                     "officials": [{"id": m.official_id, "name": m.name, "role": m.role} for m in r.members],
                     "groups": [g for g in (r.unit.parent_name, *sorted(joined.get(r.unit.id, []))) if g]}
                    for r in roster])
        return 0
    for r in roster:
        indent = "    " if r.unit.parent_id is not None else ""
        kind = " [nhóm]" if r.unit.is_group else ""
        also = f" (cũng là thành viên của: {', '.join(sorted(joined[r.unit.id]))})" if r.unit.id in joined else ""
        people = "; ".join(f"{m.name} ({m.role}, mã {m.official_id})" for m in r.members) or "chưa có ai đăng ký"
        print(f"{indent}{r.unit.name}{kind}{also} — {people}")
    return 0
