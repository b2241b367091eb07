"""Read the scoring rules (``knowledge/data/rules/<framework>.json``) into the engine's pure rule objects.

The rules are data next to the knowledge records so they can be read and checked against the method
texts; this
module is the only place that touches the files. A malformed rule raises ``RuleDataError`` naming the
framework and
code, so a data mistake is caught when the rules load, not when a user asks for a score.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from knowledge.store import data_dir
from scoring import expr
from scoring.book import RuleBook
from scoring.choices import Choice, Option, yes_no
from scoring.engine import Rule
from scoring.measure import Measure
from scoring.methods import (
    Chosen,
    Formula,
    Levels,
    Method,
    MinMax,
    Part,
    Parts,
    PerItem,
    Ratio,
    SumOf,
    Threshold,
    Unscored,
)
from scoring.model import Disagreement


class RuleDataError(ValueError):
    """A rule in the data files that cannot be understood."""


# How the answers of a group's member units combine when the rule does not say (``members``), for every rule
# kind alike: ``all`` — the province answers "có" only when every member does (yes/no), the lowest option
# (choices, levels' gates), the smallest number (a number that does not add). A "có" that one member cannot back
# loses the points at the assessment; a rule where one member's answer is the province's (a policy the province
# issues once) says ``any``.
DEFAULT_MEMBERS = "all"


def _share(value: Any) -> tuple[Fraction | float, str]:
    """``"1/2"`` → (Fraction(1, 2), ``"1/2"``); ``0.7`` → (0.7, ``""``)."""
    if isinstance(value, str):
        return Fraction(value), value
    return float(value), ""


def _measure(raw: Mapping[str, Any], key: str = "ratio", default_label: str = "Tỷ lệ") -> Measure:
    text = raw[key]
    single = isinstance(expr.parse(text), expr.Name)
    unit = raw.get("unit", "count" if single else "percent")
    label = raw.get("label", default_label if not single else "Giá trị")
    limits = [tuple(pair) for pair in raw["limits"]] if "limits" in raw else None
    return Measure.of(
        text,
        label=label,
        unit=unit,
        unit_label=raw.get("unit_label", ""),
        over=raw.get("over", "reject" if unit == "percent" else "allow"),
        limits=limits,
    )


def _options(raw: list[Mapping[str, Any]]) -> tuple[Option, ...]:
    out = []
    for o in raw:
        if "points" in o:
            out.append(Option(o["key"], o["label"], 0.0, float(o["points"])))
        else:
            share, written = _share(o.get("share", 0))
            out.append(Option(o["key"], o["label"], share, None, written))
    return tuple(out)


def _method(raw: Mapping[str, Any]) -> Method:
    kind = raw.get("kind", "unscored" if "unscored" in raw else "")
    if kind == "unscored":
        return Unscored(raw["unscored"])
    if kind == "ratio":
        return Ratio(_measure(raw))
    if kind == "threshold":
        return Threshold(_measure(raw), float(raw["at"]), raw.get("below", "scaled"))
    if kind == "all_or_nothing":
        return Threshold(_measure(raw), float(raw.get("at", 1.0)), "zero")
    if kind == "levels":
        levels = tuple((float(lv[0]), *_share(lv[1])) for lv in raw["levels"])
        gate = raw.get("gate", "")
        gate_choice = yes_no(*raw.get("gate_labels", ["Có", "Không"])) if gate else None
        return Levels(
            _measure(raw, "measure", raw.get("label", "Tỷ lệ")),
            levels,
            _share(raw.get("otherwise", 0))[0],
            gate,
            gate_choice,
        )
    if kind == "yes_no":
        return Chosen(yes_no(raw.get("yes", "Có"), raw.get("no", "Không")), raw.get("input", "x"))
    if kind == "choice":
        return Chosen(Choice(_options(raw["options"])), raw.get("input", "x"))
    if kind == "per_item":
        return PerItem(
            float(raw["each"]),
            raw.get("input", "x"),
            _share(raw.get("cap", 1))[0],
            raw.get("item", "Số lượng"),
        )
    if kind == "parts":
        parts = []
        for p in raw["parts"]:
            share, written = _share(p["share"]) if "share" in p else (None, "")
            parts.append(Part(p["label"], _method(p["rule"]), share, p.get("points"), written))
        return Parts(tuple(parts))
    if kind == "sum":
        return SumOf(tuple(raw["children"]))
    if kind == "min_max":
        return MinMax(_measure(raw, "measure"))
    if kind == "formula":
        node = expr.parse(raw["formula"])
        limits = [tuple(pair) for pair in raw.get("limits", [])]
        guard = Measure.of(raw["formula"], over="allow", limits=limits)
        full = raw.get("full_if")
        full_if = (_measure(full, "measure"), float(full["at"])) if full else None
        return Formula(raw["formula"], node, expr.compile_expr(node), guard, full_if)
    raise RuleDataError(f"loại quy tắc '{kind}' không có")


# the rules adding no input share one empty set: Python makes a new one (216 bytes) each time (issue 20)
_NO_ADDS: frozenset[str] = frozenset()


def parse_rule(raw: Mapping[str, Any], framework: str = "") -> Rule:
    """One rule entry → ``Rule``; errors name the framework and code."""
    code = raw.get("code", "?")
    try:
        method = _method(raw)
        rule = Rule(
            code=code,
            method=method,
            inputs=dict(raw.get("inputs", {})),
            max_points=raw.get("max"),
            defaults={k: float(v) for k, v in raw.get("defaults", {}).items()},
            note=raw.get("note", ""),
            source=raw.get("source", ""),
            disagreements=tuple(Disagreement(d["source"], d["text"]) for d in raw.get("disagreements", [])),
            occurrence=int(raw.get("occurrence", 1)),
            adds=frozenset(raw["adds"]) if raw.get("adds") else _NO_ADDS,
            answer=raw.get("answer", "lead"),
            input_of=raw.get("input_of", ""),
            members=raw.get("members", DEFAULT_MEMBERS),
        )
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise RuleDataError(f"quy tắc {framework} {code}: {exc}") from exc
    undeclared = [n for n in [*method.numbers(), *method.choices()] if n not in rule.inputs]
    if undeclared:
        raise RuleDataError(f"quy tắc {framework} {code}: đầu vào {', '.join(undeclared)} chưa có ý nghĩa")
    _check_collection(rule, framework, explicit_members="members" in raw)
    return rule


def _check_collection(rule: Rule, framework: str, *, explicit_members: bool = False) -> None:
    """``adds`` names only numeric inputs, ``answer`` and ``members`` are known ways (``members`` written only
    where some input does not add: summed inputs need no rule), ``input_of`` reads ``<code>.<input>``."""
    where = f"quy tắc {framework} {rule.code}"
    numeric = set(rule.method.numbers())
    wrong = sorted(rule.adds - numeric)
    if wrong:
        raise RuleDataError(f"{where}: 'adds' nêu {', '.join(wrong)} không phải đầu vào số của quy tắc")
    if rule.answer not in ("lead", "all", "any"):
        raise RuleDataError(f"{where}: 'answer' phải là 'lead', 'all' hoặc 'any', không phải '{rule.answer}'")
    if rule.members not in ("all", "any"):
        raise RuleDataError(f"{where}: 'members' phải là 'all' hoặc 'any', không phải '{rule.members}'")
    collected = {*rule.method.numbers(), *rule.method.choices()}
    if explicit_members and collected <= rule.adds:
        raise RuleDataError(f"{where}: 'members' chỉ dùng khi có đầu vào không cộng dồn; mọi đầu vào của quy tắc "
                            "này đều cộng ('adds')")
    if rule.input_of and "." not in rule.input_of:
        raise RuleDataError(f"{where}: 'input_of' phải có dạng <mã chỉ số>.<đầu vào>, ví dụ 6.22.a")


def parse_rules(raw: list[Mapping[str, Any]], framework: str = "") -> list[Rule]:
    return [parse_rule(r, framework) for r in raw]


def rules_dir(root: Path | None = None) -> Path:
    return (root or data_dir()) / "rules"


def load_rules_from(root: Path, framework: str) -> list[Rule]:
    """Rules of one framework from a data folder laid out like ``knowledge/data``; [] when there is no
    file."""
    path = rules_dir(root) / f"{framework}.json"
    if not path.is_file():
        return []
    return parse_rules(json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_interned), framework)


def _interned(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object with its texts one string each in the process: the rule files write 2 900 texts, 860
    different ("a/b", "ratio", a source's name; issue 20)."""
    return {k: sys.intern(v) if type(v) is str else v for k, v in pairs}


@cache
def load_rules(framework: str) -> tuple[Rule, ...]:
    """The bundled rules of one framework, loaded once per process."""
    return tuple(load_rules_from(data_dir(), framework))


def all_rules(root: Path | None = None) -> dict[str, list[Rule]]:
    """Every framework's rules found in the data folder."""
    folder = rules_dir(root)
    if not folder.is_dir():
        return {}
    return {p.stem: load_rules_from(folder.parent, p.stem) for p in sorted(folder.glob("*.json"))}


def rule_book(kb: Any, framework: str) -> RuleBook:
    """The framework's rule book from a loaded knowledge base and the bundled rules."""
    return RuleBook.build(kb.frameworks[framework], load_rules(framework))
