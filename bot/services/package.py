"""The self-assessment package of a round (``dti-bot package``, /hoso): one zip the focal point sends to the scoring
software with its evidence, as the plans ask ("Tài liệu/link hoặc hình ảnh", within 15 days of the survey letter).

    bao-cao-tu-danh-gia.docx          the report (``bot.reports.self_assessment``)
    so-lieu.xlsx                      the round's workbook, the same as /xuat (``bot.services.reports.report``)
    minh-chung/<code>/<unit>/<file>   the evidence files of every value that counts (a unit's latest submitted or
                                      approved version), each under its own unit
    minh-chung/lien-ket.csv           the evidence links
    muc-luc.csv                       one row per evidence item: code, unit, file (its path in the zip) or link,
                                      who, when

The zip is written member by member to a file on disk: evidence is copied from the file store in chunks, the
CSV files row by row, the report and the workbook straight into their members; no whole package is ever held in
memory (a province's round has thousands of files).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import EvidenceFile, Official, RoundValue, Unit
from bot.services.rounds import RoundInfo, aware
from bot.services.values import COUNTED, lacking_evidence

REPORT = "bao-cao-tu-danh-gia.docx"
WORKBOOK = "so-lieu.xlsx"
EVIDENCE = "minh-chung"
LINKS = f"{EVIDENCE}/lien-ket.csv"
INDEX = "muc-luc.csv"
INDEX_HEADER = ("Mã chỉ số", "Đơn vị", "Tệp hoặc liên kết", "Người gửi", "Thời điểm")
LINKS_HEADER = ("Mã chỉ số", "Đơn vị", "Liên kết", "Người gửi", "Thời điểm")
# already compressed: stored as they are (deflating them again costs time and saves nothing)
STORED = {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".zip", ".rar", ".7z", ".gz", ".docx", ".xlsx",
          ".pptx", ".mp4", ".heic"}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
PART_CHARS = 80  # a folder's or a file's name in the zip (Windows keeps paths under 260 characters)


class Evidence(NamedTuple):
    """One evidence file of a value that counts: the indicator, the unit (id and name), the file as sent."""

    code: str
    unit_id: int
    unit: str
    name: str
    sha256: str
    by: str
    at: datetime | None


class Link(NamedTuple):
    """One evidence link (http/https) of a value that counts."""

    code: str
    unit_id: int
    unit: str
    url: str
    by: str
    at: datetime | None


@dataclass
class Package:
    """What was written: the zip's path and counts, and the indicators some counted value of which has no
    evidence (``--json``)."""

    zip: str
    files: int = 0  # members of the zip
    indicators: int = 0
    evidence_files: int = 0
    links: int = 0
    missing_evidence: list[str] = field(default_factory=list)
    size: int = 0
    gone: list[str] = field(default_factory=list)  # evidence files listed but no longer in the file store

    def to_json(self) -> dict[str, Any]:
        return {"zip": self.zip, "files": self.files, "indicators": self.indicators,
                "evidence_files": self.evidence_files, "links": self.links,
                "missing_evidence": self.missing_evidence}


def _evidence(round_id: int, *columns: Any) -> Any:
    """Evidence rows of the round's counted values (the latest version of a submitted or approved part), with
    the indicator, unit id and unit name first and who and when last, in code, unit and sending order."""
    return (
        select(RoundValue.indicator, RoundValue.unit_id, Unit.name, *columns, Official.name, EvidenceFile.created_at)
        .join(EvidenceFile, EvidenceFile.version_id == RoundValue.latest_id)
        .join(Unit, Unit.id == RoundValue.unit_id)
        .outerjoin(Official, Official.id == EvidenceFile.official_id)
        .where(RoundValue.round_id == round_id, RoundValue.state.in_(COUNTED))
        .order_by(RoundValue.indicator, Unit.name, RoundValue.unit_id, EvidenceFile.id)
    )


def evidence_files(session: Session, round_id: int) -> list[Evidence]:
    """The evidence files of every value that counts. A few thousand rows: plain tuples."""
    query = _evidence(round_id, EvidenceFile.name, EvidenceFile.sha256).where(EvidenceFile.url.is_(None))
    return [Evidence(c, u, n, f, h, by or "", at) for c, u, n, f, h, by, at in session.execute(query)]


def evidence_links(session: Session, round_id: int) -> list[Link]:
    """The evidence links (http/https, ``EvidenceFile.url``) of every value that counts."""
    query = _evidence(round_id, EvidenceFile.url).where(EvidenceFile.url.is_not(None))
    return [Link(c, u, n, url, by or "", at) for c, u, n, url, by, at in session.execute(query)]


def lacking_codes(session: Session, info: RoundInfo) -> dict[str, list[int]]:
    """Indicator → the units whose counted value has no evidence yet (the same rule as /tiendo and the
    reminders), in the round's code order."""
    found: dict[str, list[int]] = {}
    for unit_id, code in lacking_evidence(session, info.id):
        found.setdefault(code, []).append(unit_id)
    order = {code: n for n, code in enumerate(info.indicators)}
    return dict(sorted(found.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def safe_part(name: str, fallback: str) -> str:
    """A folder or file name for the zip: no path separators, control or reserved characters, not only dots,
    at most ``PART_CHARS`` characters (an extension kept)."""
    cleaned = _UNSAFE.sub("-", name).strip(" .")
    if len(cleaned) > PART_CHARS:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[:PART_CHARS - len(ext) - 1] + "." + ext) if dot and 0 < len(ext) <= 8 and stem else \
            cleaned[:PART_CHARS]
    return cleaned or fallback


class Layout:
    """Paths of evidence in the zip: ``minh-chung/<code>/<unit>/<file>``, a unit's folder named once per code
    (two units whose names clean to the same text get their ids added), a file name taken twice in one folder
    numbered ("bien-ban (2).pdf")."""

    def __init__(self) -> None:
        self._folders: dict[tuple[str, int], str] = {}
        self._taken: set[str] = set()

    def folder(self, code: str, unit_id: int, unit: str) -> str:
        key = (code, unit_id)
        if key not in self._folders:
            base = f"{EVIDENCE}/{safe_part(code, 'chi-so')}/{safe_part(unit, f'don-vi-{unit_id}')}"
            path = base if base.casefold() not in self._taken else f"{base} ({unit_id})"
            self._taken.add(path.casefold())
            self._folders[key] = path
        return self._folders[key]

    def file(self, item: Evidence) -> str:
        folder = self.folder(item.code, item.unit_id, item.unit)
        name = safe_part(item.name, "tep")
        stem, dot, ext = name.rpartition(".")
        stem, ext = (stem, dot + ext) if dot and stem else (name, "")
        path, n = f"{folder}/{name}", 1
        while path.casefold() in self._taken:
            n += 1
            path = f"{folder}/{stem} ({n}){ext}"
        self._taken.add(path.casefold())
        return path


def _when(moment: datetime | None, tz: tzinfo) -> str:
    return aware(moment).astimezone(tz).strftime("%d/%m/%Y %H:%M") if moment is not None else ""


def _csv(zf: zipfile.ZipFile, name: str, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    """A CSV member written row by row, UTF-8 with a byte-order mark (Excel then reads the Vietnamese)."""
    with zf.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        out = csv.writer(text)
        out.writerow(header)
        out.writerows(rows)


def _workbook(zf: zipfile.ZipFile, session: Session, kb: Any, info: RoundInfo, tz: tzinfo) -> None:
    """The round's workbook, made by the one export /xuat and ``dti-bot export`` use: bytes today; chunks, should
    the export come to stream them, are copied as they come."""
    from bot.services.reports import report

    data: Any = report(session, kb, info, tz)
    with zf.open(_stored(WORKBOOK), "w", force_zip64=True) as out:
        if isinstance(data, bytes | bytearray):
            out.write(data)
        else:
            for chunk in data:
                out.write(chunk)


def _stored(name: str) -> zipfile.ZipInfo:
    """A member kept as it is (a .docx or .xlsx is a zip already: deflating it again only costs time)."""
    member = zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6])
    member.compress_type = zipfile.ZIP_STORED
    return member


def _copy(zf: zipfile.ZipFile, source: Path, arcname: str) -> None:
    kind = zipfile.ZIP_STORED if Path(arcname).suffix.lower() in STORED else zipfile.ZIP_DEFLATED
    zf.write(source, arcname, compress_type=kind)


def write_package(session: Session, kb: Any, info: RoundInfo, target: str | Path, *, files_folder: str | Path,
                  tz: tzinfo, now: datetime) -> Package:
    """Write the package of round ``info`` to ``target`` (a temporary name beside it first, then renamed: a
    package half written is never left under the name asked for)."""
    from bot.core.files import FileStore
    from bot.services.assessment import write_report
    from bot.services.scores import cached_status

    store = FileStore(files_folder)
    target = Path(target)
    partial = target.with_name(f".{target.name}.partial")
    status = cached_status(session, kb, info)
    items = evidence_files(session, info.id)
    links = evidence_links(session, info.id)
    lacking = lacking_codes(session, info)
    result = Package(str(target), indicators=len(status.indicators), links=len(links),
                     missing_evidence=list(lacking))
    layout = Layout()
    placed: list[tuple[Evidence, Path, str]] = []  # (item, file in the store, path in the zip)
    index: list[tuple[str, str, str, str, str]] = []
    for item in items:
        source = store.path_of(item.sha256)
        if source.is_file():
            arcname = layout.file(item)
            placed.append((item, source, arcname))
        else:
            result.gone.append(f"{item.code} – {item.unit}: {item.name}")
            arcname = f"(tệp không còn trong kho) {item.name}"
        index.append((item.code, item.unit, arcname, item.by, _when(item.at, tz)))
    index.extend((k.code, k.unit, k.url, k.by, _when(k.at, tz)) for k in links)
    counts = Counter(i.code for i in items) + Counter(k.code for k in links)
    notes = [f"Tệp minh chứng không còn trong kho (không có trong gói): {g}" for g in result.gone]
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            with zf.open(_stored(REPORT), "w") as out:
                write_report(out, session, kb, status, counts, lacking, now=now, tz=tz, notes=notes)
            _workbook(zf, session, kb, info, tz)
            _csv(zf, INDEX, INDEX_HEADER, index)
            _csv(zf, LINKS, LINKS_HEADER, ((k.code, k.unit, k.url, k.by, _when(k.at, tz)) for k in links))
            for _, source, arcname in placed:
                _copy(zf, source, arcname)
            result.evidence_files = len(placed)
            result.files = len(zf.infolist())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    result.size = target.stat().st_size
    return result
