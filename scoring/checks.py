"""Problems between the rules and the knowledge base, for ``dti-bot validate``: indicators without a
rule, rules
for codes the framework lacks, maxima that disagree, inputs named differently from the source, and the source
disagreements recorded in the rules (Kon Tum 4.9 vs Gia Lai; commune 4.6 max 5 vs ``Tỷ lệ × 10 đ``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scoring.engine import Rule
from scoring.methods import SumOf, Unscored

Problem = tuple[str, str, str]  # (where, code, Vietnamese message)


def _keys(framework: Any) -> list[tuple[str, Any]]:
    seen: dict[str, int] = {}
    out = []
    for ind in framework.indicators:
        seen[ind.code] = seen.get(ind.code, 0) + 1
        out.append((ind.code if seen[ind.code] == 1 else f"{ind.code}#{seen[ind.code]}", ind))
    return out


def rule_problems(kb: Any, rules: Mapping[str, Sequence[Rule]]) -> list[Problem]:
    """Every rule-related problem, framework by framework, in source order. ``kb`` is a ``KnowledgeBase``;
    ``rules`` maps a framework id to its rules (``knowledge.rules.all_rules()``)."""
    problems: list[Problem] = []
    for fid, framework in kb.frameworks.items():
        where = f"rules/{fid}"
        by_key = {r.key: r for r in rules.get(fid, ())}
        rows = _keys(framework)
        if fid not in rules:
            problems.append((where, "", f"bộ chỉ số {fid} chưa có tệp quy tắc tính điểm"))
            continue
        keys = {k for k, _ in rows}
        for key, ind in rows:
            if ind.is_pillar:
                continue
            rule = by_key.get(key)
            if rule is None:
                problems.append(
                    (where, key, "chỉ số chưa có quy tắc tính điểm và chưa được đánh dấu không tính điểm")
                )
                continue
            problems.extend(_rule_vs_row(where, key, rule, ind, keys))
        for key in by_key:
            if key not in keys:
                problems.append((where, key, f"quy tắc cho mã {key} nhưng bộ chỉ số {fid} không có mã này"))
    for fid in rules:
        if fid not in kb.frameworks:
            problems.append(
                (f"rules/{fid}", "", f"tệp quy tắc cho bộ chỉ số '{fid}' không có trong cơ sở tri thức")
            )
    return problems


def _rule_vs_row(where: str, key: str, rule: Rule, ind: Any, keys: set[str]) -> list[Problem]:
    out: list[Problem] = []
    for d in rule.disagreements:
        out.append((where, key, f"nguồn khác nhau (nguồn {d.source}): {d.text}"))
    if isinstance(rule.method, Unscored):
        return out
    if (
        rule.max_points is not None
        and ind.max_points is not None
        and abs(rule.max_points - ind.max_points) > 1e-9
    ):
        out.append(
            (where, key, f"quy tắc ghi điểm tối đa {rule.max_points:g}, bộ chỉ số ghi {ind.max_points:g}")
        )
    if rule.max_points is None and ind.max_points is None and not isinstance(rule.method, SumOf):
        out.append((where, key, "không có điểm tối đa: chưa tính được điểm"))
    if isinstance(rule.method, SumOf):
        missing = [c for c in rule.method.children if c not in keys]
        if missing:
            out.append((where, key, f"tổng gồm {', '.join(missing)} nhưng bộ chỉ số không có các mã này"))
    source_names = set(ind.variables or {})
    rule_names = set(rule.method.numbers())
    if source_names and rule_names and not rule_names <= source_names | {"x", "y"}:
        extra = ", ".join(sorted(rule_names - source_names))
        out.append(
            (where, key, f"đầu vào {extra} không có trong biến số nguồn ({', '.join(sorted(source_names))})")
        )
    return out
