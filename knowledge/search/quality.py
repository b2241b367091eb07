"""Search quality on a question set: the figures ``dti-bot bench-search`` prints and the quality tests assert.

A question set is a TSV file with the columns ``plan``, ``question``, ``kind``, ``expected`` and, optionally,
``category`` (field, chat, everyday, codeform, pair, unit, refusal… — any label; figures are given per label).
Kinds:

- ``indicator``: ``expected`` holds one code, or several separated by ``|`` of which any is right; counted in
  top-1 (the first match is one of them) and top-3;
- ``pair``: ``expected`` holds two codes (``6.12|6.13``), both asked in one message: right when both are among the
  first three matches;
- ``unit_indicators``: ``expected`` is the exact set of codes the named unit leads (``|``-separated): not those
  of which it leads only inputs (``UnitIndicator.leads``);
- ``none``: nothing in the plans answers it: right when the search refuses (``REFUSALS``).

Pure: no timing, no printing (the CLI does both), so the numbers are the same wherever they are computed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.search.engine import Answer, Searcher

KINDS = ("indicator", "pair", "unit_indicators", "none")
REQUIRED_COLUMNS = ("plan", "question", "kind", "expected")
MAX_ROWS = 20_000  # a question file is read whole: bounded
MAX_QUESTION = 2_000  # characters, as a chat message
# Answer statuses that refuse: nothing confident, a code or unit that does not exist, data the plans do not hold.
REFUSALS = frozenset({"none", "unknown_code", "unknown_unit", "not_held"})


class QuestionSetError(ValueError):
    """A question file that cannot be read as a question set; the message says where and why (Vietnamese)."""


@dataclass(frozen=True, slots=True)
class Question:
    plan: str
    text: str
    kind: str
    expected: frozenset[str]
    category: str = ""


@dataclass(frozen=True)
class QuestionSet:
    name: str  # the file's name, as reports show it
    path: Path
    questions: tuple[Question, ...]


def read_question_set(path: Path, plans: Iterable[str]) -> QuestionSet:
    """Read and check a question file: its header, every row's kind, plan and expected codes."""
    known = set(plans)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t")
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise QuestionSetError(f"{path.name}: thiếu cột {', '.join(missing)}")
            rows = []
            for n, row in enumerate(reader, start=2):
                if n - 1 > MAX_ROWS:
                    raise QuestionSetError(f"{path.name}: quá {MAX_ROWS} câu hỏi")
                rows.append(_question(path.name, n, row, known))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise QuestionSetError(f"{path.name}: không đọc được ({exc})") from exc
    return QuestionSet(path.name, path, tuple(rows))


def _question(name: str, line: int, row: dict[str, str | None], plans: set[str]) -> Question:
    def cell(key: str) -> str:
        return (row.get(key) or "").strip()

    kind, plan, text = cell("kind"), cell("plan"), cell("question")
    expected = frozenset(c.strip() for c in cell("expected").split("|") if c.strip())
    where = f"{name} dòng {line}"
    if kind not in KINDS:
        raise QuestionSetError(f"{where}: loại '{kind}' không hợp lệ (dùng {', '.join(KINDS)})")
    if plan not in plans:
        raise QuestionSetError(f"{where}: không có kế hoạch '{plan}'")
    if not text or len(text) > MAX_QUESTION:
        raise QuestionSetError(f"{where}: câu hỏi trống hoặc dài quá {MAX_QUESTION} ký tự")
    if kind == "pair" and len(expected) != 2:
        raise QuestionSetError(f"{where}: câu hỏi 'pair' cần đúng hai mã, ngăn bằng |")
    if kind in ("indicator", "pair") and not expected:
        raise QuestionSetError(f"{where}: thiếu mã mong đợi")
    return Question(plan, text, kind, expected, cell("category"))


@dataclass
class Counts:
    """Right answers by kind. ``direct``: indicator questions answered outright, the right code, no list."""

    indicator: int = 0
    top1: int = 0
    top3: int = 0
    direct: int = 0
    pair: int = 0
    pair_both: int = 0
    unit: int = 0
    unit_exact: int = 0
    none: int = 0
    refused: int = 0

    def to_json(self) -> dict[str, int]:
        return dict(vars(self))


@dataclass
class Tally(Counts):
    """Counts for a whole set, the same per category, and every wrong answer described."""

    categories: dict[str, Counts] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if isinstance(v, int)}


def _score(q: Question, answer: Answer, counts: Sequence[Counts]) -> str:
    """Add one answer to every ``counts``; returns why it is wrong ("" when right)."""
    codes = [m.code for m in answer.matches]
    wrong = ""
    for c in counts:
        if q.kind == "indicator":
            hit1 = bool(codes) and codes[0] in q.expected
            c.indicator += 1
            c.top1 += hit1
            c.top3 += bool(q.expected & set(codes[:3]))
            c.direct += hit1 and answer.status == "answer"
            wrong = "" if hit1 else f"{answer.status} {codes[:3]} ≠ {sorted(q.expected)}"
        elif q.kind == "pair":
            both = q.expected <= set(codes[:3])
            c.pair += 1
            c.pair_both += both
            wrong = "" if both else f"{answer.status} {codes[:3]} ⊉ {sorted(q.expected)}"
        elif q.kind == "unit_indicators":
            leads = {i.code for i in answer.indicators if i.leads}  # not the inputs it supplies
            c.unit += 1
            c.unit_exact += leads == q.expected
            wrong = "" if leads == q.expected else f"{answer.unit} {sorted(leads)} ≠ {sorted(q.expected)}"
        else:
            refused = answer.status in REFUSALS
            c.none += 1
            c.refused += refused
            wrong = "" if refused else f"không từ chối ({answer.status} {codes[:3]})"
    return wrong


def evaluate(rows: Iterable[Question | dict[str, str]], searcher: Searcher) -> Tally:
    """Ask every question and count the right answers, for the set and per category."""
    tally = Tally()
    for row in rows:
        q = row if isinstance(row, Question) else _from_dict(row)
        answer = searcher.ask(q.plan, q.text)
        category = tally.categories.setdefault(q.category or q.kind, Counts())
        wrong = _score(q, answer, (tally, category))
        if wrong:
            label = f"[{q.category}] " if q.category else ""
            tally.misses.append(f"{label}{q.text!r}: {wrong}")
    return tally


def _from_dict(row: dict[str, str]) -> Question:
    expected = frozenset(c for c in row.get("expected", "").split("|") if c)
    return Question(row["plan"], row["question"], row["kind"], expected, row.get("category", ""))
