"""A tiny arithmetic language for the formulas the sources print: ``(b+c)/a``, ``b/a*M/2 + c/a*M``,
``min(e, 3)``.

Rules are data, so their formulas are text; this module parses that text once into a tree, compiles the
tree to a
Python function for speed (the benchmark scores hundreds of thousands of indicators), and renders it with the
user's numbers substituted for the explanation. Only names, numbers, ``+ - * /``, parentheses and
``min``/``max``
are accepted, so compiling never runs anything the data did not spell out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from scoring.numbers import fmt_num

_TOKEN = re.compile(r"\s*(?:(\d+(?:[.,]\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(.))")


class ExprError(ValueError):
    """A formula in the rules data that cannot be parsed (a data defect, reported when rules are loaded)."""


@dataclass(frozen=True, slots=True)
class Num:
    value: float


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Node, ...]


Node = Num | Name | BinOp | Call

_FUNCS = ("min", "max")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        tok = m.group(1) or m.group(2) or m.group(3)
        if tok and not tok.isspace():
            out.append(tok)
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise ExprError(f"công thức '{self.text}' sai cú pháp gần '{tok or 'cuối'}'")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.sum()
        if self.peek() is not None:
            raise ExprError(f"công thức '{self.text}' thừa '{self.peek()}'")
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = BinOp(op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.atom()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = BinOp(op, node, self.atom())
        return node

    def atom(self) -> Node:
        tok = self.take()
        if tok == "(":
            node = self.sum()
            self.take(")")
            return node
        if tok[0].isdigit():
            return Num(float(tok.replace(",", ".")))
        if tok[0].isalpha() or tok[0] == "_":
            if tok in _FUNCS and self.peek() == "(":
                self.take("(")
                args = [self.sum()]
                while self.peek() == ",":
                    self.take(",")
                    args.append(self.sum())
                self.take(")")
                return Call(tok, tuple(args))
            return Name(tok)
        raise ExprError(f"công thức '{self.text}' có ký tự không hợp lệ '{tok}'")


def parse(text: str) -> Node:
    """Parse a formula; raises ``ExprError`` with a Vietnamese message on bad syntax."""
    return _Parser(text).parse()


def names(node: Node) -> list[str]:
    """Input names a formula uses, in order of first appearance."""
    if isinstance(node, Name):
        return [node.name]
    if isinstance(node, BinOp):
        return list(dict.fromkeys(names(node.left) + names(node.right)))
    if isinstance(node, Call):
        out: list[str] = []
        for arg in node.args:
            out += names(arg)
        return list(dict.fromkeys(out))
    return []


def divisions(node: Node) -> list[BinOp]:
    """Every division in the formula (each denominator must not be 0)."""
    if isinstance(node, BinOp):
        own = [node] if node.op == "/" else []
        return own + divisions(node.left) + divisions(node.right)
    if isinstance(node, Call):
        return [d for a in node.args for d in divisions(a)]
    return []


def _read(name: str) -> str:
    return f"v[{name!r}]"


def _py(node: Node, read: Callable[[str], str]) -> str:
    if isinstance(node, Num):
        return repr(node.value)
    if isinstance(node, Name):
        return read(node.name)
    if isinstance(node, BinOp):
        return f"({_py(node.left, read)} {node.op} {_py(node.right, read)})"
    return f"{node.func}({', '.join(_py(a, read) for a in node.args)})"


def to_python(node: Node, read: Callable[[str], str] = _read) -> str:
    """Python source for a tree: numbers, operators, min/max, and each name as ``read`` writes it (``v['a']``
    by default; the compiled rules read their own local variables)."""
    return _py(node, read)


@cache
def compile_source(source: str) -> Any:
    """Compile generated source. Safe: it is built only from trees that hold whitelisted parts. Once per source
    in the process: the rule books of every plan compile 857 formulas, 44 of them different (issue 20), and a
    compiled function holds no state to keep apart."""
    return eval(compile(source, "<rule>", "eval"), {"__builtins__": {}, "min": min, "max": max})


def compile_expr(node: Node) -> Callable[[Mapping[str, float]], float]:
    """A fast function of the inputs."""
    fn: Callable[[Mapping[str, float]], float] = compile_source(f"lambda v: {_py(node, _read)}")
    return fn


_PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(
    node: Node, values: Mapping[str, float] | None = None, parent: int = 0, right: bool = False
) -> str:
    """The formula as text; with ``values``, numbers in place of names (``(200 + 300) / 1000``)."""
    if isinstance(node, Num):
        return fmt_num(node.value)
    if isinstance(node, Name):
        if values is not None and node.name in values:
            return fmt_num(values[node.name])
        return "Điểm tối đa" if node.name == "M" and values is None else node.name
    if isinstance(node, Call):
        return f"{node.func}({', '.join(render(a, values) for a in node.args)})"
    prec = _PREC[node.op]
    shown = {"*": "×", "-": "−"}.get(node.op, node.op)
    text = f"{render(node.left, values, prec)} {shown} {render(node.right, values, prec, True)}"
    needs = prec < parent or (right and prec == parent and node.op in "-/")
    return f"({text})" if needs else text
