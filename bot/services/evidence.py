"""Evidence of a value (tài liệu kiểm chứng): files and links, checked, stored and listed in one place.

Plans ask for "Tài liệu/link hoặc hình ảnh": a link is evidence as much as a file. It is stored in the same table
(``EvidenceFile.url``) so that every count of evidence (what still lacks it, the workbook, /tiendo) counts it.
A link is only read, never fetched: the bot does not visit addresses users send. What is accepted is bounded and
checked here — http or https, a host, no credentials, no blanks or control characters, at most ``MAX_URL``
characters — and every refusal says why in Vietnamese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.messages import FileRef
from bot.db.models import EvidenceFile, Round, RoundValue, Unit, ValueVersion
from bot.services.values import Version

MAX_URL = 1000  # characters of a link: document links (Drive, SharePoint, egov) are far shorter
MAX_TEXT = 255  # characters of the text kept with a link (``EvidenceFile.name``)
LINK_MIME = "text/uri-list"
SCHEMES = ("http", "https")
# Anything written like an address with a scheme ("https://…", "ftp://…"), and the script schemes that need no
# "//" ("javascript:"): a link the user meant, to accept or refuse with a reason.
_CANDIDATE = re.compile(r"(?i)(?<![\w/])(?:[a-z][a-z0-9+.\-]{1,20}://|(?:javascript|vbscript):)\S*")
_TRAILING = ".,;:!?)]}>»\"'"
_HOST = re.compile(r"^[0-9A-Za-z\-.\[\]:]+$")


class BadEvidenceLink(ValueError):
    """A link that cannot be evidence; ``reason`` is shown to the user as it is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Found:
    """What a message gives as a link: the link as typed (checked or not), the rest of the text."""

    link: str
    text: str


def find_link(text: str) -> Found | None:
    """The first thing in ``text`` written as a link, and the text around it; None when there is none (then the
    message is no link at all, e.g. a question)."""
    match = _CANDIDATE.search(text)
    if match is None:
        return None
    raw = match.group(0)
    link = raw.rstrip(_TRAILING) or raw
    rest = (text[: match.start()] + " " + text[match.end():]).strip()  # punctuation after the link goes too
    return Found(link, " ".join(rest.split()))


def check_link(link: str) -> str:
    """``link`` when it can be evidence, else ``BadEvidenceLink`` saying why."""
    shown = link if len(link) <= 60 else link[:57] + "…"
    if len(link) > MAX_URL:
        raise BadEvidenceLink(f"Liên kết dài {len(link)} ký tự, quá {MAX_URL} ký tự: hãy gửi liên kết ngắn hơn "
                              "hoặc gửi tệp.")
    if any(ch.isspace() or not ch.isprintable() for ch in link):
        raise BadEvidenceLink(f"Liên kết «{shown}» có khoảng trắng hoặc ký tự điều khiển.")
    try:
        parts = urlsplit(link)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        raise BadEvidenceLink(f"«{shown}» không phải là một liên kết hợp lệ.") from None
    if parts.scheme.lower() not in SCHEMES:
        raise BadEvidenceLink(f"Chỉ nhận liên kết bắt đầu bằng http:// hoặc https:// («{shown}» thì không).")
    host = parts.hostname or ""
    if not host or not port_ok or not _host_ok(host):
        raise BadEvidenceLink(f"Liên kết «{shown}» không có tên miền hợp lệ.")
    if parts.username is not None or parts.password is not None:
        raise BadEvidenceLink("Liên kết không được chứa tên đăng nhập hay mật khẩu.")
    return link


def _host_ok(host: str) -> bool:
    """A host name (letters of any script, read through IDNA) or an address."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(_HOST.match(ascii_host)) and ".." not in ascii_host and len(ascii_host) <= 253


def take_link(session: Session, version_id: int, text: str, *, official_id: int | None,
              now: datetime) -> str | None:
    """The link in ``text`` kept as evidence of the version: the text kept with it; None when ``text`` holds no
    link (a question, a word); ``BadEvidenceLink`` when it holds one that cannot be evidence."""
    found = find_link(text)
    if found is None:
        return None
    label = link_label(found)
    add_link(session, version_id, found.link, label, official_id=official_id, now=now)
    return label


def link_label(found: Found) -> str:
    """The text kept with a link: what was written around it (bounded), else its host."""
    text = found.text or (urlsplit(found.link).hostname or found.link)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


# ------------------------------------------------------------------------------------------ storing


def add_link(session: Session, version_id: int, url: str, text: str, *, official_id: int | None,
             now: datetime) -> int:
    """Keep a checked link as evidence of a value version (``check_link`` first)."""
    row = EvidenceFile(version_id=version_id, path="", sha256="", name=text[:MAX_TEXT], mime=LINK_MIME, size=0,
                       official_id=official_id, url=check_link(url), created_at=now)
    session.add(row)
    session.flush()
    return row.id


@dataclass(frozen=True)
class Item:
    """One piece of evidence as shown and sent: a file (``ref``) or a link (``url``)."""

    name: str
    created_at: datetime
    ref: FileRef | None = None
    url: str = ""

    @property
    def is_link(self) -> bool:
        return bool(self.url)


def items(session: Session, version_id: int) -> list[Item]:
    """The evidence of a value version, files and links, in the order given."""
    rows = session.scalars(select(EvidenceFile).where(EvidenceFile.version_id == version_id)
                           .order_by(EvidenceFile.id))
    return [Item(r.name, r.created_at, url=r.url) if r.url is not None
            else Item(r.name, r.created_at, ref=FileRef(r.name, r.path, r.mime, r.size)) for r in rows]


# ------------------------------------------------------------------------------------------ which value


@dataclass(frozen=True)
class Target:
    """A value version evidence can be filed to: its round's plan, and whether it is still the latest."""

    version: Version
    plan_id: str
    latest: bool


def target(session: Session, version_id: int) -> Target | None:
    """The value version a button names (a forged id names none: None)."""
    row = session.execute(
        select(ValueVersion, RoundValue, Round.plan_id)
        .join(RoundValue, RoundValue.id == ValueVersion.value_id)
        .join(Round, Round.id == RoundValue.round_id)
        .where(ValueVersion.id == version_id)
    ).first()
    if row is None:
        return None
    version, slot, plan_id = row
    return Target(Version.of(version, slot), str(plan_id), slot.latest_id == version.id)


def units_with_value(session: Session, round_id: int, indicator: str) -> list[int]:
    """The units that entered ``indicator`` in the round, by name (whose evidence there is to see)."""
    return [int(u) for u in session.scalars(
        select(RoundValue.unit_id).join(Unit, Unit.id == RoundValue.unit_id)
        .where(RoundValue.round_id == round_id, RoundValue.indicator == indicator,
               RoundValue.latest_id.is_not(None))
        .order_by(Unit.name))]
