"""`dti-bot package`: the self-assessment package of a round, the zip /hoso sends (``bot.services.package``).

    dti-bot package --plan kon-tum-2024 [--round 3] --zip ho-so.zip [--json]

``--json`` prints exactly ``{"zip", "files", "indicators", "evidence_files", "links", "missing_evidence"}``:
the zip's path, how many members it has, the round's indicators, evidence files and links packed, and the codes
of the indicators some counted value of which has no evidence yet.

Exit status: 0 written, 2 refused (no such plan or round, a round of another plan, file not writable), 1 the
database cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=arg.plan_id, required=True, help="kế hoạch, ví dụ kon-tum-2024")
    parser.add_argument("--round", type=arg.record_id,
                        help="số của đợt thu thập (mặc định: đợt đang mở, hoặc đợt gần nhất)")
    parser.add_argument("--zip", type=arg.output_file, required=True, help="tệp .zip sẽ ghi")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from zoneinfo import ZoneInfo

    from bot.cli.round import write_for_round
    from bot.core.services import system_clock
    from bot.services.package import write_package
    from knowledge.store import load_knowledge

    kb = load_knowledge()
    started = time.perf_counter()

    def write(session: Any, info: Any) -> Any:
        return write_package(session, kb, info, args.zip, files_folder=settings.files.folder,
                             tz=ZoneInfo(settings.bot.timezone), now=system_clock())

    done = write_for_round(args, settings, str(args.zip), write)
    if isinstance(done, int):
        return done
    info, result = done
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"Đã ghi hồ sơ tự đánh giá đợt {info.id} ({info.plan}, kỳ {info.period}) vào {args.zip}: "
          f"{result.files} tệp, {result.evidence_files} tệp minh chứng, {result.links} liên kết, "
          f"{result.size // 1024} KB, {time.perf_counter() - started:.2f} s.")
    if result.missing_evidence:
        print("Chỉ số còn số liệu chưa có minh chứng: " + ", ".join(result.missing_evidence))
    for gone in result.gone:
        print(f"Tệp minh chứng không còn trong kho: {gone}")
    return 0
