"""/start, /help, /menu: what the assistant is and how to ask it."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.router import Router
from bot.core.turn import Turn

router = Router("start")


@router.command("start", "Bắt đầu, giới thiệu trợ lý")
def start(turn: Turn) -> list[Reply]:
    return [turn.reply("start", name=turn.msg.user_name)]


@router.command("help", "Hướng dẫn cách hỏi")
def help_(turn: Turn) -> list[Reply]:
    return [turn.reply("help", commands=turn.services.commands)]


@router.command("menu", "Các việc trợ lý làm được")
def menu(turn: Turn) -> list[Reply]:
    return [turn.reply("menu")]
