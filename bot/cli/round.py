"""`dti-bot round`: open a collection round, see its status, close it.

    dti-bot round open --plan kon-tum-2024 --period 2024 --due 2024-12-15 [--json]
    dti-bot round open --plan nghia-phuong-2023 --period 2024-Q3 --letter-date 2024-07-01   # due = +15 days
    dti-bot round status [--plan ID | --round ID] [--json]
    dti-bot round check --plan ID [--round ID] [--json]   # inputs nobody can enter, defaults, groups, nobody registered
    dti-bot round close [--plan ID [--period P] | --round ID] [--json]
    dti-bot round grant [--plan ID | --round ID] --unit NAME [--indicator CODE] [--until DATE] --reason TEXT [--json]
        # a unit may enter into the closed round until DATE (default 3 working days); its officials are told

``round open`` also prints what ``round check`` finds (with ``--json``: under ``"warnings"``, the same shape).

Exit status: 0 done, 2 refused (bad argument, a round already open, no such round; with ``--json``:
``{"error": "…"}``), 1 the database cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from bot.cli import args as arg
from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["open", "status", "close", "grant", "check"],
                        help="open: mở đợt; status: tiến độ và điểm; close: đóng đợt; grant: cho một đơn vị nhập "
                             "bổ sung vào đợt đã đóng; check: đầu vào không ai nhập được, giao mặc định, đơn vị "
                             "nhóm chưa có thành viên, đơn vị chưa có người đăng ký")
    parser.add_argument("--plan", type=arg.plan_id, help="kế hoạch, ví dụ kon-tum-2024")
    parser.add_argument("--period", type=arg.text(40), help="kỳ: năm (2024), quý (2024-Q3) hoặc nửa năm (2024-H1)")
    parser.add_argument("--due", type=arg.iso_date, help="hạn nộp YYYY-MM-DD")
    parser.add_argument("--letter-date", type=arg.iso_date,
                        help="ngày phát hành văn bản khảo sát YYYY-MM-DD (hạn = ngày này + 15 ngày)")
    parser.add_argument("--round", type=arg.record_id, help="số của đợt thu thập")
    parser.add_argument("--unit", type=arg.text(200), help="grant: tên đơn vị được nhập bổ sung")
    parser.add_argument("--indicator", type=arg.text(40, blank=True), default="",
                        help="grant: chỉ một chỉ số (mặc định: mọi chỉ số đơn vị phải nộp)")
    parser.add_argument("--until", type=arg.iso_date,
                        help="grant: nhập được đến hết ngày YYYY-MM-DD (mặc định: 3 ngày làm việc)")
    parser.add_argument("--reason", type=arg.text(500), help="grant: lý do (gửi cho đơn vị)")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def print_error(args: argparse.Namespace, message: str, status: int = 2) -> int:
    if args.json:
        print(json.dumps({"error": message}, ensure_ascii=False, indent=2))
    else:
        print(f"Lỗi: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace, settings: Settings) -> int:

    from bot.cli.common import open_database
    from bot.services.rounds import RoundError
    from knowledge.store import load_knowledge

    kb = load_knowledge()
    db = open_database(settings)
    if db is None:
        return 1
    try:
        with db.session() as session:
            if args.action == "grant":
                from bot.cli.round_grant import grant

                return grant(args, session, kb, settings)
            if args.action == "open":
                return _open(args, session, kb, settings)
            if args.action == "check":
                from bot.cli.round_check import check

                return check(args, session, kb)
            return _ACTIONS[args.action](args, session, kb)
    except (RoundError, ValueError) as exc:
        return print_error(args, getattr(exc, "reason", str(exc)))
    finally:
        db.dispose()


def _open(args: argparse.Namespace, session: Any, kb: Any, settings: Settings) -> int:
    from bot.cli.round_check import warning_lines
    from bot.core.services import system_clock
    from bot.services import announce
    from bot.services.round_check import check_round
    from bot.services.rounds import RoundError, open_round

    if not args.plan or not args.period:
        raise RoundError("args", "cần --plan và --period")
    if args.due is not None and args.letter_date is not None:  # the due date would win without a word
        raise RoundError("args", "Chỉ cho một trong hai: hạn nộp (--due) hoặc ngày phát hành văn bản khảo sát "
                                 "(--letter-date, hạn nộp là 15 ngày sau ngày đó).")
    now = system_clock()
    info = open_round(session, kb, args.plan, args.period, due=args.due, letter_date=args.letter_date, now=now,
                      today=local_today(now, settings))
    warnings = check_round(session, kb, info.plan, info.indicators)
    told = _announce(session, announce.round_opened(session, kb, info), now)
    if args.json:
        print(json.dumps({**info.to_json(), "indicators": list(info.indicators),
                          "letter_date": info.letter_date.isoformat() if info.letter_date else None,
                          "warnings": warnings.to_json(), "announced": told},
                         ensure_ascii=False, indent=2))
    else:
        print(f"Đã mở đợt thu thập số {info.id}: kế hoạch {info.plan}, kỳ {info.period}, hạn nộp "
              f"{info.due.strftime('%d/%m/%Y')}, {len(info.indicators)} chỉ số.")
        print(f"Đã báo cho {told['units']} đơn vị ({told['chats']} tài khoản).")
        if not warnings.clean:
            print("Cảnh báo (dti-bot round check):")
            print("\n".join(warning_lines(warnings)))
    return 0


def local_today(now: datetime, settings: Settings) -> date:
    """The bot's day at ``now`` (in ``bot.timezone``): the day dates given on the command line are checked against."""
    from zoneinfo import ZoneInfo

    return now.astimezone(ZoneInfo(settings.bot.timezone)).date()


T = TypeVar("T")


def write_for_round(args: argparse.Namespace, settings: Settings, target: str,
                    write: Callable[[Any, Any], T]) -> tuple[Any, T] | int:
    """Open the database, find the round the arguments name (``find_round``) and let ``write(session, info)``
    write ``target``: the round and what ``write`` returned, or, refused (no such round, a round of another plan,
    the file not writable) or with no database, the exit status once the reason is printed (as JSON if asked).
    Shared by the commands that write a round's file (``export``, ``package``)."""
    from bot.cli.common import open_database
    from bot.services.rounds import RoundError

    db = open_database(settings)
    if db is None:
        return 1
    try:
        with db.session() as session:
            info = find_round(args, session)
            return info, write(session, info)
    except RoundError as exc:
        return print_error(args, exc.reason)
    except OSError as exc:
        return print_error(args, f"không ghi được tệp {target}: {exc.strerror or exc}")
    finally:
        db.dispose()


def find_round(args: argparse.Namespace, session: Any) -> Any:
    """The round a command names: ``--round`` (refused when ``--plan`` names another plan: a round of the wrong
    plan would be closed, packed or exported), else the plan's round of ``--period``, else its latest."""
    from bot.services.rounds import RoundError, find_open, get_round, latest_round

    if args.round is not None:
        info = get_round(session, args.round)
        if args.plan and info.plan != args.plan:
            raise RoundError("plan", f"Đợt {info.id} thuộc kế hoạch {info.plan}, không phải {args.plan}.")
        return info
    if not args.plan:
        raise RoundError("args", "cần --plan hoặc --round")
    period = getattr(args, "period", None)  # commands without --period take the latest round
    found = find_open(session, args.plan, period) if period else latest_round(session, args.plan)
    if found is None:
        raise RoundError("missing", f"Kế hoạch {args.plan} chưa có đợt thu thập nào.")
    return found


def _status(args: argparse.Namespace, session: Any, kb: Any) -> int:
    from bot.services.status import round_status

    status = round_status(session, kb, find_round(args, session))
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
        return 0
    from scoring.numbers import fmt_num

    r = status.round
    done = sum(1 for i in status.indicators if i.score is not None)
    print(f"Đợt {r.id} — {r.plan}, kỳ {r.period}, hạn {r.due.strftime('%d/%m/%Y')}, "
          f"{'đang mở' if r.state == 'open' else 'đã đóng'}")
    print(f"Chỉ số đã đủ số liệu: {done}/{len(status.indicators)}; tổng điểm tạm tính "
          f"{fmt_num(status.total.score)}/{fmt_num(status.total.max) if status.total.max is not None else '?'}")
    for u in status.units:
        late = f", {u.late} trễ hạn" if u.late else ""
        nobody = "" if u.registered else " (chưa có ai đăng ký)"
        print(f"  {u.name}: đã nộp {u.submitted}/{u.owed}{late}{nobody}")
    return 0


def _close(args: argparse.Namespace, session: Any, kb: Any) -> int:
    from bot.core.services import system_clock as now
    from bot.services import announce
    from bot.services.rounds import close_round

    moment = now()
    info = close_round(session, find_round(args, session).id, now=moment)
    told = _announce(session, announce.round_closed(session, kb, info), moment)
    if args.json:
        print(json.dumps({**info.to_json(), "announced": told}, ensure_ascii=False, indent=2))
    else:
        print(f"Đã đóng đợt thu thập số {info.id} ({info.plan}, kỳ {info.period}).")
        print(f"Đã báo cho {told['units']} đơn vị chưa nhập số liệu nào ({told['chats']} tài khoản).")
    return 0


def _announce(session: Any, notices: list[Any], now: datetime) -> dict[str, int]:
    """Queue the notices of an opening or a closing (``bot.services.announce``): units and chats told (a repeat
    queues nothing again: the keys are the outbox's)."""
    from bot.render import Renderer
    from bot.services import announce

    announce.queue(session, Renderer(), notices, now)
    return {"units": len({n.key.split(":")[2] for n in notices}), "chats": len(notices)}


_ACTIONS = {"status": _status, "close": _close}
