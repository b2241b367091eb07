"""`dti-bot score`: score one indicator from its inputs, or check a published score table.

    dti-bot score --framework dti-tinh --json 6.12 a=1000 b=200 c=300
    dti-bot score --record dak-lak-2021 [--json]

Exit status: 0 scored (or record checked), 2 invalid input (with ``--json``: ``{"error": "…"}``), 3 the score
cannot be known yet (Min–Max without peers, unscored indicator), 1 the knowledge base or rules cannot
be loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.cli import args as arg
from bot.config import Settings

if TYPE_CHECKING:
    from knowledge.model import ScoreRecord
    from knowledge.store import KnowledgeBase
    from scoring.records import RecordCheck


def configure(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--framework", type=arg.text(40), help="bộ chỉ số: dti-tinh, dti-xa, cqs-ninh-thuan")
    what.add_argument("--record", type=arg.text(60), help="bảng điểm đã công bố cần kiểm tra, ví dụ dak-lak-2021")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.add_argument("code", type=arg.text(40), nargs="?",
                        help="mã chỉ số, ví dụ 6.12 (dòng thứ hai của mã trùng: 1.1.3#2)")
    parser.add_argument("inputs", type=arg.text(200), nargs="*", metavar="NAME=VALUE",
                        help="đầu vào, ví dụ a=1000 b=200 c=300")


def _emit(args: argparse.Namespace, payload: dict[str, Any], text: str, status: int) -> int:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(text, file=sys.stderr if "error" in payload else sys.stdout)
    return status


def _error(args: argparse.Namespace, message: str, status: int = 2) -> int:
    return _emit(args, {"error": message}, f"Lỗi: {message}", status)


def _parse_inputs(pairs: list[str]) -> dict[str, str] | str:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            return f"đầu vào '{pair}' phải có dạng TÊN=GIÁ_TRỊ, ví dụ a=1000"
        out[name.strip()] = value.strip()
    return out


def _describe(book: Any, key: str) -> str:
    rule = book.rule(key)
    lines = [f"Chỉ số {key} ({rule.kind}), đầu vào:"]
    lines += [f"  {n}: {m}" for n, m in rule.inputs.items()]
    for name, choice in rule.method.choices().items():
        lines.append(f"  lựa chọn cho {name}: {choice.describe()}")
    return "\n".join(lines)


def _score(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    from knowledge.rules import RuleDataError, rule_book
    from scoring.book import split_key
    from scoring.model import Pending, Rejection

    if args.framework not in kb.frameworks:
        return _error(args, f"không có bộ chỉ số '{args.framework}'; có: {', '.join(sorted(kb.frameworks))}")
    if not args.code:
        return _error(
            args, "thiếu mã chỉ số, ví dụ: dti-bot score --framework dti-tinh 6.12 a=1000 b=200 c=300"
        )
    try:
        book = rule_book(kb, args.framework)
    except RuleDataError as exc:
        return _error(args, f"không nạp được quy tắc tính điểm: {exc}", 1)
    inputs = _parse_inputs(args.inputs)
    if isinstance(inputs, str):
        return _error(args, inputs)
    code, _ = split_key(args.code)
    if len(kb.indicators(args.framework, code)) > 1 and "#" not in args.code:
        return _error(
            args,
            f"mã {code} xuất hiện nhiều lần trong nguồn; dùng {code} cho dòng đầu và {code}#2 cho "
            "dòng thứ hai",
        )
    read = _read_inputs(book.rule(args.code), inputs)
    if isinstance(read, str):
        return _error(args, read)
    typed, notes = read
    outcome = book.score(args.code, typed)
    if isinstance(outcome, Rejection):
        hint = f"\n{_describe(book, args.code)}" if book.rule(args.code) is not None and not args.json else ""
        return _emit(args, outcome.to_json(), f"Không tính được: {outcome.reason}{hint}", 2)
    if isinstance(outcome, Pending):
        return _emit(args, outcome.to_json(args.framework), f"Chưa có điểm: {outcome.reason}", 3)
    from scoring.numbers import fmt_num

    text = (
        f"{args.framework} {args.code}: {fmt_num(outcome.score)} / {fmt_num(outcome.max_points)} điểm "
        f"(mất {fmt_num(outcome.lost)})\n{outcome.explanation}"
    )
    payload = outcome.to_json(args.framework)
    if notes:
        payload["notes"] = notes
        text = "\n".join([*notes, text])
    return _emit(args, payload, text, 0)


def _read_inputs(rule: Any, inputs: dict[str, str]) -> tuple[dict[str, float | str], list[str]] | str:
    """The typed inputs read as value entry reads them (``bot.services.checks.read_value``: counts whole, the
    Vietnamese way), with how unusual forms were read; an error message for the first bad one. Names the rule
    does not know go through as typed (the engine refuses them, listing the inputs)."""
    from bot.services.checks import Check, read_value
    from scoring.numbers import NumberError, read_number

    if rule is None:
        return dict(inputs), []
    typed: dict[str, float | str] = {}
    notes: list[str] = []
    for name, raw in inputs.items():
        if name not in rule.inputs:
            typed[name] = raw
            continue
        got = read_value(rule, name, raw)
        if isinstance(got, Check):
            return got.message
        typed[name] = got
        try:
            note = read_number(raw).note
        except NumberError:
            note = ""
        if note:
            notes.append(f"{name}: {note}")
    return typed, notes


def _record_payload(rec: ScoreRecord, check: RecordCheck) -> dict[str, Any]:
    return {
        "record": rec.id,
        "framework": rec.framework,
        "place": rec.place,
        "year": rec.year,
        "published_total": rec.published_total,
        "indicators": [{"code": e.code, "score": e.score, "max": e.max_points} for e in rec.entries],
        "sums": [
            {
                "code": s.code or "tổng",
                "published": s.published,
                "recomputed": s.recomputed,
                "difference": s.difference,
                "matches": s.matches,
                "parts": list(s.parts),
            }
            for s in check.sums
        ],
        "mismatches": [s.code or "tổng" for s in check.mismatches],
        "problems": [{"code": c, "message": m} for c, m in check.problems],
    }


def _record_text(rec: ScoreRecord, check: RecordCheck) -> str:
    from scoring.numbers import fmt_num

    lines = [f"Bảng điểm {rec.id} ({rec.place}, {rec.year}, bộ chỉ số {rec.framework})"]
    for s in check.sums:
        shown = "—" if s.published is None else fmt_num(s.published)
        mark = "khớp" if s.matches else f"KHÔNG KHỚP (chênh {fmt_num(s.difference or 0)})"
        if s.published is None:
            mark = "không có điểm công bố để so"
        lines.append(f"  {s.code or 'Tổng'}: công bố {shown}, cộng lại {fmt_num(s.recomputed)} → {mark}")
    if check.problems:
        lines.append("Lỗi nguồn:")
        lines += [f"  {c or 'tổng'}: {m}" for c, m in check.problems]
    return "\n".join(lines)


def _record(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    from scoring.records import check_record

    rec = kb.records.get(args.record)
    if rec is None:
        return _error(
            args, f"không có bảng điểm '{args.record}'; có: {', '.join(sorted(kb.records)) or 'không có'}"
        )
    framework = kb.frameworks.get(rec.framework)
    if framework is None:
        return _error(args, f"bảng điểm {rec.id} gắn với bộ chỉ số '{rec.framework}' không có", 1)
    check = check_record(rec, framework)
    return _emit(args, _record_payload(rec, check), _record_text(rec, check), 0)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.store import load_knowledge

    try:
        kb = load_knowledge()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return _error(args, f"không nạp được cơ sở tri thức: {exc}", 1)
    if args.record:
        return _record(args, kb)
    return _score(args, kb)
