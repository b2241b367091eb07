"""Issue 15 defect 10: every template in bot/templates, rendered as HTML (what Telegram gets), is valid in Telegram's
HTML subset whatever the values: each variable is a hostile value (``<script>``, ``&``, ``<``, ``>``, quotes) that
also acts as any object the template may ask of it (attributes, items, calls, numbers, dates), loops run over it at
least once, and every branch a comparison with a constant opens is rendered too. The literal text of the templates
is checked as well: markup comes only from filters, so it holds no ``<``, ``>`` or ``&`` at all."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, meta, nodes

from bot.render import Renderer
from tests.telegram_html import check, problem_of

TEMPLATES = Path(__file__).resolve().parents[1] / "bot" / "templates"
HOSTILE = "<script>alert(\"x\")</script> & <b>< > \" ' &amp; &#0; </b"


class Hostile:
    """A value of any shape that renders as ``HOSTILE``. ``equals``: the constant it compares equal to (so that
    ``status == "ok"`` opens that branch); ``truthy`` and ``greater`` decide tests and orderings."""

    def __init__(self, equals: object = None, truthy: bool = True, greater: bool = True) -> None:
        self._equals, self._truthy, self._greater = equals, truthy, greater

    def __str__(self) -> str:
        return HOSTILE

    def __format__(self, spec: str) -> str:
        return HOSTILE

    def __repr__(self) -> str:
        return HOSTILE

    def __getattr__(self, name: str) -> Hostile:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args: object, **kwargs: object) -> Hostile:
        return self

    def __getitem__(self, key: object) -> Hostile:
        return self

    def __iter__(self) -> Iterator[Hostile]:
        return iter([self])

    def __len__(self) -> int:
        return 1

    def __bool__(self) -> bool:
        return self._truthy

    def __contains__(self, item: object) -> bool:
        return self._truthy

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hostile) or (self._equals is not None and other == self._equals)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return 0

    def __lt__(self, other: object) -> bool:
        return not self._greater

    def __le__(self, other: object) -> bool:
        return not self._greater

    def __gt__(self, other: object) -> bool:
        return self._greater

    def __ge__(self, other: object) -> bool:
        return self._greater

    def _same(self, *other: object) -> Hostile:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _same
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __neg__ = __pos__ = __abs__ = __round__ = _same

    def __int__(self) -> int:
        return 1

    def __float__(self) -> float:
        return 1.0


def _pack(value: Any, size: int) -> Any:
    """``{% for a, b in x %}`` over a hostile value: one tuple of ``size`` hostile values; over a real list (a
    ``cap``-ped one) of hostile values, each one such a tuple."""
    if isinstance(value, Hostile):
        return [tuple(value for _ in range(size))]
    if isinstance(value, list) and any(isinstance(v, Hostile) for v in value):
        return [tuple(v for _ in range(size)) if isinstance(v, Hostile) else v for v in value]
    return value


def _typed(real: Callable[..., Any]) -> Callable[..., Any]:
    """A filter of typed values (numbers, dates, deadline texts): given a hostile value, it renders it as it is
    (then escaped like any value); otherwise the real filter."""
    @functools.wraps(real)
    def apply(value: Any, *args: Any) -> Any:
        return str(value) if isinstance(value, Hostile) or any(isinstance(a, Hostile) for a in args) else \
            real(value, *args)
    return apply


def _environment() -> Environment:
    """The renderer's HTML environment, with loops over tuples fed through ``_pack``."""
    env = Renderer()._html
    env = env.overlay(bytecode_cache=None)  # its parser is changed below: compiled here, never loaded
    for name in ("num", "ngay", "han", "con_han"):
        env.filters[name] = _typed(env.filters[name])
    env.filters["_pack"] = _pack
    parse = env._parse

    def parse_packing(source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            if isinstance(loop.target, nodes.Tuple):
                loop.iter = nodes.Filter(loop.iter, "_pack", [nodes.Const(len(loop.target.items))], [], None, None)
        return tree

    env._parse = parse_packing  # type: ignore[method-assign]
    return env


def _constants(tree: nodes.Template) -> list[object]:
    """The constants a template compares values with (``status == "ok"``, ``days == 0``, ``x in ("a", "b")``)."""
    found: list[object] = []
    for compare in tree.find_all(nodes.Compare):
        for const in compare.find_all(nodes.Const):
            if const.value not in found and isinstance(const.value, str | int | float):
                found.append(const.value)
    return found


def _variants(tree: nodes.Template) -> list[Hostile]:
    base = [Hostile(), Hostile(truthy=False, greater=False), Hostile(greater=False)]
    return base + [Hostile(equals=c, greater=g) for c in _constants(tree) for g in (True, False)]


def _variables(env: Environment, name: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """The variables a template and the templates it includes read from the context."""
    tree = env.parse((TEMPLATES / name).read_text("utf-8"))
    found = set(meta.find_undeclared_variables(tree))
    for other in meta.find_referenced_templates(tree):
        if other and other not in seen and other != name:
            found |= _variables(env, other, seen | {name})
    return found


def _render(env: Environment, name: str) -> Iterator[tuple[str, str]]:
    """(variant, HTML) for every variant of hostile values."""
    source = (TEMPLATES / name).read_text("utf-8")
    tree = env.parse(source)
    variables = _variables(env, name)
    template = env.get_template(name)
    for value in _variants(tree):
        context = {v: value for v in variables}
        label = f"equals={value._equals!r} truthy={value._truthy} greater={value._greater}"
        yield label, template.render(**context)


NAMES = sorted(p.name for p in TEMPLATES.glob("*.j2"))


@pytest.mark.parametrize("name", NAMES)
def test_template_is_valid_telegram_html_with_hostile_values(name: str) -> None:
    env = _environment()
    rendered = 0
    for label, html in _render(env, name):
        problem = problem_of(html)
        assert problem is None, f"{name} ({label}): {problem}\n{html[:2000]}"
        rendered += 1
    assert rendered >= 3


@pytest.mark.parametrize("name", NAMES)
def test_template_text_itself_holds_no_markup(name: str) -> None:
    """Markup comes from filters (``|b``) and values are escaped; the literal text must not hold ``<``, ``>`` or
    ``&`` (a literal ``<tên đơn vị>`` reached Telegram as a tag)."""
    env = _environment()
    tree = env.parse((TEMPLATES / name).read_text("utf-8"))
    for data in tree.find_all(nodes.TemplateData):
        for ch in "<>&":
            assert ch not in data.data, f"{name}: literal {ch!r} in {data.data.strip()[:120]!r}"


def test_hostile_values_do_reach_the_output() -> None:
    """The harness proves something: a template that prints a value shows it escaped."""
    env = _environment()
    outputs = [html for _, html in _render(env, "register_code.j2")]
    assert any("&lt;script&gt;" in html for html in outputs)


@pytest.mark.parametrize(("html", "words"), [
    ("a <b>b</b> &lt;i&gt; &amp; &quot; &#8364; &#x20AC; <a href=\"https://x.vn/?a=1&amp;b=2\">x</a>", None),
    ("<pre><code class=\"language-python\">x</code></pre> <blockquote expandable>q</blockquote>", None),
    ("<span class=\"tg-spoiler\">s</span> <tg-spoiler><b>s</b></tg-spoiler> <tg-emoji emoji-id=\"5368\">👍</tg-emoji>",
     None),
    ("dùng /nhacviec dung <tên đơn vị>", "Character '<' is reserved"),
    ("<script>x</script>", 'Unsupported start tag "script"'),
    ("a > b", "Character '>' is reserved"),
    ("AT&T", "Unsupported HTML entity"),
    ("&nbsp;", "Unsupported HTML entity"),
    ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</b></i>", 'Can\'t find end tag corresponding to start tag "i"'),
    ("x</b>", 'Unexpected end tag "b"'),
    ("<span>x</span>", 'class "tg-spoiler"'),
    ("<b onclick=\"x\">x</b>", 'Unsupported attribute "onclick"'),
    ("<a href=\"x\"><a href=\"y\">x</a></a>", "can't be inside \"a\""),
    ("<code><b>x</b></code>", "can't be inside \"code\""),
    ("<br/>", 'Unsupported start tag "br"'),
])
def test_the_checker_knows_telegrams_subset(html: str, words: str | None) -> None:
    problem = problem_of(html)
    if words is None:
        assert problem is None, problem
        check(html)
    else:
        assert problem is not None and words in problem, problem
