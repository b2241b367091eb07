"""Published score tables checked against themselves: every pillar, sub-sum and total recomputed from the
recorded indicator scores and compared with what was printed. Defects are reported, never corrected.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scoring.codes import FrameworkRows, PublishedTable, parent_code
from scoring.numbers import fmt_num

TOLERANCE = 0.005  # published scores carry two decimals


@dataclass(frozen=True)
class SumCheck:
    """One published sum (a pillar, a sum of sub-indicators, the total) against the sum of its parts."""

    code: str  # "" for the framework total
    published: float | None
    recomputed: float
    parts: tuple[str, ...]

    @property
    def difference(self) -> float | None:
        return None if self.published is None else self.recomputed - self.published

    @property
    def maybe_rounding(self) -> bool:
        """The difference is within what rounding each part to two decimals could add up to."""
        diff = self.difference
        return diff is not None and abs(diff) <= len(self.parts) * TOLERANCE + 1e-9

    @property
    def matches(self) -> bool:
        return self.published is None or abs(self.recomputed - self.published) <= TOLERANCE


@dataclass(frozen=True)
class RecordCheck:
    record: PublishedTable
    sums: tuple[SumCheck, ...]
    problems: tuple[tuple[str, str], ...]  # (code, Vietnamese message)

    @property
    def mismatches(self) -> list[SumCheck]:
        return [s for s in self.sums if not s.matches]


def check_record(record: PublishedTable, framework: FrameworkRows) -> RecordCheck:
    """Recompute every sum of a published record from its own indicator scores (the framework says which row
    is under which) and list what does not add up, scores above their maximum, duplicated and unknown
    codes."""
    problems: list[tuple[str, str]] = []
    counts = Counter(e.code for e in record.entries)
    for code, n in counts.items():
        if n > 1:
            problems.append(
                (code, f"mã {code} xuất hiện {n} lần trong bảng điểm; chỉ lần đầu được cộng vào tổng")
            )
    known = {i.code for i in framework.indicators}
    scores: dict[str, float | None] = {}
    for e in record.entries:
        if e.code not in known:
            problems.append((e.code, f"mã {e.code} không có trong bộ chỉ số {framework.id}"))
        if e.score is not None and e.max_points is not None and e.score > e.max_points + 1e-9:
            problems.append(
                (e.code, f"điểm đạt {fmt_num(e.score)} lớn hơn điểm tối đa {fmt_num(e.max_points)}")
            )
        scores.setdefault(e.code, e.score)
    children: dict[str, list[str]] = {}
    for code in scores:
        parent = parent_code(code)
        if parent is not None and parent in scores:
            children.setdefault(parent, []).append(code)
    sums: list[SumCheck] = []
    for code, kids in children.items():
        if any(scores[k] is None for k in kids):
            continue
        recomputed = sum(scores[k] or 0.0 for k in kids)
        check = SumCheck(code, scores[code], recomputed, tuple(kids))
        sums.append(check)
        if not check.matches:
            hint = " — chênh nhỏ, có thể do làm tròn điểm thành phần" if check.maybe_rounding else ""
            problems.append(
                (
                    code,
                    f"điểm công bố {fmt_num(check.published or 0)} khác tổng các chỉ số con "
                    f"{fmt_num(recomputed)} (chênh {fmt_num(check.difference or 0)}){hint}",
                )
            )
    pillars = [i.code for i in framework.indicators if parent_code(i.code) is None and scores.get(i.code) is not None]
    total = sum(scores[p] or 0.0 for p in pillars)
    total_check = SumCheck("", record.published_total, total, tuple(pillars))
    sums.append(total_check)
    if not total_check.matches:
        problems.append(
            (
                "",
                f"tổng điểm công bố {fmt_num(record.published_total or 0)} khác tổng các trụ cột "
                f"{fmt_num(total)}",
            )
        )
    return RecordCheck(record, tuple(sums), tuple(problems))
