"""/hoso: the self-assessment package of the plan's round (the open one, else the latest) for the focal point and
the admins: a zip with the report (.docx), the round's workbook and every counted value's evidence, the same as
``dti-bot package`` (``bot.services.package``).

The zip is written member by member to a file in the file store's folder, then taken into the store by its hash
(``FileStore.adopt``): never held in memory. A package larger than what the channel can send (Telegram bots send
documents up to 50 MB) goes as a signed, expiring link on the bot's own file server, as Zalo files already do;
without ``files.public_url`` there is no such server, and the focal point is told how to get the package on the
server instead.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.files import LINK_TTL, FileStore
from bot.core.messages import Reply
from bot.core.permissions import PLAN_VIEW_ALL
from bot.core.router import Router
from bot.core.turn import Turn
from bot.services.rounds import RoundInfo

router = Router("package")
ZIP = "application/zip"
MB = 1024 * 1024
# what a channel can send as a file; a channel not listed takes any size (the console prints the path, Zalo
# always sends documents as links)
SEND_LIMITS = {"telegram": 50 * MB}
PACKAGE_LIMIT = 4096 * MB  # what the file store keeps of one package


@router.command("hoso", "Hồ sơ tự đánh giá kèm minh chứng (.zip, đầu mối)", needs=PLAN_VIEW_ALL, args=())
def hoso(turn: Turn) -> list[Reply]:
    from bot.services import scores as score_service  # loaded for a package, not by every process (issue 20)

    info = score_service.current_round(turn.session, turn.plan_id)
    if info is None:
        return [turn.reply("score_no_round")]
    return package_reply(turn, info)


def package_reply(turn: Turn, info: RoundInfo) -> list[Reply]:
    from bot.services.package import write_package  # loaded for a package, not by every process (issue 20)

    settings = turn.services.settings
    store = FileStore(settings.files.folder, secret=settings.files.secret, limit=PACKAGE_LIMIT)
    folder = Path(settings.files.folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix=".package-", suffix=".zip")
    os.close(fd)
    made = Path(name)
    try:
        result = write_package(turn.session, turn.services.kb, info, made, files_folder=folder,
                               tz=ZoneInfo(settings.bot.timezone), now=turn.services.clock())
        ref = store.adopt(made, f"ho-so-tu-danh-gia-{info.plan}-{info.period}.zip", ZIP)
    finally:
        made.unlink(missing_ok=True)
    counts: dict[str, Any] = {"period": info.period, "files": result.files, "evidence": result.evidence_files,
              "links": result.links}
    limit = SEND_LIMITS.get(turn.msg.channel)
    if limit is None or ref.size <= limit:
        reply = turn.reply("hoso_sent", size_kb=ref.size // 1024, missing=result.missing_evidence,
                           gone=len(result.gone), **counts)
        return [replace(reply, files=(ref,))]
    sizes: dict[str, Any] = {"size_mb": -(-ref.size // MB), "limit_mb": limit // MB}
    if not settings.files.public_url:
        return [turn.reply("hoso_too_large", plan=info.plan, round=info.id, **sizes, **counts)]
    link = store.link(ref, turn.services.clock(), LINK_TTL)
    expires = link.expires.astimezone(ZoneInfo(settings.bot.timezone)).strftime("%H:%M %d/%m/%Y")
    return [turn.reply("hoso_link", url=link.url(settings.files.public_url), expires=expires, **sizes, **counts)]
