"""`dti-bot import-plan`: a new year's plan from a table file laid out like Kon Tum's appendix.

    dti-bot import-plan ke-hoach-2025.xlsx --id kon-tum-2025 --framework dti-tinh [--label "KH …"]
        [--compare kon-tum-2024] [--baseline-year 2024] [--apply]

Without ``--apply`` nothing is stored: the file is read, checked and compared with another plan of the same
framework. Exit status: 0 read (and stored with --apply), 2 refused (the file or an argument is wrong; nothing
stored), 1 the database cannot be opened.
"""

from __future__ import annotations

import argparse
import sys

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=arg.input_file(), help="tệp bảng kế hoạch (.xlsx hoặc .tsv)")
    parser.add_argument("--id", required=True, help="mã kế hoạch mới, ví dụ kon-tum-2025")
    parser.add_argument("--framework", type=arg.text(40), required=True, help="bộ chỉ số: dti-tinh, dti-xa…")
    parser.add_argument("--label", type=arg.text(200, blank=True), default="", help="tên kế hoạch hiển thị")
    parser.add_argument("--compare", type=arg.plan_id,
                        help="so sánh với kế hoạch này (mặc định: kế hoạch đầu tiên cùng bộ chỉ số)")
    parser.add_argument("--baseline-year", type=arg.year,
                        help="năm của cột 'Kết quả' (kết quả năm trước); mặc định: năm ghi ở tiêu đề cột")
    parser.add_argument("--apply", action="store_true", help="lưu kế hoạch vào cơ sở dữ liệu")


def run(args: argparse.Namespace, settings: Settings) -> int:
    import re

    from knowledge.importers.plan_table import diff_plans, read_plan
    from knowledge.store import load_knowledge

    kb = load_knowledge()
    if not re.fullmatch(r"[a-z0-9-]{2,40}", args.id):
        print("Lỗi: --id chỉ gồm chữ thường không dấu, số và '-', ví dụ kon-tum-2025", file=sys.stderr)
        return 2
    builtin = args.id in kb.plans and args.id not in _imported_ids(settings)
    if builtin:
        print(f"Lỗi: '{args.id}' là kế hoạch có sẵn, không thay được bằng tệp", file=sys.stderr)
        return 2
    check = read_plan(args.file, kb, args.id, args.framework, args.label, args.baseline_year)
    for w in check.warnings:
        print(f"Cảnh báo: {w}")
    if not check.ok or check.plan is None:
        for e in check.errors:
            print(f"Lỗi: {e}", file=sys.stderr)
        print("Không nhập gì.", file=sys.stderr)
        return 2
    plan = check.plan
    print(f"Đọc được kế hoạch {plan.id} ({plan.name}): {len(plan.assignments)} chỉ số được phân công.")
    others = [p for p in sorted(kb.plans) if kb.plans[p].framework == plan.framework and p != plan.id]
    other = args.compare or (others[0] if others else None)
    if other is not None:
        if other not in kb.plans:
            print(f"Lỗi: không có kế hoạch '{other}' để so sánh", file=sys.stderr)
            return 2
        _show_diff(diff_plans(plan, kb.plans[other]))
    if not args.apply:
        print("Chưa lưu (thêm --apply để lưu).")
        return 0
    return _apply(settings, plan, args.file.name)


def _show_diff(d: object) -> None:
    from knowledge.importers.plan_table import PlanDiff

    assert isinstance(d, PlanDiff)
    print(f"So với {d.other}: thêm {len(d.added)}, bỏ {len(d.dropped)}, đổi chủ trì {len(d.owners)}, "
          f"đổi thời hạn {len(d.deadlines)}.")
    if d.added:
        print(f"  Thêm: {', '.join(d.added)}")
    if d.dropped:
        print(f"  Bỏ: {', '.join(d.dropped)}")
    for code, before, after in d.owners:
        print(f"  {code} chủ trì: {before or '—'} → {after or '—'}")
    for code, before, after in d.deadlines:
        print(f"  {code} thời hạn: {before or '—'} → {after or '—'}")


def _imported_ids(settings: Settings) -> set[str]:
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db.models import ImportedPlan
    from bot.db.session import Database

    try:
        db = Database(settings.database.url)
        db.upgrade()
        with db.session() as s:
            found = set(s.scalars(select(ImportedPlan.id)))
        db.dispose()
        return found
    except SQLAlchemyError:
        return set()


def _apply(settings: Settings, plan: object, source: str) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.core.services import system_clock
    from bot.db.session import Database, shown_url
    from bot.services.plan_import import store_plan
    from knowledge.model import Plan

    assert isinstance(plan, Plan)
    try:
        db = Database(settings.database.url)
        db.upgrade()
        with db.session() as s:
            replaced = store_plan(s, plan, source, system_clock())
        db.dispose()
    except SQLAlchemyError as exc:
        print(f"Không lưu được vào {shown_url(settings.database.url)}: {exc.__class__.__name__}", file=sys.stderr)
        return 1
    from bot.services.plan_import import CHECK_SECONDS

    print(f"Đã {'cập nhật' if replaced else 'lưu'} kế hoạch {plan.id}; bot đang chạy sẽ nạp kế hoạch này trong "
          f"vòng {CHECK_SECONDS:.0f} giây (không cần khởi động lại).")
    return 0
