"""Build the knowledge data files from the sources: ``python -m knowledge.build [--seeds] [--out] [--check]``.

Runs every importer, assembles the provincial framework ``dti-tinh`` from all sources that describe it, and
writes ``frameworks/``, ``plans/``, ``records/`` and ``units.json`` (SCHEMA.md). The files are committed so
the package works without the seeds; ``--check`` rebuilds into a temporary folder and fails if the committed
files differ, which keeps hand edits and stale data out.

``dti-tinh`` priorities, field by field: Gia Lai's extraction of Decision 922 (002, when
``knowledge/importers/gia_lai_3015.json`` exists) › Kon Tum's guidance (000) › Đắk Lắk's names and maximums
(003).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from knowledge.aligned import aligned_pairs, learned_json
from knowledge.importers import (
    VARIABLE_ROW,
    ImportResult,
    SourceError,
    add_variable,
    daklak,
    kontum,
    make_assignment,
    make_indicator,
    merge_indicators,
    nghiaphuong,
    ninhthuan,
    seed_file,
)
from knowledge.importers.plan_tasks import with_detailed_plan_task
from knowledge.model import Assignment, Framework, Indicator, Plan, ScoreEntry, ScoreRecord
from knowledge.textclean import clean_text, parse_number, split_explanation
from knowledge.units import UnknownUnit, canonical_unit, plan_entries, registry_units, split_units

PACKAGE_DIR = Path(__file__).resolve().parent
# The source documents live in the repository (knowledge/sources/), so a fresh clone can rebuild and check.
DEFAULT_SEEDS = PACKAGE_DIR / "sources"
DEFAULT_OUT = PACKAGE_DIR / "data"
GIA_LAI_JSON = PACKAGE_DIR / "importers" / "gia_lai_3015.json"
LEARNED = "thesaurus/learned.json"  # equivalent wordings aligned from the sources (knowledge.aligned)
DTI_TINH = "dti-tinh"
DTI_TINH_TOTAL = 1000.0


def load_gia_lai(path: Path) -> ImportResult:
    """002 — Gia Lai Plan 3015/KH-UBND as extracted from its PDF by the ``gialai`` importer (JSON)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    meta, rows = raw["plan"], raw["rows"]
    indicators: list[Indicator] = []
    assignments: list[Assignment] = []
    entries: list[ScoreEntry] = []
    for row in rows:
        code = str(row["code"]).strip()
        variable = VARIABLE_ROW.fullmatch(code)
        if variable and variable["parent"]:
            explanation = split_explanation(clean_text(row.get("method", "")))[1]
            add_variable(indicators, variable["parent"], variable["letter"], row.get("name", ""), explanation)
        else:
            indicators.append(
                make_indicator(
                    DTI_TINH,
                    code,
                    row.get("name", ""),
                    source="002",
                    max_points=_number(row.get("max_points")),
                    method=row.get("method", ""),
                )
            )
        if any(row.get(k) for k in ("lead_text", "coordinating_text", "deadline")):
            assignments.append(
                make_assignment(
                    code,
                    lead=row.get("lead_text", ""),
                    coordinating=row.get("coordinating_text", ""),
                    deadline=row.get("deadline", ""),
                )
            )
        if row.get("score_2022") not in (None, ""):
            entries.append(
                ScoreEntry(
                    code=code, score=_number(row["score_2022"]), max_points=_number(row.get("max_points"))
                )
            )
    plan = Plan(
        id=meta.get("id", "gia-lai-2023"),
        framework=DTI_TINH,
        name=meta.get("name", ""),
        document=meta.get("document", ""),
        issued=meta.get("issued", ""),
        short_name=f"Kế hoạch {meta.get('document', '')} tỉnh Gia Lai ({meta.get('issued', '')[:4]})",
        notes=clean_text(meta.get("notes", "")),
        assignments=tuple(assignments),
        focal_point=meta.get("focal_point", ""),
        focal_point_source=meta.get("focal_point_source", ""),
    )
    record = ScoreRecord(
        id="gia-lai-2022", framework=DTI_TINH, place="Gia Lai", year=2022, entries=tuple(entries)
    )
    return ImportResult(plans=[plan], records=[record], indicators={DTI_TINH: indicators})


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, float | int):
        return None if value is None else float(value)
    return parse_number(str(value))


def dti_tinh(results: dict[str, ImportResult]) -> Framework:
    """The provincial framework: one row per code, each field from the highest-priority source that has it."""
    order = [s for s in ("002", "000", "003") if s in results]
    merged = merge_indicators(DTI_TINH, [results[s].indicators.get(DTI_TINH, []) for s in order])
    authority = (
        "Quyết định 922/QĐ-BTTTT (theo Phụ lục Kế hoạch 3015/KH-UBND Gia Lai), bổ sung từ Kế hoạch "
        "419/KH-UBND "
        "Kon Tum và bảng điểm DTI 2021 Đắk Lắk"
        if "002" in results
        else "Tổng hợp từ Phụ lục 2 Kế hoạch 419/KH-UBND Kon Tum (hướng dẫn) và bảng điểm DTI 2021 Đắk Lắk "
        "(điểm tối đa)"
    )
    return Framework(
        id=DTI_TINH,
        name="Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (DTI cấp tỉnh)",
        level="tinh",
        authority=authority,
        indicators=merged,
        total_max=DTI_TINH_TOTAL,
    )


def import_sources(seeds: Path, gia_lai: Path | None = GIA_LAI_JSON) -> dict[str, ImportResult]:
    """Every importer's result by source id ("000"…"004"). Raises on a missing seed or an unknown unit."""
    results: dict[str, ImportResult] = {
        "000": kontum.load(seeds),
        "001": nghiaphuong.load(seeds),
        "003": daklak.load(seeds),
        "004": ninhthuan.load(seeds),
    }
    if gia_lai is not None and gia_lai.exists():
        result = load_gia_lai(gia_lai)
        # section VI.2 of the plan's text: each lead unit issues its detailed plan within 15 days
        result.plans[:] = [with_detailed_plan_task(p, seed_file(seeds, "002")) for p in result.plans]
        results["002"] = result
    return results


def run_importers(
    seeds: Path, gia_lai: Path | None = GIA_LAI_JSON
) -> tuple[list[Framework], list[Plan], list[ScoreRecord]]:
    """Every importer, then the merged provincial framework. Raises on a missing seed or an unknown unit."""
    return assemble(import_sources(seeds, gia_lai))


def assemble(results: dict[str, ImportResult]) -> tuple[list[Framework], list[Plan], list[ScoreRecord]]:
    frameworks = [dti_tinh(results)] + [f for r in results.values() for f in r.frameworks]
    plans = [p for r in results.values() for p in r.plans]
    records = [rec for r in results.values() for rec in r.records]
    return frameworks, plans, records


def learned_thesaurus(results: dict[str, ImportResult], frameworks: Sequence[Framework]) -> dict[str, Any]:
    """Equivalent wordings aligned from the sources (``knowledge.aligned``): each provincial indicator as 000,
    002 and 003 word it, and each commune indicator against the provincial one it mirrors."""
    wordings: dict[tuple[str, str], dict[str, str]] = {}
    for source, result in results.items():
        for framework, rows in result.indicators.items():
            for ind in rows:
                wordings.setdefault((framework, ind.code), {})[source] = ind.name
    by_id = {f.id: f for f in frameworks}
    mirrors = []
    if "dti-xa" in by_id and DTI_TINH in by_id:
        mirrors = [(i, by_id[DTI_TINH].indicators) for i in by_id["dti-xa"].indicators if "." in i.code]
    return learned_json(aligned_pairs(wordings, mirrors))


# ---- serialisation (key order as in SCHEMA.md)
# --------------------------------------------------------------


def _plain(value: Any) -> Any:
    """JSON-ready: tuples → lists, integral floats → ints (``10`` not ``10.0``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _indicator_json(ind: Indicator) -> dict[str, Any]:
    data = asdict(ind)
    del data["framework"]
    if not ind.merged_with:
        del data["merged_with"]  # only present on a row sharing a merged cell of the source
    return _plain(data)  # type: ignore[no-any-return]


def framework_json(fw: Framework) -> dict[str, Any]:
    return {
        "id": fw.id,
        "name": fw.name,
        "level": fw.level,
        "authority": fw.authority,
        "total_max": _plain(fw.total_max),
        "indicators": [_indicator_json(i) for i in fw.indicators],
    }


def _assignment_json(a: Assignment) -> dict[str, Any]:
    """The assignment's fields; ``name`` only where the plan words the indicator otherwise (imported plans)."""
    data = asdict(a)
    if not data["name"]:
        del data["name"]
    return data


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "framework": plan.framework,
        "name": plan.name,
        "short_name": plan.short_name,
        "document": plan.document,
        "issued": plan.issued,
        "notes": plan.notes,
        "focal_point": plan.focal_point,
        "focal_point_source": plan.focal_point_source,
        "assignments": [_plain(_assignment_json(a)) for a in plan.assignments],
        "items": [_plain(asdict(i)) for i in plan.items],
    }


def record_json(rec: ScoreRecord) -> dict[str, Any]:
    return {
        "id": rec.id,
        "framework": rec.framework,
        "place": rec.place,
        "year": rec.year,
        "published_total": _plain(rec.published_total),
        "entries": [_entry_json(e) for e in rec.entries],
    }


def _entry_json(entry: ScoreEntry) -> dict[str, Any]:
    data: dict[str, Any] = _plain(asdict(entry))
    if not entry.printed_code:
        del data["printed_code"]  # only present where the source printed another code
    return data


def units_json(plans: Sequence[Plan]) -> dict[str, Any]:
    """The registry plus every spelling the plans actually use (so the data shows how sources write units)."""
    seen: dict[str, set[str]] = {}
    for plan in plans:
        for entry in plan_entries(plan):
            for cell in (entry.lead_text, entry.coordinating_text):
                for written in split_units(cell):
                    seen.setdefault(canonical_unit(written), set()).add(written)
    out = []
    for unit in registry_units():
        aliases = [*unit.aliases, *sorted(seen.get(unit.name, set()) - set(unit.aliases) - {unit.name})]
        out.append({"name": unit.name, "short": unit.short, "aliases": aliases})
    return {"units": out}


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_all(
    out: Path, frameworks: Sequence[Framework], plans: Sequence[Plan], records: Sequence[ScoreRecord],
    learned: dict[str, Any] | None = None,
) -> None:
    """Write every data file, removing stale ones in the three generated folders (not ``rules/``, and of
    ``thesaurus/`` only the learned table, the reviewed ones being hand-written)."""
    files: dict[Path, Any] = {out / "units.json": units_json(plans)}
    files.update({out / "frameworks" / f"{f.id}.json": framework_json(f) for f in frameworks})
    files.update({out / "plans" / f"{p.id}.json": plan_json(p) for p in plans})
    files.update({out / "records" / f"{r.id}.json": record_json(r) for r in records})
    if learned is not None:
        files[out / LEARNED] = learned
    for folder in ("frameworks", "plans", "records"):
        for stale in (out / folder).glob("*.json") if (out / folder).is_dir() else []:
            if stale not in files:
                stale.unlink()
    for path, data in files.items():
        _dump(path, data)


def _generated(root: Path) -> set[str]:
    names = {
        str(p.relative_to(root))
        for folder in ("frameworks", "plans", "records")
        for p in (root / folder).glob("*.json")
    }
    names |= {name for name in ("units.json", LEARNED) if (root / name).exists()}
    return names


def differences(committed: Path, fresh: Path) -> list[str]:
    """Files that differ between two data folders (missing on either side counts)."""
    a, b = _generated(committed), _generated(fresh)
    diff = sorted(a ^ b)
    diff += sorted(n for n in a & b if not filecmp.cmp(committed / n, fresh / n, shallow=False))
    return diff


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge.build", description="Xây dựng dữ liệu tri thức từ tài liệu nguồn"
    )
    parser.add_argument(
        "--seeds", type=Path, default=DEFAULT_SEEDS, help="thư mục tài liệu nguồn (000_…txt…)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="thư mục dữ liệu đầu ra (knowledge/data)"
    )
    parser.add_argument(
        "--check", action="store_true", help="chỉ kiểm tra: lỗi nếu dữ liệu đã commit khác bản dựng mới"
    )
    args = parser.parse_args(argv)
    try:
        results = import_sources(args.seeds)
    except (SourceError, UnknownUnit) as exc:
        print(f"Lỗi dựng dữ liệu: {exc}", file=sys.stderr)
        return 2
    built = assemble(results)
    learned = learned_thesaurus(results, built[0])
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_all(Path(tmp), *built, learned)
            diff = differences(args.out, Path(tmp))
        if diff:
            print("Dữ liệu đã commit khác bản dựng mới (chạy python -m knowledge.build):", file=sys.stderr)
            for name in diff:
                print(f"  {name}", file=sys.stderr)
            return 1
        print("Dữ liệu khớp với bản dựng mới từ tài liệu nguồn.")
        return 0
    write_all(args.out, *built, learned)
    frameworks, plans, records = built
    print(
        f"Đã ghi {len(frameworks)} bộ chỉ số, {len(plans)} kế hoạch, {len(records)} bảng điểm vào {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
