"""Charts as PNG bytes: pillars against their maxima, completeness by unit, an indicator over rounds.

matplotlib's object API with the Agg canvas only (no pyplot, so no global figure state and nothing to leak in a
long-running bot: each figure is dropped when the function returns). Vietnamese text renders with DejaVu Sans,
which matplotlib ships; long names are wrapped; numbers use the decimal comma.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from scoring.numbers import fmt_num

FONT = "DejaVu Sans"
DPI = 110
SCORE, MAXIMUM, PREVIOUS, LATE = "#2E75B6", "#D9D9D9", "#F4B183", "#C00000"


@dataclass(frozen=True)
class Bar:
    """One bar: a label (pillar, unit), the value, its maximum, and an earlier value where known."""

    label: str
    value: float | None
    maximum: float | None = None
    previous: float | None = None


@dataclass(frozen=True)
class Progress:
    """A unit's completeness: indicators owed, submitted, and late."""

    unit: str
    owed: int
    submitted: int
    late: int = 0


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def pillar_chart(bars: Sequence[Bar], title: str, *, previous_label: str = "Năm trước") -> bytes:
    """Horizontal bars: each pillar's score over its maximum, with the previous year's score beside it."""
    figure = _figure(8, 1.4 + 0.55 * max(len(bars), 1))
    axes = figure.add_subplot()
    labels = [_wrap(b.label, 34) for b in bars]
    rows = list(range(len(bars)))[::-1]
    has_previous = any(b.previous is not None for b in bars)
    height = 0.38 if has_previous else 0.6
    axes.barh(rows, [b.maximum or 0 for b in bars], height=0.8, color=MAXIMUM, label="Tối đa")
    axes.barh([r + (height / 2 if has_previous else 0) for r in rows], [b.value or 0 for b in bars],
              height=height, color=SCORE, label="Hiện tại")
    if has_previous:
        axes.barh([r - height / 2 for r in rows], [b.previous or 0 for b in bars], height=height, color=PREVIOUS,
                  label=previous_label)
    for row, bar in zip(rows, bars, strict=True):
        shown = "chưa đủ số liệu" if bar.value is None else fmt_num(bar.value)
        if bar.maximum is not None:
            shown += f" / {fmt_num(bar.maximum)}"
        axes.text(max(bar.maximum or 0, bar.value or 0) * 1.01, row, shown, va="center", fontsize=8, family=FONT)
    axes.set_yticks(rows, labels, fontsize=8, family=FONT)
    axes.set_xlabel("Điểm", family=FONT)
    axes.set_title(_wrap(title, 70), fontsize=11, family=FONT)
    figure.legend(loc="outside lower center", ncols=3, fontsize=8, prop={"family": FONT}, frameon=False)
    axes.margins(x=0.18)
    return _png(figure)


def completeness_chart(units: Sequence[Progress], title: str) -> bytes:
    """Stacked bars per unit: submitted on time, submitted late, still owed."""
    figure = _figure(8, 1.4 + 0.45 * max(len(units), 1))
    axes = figure.add_subplot()
    rows = list(range(len(units)))[::-1]
    on_time = [max(u.submitted - u.late, 0) for u in units]
    late = [min(u.late, u.submitted) for u in units]
    missing = [max(u.owed - u.submitted, 0) for u in units]
    axes.barh(rows, on_time, color=SCORE, label="Đã nộp đúng hạn")
    axes.barh(rows, late, left=on_time, color=LATE, label="Nộp muộn")
    axes.barh(rows, missing, left=[a + b for a, b in zip(on_time, late, strict=True)], color=MAXIMUM,
              label="Chưa nộp")
    for row, unit in zip(rows, units, strict=True):
        axes.text(unit.owed + 0.1, row, f"{unit.submitted}/{unit.owed}", va="center", fontsize=8, family=FONT)
    axes.set_yticks(rows, [_wrap(u.unit, 34) for u in units], fontsize=8, family=FONT)
    axes.set_xlabel("Số chỉ số", family=FONT)
    axes.set_title(_wrap(title, 70), fontsize=11, family=FONT)
    figure.legend(loc="outside lower center", ncols=3, fontsize=8, prop={"family": FONT}, frameon=False)
    axes.margins(x=0.12)
    return _png(figure)


def history_chart(points: Sequence[tuple[str, float | None]], title: str, maximum: float | None = None) -> bytes:
    """An indicator's score over rounds (labels such as "2023", "2024-Q3"), with its maximum as a line."""
    figure = _figure(7, 3.6)
    axes = figure.add_subplot()
    xs = list(range(len(points)))
    ys = [value if value is not None else float("nan") for _, value in points]
    axes.plot(xs, ys, marker="o", color=SCORE)
    for x, (_, value) in zip(xs, points, strict=True):
        if value is not None:
            axes.annotate(fmt_num(value), (x, value), textcoords="offset points", xytext=(0, 6), ha="center",
                          fontsize=8, family=FONT)
    if maximum is not None:
        axes.axhline(maximum, color=LATE, linestyle="--", linewidth=1, label=f"Tối đa {fmt_num(maximum)}")
        axes.legend(fontsize=8, prop={"family": FONT})
    axes.set_xticks(xs, [label for label, _ in points], fontsize=8, family=FONT)
    axes.set_ylabel("Điểm", family=FONT)
    axes.set_ylim(bottom=0)
    axes.set_title(_wrap(title, 60), fontsize=11, family=FONT)
    return _png(figure)
