"""A checker of Telegram's HTML subset (Bot API "HTML style" formatting), for the tests.

Telegram refuses a whole message ("Bad Request: can't parse entities: …") when its HTML is not in the subset:
only the tags b, strong, i, em, u, ins, s, strike, del, span class="tg-spoiler", tg-spoiler, a href, code (with
class="language-…" inside pre), pre, blockquote [expandable] and tg-emoji emoji-id; every ``<``, ``>`` and ``&``
that is not part of a tag or an entity escaped; tags balanced and properly nested (formatting tags nest in
anything but pre and code, a link holds no link, pre holds at most one code and nothing else, code holds only
text, a blockquote no blockquote); entities only &lt; &gt; &amp; &quot; and numeric ones naming a character.
Telegram itself tolerates a bare ``>``; the documentation asks for ``&gt;`` and so does this checker.

``tests/e2e/emulator.js`` applies the same rules to what the bot sends in HTML parse mode, so the end-to-end tests
fail the way Telegram would.
"""

from __future__ import annotations

import re

FORMATTING = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in FORMATTING - {"span"}},
    "span": frozenset({"class"}), "a": frozenset({"href"}), "code": frozenset({"class"}), "pre": frozenset(),
    "blockquote": frozenset({"expandable"}), "tg-emoji": frozenset({"emoji-id"}),
}
NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9-]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|"
                  r"[^\s\"'<>=`]+))?)*)\s*(/?)>")
_ATTRIBUTE = re.compile(r"([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?")
_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]*));")


class Refused(ValueError):
    """What Telegram would answer: ``Bad Request: can't parse entities: <reason>``."""


def check(html: str) -> None:
    """Raise ``Refused`` when Telegram would refuse ``html`` sent with ``parse_mode=HTML``."""
    problem = problem_of(html)
    if problem is not None:
        raise Refused(f"Bad Request: can't parse entities: {problem}")


def problem_of(html: str) -> str | None:
    """Why Telegram would refuse ``html`` (None: it is valid)."""
    stack: list[tuple[str, dict[str, str | None]]] = []
    i = 0
    while i < len(html):
        ch = html[i]
        if ch == ">":
            return f"Character '>' is reserved and must be escaped with \"&gt;\" at byte offset {_offset(html, i)}"
        if ch == "&":
            entity = _ENTITY.match(html, i)
            if entity is None or not _entity_ok(entity):
                return f"Unsupported HTML entity at byte offset {_offset(html, i)}: character '&' must be escaped " \
                       f"with \"&amp;\""
            i = entity.end()
            continue
        if ch != "<":
            i += 1
            continue
        tag = _TAG.match(html, i)
        if tag is None:
            return f"Character '<' is reserved and must be escaped with \"&lt;\" at byte offset {_offset(html, i)}"
        closing, name, attributes, selfclosing = tag.group(1) == "/", tag.group(2).lower(), tag.group(3), tag.group(4)
        where = f"at byte offset {_offset(html, i)}"
        if name not in ATTRIBUTES:
            return f"Unsupported {'end' if closing else 'start'} tag \"{name}\" {where}"
        if closing:
            if attributes.strip() or selfclosing:
                return f"Unexpected end tag \"{name}\" {where}"
            if not stack or stack[-1][0] != name:
                return f"Unexpected end tag \"{name}\" {where}" if not stack else \
                    f"Can't find end tag corresponding to start tag \"{stack[-1][0]}\""
            stack.pop()
        else:
            if selfclosing:
                return f"Unsupported self-closing tag \"{name}\" {where}"
            parsed = {m.group(1).lower(): _unquoted(m.group(2)) for m in _ATTRIBUTE.finditer(attributes)}
            problem = _attributes_problem(name, parsed, stack) or _nesting_problem(name, stack)
            if problem is not None:
                return f"{problem} {where}"
            stack.append((name, parsed))
        i = tag.end()
    if stack:
        return f"Can't find end tag corresponding to start tag \"{stack[-1][0]}\""
    return None


def _attributes_problem(name: str, attributes: dict[str, str | None],
                        stack: list[tuple[str, dict[str, str | None]]]) -> str | None:
    unknown = set(attributes) - ATTRIBUTES[name]
    if unknown:
        return f"Unsupported attribute \"{sorted(unknown)[0]}\" of tag \"{name}\""
    if name == "span" and attributes.get("class") != "tg-spoiler":
        return "Tag \"span\" must have class \"tg-spoiler\""
    if name == "a" and not (attributes.get("href") or "").strip():
        return "Tag \"a\" must have a non-empty attribute \"href\""
    if name == "tg-emoji" and not (attributes.get("emoji-id") or "").isdigit():
        return "Tag \"tg-emoji\" must have a numeric attribute \"emoji-id\""
    in_pre = bool(stack) and stack[-1][0] == "pre"
    if name == "code" and "class" in attributes and not ((attributes["class"] or "").startswith("language-")
                                                         and in_pre):
        return "Attribute \"class\" of tag \"code\" must be \"language-…\" inside \"pre\""
    if name == "blockquote" and attributes.get("expandable") is not None:
        return "Attribute \"expandable\" of tag \"blockquote\" takes no value"
    return None


def _nesting_problem(name: str, stack: list[tuple[str, dict[str, str | None]]]) -> str | None:
    inside = [tag for tag, _ in stack]
    if "code" in inside or ("pre" in inside and not (name == "code" and inside[-1] == "pre")):
        return f"Tag \"{name}\" can't be inside \"{'code' if 'code' in inside else 'pre'}\""
    if name in ("pre", "code") and any(tag in FORMATTING for tag in inside):
        return f"Tag \"{name}\" can't be inside formatting tags"
    if name == "a" and "a" in inside:
        return "Tag \"a\" can't be inside \"a\""
    if name == "blockquote" and "blockquote" in inside:
        return "Tag \"blockquote\" can't be inside \"blockquote\""
    if "tg-emoji" in inside:
        return f"Tag \"{name}\" can't be inside \"tg-emoji\""
    return None


def _unquoted(value: str | None) -> str | None:
    if value is not None and len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _entity_ok(entity: re.Match[str]) -> bool:
    decimal, hexadecimal, named = entity.groups()
    if named is not None:
        return named in NAMED_ENTITIES
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    return 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF


def _offset(text: str, index: int) -> int:
    """Telegram counts error offsets in UTF-8 bytes."""
    return len(text[:index].encode("utf-8", "surrogatepass"))
