"""Texts users see come from jinja2 templates in ``bot/templates``, rendered twice: plain text for channels that
show text as is (console, Zalo) and HTML for Telegram, where autoescaping guarantees that nothing coming from a
source document or a user can break the markup.

No reply grows without bound with its input or the data: every list a template prints that can (rows of an
uploaded form, units, officials, a unit's files…) is shown through the ``cap`` filter — the first ``LIST_SHOWN``
items and how many more (macros ``more`` and ``joined`` in ``_more.j2``) —, and, as a last line of defence, a
reply longer than ``MAX_REPLY`` characters is cut at a line (never inside an HTML tag or entity, open tags
closed) and ends with the notice ``reply_cut``.

How a choice is described is the channel's, decided here once: the HTML rendering goes to Telegram, which shows
buttons; the plain one to the channels that number the choices instead (Zalo, the console: ``numbered_text``).
Templates name a choice through filters and never write "Bấm": ``{{ "Xác nhận"|Press }} để lưu, {{ "Sửa"|opt }}
để nhập lại`` is 'Bấm "Xác nhận" để lưu, "Sửa" để nhập lại' on Telegram and 'Gõ 1 (Xác nhận) để lưu, 2 (Sửa) để
nhập lại' on Zalo, the numbers those of the reply's own buttons (``chọn "…"`` for a choice the reply does not
carry); ``{{ "một chỉ số"|Choose }}`` describes an unnamed one of them.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from bot.channels.split import split_message
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


LIST_SHOWN = 20  # items of a list shown in a reply; the rest are counted (and, for a form's rows, attached)
MAX_REPLY = 12_000  # characters of one reply (three Telegram messages); the longest legitimate one is about 6 300


@dataclass(frozen=True)
class Shown:
    """The first items of a list, and how many were left out."""

    items: list[Any]
    hidden: int

    @property
    def total(self) -> int:
        return len(self.items) + self.hidden


def cap(items: Iterable[Any], limit: int = LIST_SHOWN) -> Shown:
    """At most ``limit`` items of ``items`` (a list, a dict's items, any iterable), and the count of the rest."""
    everything = list(items)
    return Shown(everything[:limit], max(0, len(everything) - limit))


def _bold_html(value: Any) -> Markup:
    return Markup("<b>") + escape(str(value)) + Markup("</b>")


OFFERED_KEY = "_offered"  # the labels of the reply's buttons, in the rendering context
NUMBERED = 8  # the core shows this many buttons (7 and "Xem thêm" beyond): later ones have no number yet


def _number(context: Context, label: str) -> int | None:
    """The number a channel without buttons gives the button ``label`` of this reply (None: not offered)."""
    offered = context.get(OFFERED_KEY) or ()
    found = next((n for n, text in enumerate(offered, 1) if text == label), None) or next(
        (n for n, text in enumerate(offered, 1) if text.endswith(" " + label)), None) or next(
        (n for n, text in enumerate(offered, 1) if label in text), None)  # "✅ Duyệt", "📋 Xem tất cả (12)"
    if found is None or (len(offered) > NUMBERED and found >= NUMBERED):
        return None
    return found


def _choice_filters(html: bool) -> dict[str, Any]:
    """``opt``, ``press``/``Press``, ``choose``/``Choose`` (see the module's docstring)."""

    def quoted(label: str) -> Any:
        return Markup('"') + escape(label) + Markup('"') if html else f'"{label}"'

    @pass_context
    def opt(context: Context, label: str) -> Any:
        number = None if html else _number(context, label)
        return f"{number} ({label})" if number else quoted(label)

    @pass_context
    def press(context: Context, label: str) -> Any:
        if html:
            return Markup("bấm ") + quoted(label)
        number = _number(context, label)
        return f"gõ {number} ({label})" if number else f"chọn {quoted(label)}"

    def choose(what: str) -> Any:
        return Markup("bấm ") + escape(what) if html else f"gõ số thứ tự của {what}"

    def upper(text: Any) -> Any:
        return text[:1].upper() + text[1:]

    return {"opt": opt, "press": press, "Press": pass_context(lambda c, x: upper(press(c, x))),
            "choose": choose, "Choose": lambda x: upper(choose(x))}


@cache
def _compiled_by() -> str:
    """What else than a template's source decides its compiled code: this module (the environments' options,
    filters) and jinja2's version. Part of the cache folder's name, so that changing either never loads code
    compiled before (jinja2 itself checks only the source)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(jinja2.__version__.encode())
    return digest.hexdigest()[:16]


def _bytecode_cache(kind: str) -> BytecodeCache | None:
    """Templates compiled once per machine, not once per process: a command such as ``dti-bot ask`` spent a third
    of its CPU compiling the few templates it renders. Kept in ``DTI_TEMPLATE_CACHE`` or the user's cache folder,
    one folder per kind of environment (the two compile the same template differently); jinja2 checks each entry
    against the template's source and its own version. None where the folder cannot be written."""
    base = os.environ.get("DTI_TEMPLATE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dti-bot", "templates")
    folder = os.path.join(base, f"{kind}-{_compiled_by()}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(folder) if os.access(folder, os.W_OK) else None


def _environment(html: bool) -> Environment:
    env = Environment(
        bytecode_cache=_bytecode_cache("html" if html else "plain"),
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
    env.filters["cap"] = cap
    env.filters["han"] = format_deadline  # "Quý IV năm 2024 (31/12/2024, còn 38 ngày)"
    env.filters["ngay"] = fmt_date  # 31/12/2024
    env.filters["con_han"] = how_near  # days left → "còn 3 ngày" / "hạn hôm nay" / "quá hạn 5 ngày"
    env.filters.update(_choice_filters(html))
    return env


@cache
def _shared_environment(html: bool) -> Environment:
    """One environment of each kind per process, whatever the number of renderers (one per core; the tests build
    thousands): each template is compiled once, not once per core. Nothing in it depends on the core."""
    return _environment(html)


class Renderer:
    def __init__(self) -> None:
        self._plain = _shared_environment(html=False)
        self._html = _shared_environment(html=True)

    def render(self, template: str, **context: Any) -> tuple[str, str]:
        name = f"{template}.j2"
        plain = self._plain.get_template(name).render(**context)
        html = self._html.get_template(name).render(**context)
        return _tidy(plain), _tidy(html)

    def reply(self, template: str, buttons: tuple[Button, ...] = (), **context: Any) -> Reply:
        text, html = self.render(template, **{OFFERED_KEY: [b.label for b in buttons]}, **context)
        if len(text) > MAX_REPLY or len(html) > MAX_REPLY:
            notice, notice_html = self.render("reply_cut")
            text = _cut(text, html=False) + "\n\n" + notice
            html = _cut(html, html=True) + "\n\n" + notice_html
        return Reply(text=text, html=html, buttons=buttons)


def _cut(text: str, *, html: bool) -> str:
    """The beginning of ``text`` within ``MAX_REPLY``, cut at a line; in HTML never inside a tag or an entity,
    and the tags open there closed (the channels' splitter's first piece)."""
    if len(text) <= MAX_REPLY:
        return text
    pieces = split_message(text[: 2 * MAX_REPLY], MAX_REPLY, html=html)
    return pieces[0] if pieces else ""


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines))
