"""``dti-bot plan rollover --from kon-tum-2024 --to kon-tum-2025 [--map 'CŨ=MỚI']… [--apply] [--json]``: carry a
plan's units, group memberships, officials' roles and reminder pauses to the next year's plan (imported with
``import-plan``), so that nobody registers again (``bot.services.rollover``).

Without ``--apply`` nothing is written: it prints what would change. A unit the target plan does not have (renamed,
merged, gone) is listed with the target's nearest names, never guessed; ``--map 'Sở Thông tin và Truyền
thông=Sở Khoa học và Công nghệ'`` is the decision that carries it. Applying twice changes nothing the second time.
The per-plan reminder settings are in the configuration file: what the source has and the target lacks is printed
as the TOML to add.

Exit 0 when it ran (undecided units are listed, not an error); 2 for an unknown plan, the same plan twice or a
``--map`` naming no unit; 1 when the database cannot be opened.

``--json``: ``{"from", "to", "applied", "changes", "units": [{"name", "group", "to", "action" (same, create,
mapped, undecided), "suggestions", "officials"}], "roles": [{"official_id", "official", "unit", "to", "role",
"done"}], "groups": [{"unit", "to", "group", "done"}], "pauses": [{"unit", "to", "done"}], "undecided": [names],
"unknown_mappings": ["CŨ=MỚI"], "reminder_settings": {"from", "to", "toml"}}`` (``done``: the target had it already).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from bot.cli import args as arg
from bot.config import Settings


def _mapping(value: str) -> str:
    text = arg.text(600)(value)
    old, sep, new = text.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise argparse.ArgumentTypeError(f"'{text[:60]}' không có dạng 'TÊN CŨ=TÊN MỚI'")
    return text


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    roll = sub.add_parser("rollover", help="chuyển đơn vị, nhóm, cán bộ và vai trò, tạm dừng nhắc sang kế hoạch "
                                           "năm sau (chạy thử nếu không có --apply)")
    roll.add_argument("--from", dest="source", type=arg.plan_id, required=True, help="kế hoạch năm trước")
    roll.add_argument("--to", dest="target", type=arg.plan_id, required=True, help="kế hoạch năm nay (đã nhập)")
    roll.add_argument("--map", dest="mapping", type=_mapping, action="append", default=[],
                      help="quyết định cho đơn vị đổi tên: 'TÊN CŨ=TÊN MỚI' (lặp lại được)")
    roll.add_argument("--apply", action="store_true", help="ghi vào cơ sở dữ liệu")
    roll.add_argument("--json", action="store_true", help="in JSON")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import check_plan, in_plan_session

    if not check_plan(args.source, settings) or not check_plan(args.target, settings):
        return 2
    if args.source == args.target:
        print("Kế hoạch nguồn và kế hoạch đích trùng nhau.", file=sys.stderr)
        return 2
    return in_plan_session(settings, args.target, lambda session: _rollover(session, args, settings))


def _rollover(session: Any, args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import print_json
    from bot.services.rollover import plan_rollover
    from knowledge.store import load_knowledge

    mapping = dict(m.partition("=")[::2] for m in args.mapping)
    mapping = {" ".join(k.split()): " ".join(v.split()) for k, v in mapping.items()}
    result = plan_rollover(session, load_knowledge(), args.source, args.target, mapping, apply=args.apply)
    if result.unknown_mappings:
        print(f"--map không khớp đơn vị nào (tên cũ phải là đơn vị của {args.source}, tên mới của {args.target}): "
              f"{'; '.join(result.unknown_mappings)}", file=sys.stderr)
        return 2
    if not args.apply:
        session.rollback()  # a dry run writes nothing (not even the unit rows read on the way)
    settings_out = _reminder_settings(settings, args.source, args.target)
    if args.json:
        print_json({
            "from": args.source, "to": args.target, "applied": bool(args.apply), "changes": result.changes,
            "units": [{"name": u.name, "group": u.group, "to": u.target, "action": u.action,
                       "suggestions": list(u.suggestions), "officials": u.officials} for u in result.units],
            "roles": [{"official_id": c.official_id, "official": c.official, "unit": c.unit, "to": c.target,
                       "role": c.role, "done": c.done} for c in result.items if c.kind == "role"],
            "groups": [{"unit": c.unit, "to": c.target, "group": c.group, "done": c.done}
                       for c in result.items if c.kind == "group"],
            "pauses": [{"unit": c.unit, "to": c.target, "done": c.done} for c in result.items if c.kind == "pause"],
            "undecided": [u.name for u in result.undecided], "unknown_mappings": result.unknown_mappings,
            "reminder_settings": settings_out,
        })
        return 0
    _print(result, args, settings_out)
    return 0


def _reminder_settings(settings: Settings, source: str, target: str) -> dict[str, Any]:
    """The source's and the target's own reminder settings, and the TOML to add when the target has none."""
    def own(plan: str) -> dict[str, Any] | None:
        found = settings.reminders.plans.get(plan)
        return {k: v for k, v in asdict(found).items() if v is not None} if found is not None else None

    mine, theirs = own(source), own(target)
    toml = ""
    if mine and theirs is None:
        toml = f'[reminders.plans."{target}"]\n' + "".join(f"{k} = {v!r}\n" for k, v in mine.items())
    return {"from": mine, "to": theirs, "toml": toml}


ACTIONS = {"same": "giữ nguyên tên", "create": "tạo đơn vị thành viên", "mapped": "theo --map"}


def _print(result: Any, args: argparse.Namespace, reminder: dict[str, Any]) -> None:
    head = "Đã chuyển" if args.apply else "Chạy thử (chưa ghi gì; thêm --apply để ghi)"
    print(f"{head}: {args.source} → {args.target}, {result.changes} thay đổi.")
    for u in result.units:
        if u.action == "undecided":
            continue
        where = f" (thuộc {u.group})" if u.group else ""
        print(f"  Đơn vị {u.name}{where} → {u.target} [{ACTIONS[u.action]}]")
    verb = "đã thêm" if args.apply else "sẽ thêm"
    for c in result.items:
        state = "đã có" if c.done else verb
        if c.kind == "role":
            print(f"  Cán bộ {c.official} (mã {c.official_id}), {c.role} của {c.target}: {state}")
        elif c.kind == "group":
            print(f"  {c.target} là thành viên của {c.group}: {state}")
        else:
            print(f"  Tạm dừng nhắc việc của {c.target}: {state}")
    if result.undecided:
        print(f"Cần quyết định ({len(result.undecided)} đơn vị không có trong {args.target}; không tự đoán):")
        for u in result.undecided:
            where = f" (thuộc {u.group}, nhóm chưa được chuyển)" if u.group else ""
            near = f"; gần giống: {', '.join(u.suggestions)}" if u.suggestions else ""
            print(f"  {u.name}{where}: {u.officials} cán bộ{near}")
        print("  Ghi quyết định bằng --map 'TÊN CŨ=TÊN MỚI' rồi chạy lại.")
    if reminder["toml"]:
        print(f"Cấu hình nhắc việc riêng của {args.source} chưa có cho {args.target}; thêm vào tệp cấu hình:")
        print(reminder["toml"].rstrip())
