"""``dti-bot converse [--plan ID] [--now ISO-8601]``: scripted conversations as JSON lines (a contract: scripts
and end-to-end checks drive the bot through it).

Each input line is one user action: ``{"user", "chat", "name", "text"}``, or ``"payload"`` instead of ``text``
(a button press), or ``"file": PATH`` (an upload, a forwarded photo or document; ``text`` on the same line is
its caption, ``"mime"`` its type when the file's extension does not say it); ``"channel"`` defaults to
``"console"``. Each output line is ``{"replies": [...]}``: messages already queued for that chat (a reminder)
first, then the answers to the sender, then every message the action caused to other chats, each
``{"chat", "text", "buttons": [{"label", "payload"}], "files": [{"name", "path", "mime"}]}``. A line that is not a
valid action gets ``{"error": "…"}`` and the run goes on. State lives in the configured database, so a second
run continues the first; ``--now`` fixes the clock for the whole run.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from typing import TYPE_CHECKING, Any

from bot.cli import args as arg
from bot.config import Settings

if TYPE_CHECKING:
    from bot.core.app import Core
    from bot.core.messages import Incoming, Outgoing, Reply

CONSOLE = "console"
log = logging.getLogger(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=arg.plan_id,
                        help="kế hoạch mặc định cho người dùng chưa chọn (mặc định theo cấu hình)")
    parser.add_argument("--now", type=arg.moment,
                        help="cố định đồng hồ cho cả lượt chạy, dạng ISO-8601 (2024-10-01T09:00+07:00)")


class BadAction(ValueError):
    """An input line that is not a user action; the message is Vietnamese."""


def parse_action(line: str) -> Incoming:
    from bot.core.messages import Incoming

    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadAction(f"dòng không phải JSON hợp lệ (lỗi ở cột {exc.colno})") from None
    if not isinstance(data, dict):
        raise BadAction("mỗi dòng phải là một đối tượng JSON")
    user, chat = data.get("user"), data.get("chat", data.get("user"))
    if not isinstance(user, str) or not user or not isinstance(chat, str) or not chat:
        raise BadAction('thiếu "user" (và "chat") dạng chuỗi')
    text, payload, path = data.get("text", ""), data.get("payload"), data.get("file")
    if not isinstance(text, str) or (payload is not None and not isinstance(payload, str)):
        raise BadAction('"text" và "payload" phải là chuỗi')
    if payload is None and path is None and not text:
        raise BadAction('cần một trong "text", "payload" hoặc "file"')
    channel, name = data.get("channel", CONSOLE), data.get("name", "")
    if not isinstance(channel, str) or not isinstance(name, str):
        raise BadAction('"channel" và "name" phải là chuỗi')
    mime = data.get("mime")
    if mime is not None and (path is None or not isinstance(mime, str) or not _MIME.fullmatch(mime)):
        raise BadAction('"mime" đi cùng "file", dạng loại/kiểu (ví dụ "image/jpeg")')
    return Incoming(channel=channel, chat_id=chat, user_id=user, text=text, payload=payload, user_name=name,
                    file=_upload(path, mime) if path is not None else None)


_MIME = re.compile(r"[a-z]{1,20}/[A-Za-z0-9.+\-]{1,80}")


def _upload(path: Any, mime: str | None = None) -> Any:
    import mimetypes
    from pathlib import Path

    from bot.core.messages import FileRef

    if not isinstance(path, str) or not Path(path).is_file():
        raise BadAction(f'"file" phải là đường dẫn tới một tệp có thật (nhận được {path!r})')
    file = Path(path)
    mime = mime or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return FileRef(name=file.name, path=str(file.resolve()), mime=mime, size=file.stat().st_size)


def reply_json(chat: str, reply: Reply) -> dict[str, Any]:
    return {
        "chat": chat,
        "text": reply.text,
        "buttons": [{"label": b.label, "payload": b.payload} for b in reply.buttons],
        "files": [{"name": f.name, "path": f.path, "mime": f.mime} for f in reply.files],
    }


def act(core: Core, msg: Incoming) -> list[dict[str, Any]]:
    """One action: what was waiting for this chat, the answers, then what the action sent to other chats."""
    from bot.channels.chats import remember_chat
    from bot.core import outbox

    def deliver(out: Outgoing) -> str:
        return "console"

    if msg.file is not None:  # an upload: kept in the file store like a channel's, under the same limit
        from dataclasses import replace

        from bot.channels.bridge import channel_text
        from bot.core.files import MAX_MB, FileStore, FileTooLarge

        try:
            with open(msg.file.path, "rb") as upload:
                stored = FileStore.from_settings(core.settings.files).save(iter(lambda: upload.read(1 << 16), b""),
                                                                            msg.file.name, msg.file.mime)
        except FileTooLarge:
            return [{"chat": msg.chat_id, "text": channel_text("file_too_large", limit_mb=MAX_MB), "buttons": [],
                     "files": []}]
        msg = replace(msg, file=stored)
    drain_kwargs: dict[str, Any] = {"worker": "converse", "channels": [CONSOLE]}
    waiting = outbox.drain(core.db.session, deliver, core.services.clock, chat_id=msg.chat_id, **drain_kwargs)
    with core.db.session() as session:
        before = outbox.last_id(session)
    remember_chat(core.db, channel=msg.channel, chat_id=msg.chat_id, chat_type="private",
                  display_name=msg.user_name)
    replies = core.handle(msg)
    caused = outbox.drain(core.db.session, deliver, core.services.clock, after_id=before, **drain_kwargs)
    return [
        *(reply_json(o.chat_id, o.reply) for o in waiting),
        *(reply_json(msg.chat_id, r) for r in replies),
        *(reply_json(o.chat_id, o.reply) for o in caused),
    ]


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import open_core, tolerant_stdin
    from bot.core.messages import clean_text
    from bot.core.services import fixed_clock

    now = args.now  # checked by argparse (``args.moment``)
    if args.plan:
        settings.bot.plan = args.plan
    core = open_core(settings, args.plan, clock=fixed_clock(now) if now else None)
    if core is None:
        return 2
    tolerant_stdin()
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                out: dict[str, Any] = {"replies": act(core, parse_action(line))}
            except BadAction as exc:
                out = {"error": str(exc)}
            except Exception as exc:  # the contract: a line that cannot be handled gets an error, the run goes on
                log.exception("converse: dòng không xử lý được")
                out = {"error": f"không xử lý được thao tác này ({type(exc).__name__})"}
            print(clean_text(json.dumps(out, ensure_ascii=False)), flush=True)
    finally:
        core.db.dispose()
    return 0

