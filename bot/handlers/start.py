"""/start, /help, /menu: what the assistant is and how to ask it. ``/start CODE`` (Telegram's deep link
``t.me/<bot>?start=CODE``) redeems an invite code, like ``/dangky CODE``."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.router import Router
from bot.core.turn import Turn
from bot.handlers.register import redeem

router = Router("start")


@router.command("start", "Bắt đầu, giới thiệu trợ lý")
def start(turn: Turn) -> list[Reply]:
    code = turn.args.strip()
    if code:
        return redeem(turn, code)
    return [turn.reply("start", name=turn.msg.user_name)]


@router.command("help", "Hướng dẫn cách hỏi")
def help_(turn: Turn) -> list[Reply]:
    return [turn.reply("help", commands=turn.services.commands)]


@router.command("menu", "Các việc trợ lý làm được")
def menu(turn: Turn) -> list[Reply]:
    return [turn.reply("menu")]
