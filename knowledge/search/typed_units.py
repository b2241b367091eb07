"""Unit names the way officials type them, beside the spellings the sources write.

The registry (``knowledge/units.py``) holds every spelling the *sources* use. People asking type shorter forms
the sources never print: a department's initials run together ("STTTT", "SKHĐT", "SGDĐT" — the "S" of "Sở" and
the first letter of each word of its field), a telecom company by its brand alone ("Viettel", "VNPT") where the
plan names the company with its province ("Viettel Gia Lai", "Viễn thông Kon Tum" — VNPT's provincial unit is
called "Viễn thông <tỉnh>"). These forms are made here from the registry's names, never written per question,
and only for searching: importing a plan still knows only the sources' spellings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from knowledge.normalize import normalize

# Words that join a department's field ("Sở Kế hoạch và Đầu tư") and have no letter in its initials.
_JOINERS = frozenset({"va"})
# A provincial company's own name in the sources and the brand it is asked by (folded).
_BRANDS = {"vien thong": "vnpt"}
# Kinds of unit people call by an everyday name ("các nhà mạng" for the telecom companies), folded.
_EVERYDAY = {"doanh nghiep vien thong": ("nha mang", "cac nha mang", "nha mang vien thong"),
             # the commune's radio is its loudspeakers ("loa truyền thanh", the everyday table's "hệ thống truyền
             # thanh"): its keeper is asked for as the one in charge of them
             "phu trach dai truyen thanh xa": ("phu trach loa truyen thanh xa", "loa truyen thanh xa"),
             # the commune police by its initials, as official papers write it ("CAX")
             "cong an xa": ("cax",)}  # not "ca xa": "cả xã" (the whole commune) folds so
_ROLE = "phu trach "  # a unit named by the person in charge of it ("Phụ trách Đài truyền thanh xã")
_MIN_INITIALS = 3  # "SNV", "STC": shorter runs of initials are ordinary syllables ("so", "st")


def initials(name: str) -> str:
    """"stttt" for "Sở Thông tin và Truyền thông": the first letter of every folded word but the joiners;
    empty for a name that is not a department ("Sở …")."""
    words = normalize(name).split()
    if len(words) < 2 or words[0] != "so":
        return ""
    run = "s" + "".join(w[0] for w in words[1:] if w not in _JOINERS)
    return run if len(run) >= _MIN_INITIALS else ""


def typed_forms(spelling: str, places: Iterable[str] = ()) -> list[str]:
    """Folded forms a person may type for one (folded) unit spelling: its initials ("stttt", "so tttt"), and
    for a name carrying a place ("viettel gia lai", "vien thong kon tum") the name without it and the brand
    ("viettel", "vnpt kon tum", "vnpt")."""
    out: list[str] = []
    run = initials(spelling)
    if run:
        out += [run, f"so {run[1:]}"]
    out += _EVERYDAY.get(spelling, ())
    if spelling.startswith(_ROLE):  # "phu trach dai truyen thanh xa": asked as "đài truyền thanh xã"
        out.append(spelling[len(_ROLE):])
    bare, place = spelling, ""
    for known in sorted(places, key=len, reverse=True):
        if spelling.endswith(" " + known):
            bare, place = spelling[: -len(known) - 1].strip(), known
            break
    if bare != spelling and len(bare.split()) == 1 and bare not in _GENERIC:
        out.append(bare)  # "viettel" of "viettel gia lai"
    brand = _BRANDS.get(bare)
    if brand:  # "vien thong kon tum": VNPT's unit in that province
        out += [f"{brand} {place}".strip(), brand]
    return [f for f in dict.fromkeys(out) if f and f != spelling]


# One-word remainders that name a kind of unit, not one unit ("Báo" of "Báo Gia Lai"): never a typed form alone.
_GENERIC = frozenset({"bao", "dai", "so", "cuc", "truong", "xa", "tinh", "huyen", "ubnd", "uy"})


def unambiguous(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(form, unit) pairs with every form that two units would share dropped: a typed form names one unit."""
    pairs = list(dict.fromkeys(pairs))
    owners = Counter(form for form, _ in dict.fromkeys((f, u) for f, u in pairs))
    return [(f, u) for f, u in pairs if owners[f] == 1]
