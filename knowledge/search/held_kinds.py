"""What the search says when a plan does not hold what was asked (``Held``), and the results it reads (``Result``):
kept apart from ``held``, which decides, so that the answers and the reply templates read them alone."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.search.held_places import COMMUNE_KINDS, DISTRICT_KINDS

_FIGURE = re.compile(r"\d[\d.,]*(?:\s*%)?")  # a figure of a result, a percentage or not


@dataclass(frozen=True)
class Held:
    """Why a question is not answered from the plan, and what the plan does hold (``holds``: label, value)."""

    # "year" (a year or place no result is held for) | "no_results" | "other_place" | "no_target" (a target of a
    # year the plan gives no target for) | "score_only" (a count of things of a year only score tables hold, as
    # points: ``holds`` those) | "no_amount" (an amount of money the entries never write;
    # ``asked`` "levels": they write only amounts that earn points) | "no_measure"
    # (a length, area, weight or speed: ``asked`` is its unit) | "not_in_plan" (an indicator the plan leaves out,
    # ``holds`` its framework's row) | "ranking" (a rank among places: ``holds`` has the ranks the plan's notes
    # write, if any) | "place_of_other_plan" (an owner, deadline or target asked of a province the sources know,
    # not the plan's own) | "not_assigned" (``asked`` "owner" or "deadline" of criteria a plan assigns none of;
    # ``holds`` their framework rows) | "sub_place" (a result or a count of a district, ``asked``: "huyện X", which
    # a plan, holding its own level's figures, does not break down) | "no_result" (a result of the present asked of
    # entries no source holds any result of for the plan's place; ``holds``: the plan's targets for them) |
    # "rate_only" (a count of things asked where the results held are rates: ``holds`` those) | "other_index" (a
    # criterion or figure of another index, ``asked``: its name as said to the asker) | "other_codes" (a result of a
    # place whose published scores are on another framework's codes than the plan's, ``asked``: the place;
    # ``holds``: the plan, then that framework's name, which the reply names) | "period" (a figure of a quarter or
    # a month, ``asked`` as typed folded: "quy i nam 2024"; ``holds`` the year's results) | "no_reason" (why
    # something happened or points were lost, where no score table of the place asked writes it: ``holds`` the
    # scores held)
    reason: str
    asked: str  # what was asked that is not held ("2023", "Bình Định")
    holds: list[tuple[str, str]] = field(default_factory=list)
    sum_asked: bool = False  # "score_only": a sum of money was asked, not a count of things (said so)

    @property
    def spares_units(self) -> bool:
        """A unit question stays one: a plan without results still says who leads ("Sở X chủ trì …"), and a
        commune named in a unit's name ("UBND xã Đăk Blà chủ trì …") is the unit, not a place asked about."""
        return self.reason == "no_results" or self.asked.startswith((*COMMUNE_KINDS, *DISTRICT_KINDS))


@dataclass(frozen=True)
class Result:
    label: str  # "Gia Lai 2022", "Kết quả 2023 (kế hoạch)"
    place: str  # folded
    year: int | None
    value: str
    scored: bool = False  # points from a score table ("7,41/20"), not the value the indicator counts
    note: str = ""  # why points were lost, where the score table writes it


def listed(held: Sequence[tuple[str, Result]], codes: Sequence[str]) -> list[tuple[str, str]]:
    """What the sources hold, as the reply lists it: each result's label, with its code where several were asked
    ("5.12.1 Gia Lai 2022", "5.12 Gia Lai 2022": two labels alike otherwise)."""
    return [(f"{c} {r.label}" if len(codes) > 1 else r.label, r.value) for c, r in held]


def only_rates(value: str) -> bool:
    """Every figure of a result is a percentage ("98%", "Đạt 45,6 %"): it holds no count of things."""
    figures = _FIGURE.findall(value)
    return bool(figures) and all(f.endswith("%") for f in figures)


def counts_nothing(value: str) -> bool:
    """A result holds no count of things: its figures are percentages, or it has none ("Đã lập chuyên trang")."""
    return all(f.endswith("%") for f in _FIGURE.findall(value))
