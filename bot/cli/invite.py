"""``dti-bot invite --plan ID --unit NAME --role ROLE [--expires-days 7] [--json]``: a one-time registration
code for a unit and role; the person sends ``/dangky CODE`` (on Telegram also the deep link ``/start CODE``).

JSON (a contract): ``{"code", "plan", "unit", "role", "expires"}`` (``expires`` ISO-8601, UTC). An unknown or
ambiguous unit name is an error (exit 2) listing what it could be: a code is never made for a guessed unit."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli import args as arg
from bot.config import Settings

ROLE_CHOICES = ("official", "head", "focal", "admin")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch, ví dụ kon-tum-2024")
    parser.add_argument("--unit", type=arg.text(200), required=True,
                        help="tên đơn vị (đầy đủ hoặc viết tắt, ví dụ 'Sở TTTT')")
    parser.add_argument("--role", required=True, choices=ROLE_CHOICES,
                        help="official: cán bộ, head: lãnh đạo đơn vị, focal: đầu mối, admin: quản trị")
    parser.add_argument("--expires-days", type=arg.number(0, 365), default=7.0,
                        help="mã hết hạn sau số ngày này (mặc định 7)")
    parser.add_argument("--json", action="store_true", help="in JSON")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import in_plan_session

    return in_plan_session(settings, args.plan, lambda session: _invite(session, args))


def _invite(session: Any, args: argparse.Namespace) -> int:
    from bot.cli.common import pick_unit, print_json
    from bot.core.services import system_clock
    from bot.services.registration import create_invite
    from knowledge.store import load_knowledge

    unit = pick_unit(session, load_knowledge(), args.plan, args.unit)
    if unit is None:
        return 2
    invite = create_invite(session, unit.id, args.role, system_clock(), args.expires_days)
    if args.json:
        print_json(invite.to_json())
    else:
        print(f"Mã mời: {invite.code}\nĐơn vị: {unit.label} ({args.plan}), vai trò: {args.role}\n"
              f"Hết hạn: {invite.expires:%d/%m/%Y %H:%M} UTC\n"
              f"Người được mời gửi cho trợ lý: /dangky {invite.code}")
    return 0
