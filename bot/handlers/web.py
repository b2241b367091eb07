"""/web: a one-time link that logs the user into the web dashboard (``bot.web``) as themselves, with the
same permissions as in the chat (checked on every page). Only in a private chat: a link posted in a group would
let anyone there log in as the sender. The link is good once, for 15 minutes (``bot.services.web_login``).

This module imports nothing of the web server: the chat side only writes the token and replies."""

from __future__ import annotations

from bot.config import WebSettings
from bot.core.messages import Reply
from bot.core.permissions import UNIT_VIEW
from bot.core.router import Router
from bot.core.turn import Turn

router = Router("web")
DEFAULT_PORT = 8080  # ``dti-bot web`` with no port set


def base_url(web: WebSettings) -> str:
    """Where the dashboard is opened: ``public_url``, else the address it listens on (fit for this machine)."""
    if web.public_url:
        return web.public_url.rstrip("/")
    host = "127.0.0.1" if web.listen in ("0.0.0.0", "::") else web.listen
    return f"http://{host}:{web.port or DEFAULT_PORT}"


@router.command("web", "Liên kết đăng nhập trang web theo dõi đợt thu thập", needs=UNIT_VIEW)
def web_link(turn: Turn) -> list[Reply]:
    from bot.services import web_login  # loaded for a link, not by every process (issue 20)

    if turn.msg.chat_type != "private":
        return [turn.reply("web_private_only")]
    token = web_login.create_link_token(turn.session, channel=turn.msg.channel, user_id=turn.msg.user_id,
                                        plan_id=turn.plan_id, now=turn.services.clock())
    minutes = int(web_login.LINK_VALID.total_seconds() // 60)
    return [turn.reply("web_link", url=f"{base_url(turn.services.settings.web)}/login/{token}", minutes=minutes)]
