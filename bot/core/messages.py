"""What crosses the line between a channel (console, Telegram, Zalo) and the core: plain data, no channel types.

A channel turns its update into an ``Incoming``, hands it to ``Core.handle`` and turns each ``Reply`` back into its
own API calls. Nothing here knows about Telegram or Zalo; that is what keeps every channel's answers identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

_UNSTORABLE = "\x00"  # PostgreSQL text cannot hold NUL


def clean_text(text: str) -> str:
    """``text`` that can be encoded, stored, counted and sent: every lone surrogate (half of a UTF-16 pair, e.g.
    "\\ud800" from a JSON update, or bytes that were not UTF-8) becomes U+FFFD, and NUL characters are dropped.
    Well-formed text comes back unchanged (and ASCII without NUL at once)."""
    if text.isascii():
        return text.replace(_UNSTORABLE, "") if _UNSTORABLE in text else text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").replace(_UNSTORABLE, "")


def _clean_fields(item: object, keep: tuple[str, ...] = ()) -> None:
    """Every text field of a frozen dataclass (but ``keep``) through ``clean_text``: done where a user's input
    becomes one, so that no channel (console, converse, Telegram, Zalo) can hand the core text the database or the
    output refuses."""
    for f in fields(item):  # type: ignore[arg-type]
        value = getattr(item, f.name)
        if f.name not in keep and isinstance(value, str) and (cleaned := clean_text(value)) != value:
            object.__setattr__(item, f.name, cleaned)


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file stored by the core's file store: ``path`` on disk, the ``name`` shown to people, its ``mime`` type.

    Replies carry files the bot sends (a chart, a report); an ``Incoming`` carries a file the user uploaded."""

    name: str
    path: str
    mime: str
    size: int = 0

    def __post_init__(self) -> None:
        _clean_fields(self, keep=("path",))  # a path on disk is the file system's, bytes and all

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a user did: typed ``text``, pressed a button carrying ``payload``, or uploaded ``file`` (its
    caption, if any, in ``text``)."""

    channel: str
    chat_id: str
    user_id: str
    text: str = ""
    payload: str | None = None
    user_name: str = ""
    chat_type: str = "private"
    file: FileRef | None = None

    def __post_init__(self) -> None:
        _clean_fields(self)


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered to the user. ``payload`` is short (≤ 64 bytes, Telegram's callback_data limit)."""

    label: str
    payload: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send. ``text`` is plain text; ``html`` the same message for channels that render HTML
    (Telegram parse mode HTML), with every source- or user-provided string escaped. ``files`` go with it (a
    picture, a document)."""

    text: str
    html: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    files: tuple[FileRef, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A reply addressed to a chat: what ``Core.handle`` returns for chats other than the sender's is queued in
    the outbox; this is also what the outbox sender hands to a channel."""

    channel: str
    chat_id: str
    reply: Reply


CHOICE_HINT = "Trả lời bằng số thứ tự để chọn."


def numbered_text(reply: Reply) -> str:
    """A reply for channels without buttons (console, Zalo): choices become numbered lines to answer by number."""
    if not reply.buttons:
        return reply.text
    lines = [f"{i}. {b.label}" for i, b in enumerate(reply.buttons, 1)]
    return "\n".join([reply.text, "", *lines, "", CHOICE_HINT])
