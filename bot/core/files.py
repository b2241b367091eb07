"""The file store: files users upload and files the bot sends, kept on disk under one folder, named by content.

A file is stored once whatever it is called (its SHA-256 names it), so a picture sent twice takes no more room and
a name chosen by a user never reaches the file system. Files are capped at 20 MB, the Bot API's download limit,
so that what one channel accepts every channel can deliver.

Zalo takes pictures only by URL and has no document upload, so the bot hands out short-lived signed links to its
own web server: the token carries the file's hash, name, type and expiry, signed with HMAC-SHA256, and nothing
else is needed to serve it (no table, any worker with the same secret can answer).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from bot.config import FilesSettings
from bot.core.messages import FileRef

MAX_BYTES = 20 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)
LINK_TTL = timedelta(hours=24)
FILES_ROUTE = "/files/"  # the path under ``files.public_url`` at which the bot's own server answers file links
_HASH = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 16
# with no ``files.secret`` configured, one key drawn per process: every store of the process (the channel's, a
# handler's) signs alike, so a link a handler makes is honoured by the process's own file server
_PROCESS_SECRET = secrets.token_urlsafe(32)


class FileTooLarge(ValueError):
    """A file over ``MAX_BYTES``; the channel answers with the ``file_too_large`` template."""

    def __init__(self, size: int | None = None, limit: int = MAX_BYTES) -> None:
        super().__init__(f"tệp quá {limit} byte" + (f" ({size} byte)" if size is not None else ""))
        self.size = size
        self.limit = limit


class BadLink(ValueError):
    """A file link that is forged, damaged, expired or names a file no longer here."""


@dataclass(frozen=True)
class Link:
    token: str
    expires: datetime

    def url(self, public_url: str) -> str:
        """The address people open: ``<public_url>/files/<token>``."""
        return f"{public_url.rstrip('/')}{FILES_ROUTE}{quote(self.token)}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def clean_name(name: str, mime: str) -> str:
    """A display name safe to show and to put in a header: no path, no control characters, never empty."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"')[:120]
    if base:
        return base
    return "anh.jpg" if mime.startswith("image/") else "tep"


class FileStore:
    """Files under ``folder`` as ``<folder>/<first two hex digits>/<sha256>``."""

    def __init__(self, folder: str | Path, *, secret: str = "", limit: int = MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.limit = limit
        self._secret = (secret or _PROCESS_SECRET).encode("utf-8")

    @classmethod
    def from_settings(cls, settings: FilesSettings) -> FileStore:
        return cls(settings.folder, secret=settings.secret)

    def path_of(self, digest: str) -> Path:
        if not _HASH.match(digest):
            raise ValueError(f"mã băm không hợp lệ: {digest!r}")
        return self.folder / digest[:2] / digest

    def save(self, data: bytes | Iterable[bytes], name: str, mime: str) -> FileRef:
        """Store ``data`` (bytes, or chunks as they arrive) and return its reference. Over the limit:
        ``FileTooLarge``, and nothing is kept."""
        chunks = [data] if isinstance(data, bytes | bytearray) else data
        self.folder.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if size > self.limit:
                        raise FileTooLarge(None, self.limit)
                    digest.update(chunk)
                    out.write(chunk)
            return self._keep(Path(tmp), digest.hexdigest(), size, name, mime)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def adopt(self, path: Path, name: str, mime: str) -> FileRef:
        """Move a file already written on disk (in this store's folder, e.g. a package made member by member)
        into the store, hashing it in chunks: never read whole. ``FileTooLarge`` over the limit (the file is then
        removed)."""
        digest, size = hashlib.sha256(), 0
        try:
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(_CHUNK), b""):
                    size += len(chunk)
                    if size > self.limit:
                        raise FileTooLarge(size, self.limit)
                    digest.update(chunk)
            return self._keep(path, digest.hexdigest(), size, name, mime)
        finally:
            path.unlink(missing_ok=True)

    def _keep(self, tmp: Path, digest: str, size: int, name: str, mime: str) -> FileRef:
        target = self.path_of(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
        return FileRef(name=clean_name(name, mime), path=str(target), mime=mime or "application/octet-stream",
                       size=size)

    def digest_of(self, ref: FileRef) -> str:
        """The hash naming a stored file (its file name)."""
        digest = Path(ref.path).name
        if not _HASH.match(digest) or Path(ref.path).resolve() != self.path_of(digest).resolve():
            raise BadLink("tệp không nằm trong kho tệp")
        return digest

    # ------------------------------------------------------------------------------------------ signed links

    def link(self, ref: FileRef, now: datetime, ttl: timedelta = LINK_TTL) -> Link:
        """A token for ``ref`` valid until ``now + ttl``: ``<payload>.<signature>``, both URL-safe."""
        expires = now + ttl
        payload = json.dumps({"h": self.digest_of(ref), "n": ref.name, "m": ref.mime,
                              "e": int(expires.timestamp())}, separators=(",", ":"), ensure_ascii=False)
        body = _b64(payload.encode("utf-8"))
        return Link(f"{body}.{self._sign(body)}", expires)

    def verify(self, token: str, now: datetime) -> FileRef:
        """The file a token names, or ``BadLink`` (forged, damaged, expired, or the file is gone)."""
        body, _, signature = token.partition(".")
        if not body or not hmac.compare_digest(signature, self._sign(body)):
            raise BadLink("chữ ký không đúng")
        try:
            payload = json.loads(_unb64(body))
            digest, name, mime, expires = str(payload["h"]), str(payload["n"]), str(payload["m"]), int(payload["e"])
        except (ValueError, KeyError, TypeError):
            raise BadLink("liên kết hỏng") from None
        if now.timestamp() >= expires:
            raise BadLink("liên kết đã hết hạn")
        path = self.path_of(digest) if _HASH.match(digest) else None
        if path is None or not path.is_file():
            raise BadLink("tệp không còn")
        return FileRef(name=name, path=str(path), mime=mime, size=path.stat().st_size)

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._secret, body.encode("ascii"), hashlib.sha256).digest())
