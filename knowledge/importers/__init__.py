"""Importers: one module per source document, each turning its tables into model objects.

Shared here: finding a seed file, the one way an indicator row becomes an :class:`Indicator` (cleaning,
variables, explanation) and a unit cell becomes canonical units, and the field-by-field merge used when
several sources describe the same framework (the provincial ``dti-tinh``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from knowledge.importers.tsv import code_key, is_code
from knowledge.model import Assignment, Framework, Indicator, Plan, ScoreRecord
from knowledge.textclean import clean_inline, clean_text, extract_variables, parse_number, split_explanation
from knowledge.units import resolve_cell


class SourceError(ValueError):
    """A seed file is missing or not shaped as expected; the message says which, in Vietnamese."""


@dataclass
class ImportResult:
    """What one source contributes; ``indicators`` are partial rows of a framework built from several."""

    frameworks: list[Framework] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    records: list[ScoreRecord] = field(default_factory=list)
    indicators: dict[str, list[Indicator]] = field(default_factory=dict)


def seed_file(seeds: Path, number: str) -> Path:
    """The seed whose name starts with ``number`` (``"000"`` → ``000_3923419b75a19a81.txt``)."""
    matches = sorted(seeds.glob(f"{number}_*.txt"))
    if not matches:
        raise SourceError(f"Không tìm thấy tệp nguồn {number}_*.txt trong {seeds}")
    return matches[0]


def make_indicator(
    framework: str,
    code: str,
    name: str,
    *,
    source: str,
    max_points: str | float | None = None,
    method: str = "",
    extra_variable_text: str = "",
    evidence: str = "",
    data_source: str = "",
    notes: str = "",
) -> Indicator:
    """An indicator from raw cells: text cleaned, "Giải thích" split off, variables from method and notes."""
    method_clean, explanation = split_explanation(clean_text(method))
    notes_clean = clean_text(notes)
    points = (
        max_points if isinstance(max_points, float | int) or max_points is None else parse_number(max_points)
    )
    return Indicator(
        framework=framework,
        code=code,
        name=clean_inline(name),
        max_points=float(points) if points is not None else None,
        method=method_clean,
        variables=extract_variables(method_clean, clean_text(extra_variable_text), notes_clean),
        explanation=explanation,
        evidence=clean_text(evidence),
        data_source=clean_text(data_source),
        notes=notes_clean,
        sources=(source,),
    )


VARIABLE_ROW = re.compile(r"(?:(?P<parent>\d+(?:\.\d+)*)\.)?(?P<letter>[a-z])")


def add_variable(
    indicators: list[Indicator], parent: str, letter: str, name: str, explanation: str = ""
) -> None:
    """Record a variable row ("a | Kinh phí đầu tư …", "6.22.a | …") on its indicator, in place.

    Sources list some variables as rows of their own under the indicator; they are not indicators (no maximum,
    no score), so they become ``variables[letter]`` of that indicator (a definition already in the method text
    wins) and any explanation they carry is added to the indicator's ``explanation``.
    """
    for index in range(len(indicators) - 1, -1, -1):
        ind = indicators[index]
        if ind.code != parent:
            continue
        variables = {**ind.variables}
        variables.setdefault(letter, clean_inline(name))
        text = clean_text(explanation)
        extra = f"{letter}: {text}" if text else ""
        joined = "\n".join(t for t in (ind.explanation, extra) if t)
        indicators[index] = replace(ind, variables=dict(sorted(variables.items())), explanation=joined)
        return
    raise SourceError(f"Dòng biến số '{parent}.{letter}' không có chỉ số '{parent}' đứng trước")


def units(cell: str) -> tuple[tuple[str, ...], str]:
    """(canonical units, the cell as written, cleaned) — raises ``UnknownUnit`` on an unregistered unit."""
    canonical, _ = resolve_cell(cell)
    return tuple(canonical), clean_inline(cell)


def make_assignment(
    code: str, lead: str = "", coordinating: str = "", **texts: str | int | None
) -> Assignment:
    """An assignment with canonical units; other keyword fields are cleaned text (``baseline_year``: int)."""
    lead_units, lead_text = units(lead)
    coord_units, coord_text = units(coordinating)
    cleaned = {k: (v if k == "baseline_year" else clean_text(str(v or ""))) for k, v in texts.items()}
    return Assignment(
        code=code,
        lead=lead_units,
        coordinating=coord_units,
        lead_text=lead_text,
        coordinating_text=coord_text,
        **cleaned,  # type: ignore[arg-type]
    )


_MERGED_FIELDS = (
    "name",
    "max_points",
    "method",
    "variables",
    "explanation",
    "evidence",
    "data_source",
    "notes",
)


def merge_indicators(framework: str, by_priority: Sequence[Sequence[Indicator]]) -> tuple[Indicator, ...]:
    """One indicator per code from several sources, highest priority first.

    Each field is taken from the first source that has it (non-empty text, a maximum that is not null);
    ``sources`` lists every source that has the code. Rows are ordered by code (6.9 before 6.10).
    """
    merged: dict[str, Indicator] = {}
    for rows in by_priority:
        for row in rows:
            current = merged.get(row.code)
            if current is None:
                merged[row.code] = replace(row, framework=framework)
                continue
            updates: dict[str, object] = {}
            for name in _MERGED_FIELDS:
                value = getattr(current, name)
                if value in ("", None, {}) and getattr(row, name) not in ("", None, {}):
                    updates[name] = getattr(row, name)
            sources = tuple(dict.fromkeys((*current.sources, *row.sources)))
            merged[row.code] = replace(current, sources=sources, **updates)  # type: ignore[arg-type]
    ordered = sorted(merged.values(), key=lambda i: code_key(i.code) if is_code(i.code) else (10**6,))
    return tuple(ordered)


def indicator_fields() -> list[str]:
    """Field names of :class:`Indicator` in declaration order (the JSON key order, without ``framework``)."""
    return [f.name for f in fields(Indicator) if f.name != "framework"]
