"""What crosses the line between a channel (console, Telegram, Zalo) and the core: plain data, no channel types.

A channel turns its update into an ``Incoming``, hands it to ``Core.handle`` and turns each ``Reply`` back into its
own API calls. Nothing here knows about Telegram or Zalo; that is what keeps every channel's answers identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file stored by the core's file store: ``path`` on disk, the ``name`` shown to people, its ``mime`` type.

    Replies carry files the bot sends (a chart, a report); an ``Incoming`` carries a file the user uploaded."""

    name: str
    path: str
    mime: str
    size: int = 0

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
