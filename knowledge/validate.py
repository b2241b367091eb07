"""Check the loaded knowledge base and list every problem: source defects are reported, never fixed.

Two severities: ``warning`` for defects printed in the sources (a score above its maximum, totals that do not
add up, a duplicated code, a missing maximum, a method naming points that contradict the maximum) — the data
keeps them as printed; ``error`` for what makes the knowledge base itself inconsistent (provincial pillar
maximums not adding up to the framework total, an assignment for a code the framework does not have, a unit
missing from the registry, a plan or record on an unknown framework).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.assignments import guidance_difference, split_variable
from knowledge.deadline_report import deadline_problems
from knowledge.deadlines import parse_deadline
from knowledge.importers.plan_tasks import ISSUE_NOTE
from knowledge.model import Framework, Indicator, Plan, ScoreRecord
from knowledge.rules import all_rules
from knowledge.store import KnowledgeBase
from knowledge.textclean import parse_number
from knowledge.units import plan_entries
from scoring import records as record_sums
from scoring.checks import rule_problems
from scoring.numbers import fmt_num

TOLERANCE = 0.01  # published scores are rounded to two decimals


@dataclass(frozen=True)
class Problem:
    severity: str  # "warning" | "error"
    where: str  # framework, plan or record id
    code: str  # indicator / item code, "" for the whole file
    message: str  # Vietnamese, for people

    def line(self) -> str:
        label = "LỖI" if self.severity == "error" else "Cảnh báo"
        at = f"{self.where} {self.code}".strip()
        return f"{label} [{at}]: {self.message}"


def _fmt(value: float | None) -> str:
    return "—" if value is None else fmt_num(value)


def _warn(where: str, code: str, message: str) -> Problem:
    return Problem("warning", where, code, message)


def _error(where: str, code: str, message: str) -> Problem:
    return Problem("error", where, code, message)


def _children(indicators: Iterable[Indicator], code: str) -> list[Indicator]:
    return [i for i in indicators if i.parent == code]


# ---- methods naming fixed point amounts -------------------------------------------------------------------

# "10đ", "5 điểm", "(5đ)" — a points amount; "1/2 Điểm tối đa", "100% điểm" and "điểm tối đa" are not amounts.
_AMOUNT = re.compile(r"(?<![\d/.,])(\d+(?:[.,]\d+)?)\s*(?:đ|điểm)(?!\w)(?!\s*tối đa)", re.I)
_MULTIPLIER = re.compile(r"\*\s*(\d+(?:[.,]\d+)?)\s*(?:đ|điểm)(?!\w)", re.I)


def method_amount_conflict(method: str, max_points: float) -> str:
    """Why a method contradicts its maximum ("" if it does not).

    A method contradicts the maximum when it multiplies a rate by a fixed amount other than the maximum
    ("Tỷ lệ *10 đ" with maximum 5) or names an amount of points larger than the maximum.
    """
    for match in _MULTIPLIER.finditer(method):
        amount = parse_number(match.group(1))
        if amount is not None and abs(amount - max_points) > TOLERANCE:
            return f"cách tính nhân với {_fmt(amount)} điểm nhưng điểm tối đa là {_fmt(max_points)}"
    amounts = [a for m in _AMOUNT.finditer(method) if (a := parse_number(m.group(1))) is not None]
    over = [a for a in amounts if a > max_points + TOLERANCE]
    if over:
        return f"cách tính nêu mức {_fmt(max(over))} điểm, lớn hơn điểm tối đa {_fmt(max_points)}"
    return ""


# ---- frameworks -------------------------------------------------------------------------------------------


def check_framework(fw: Framework) -> Iterator[Problem]:
    rows = fw.indicators
    counts = Counter(i.code for i in rows)
    for code, n in counts.items():
        if n > 1:
            names = "; ".join(f"'{i.name}'" for i in rows if i.code == code)
            yield _warn(fw.id, code, f"mã {code} xuất hiện {n} lần trong bộ chỉ số: {names}")
    pillars = [i for i in rows if i.is_pillar]
    publishes_pillar_totals = any(p.max_points is not None for p in pillars)
    yield from _missing_maximums(fw, publishes_pillar_totals)
    for ind in rows:
        if ind.max_points is None:
            continue
        if ind.method:
            conflict = method_amount_conflict(ind.method, ind.max_points)
            if conflict:
                yield _warn(fw.id, ind.code, f"cách tính mâu thuẫn với điểm tối đa: {conflict}")
        kids = [k for k in _children(rows, ind.code) if not k.merged_with]  # a shared cell counts once
        if kids and all(k.max_points is not None for k in kids):
            total = sum(k.max_points or 0 for k in kids)
            if abs(total - ind.max_points) > TOLERANCE:
                yield _warn(
                    fw.id,
                    ind.code,
                    f"điểm tối đa {_fmt(ind.max_points)} khác tổng điểm tối đa các chỉ số con "
                    f"({_fmt(total)})",
                )
    if fw.total_max is not None:
        missing = [p.code for p in pillars if p.max_points is None]
        total = sum(p.max_points or 0 for p in pillars)
        if missing or abs(total - fw.total_max) > TOLERANCE:
            extra = f" (thiếu điểm tối đa của chỉ số chính {', '.join(missing)})" if missing else ""
            yield _error(
                fw.id,
                "",
                f"tổng điểm tối đa các chỉ số chính là {_fmt(total)}, không bằng {_fmt(fw.total_max)}{extra}",
            )


def _missing_maximums(fw: Framework, publishes_pillar_totals: bool) -> Iterator[Problem]:
    """Rows without a maximum: pillars (when the source publishes pillar totals) and indicators one by one;
    sub-indicators grouped under the nearest row that has a maximum, so one gap is one line."""
    by_code = {i.code: i for i in fw.indicators}
    grouped: dict[str, list[str]] = {}
    for ind in fw.indicators:
        if ind.max_points is not None:
            continue
        if ind.is_pillar:
            if publishes_pillar_totals:
                yield _warn(fw.id, ind.code, f"chỉ số chính '{ind.name}' không có tổng điểm tối đa")
            continue
        parent = by_code.get(ind.parent or "")
        if parent is None or parent.is_pillar:
            yield _warn(fw.id, ind.code, f"chỉ số '{ind.name}' không có điểm tối đa")
            continue
        if parent.max_points is None:
            continue  # reported with its ancestor's group
        grouped.setdefault(parent.code, []).append(ind.code)
    for code, kids in grouped.items():
        yield _warn(
            fw.id,
            code,
            f"chỉ số con không có điểm tối đa: {', '.join(kids)}"
            + (
                " (và các chỉ số con của chúng)"
                if any(k2.startswith(k + ".") for k in kids for k2 in by_code)
                else ""
            ),
        )


# ---- plans ------------------------------------------------------------------------------------------------


def check_plan(plan: Plan, kb: KnowledgeBase) -> Iterator[Problem]:
    fw = kb.frameworks.get(plan.framework)
    if fw is None:
        yield _error(
            plan.id, "", f"kế hoạch gắn với bộ chỉ số '{plan.framework}' không có trong cơ sở tri thức"
        )
    codes = {i.code for i in fw.indicators} if fw else set()
    known_units = {u.name for u in kb.units}
    for code, n in Counter(a.code for a in plan.assignments).items():
        if n > 1:
            yield _warn(plan.id, code, f"chỉ số {code} được phân công {n} lần")
    for code, n in Counter(i.code for i in plan.items).items():
        if n > 1:
            yield _warn(plan.id, code, f"mục {code} xuất hiện {n} lần")
    for a in plan.assignments:
        head, letter = split_variable(a.code)
        variable_of_known = bool(fw) and bool(letter) and head in codes
        if variable_of_known:
            indicator = kb.indicator(plan.framework, head)
            if indicator is not None and letter not in indicator.variables:
                yield _warn(
                    plan.id,
                    a.code,
                    f"phân công cho biến {letter} nhưng chỉ số {head} không định nghĩa biến này",
                )
        elif fw and a.code not in codes:
            yield _error(
                plan.id, a.code, f"phân công cho mã {a.code} nhưng bộ chỉ số '{fw.id}' không có mã này"
            )
    yield from _guidance_differences(plan, kb)
    yield from _unit_titles_in_names(plan, kb)
    yield from _focal_point_leads(plan)
    yield from check_issue_tasks(plan)
    for entry in plan_entries(plan):
        for unit in (*entry.lead, *entry.coordinating):
            if unit not in known_units:
                yield _error(
                    plan.id, entry.code, f"đơn vị '{unit}' không có trong danh mục đơn vị (units.json)"
                )


def check_issue_tasks(plan: Plan) -> Iterator[Problem]:
    """A task dated from the plan's issue day (Gia Lai's VI.2, ``knowledge.importers.plan_tasks``): its day must
    be the issue day plus the days its deadline says, and its owners the units that lead the plan's indicators."""
    leads = {u for a in plan.assignments for u in a.lead}
    for item in plan.items:
        deadline = parse_deadline(item.deadline)
        said = ISSUE_NOTE.search(deadline.note)
        if item.kind != "task" or said is None:
            continue
        try:
            expected = date.fromisoformat(plan.issued) + timedelta(days=int(said["days"]))
        except ValueError:
            yield _error(plan.id, item.code, f"nhiệm vụ tính từ ngày ban hành nhưng ngày ban hành '{plan.issued}' "
                                             "không đọc được")
            continue
        if deadline.due != expected:
            yield _error(plan.id, item.code, f"hạn của nhiệm vụ phải là {expected:%d/%m/%Y} (ngày ban hành "
                                             f"+ {said['days']} ngày), dữ liệu ghi '{item.deadline}'")
        if not item.lead:
            yield _error(plan.id, item.code, "nhiệm vụ không giao cho đơn vị nào")
        if leads and (stray := sorted(set(item.lead) - leads)):
            yield _error(plan.id, item.code, f"nhiệm vụ giao cho đơn vị không chủ trì chỉ số nào: {'; '.join(stray)}")


def _guidance_differences(plan: Plan, kb: KnowledgeBase) -> Iterator[Problem]:
    """Every indicator whose plan guidance ("Hướng dẫn") is worded otherwise than the framework's method: the bot
    shows the plan's text, with the framework's beside it, and people must know where the two disagree."""
    for a in plan.assignments:
        indicator = kb.indicator(plan.framework, a.code)
        difference = guidance_difference(a.guidance, indicator.method if indicator else "")
        if difference:
            yield _warn(plan.id, a.code, f"hướng dẫn của kế hoạch khác cách tính của bộ chỉ số: {difference}")


_NAME_WORD = re.compile(r"\w+")


def _unit_titles_in_names(plan: Plan, kb: KnowledgeBase) -> Iterator[Problem]:
    """An indicator's name holding the title of one of the plan's units ("Công chức") where another framework's
    name of the same indicator has other words: a replacement run over the source (Nghĩa Phương's 5.3 "… cài đặt
    Công chức, chống mã độc", the provincial 5.3 "… cài đặt phòng, chống mã độc …"). The bot shows the name as
    written; people must know it reads wrong. A title the other name writes too ("Đài Phát thanh", "UBND cấp
    xã") is the thing counted, not a defect."""
    fw = kb.frameworks.get(plan.framework)
    if fw is None:
        return
    titles = {tuple(words[:2]) for entry in plan_entries(plan) for unit in (*entry.lead, *entry.coordinating)
              if len(words := _NAME_WORD.findall(unit)) >= 2 and words[0][0].isupper()}
    for ind in fw.indicators:
        words = _NAME_WORD.findall(ind.name)
        at = [k for k in range(1, len(words) - 1) if tuple(words[k:k + 2]) in titles]
        if not at:
            continue
        for other in (f for f in kb.frameworks.values() if f.id != fw.id):
            twin = kb.indicator(other.id, ind.code)
            said = _replaced_by(_NAME_WORD.findall(twin.name), words, at) if twin is not None else None
            if twin is not None and said is not None:
                yield _warn(plan.id, ind.code, f"tên chỉ số ghi «{' '.join(words[at[0]:at[0] + 2])}» ở chỗ bộ chỉ số "
                                               f"'{other.id}' ghi «{said}» ('{twin.name}'): có thể là chữ bị thay nhầm "
                                               "trong nguồn")
                break


def _replaced_by(other: list[str], words: list[str], at: list[int]) -> str | None:
    """What ``other`` (a name worded alike) writes where ``words`` has a title at ``at``, when it writes other
    words there; None when the names are not alike or it writes the title too."""
    from difflib import SequenceMatcher  # here: a process that never validates does not load difflib

    matcher = SequenceMatcher(a=other, b=words, autojunk=False)
    if matcher.ratio() < 0.5:
        return None
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "replace" and any(b1 <= k < b2 for k in at) and a2 > a1:
            return " ".join(other[a1:a2])
    return None


def _source_note(plan: Plan) -> str:
    """Where the plan's focal point comes from, cut to a readable length for a warning."""
    said = plan.focal_point_source or "nguồn không ghi"
    return said if len(said) <= 160 else said[:159] + "…"


def _focal_point_leads(plan: Plan) -> Iterator[Problem]:
    """The plan's focal point against its table: when another unit leads more indicators than the focal point, the
    text may name a different official than the one the table gives the work to (Nghĩa Phương: the text names
    "Công chức Văn hóa xã hội xã", CC VHXH by its name, who leads one row; CC VHTT leads most), or the focal point
    was assumed where the source does not name one (Kon Tum): the warning says where it comes from."""
    if not plan.focal_point:
        return
    pairs = {(split_variable(a.code)[0], unit) for a in plan.assignments for unit in a.lead}
    leads = Counter(unit for _, unit in pairs)  # indicators led, an indicator assigned per input counted once
    others = [(unit, n) for unit, n in leads.most_common() if unit != plan.focal_point]
    if others and others[0][1] > leads[plan.focal_point]:
        top, n = others[0]
        yield _warn(
            plan.id,
            "",
            f"kế hoạch giao '{plan.focal_point}' làm đầu mối theo dõi chung ({_source_note(plan)}), nhưng bảng "
            f"phân công giao đơn vị này chủ trì {leads[plan.focal_point]} chỉ số, còn '{top}' chủ trì {n}: cần xác "
            "nhận đầu mối",
        )


# ---- score records ----------------------------------------------------------------------------------------


def check_record(rec: ScoreRecord, kb: KnowledgeBase) -> Iterator[Problem]:
    """A published record against itself: the sums are recomputed by the scoring engine (one implementation of
    "what adds up to what"), plus the codes the source misprinted."""
    fw = kb.frameworks.get(rec.framework)
    if fw is None:
        yield _error(
            rec.id, "", f"bảng điểm gắn với bộ chỉ số '{rec.framework}' không có trong cơ sở tri thức"
        )
        return
    for e in rec.entries:
        if e.printed_code:
            yield _warn(rec.id, e.code, f"nguồn in mã '{e.printed_code}'; được đọc là {e.code} (xem ghi chú của dòng)")
    for code, message in record_sums.check_record(rec, fw).problems:
        yield _warn(rec.id, code, message)


def check_rules(kb: KnowledgeBase) -> Iterator[Problem]:
    """Scoring rules against the knowledge base: missing rules, and where the sources disagree on a rule."""
    try:
        rules = all_rules()
    except (OSError, ValueError, KeyError) as exc:
        yield _error("rules", "", f"không đọc được quy tắc tính điểm: {exc}")
        return
    for where, code, message in rule_problems(kb, rules):
        yield _warn(where, code, message)


def validate(kb: KnowledgeBase) -> list[Problem]:
    """Every problem in the knowledge base, frameworks first, then plans, then score records."""
    problems: list[Problem] = []
    for fw in kb.frameworks.values():
        problems.extend(check_framework(fw))
    for plan in kb.plans.values():
        problems.extend(check_plan(plan, kb))
    for rec in kb.records.values():
        problems.extend(check_record(rec, kb))
    problems.extend(check_rules(kb))
    problems.extend(_warn(where, code, message) for where, code, message in deadline_problems(kb))
    return problems
