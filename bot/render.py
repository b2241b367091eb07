"""Texts users see come from jinja2 templates in ``bot/templates``, rendered twice: plain text for channels that
show text as is (console, Zalo) and HTML for Telegram, where autoescaping guarantees that nothing coming from a
source document or a user can break the markup.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from bot.core.messages import Button, Reply
from knowledge.deadline_view import format_deadline, how_near
from knowledge.deadlines import fmt_date
from scoring.numbers import fmt_num

_BLANK_RUNS = re.compile(r"\n{3,}")


def format_number(value: float | int | None) -> str:
    """Vietnamese display (decimal comma, two decimals at most); a dash where there is no number."""
    return "—" if value is None else fmt_num(value)


ECHO_LIMIT = 200


def clip(value: Any, limit: int = ECHO_LIMIT) -> str:
    """User text echoed back, cut to ``limit`` characters: a 100 000-character message must not come back whole."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bold_html(value: Any) -> Markup:
    return Markup("<b>") + escape(str(value)) + Markup("</b>")


def _environment(html: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("bot", "templates"),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["b"] = _bold_html if html else str
    env.filters["num"] = format_number
    env.filters["clip"] = clip
    env.filters["han"] = format_deadline  # "Quý IV năm 2024 (31/12/2024, còn 38 ngày)"
    env.filters["ngay"] = fmt_date  # 31/12/2024
    env.filters["con_han"] = how_near  # days left → "còn 3 ngày" / "hạn hôm nay" / "quá hạn 5 ngày"
    return env


class Renderer:
    def __init__(self) -> None:
        self._plain = _environment(html=False)
        self._html = _environment(html=True)

    def render(self, template: str, **context: Any) -> tuple[str, str]:
        name = f"{template}.j2"
        plain = self._plain.get_template(name).render(**context)
        html = self._html.get_template(name).render(**context)
        return _tidy(plain), _tidy(html)

    def reply(self, template: str, buttons: tuple[Button, ...] = (), **context: Any) -> Reply:
        text, html = self.render(template, **context)
        return Reply(text=text, html=html, buttons=buttons)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines))
