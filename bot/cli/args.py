"""What `dti-bot` accepts on its command line, checked by argparse before any subcommand runs.

Every argument from outside is bounded: ids are ASCII digits that fit the database's integer, years and moments
lie in a sane range, dates are ISO dates, files exist and are not too large, texts are not empty nor too long,
numbers are finite and within their range. Junk ends with exit status 2 and a Vietnamese message naming the
argument (``Parser.error``), never with a traceback from deep inside (``--round 99999999999999999999999`` used to
end in an OverflowError from the database driver). Text that is not valid UTF-8 (argv decoded with
``surrogateescape``) or holds a NUL is refused for every argument at once, in ``refuse_unreadable``.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn, TypeVar

from knowledge.lazy import lazy_compile

MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32 bits on PostgreSQL
YEARS = range(2000, 2101)
MAX_TEXT = 1000  # a name, a reason, a question typed on the command line
MAX_FILE_MB = 20  # the same limit as files sent in chat
_DIGITS = lazy_compile(r"[0-9]+")
_PLAN_ID = lazy_compile(r"[a-z0-9][a-z0-9-]{1,63}")


class Refused(Exception):
    """A command line argparse refused: ``message`` in Vietnamese, ``usage`` of the (sub)command."""

    def __init__(self, message: str, usage: str) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


# argparse's own words, in Vietnamese (the messages of the types below are Vietnamese already)
_WORDS = (("the following arguments are required", "thiếu tham số"), ("unrecognized arguments", "tham số lạ"),
          ("expected one argument", "cần một giá trị"), ("invalid choice", "lựa chọn không có"),
          ("choose from", "chọn một trong"), ("not allowed with argument", "không dùng cùng tham số"),
          ("one of the arguments", "cần một trong các tham số"), ("is required", ""), ("argument ", "tham số "))


class Parser(argparse.ArgumentParser):
    """argparse whose refusals are raised as ``Refused`` (the caller prints them, as JSON where the command line
    asks for JSON) rather than printed in English with an exit from inside the parser."""

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in _WORDS:
            message = message.replace(english, vietnamese)
        raise Refused(" ".join(message.split()), self.format_usage())


def _command(argv: Sequence[str]) -> str:
    """The subcommand's name in a command line (what follows the options of ``dti-bot`` itself)."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return ""


def report_refusal(refused: Refused, argv: Sequence[str]) -> int:
    """Print a refused command line (``{"error": …}`` on standard output when it asks for JSON, the usage and the
    reason on standard error otherwise); exit status 2."""
    import json

    if "--json" in argv or _command(argv) == "converse":  # converse speaks JSON lines only
        print(json.dumps({"error": refused.message}, ensure_ascii=False))
    else:
        print(f"{refused.usage.rstrip()}\ndti-bot: lỗi: {refused.message}", file=sys.stderr)
    return 2


def refuse_unreadable(argv: Sequence[str]) -> str | None:
    """Why some argument cannot be used at all (None: all can): bytes that are not UTF-8 come in as lone
    surrogates, which could be neither printed nor stored; a NUL cannot be stored either."""
    for word in argv:
        if "\x00" in word or any("\ud800" <= ch <= "\udfff" for ch in word):
            shown = word.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")[:60]
            return f"tham số '{shown}' có ký tự không đọc được (không phải UTF-8, hoặc ký tự NUL)"
    return None


def _refuse(message: str) -> NoReturn:
    raise argparse.ArgumentTypeError(message)


def _whole(text: str, what: str, allowed: range) -> int:
    cleaned = text.strip()
    if not _DIGITS.fullmatch(cleaned.lstrip("-")) or cleaned.startswith("--"):
        _refuse(f"{what} phải là số nguyên viết bằng chữ số 0–9, nhận được '{text[:40]}'")
    number = int(cleaned)
    if number not in allowed:
        _refuse(f"{what} phải từ {allowed.start} đến {allowed.stop - 1}, nhận được {cleaned[:40]}")
    return number


def record_id(text: str) -> int:
    """A row's number in the database (a round, an official): 1 to 2 147 483 647."""
    return _whole(text, "số", range(1, MAX_ID + 1))


def year(text: str) -> int:
    return _whole(text, "năm", YEARS)


def count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        return _whole(text, "số", range(low, high + 1))
    return parse


def number(low: float, high: float) -> Callable[[str], float]:
    """A finite number in (low, high] written with ASCII digits (``nan``, ``1e400``, ``²`` refused)."""
    def parse(text: str) -> float:
        cleaned = text.strip()
        try:
            value = float(cleaned) if cleaned.isascii() else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low < value <= high:
            _refuse(f"phải là một số lớn hơn {low:g} và không quá {high:g}, nhận được '{text[:40]}'")
        return value
    return parse


Day = TypeVar("Day", bound=date)


def _iso(text: str, parse: Callable[[str], Day], form: str) -> Day:
    cleaned = text.strip()
    try:
        if not cleaned.isascii():
            raise ValueError
        value = parse(cleaned)
    except ValueError:
        _refuse(f"'{text[:40]}' không phải {form}")
    if value.year not in YEARS:
        _refuse(f"năm {value.year} nằm ngoài khoảng {YEARS.start}–{YEARS.stop - 1}")
    return value


def iso_date(text: str) -> date:
    """YYYY-MM-DD with ASCII digits, in ``YEARS`` (the window of a particular date is the service's)."""
    return _iso(text, date.fromisoformat, "ngày dạng YYYY-MM-DD")


def moment(text: str) -> datetime:
    """An ISO-8601 moment (``2025-12-24T09:00+07:00``), in ``YEARS``."""
    return _iso(text, datetime.fromisoformat, "thời điểm ISO-8601, ví dụ 2025-12-24T09:00+07:00")


def text(limit: int = MAX_TEXT, *, blank: bool = False) -> Callable[[str], str]:
    """Text of at most ``limit`` characters, without control characters, not blank unless ``blank``."""
    def parse(value: str) -> str:
        cleaned = value.strip()
        if not cleaned and not blank:
            _refuse("không được để trống")
        if len(cleaned) > limit:
            _refuse(f"dài quá {limit} ký tự")
        if any(not ch.isprintable() for ch in cleaned):
            _refuse("có ký tự điều khiển")
        return cleaned
    return parse


def plan_id(value: str) -> str:
    """A plan id's form (lower-case ASCII letters, digits and '-'); whether the plan exists is the
    subcommand's check, since imported plans live in the database."""
    if not _PLAN_ID.fullmatch(value.strip()):
        _refuse(f"'{value[:40]}' không phải mã kế hoạch (chữ thường không dấu, số và '-', ví dụ kon-tum-2024)")
    return value.strip()


def input_file(limit_mb: int = MAX_FILE_MB) -> Callable[[str], Path]:
    """A file that exists, can be read, and is at most ``limit_mb`` MB."""
    def parse(value: str) -> Path:
        if not value.strip():
            _refuse("cần đường dẫn một tệp")
        path = Path(value)
        try:
            if len(path.name.encode("utf-8")) > 255 or not path.is_file():
                _refuse(f"không có tệp {value[:200]}")
            size = path.stat().st_size
        except OSError as exc:
            _refuse(f"không đọc được tệp {value[:200]}: {exc.strerror or exc}")
        if size > limit_mb * 1024 * 1024:
            _refuse(f"tệp {value[:200]} lớn quá {limit_mb} MB")
        return path
    return parse


def output_file(value: str) -> Path:
    """Where a file will be written: a name (not a folder) in a folder that exists."""
    path = Path(value)
    try:
        if not value.strip() or value.endswith(("/", "\\")) or path.is_dir():
            _refuse(f"'{value[:200]}' phải là tên một tệp (không phải thư mục)")
        if not path.absolute().parent.is_dir():
            _refuse(f"không có thư mục {str(path.parent)[:200]} để ghi {path.name[:100]}")
        if len(path.name.encode("utf-8")) > 255:
            _refuse("tên tệp dài quá 255 byte")
    except OSError as exc:
        _refuse(f"không dùng được đường dẫn {value[:200]}: {exc.strerror or exc}")
    return path


def official_ref(value: str) -> str:
    """An official named by number (``12``, a database id) or by channel account (``telegram:1001``)."""
    cleaned = value.strip()
    if cleaned.isascii() and cleaned.isdigit():
        return str(record_id(cleaned))
    channel, sep, account = cleaned.partition(":")
    if not (sep and channel.strip() and account.strip()):
        _refuse(f"'{value[:40]}' không phải mã cán bộ (số) hay tài khoản kênh (telegram:1001)")
    return text(200)(cleaned)
