"""``dti-bot officials``: the admin's changes from the terminal.

- ``officials list --plan ID [--json]``: every registered official of the plan (id, name, channel accounts,
  units and roles);
- ``officials remove --plan ID WHO [--unit NAME]``: take an official out of a unit (every role there);
  ``--unit`` may be left out when they belong to one unit of the plan;
- ``officials move --plan ID WHO --to NAME [--from NAME]``: move their roles to another unit of the plan.

WHO is the official's id (``12``, shown by ``list`` and by ``/toi``) or a channel account (``telegram:1001``).
Unit names are matched like in the chat; an unknown or ambiguous name is an error (exit 2)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="liệt kê cán bộ đã đăng ký của kế hoạch")
    listing.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch")
    listing.add_argument("--json", action="store_true", help="in JSON")
    remove = sub.add_parser("remove", help="xoá một cán bộ khỏi đơn vị")
    remove.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch")
    remove.add_argument("who", type=arg.official_ref, help="mã cán bộ (12) hoặc tài khoản kênh (telegram:1001)")
    remove.add_argument("--unit", type=arg.text(200), help="đơn vị (bỏ trống khi người đó chỉ ở một đơn vị)")
    move = sub.add_parser("move", help="chuyển một cán bộ sang đơn vị khác")
    move.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch")
    move.add_argument("who", type=arg.official_ref, help="mã cán bộ (12) hoặc tài khoản kênh (telegram:1001)")
    move.add_argument("--to", type=arg.text(200), required=True, dest="target", help="đơn vị mới")
    move.add_argument("--from", type=arg.text(200), dest="source",
                      help="đơn vị cũ (bỏ trống khi người đó chỉ ở một đơn vị)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import in_plan_session

    return in_plan_session(settings, args.plan, lambda session: (_list if args.action == "list" else _change)(
        session, args))


def _list(session: Any, args: argparse.Namespace) -> int:
    from bot.cli.common import print_json
    from bot.services.officials import official_by_id, plan_roster
    from knowledge.store import load_knowledge

    ids = sorted({m.official_id for r in plan_roster(session, load_knowledge(), args.plan) for m in r.members})
    officials = [o for o in (official_by_id(session, i) for i in ids) if o is not None]
    if args.json:
        print_json([{"id": o.id, "name": o.name, "active": o.active,
                     "identities": [f"{i.channel}:{i.user_id}" for i in o.identities],
                     "memberships": [{"unit": m.unit.name, "role": m.role} for m in o.in_plan(args.plan)]}
                    for o in officials])
        return 0
    for o in officials:
        units = "; ".join(f"{m.unit.label} ({m.role})" for m in o.in_plan(args.plan))
        accounts = ", ".join(f"{i.channel}:{i.user_id}" for i in o.identities)
        print(f"{o.id}\t{o.name}\t{accounts}\t{units}")
    if not officials:
        print(f"Kế hoạch {args.plan} chưa có cán bộ nào đăng ký.")
    return 0


def _change(session: Any, args: argparse.Namespace) -> int:
    from bot.cli.common import pick_unit, unit_or_say_why
    from bot.services.officials import move_to_unit, official_unit, remove_from_unit, resolve_official
    from knowledge.store import load_knowledge

    kb = load_knowledge()
    official = resolve_official(session, args.who)
    if official is None or not official.in_plan(args.plan):
        print(f"Không có cán bộ '{args.who}' trong kế hoạch {args.plan}. Xem: dti-bot officials list --plan "
              f"{args.plan}", file=sys.stderr)
        return 2
    typed = args.unit if args.action == "remove" else args.source
    source = unit_or_say_why(official_unit(session, kb, official, args.plan, typed), args.plan, typed)
    if source is None:
        return 2
    if args.action == "remove":
        roles = remove_from_unit(session, official.id, source.id)
        print(f"Đã xoá {official.name} (mã {official.id}) khỏi {source.label} (vai trò: {', '.join(roles)}).")
        return 0
    target = pick_unit(session, kb, args.plan, args.target)
    if target is None:
        return 2
    roles = move_to_unit(session, official.id, source.id, target.id)
    print(f"Đã chuyển {official.name} (mã {official.id}) từ {source.label} sang {target.label} "
          f"(vai trò: {', '.join(roles)}).")
    return 0
