"""/start, /help, /menu: what the assistant is and how to ask it."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.turn import Turn


def start(turn: Turn, args: str) -> list[Reply]:
    return [turn.reply("start", name=turn.msg.user_name)]


def help_(turn: Turn, args: str) -> list[Reply]:
    from bot.core.app import COMMANDS

    return [turn.reply("help", commands=COMMANDS)]


def menu(turn: Turn, args: str) -> list[Reply]:
    return [turn.reply("menu")]
