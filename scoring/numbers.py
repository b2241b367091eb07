"""Vietnamese number formatting, in one place: decimal comma, two decimals at most, percentages.

Scores are kept unrounded everywhere; rounding happens only here, when a number is shown to a person.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field


def fmt_num(value: float, decimals: int = 2) -> str:
    """``12.5`` → ``12,5``; ``1000`` → ``1000``; ``0.6667`` → ``0,67``. No thousands separator (avoids
    ``1.000``
    being read as one)."""
    if math.isinf(value) or math.isnan(value):
        return str(value)
    if isinstance(value, int) or value.is_integer():
        return str(int(value))  # what the rounding below gives a whole number ("-0" too), much faster
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def fmt_pct(ratio: float, decimals: int = 2) -> str:
    """A ratio as a percentage: ``0.5`` → ``50 %``."""
    return f"{fmt_num(ratio * 100, decimals)} %"


# ---- reading numbers typed the Vietnamese way -----------------------------------------------------------------
#
# The one parser for every value a person types or a source prints (CLI, chat, value entry). Vietnamese writes
# thousands with "." and decimals with ",": "45.000" and "1.200" are thousands, "12,5" twelve and a half. A group
# of thousands always has three digits, so a dot before one, two or four and more digits can only be a decimal
# point ("0.5", "1.5", "12.25" typed on an English keyboard): read so, and the reading says so (``VnNumber.note``).
# Only a form that two conventions read differently and that nothing in the text decides ("1,234": 1,234 in
# Vietnamese, 1234 in English) is refused with both readings, never guessed: a wrong guess is a score off by 1000.

_SIGNED = re.compile(r"^(?P<sign>[+-]?)(?P<body>[\d.,]+)$")
_VN_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")  # 1.234.567
_VN_GROUPED_DECIMAL = re.compile(r"^(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+),\d+$")  # 1.234,5 — 12,5
_EN_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")  # 1,234,567 — 1,234.5
_ONE_GROUP = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")  # 1.200 — 1,234: a thousands group or three decimals
_DOT_DECIMAL = re.compile(r"^\d+\.(?:\d{1,2}|\d{4,})$")  # 0.5 — 12.25 — 3.14159: no group of three after the dot


@dataclass(frozen=True, slots=True)
class VnNumber:
    """A number as typed: its value and whether it was written as a percentage ("12,5 %" → 12.5, percent)."""

    value: float
    percent: bool = False
    note: str = field(default="", compare=False)  # how an unusual form was read ("'1.5' đọc là 1,5 …")

    @property
    def fraction(self) -> float:
        """The value as a plain number: a percentage divided by 100 ("12,5 %" → 0.125), anything else as is."""
        return self.value / 100 if self.percent else self.value


class NumberError(ValueError):
    """A text that is not a number written the Vietnamese way; ``message`` says why, in Vietnamese.

    ``readings`` holds the values the text could mean (empty when it means no number at all), so a caller can
    offer them as choices ("1,234" → 1,234 or 1234)."""

    def __init__(self, text: str, message: str, readings: tuple[float, ...] = ()) -> None:
        super().__init__(message)
        self.text = text
        self.message = message
        self.readings = readings


class AmbiguousNumber(NumberError):
    """A form two conventions read differently; ``readings`` = (the Vietnamese reading where there is one,
    else the decimal-point reading; the other one)."""


def _shown(value: float) -> str:
    """A reading written unambiguously in Vietnamese: thousands grouped with ".", decimals after ","."""
    whole, _, decimals = f"{abs(value):.6f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if value < 0 else "") + grouped + (f",{decimals}" if decimals else "")


def _typed(value: float) -> str:
    """How to type a reading so that ``read_number`` cannot mistake it: no grouping, decimals after ",", and a
    fourth decimal where three would look like a thousands group ("1,2340" for 1.234)."""
    text = _shown(value).replace(".", "")
    return text + "0" if _ONE_GROUP.match(text.lstrip("-")) else text


def _ambiguous(text: str, first: float, second: float) -> AmbiguousNumber:
    message = (
        f"'{text}' đọc được hai cách: {_typed(first)} hoặc {_typed(second)}. Hãy gõ lại một trong hai cách đó "
        "(tiếng Việt: dấu chấm ngăn hàng nghìn, dấu phẩy trước phần thập phân)."
    )
    return AmbiguousNumber(text, message, (first, second))


def dot_decimal_note(text: str, value: float, percent: bool = False) -> str:
    """What a reading of a decimal point says: the text, the value the Vietnamese way, and why."""
    after = len(text.rstrip("% ").rpartition(".")[2])
    shown = _shown(value) + (" %" if percent else "")
    return (f"'{text}' được đọc là {shown}: dấu chấm đứng trước {after} chữ số là dấu thập phân "
            "(nhóm hàng nghìn luôn có đúng ba chữ số).")


def _read_body(text: str, body: str, printed: bool, whole: bool) -> float:
    """The unsigned value of ``body`` (digits, "." and ","), or a ``NumberError``."""
    digits = body.replace(".", "").replace(",", "")
    if body.isdigit():
        return float(body)
    if _DOT_DECIMAL.match(body):
        return float(body)  # "0.5", "1.5", "12.25": a thousands group would have three digits
    if _ONE_GROUP.match(body):
        grouped, decimal = float(digits), float(body.replace(",", "."))
        if printed:
            return decimal if "," in body else grouped  # a Vietnamese document follows the convention
        if whole:
            return grouped  # a count has no decimals: the separator can only group thousands
        if "," in body:
            raise _ambiguous(text, decimal, grouped)  # "1,234": Vietnamese 1,234 or English 1234
        return grouped  # "45.000", "1.200": a dot before three digits groups thousands, the Vietnamese way
    if _VN_GROUPED.match(body):
        return float(digits)
    if _VN_GROUPED_DECIMAL.match(body):
        integer, _, decimals = body.partition(",")
        return float(f"{integer.replace('.', '')}.{decimals}")
    if _EN_GROUPED.match(body):
        english = float(body.replace(",", ""))
        raise NumberError(
            text,
            f"'{text}' viết theo kiểu tiếng Anh (dấu phẩy ngăn hàng nghìn); cách viết tiếng Việt là {_shown(english)}.",
            (english,),
        )
    raise NumberError(text, f"'{text}' không phải là số (ví dụ viết đúng: 1.234,5 hoặc 12,5).")


def read_number(text: str, *, whole: bool = False, printed: bool = False) -> VnNumber:
    """Read one number typed the Vietnamese way; the API every value entry uses.

    - ``"45.000"`` → 45000, ``"1.234.567"`` → 1234567, ``"1.234,5"`` → 1234.5, ``"12,5"`` → 12.5;
    - ``"12,5 %"`` / ``"12,5%"`` → ``VnNumber(12.5, percent=True)`` (``.fraction`` = 0.125);
    - ``"1.200"`` → 1200 (a dot before a group of three digits is the Vietnamese thousands separator);
    - ``"0.5"``, ``"12.5"``, ``"12.25"`` → 0.5, 12.5, 12.25: a dot before one, two, or four and more digits is no
      thousands separator, so it is a decimal point; ``note`` says so;
    - ``"1,234"`` → ``AmbiguousNumber`` whose ``readings`` are the two values (1,234 and 1234) and whose
      ``message`` (Vietnamese) offers them; ``"1,234.5"`` (English grouping) → ``NumberError`` with the one reading;
    - anything else that is not a number → ``NumberError`` (``readings`` empty);
    - ``whole=True`` (counts: documents, people, services) refuses a value with decimals, and so reads a single
      group of three digits after a comma as thousands too ("1,234" → 1234: a count cannot be 1,234);
    - ``printed=True`` reads a cell of a Vietnamese source document, which follows the convention: "8,174" is
      8.174 and "1.200" is 1200 there (people typing may mean either, so only sources get this).

    Spaces around the text and before "%" are ignored. Pure: no I/O, no locale."""
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1].rstrip()
    match = _SIGNED.match(cleaned)
    if not match or not any(c.isdigit() for c in cleaned):
        raise NumberError(text, f"'{text.strip()}' không phải là số (ví dụ viết đúng: 1.234,5 hoặc 12,5).")
    value = _read_body(text.strip(), match["body"], printed, whole)
    if match["sign"] == "-":
        value = -value
    note = dot_decimal_note(text.strip(), value, percent) if _DOT_DECIMAL.match(match["body"]) else ""
    if whole:
        require_whole(text.strip(), value)
    return VnNumber(value, percent, note)


def require_whole(text: str, value: float) -> float:
    """``value`` when it is a whole number; a ``NumberError`` otherwise (a count cannot be 1,2 documents)."""
    if not float(value).is_integer():
        raise NumberError(text, f"'{text}' phải là số nguyên (số lượng không có phần thập phân).", (float(value),))
    return value


def format_vn(value: float, decimals: int = 6) -> str:
    """``value`` written the Vietnamese way with thousands grouped: 1234567.5 → ``1.234.567,5`` (what
    ``read_number`` reads back; ``fmt_num`` is the short display form without grouping)."""
    return _shown(round(value, decimals))


def parse_number(text: str) -> float | None:
    """A plain number from a text (``"10%"`` → 0.1), ``None`` when it is not one or is ambiguous.

    For callers that only need "a number or not"; anything a person typed should go through ``read_number``
    so an ambiguous form is explained rather than dropped."""
    try:
        return read_number(text).fraction
    except NumberError:
        return None


def last_number(text: str) -> float | None:
    """The last number in a text (used by tests: an explanation's final number must equal the score)."""
    found = re.findall(r"-?\d+(?:,\d+)?", text)
    return float(found[-1].replace(",", ".")) if found else None
