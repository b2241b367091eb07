"""`dti-bot validate [--json]`: list every problem in the knowledge base (source defects included).

Exit status: 0 when the knowledge base loads and has no error (warnings — defects printed in the sources — do
not fail), 1 when it cannot be loaded or has an error (e.g. pillar maximums not adding up, an unknown unit).
"""

from __future__ import annotations

import argparse
import json
from itertools import groupby
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from knowledge.store import KnowledgeBase


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def _kind(where: str, kb: KnowledgeBase) -> str:
    if where in kb.frameworks:
        return "bộ chỉ số"
    if where in kb.plans:
        return "kế hoạch"
    if where in kb.records:
        return "bảng điểm"
    return "quy tắc tính điểm"


def run(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.deadline_report import deadline_lines, deadline_rows
    from knowledge.store import load_knowledge
    from knowledge.validate import validate

    try:
        kb = load_knowledge()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = f"Không nạp được cơ sở tri thức: {exc}"
        if args.json:
            print(json.dumps({"ok": False, "error": message, "problems": []}, ensure_ascii=False, indent=2))
        else:
            print(message)
        return 1
    problems = validate(kb)
    errors = sum(p.severity == "error" for p in problems)
    if args.json:
        payload = {
            "ok": errors == 0,
            "problems": [
                {"severity": p.severity, "where": p.where, "code": p.code, "message": p.message}
                for p in problems
            ],
            "deadlines": [row.as_json() for row in deadline_rows(kb)],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0 if errors == 0 else 1
    for where, group in groupby(problems, key=lambda p: p.where):
        print(f"== {where} ({_kind(where, kb)}) ==")
        for problem in group:
            print(f"  {problem.line()}")
    print("\n".join(deadline_lines(kb)))
    warnings = len(problems) - errors
    print(
        f"Tổng cộng: {errors} lỗi, {warnings} cảnh báo "
        f"({len(kb.frameworks)} bộ chỉ số, {len(kb.plans)} kế hoạch, {len(kb.records)} bảng điểm)."
    )
    if errors == 0:
        print(
            "Cơ sở tri thức dùng được; các cảnh báo là lỗi hoặc chỗ khác nhau giữa các tài liệu nguồn, được giữ "
            "nguyên như bản gốc."
        )
    return 0 if errors == 0 else 1
