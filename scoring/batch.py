"""One indicator scored for many units at once over arrays (numpy), where the rule allows it.

For inputs that already come as columns — one array per input, one row per unit, as a database query or a
spreadsheet gives them — each rule kind is evaluated on whole arrays: the same operations in the same order as
the compiled rule (``scoring.compiled``), so each row gets the score ``RuleBook.value`` gives. Rows the arrays do
not decide (a number that is text or negative, an answer not listed, a zero denominator, a part above its whole,
Min–Max peers out of range) are scored one by one by ``RuleBook.value``, which leaves them to the explaining path.

numpy is imported here only, when a batch is scored: importing ``scoring`` stays free of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING, Any

from scoring import expr
from scoring.book import RuleBook
from scoring.compiled import answer_points, gate_closed, never
from scoring.engine import effective_max
from scoring.measure import EPS, Measure
from scoring.methods import Chosen, Formula, Levels, Method, MinMax, Parts, PerItem, Ratio, SumOf, Threshold

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

Array = Any  # a float64 numpy array (numpy is imported only when a batch is scored)
Column = Sequence[Any]  # one input's values, a unit a row: floats (a list or a float64 array) or answers


def _look_up(table: Mapping[str, float], answer: Any) -> float:
    try:
        return table.get(answer, float("nan"))
    except TypeError:  # unhashable
        return float("nan")


class _NoScore(Exception):
    """No row can have a score (Min–Max without the peers' values): no row needs the explaining path."""


class _Rows:
    """The columns of one batch read as arrays, and which rows the arrays decide so far (``ok``)."""

    def __init__(self, np: Any, columns: Mapping[str, Column], n: int, defaults: Mapping[str, float]) -> None:
        self.np, self.columns, self.n, self.defaults = np, columns, n, defaults
        self.ok = np.ones(n, dtype=bool)
        self.arrays: dict[str, Any] = {}

    def number(self, name: str) -> Array:
        """A numeric input as float64; rows where it is no float (or int) in [0, ∞) are left undecided."""
        found = self.arrays.get(name)
        if found is not None:
            return found
        np, column = self.np, self.columns.get(name)
        if column is None:  # a defaulted input no unit gives
            column = np.full(self.n, self.defaults[name], dtype=np.float64)
        if isinstance(column, np.ndarray) and column.dtype == np.float64:
            values = column
        elif set(map(type, column)) <= {float, int}:
            values = np.asarray(column, dtype=np.float64)
        else:  # text, booleans… among numbers: those rows only go to the explaining path
            plain = np.fromiter((type(v) in (float, int) for v in column), dtype=bool, count=self.n)
            values = np.fromiter((v if p else 0.0 for v, p in zip(column, plain, strict=True)), np.float64, self.n)
            self.ok &= plain
        self.ok &= (values >= 0.0) & (values < np.inf)
        self.arrays[name] = values
        return values

    def nowhere(self) -> Any:
        return self.np.zeros(self.n, dtype=bool)

    def looked_up(self, name: str, table: Mapping[str, float]) -> Array:
        """An answer column through a table of the listed answers; other answers are left undecided."""
        np, column = self.np, self.columns[name]
        try:
            values = np.fromiter(map(table.get, column, repeat(np.nan)), dtype=np.float64, count=self.n)
        except TypeError:  # an unhashable answer somewhere: look each up apart
            values = np.fromiter(map(partial(_look_up, table), column), dtype=np.float64, count=self.n)
        self.ok &= ~np.isnan(values)
        return values

    def value(self, node: expr.Node, env: Mapping[str, Any]) -> Any:
        """A formula over arrays: each operation as the compiled rule does it, element by element."""
        if isinstance(node, expr.Num):
            return node.value
        if isinstance(node, expr.Name):
            return env[node.name] if node.name in env else self.number(node.name)
        if isinstance(node, expr.Call):
            args = [self.value(a, env) for a in node.args]
            pick = self.np.minimum if node.func == "min" else self.np.maximum
            out = args[0]
            for arg in args[1:]:
                out = pick(out, arg)
            return out
        left, right = self.value(node.left, env), self.value(node.right, env)
        return {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
                "/": lambda: left / right}[node.op]()

    def checks(self, m: Measure, env: Mapping[str, Any], where: Any = True) -> None:
        """No denominator 0, no part above its whole, in the rows ``where`` the measure is read."""
        for node, _ in m.denominators:
            self.ok &= ~((self.value(node, env) == 0) & where)
        for lim in m.limits:
            self.ok &= ~((self.value(lim.part, env) > self.value(lim.whole, env) + EPS) & where)

    def measure(self, m: Measure, where: Any = True) -> Array:
        self.checks(m, {}, where)
        value = self.np.asarray(self.value(m.node, {}), dtype=self.np.float64)
        return self.np.where(value > 1, 1.0, value) if m.over == "cap" else value


def _ratio(rows: _Rows, method: Ratio, top: float) -> Array:
    r = rows.measure(method.measure)
    return rows.np.where(r <= 1.0, r * top, top)


def _threshold(rows: _Rows, method: Threshold, top: float) -> Array:
    r = rows.measure(method.measure)
    below = r / method.at * top if method.below == "scaled" else r * top if method.below == "proportional" else 0.0
    return rows.np.where(r + EPS >= method.at, top, below)


def _levels(rows: _Rows, method: Levels, top: float) -> Array:
    np, closed = rows.np, rows.nowhere()
    if method.gate and method.gate_choice is not None:
        table = {said: float(closed) for said, closed in gate_closed(method).items()}
        closed = rows.looked_up(method.gate, table) == 1.0
    m = rows.measure(method.measure, where=~closed)  # a closed gate gives 0 before the measure is read
    out = np.full(rows.n, float(method.otherwise) * top)
    for minimum, share, _ in reversed(method.levels):  # the first level reached wins
        out = np.where(m + EPS >= minimum, float(share) * top, out)
    return np.where(closed, 0.0, out)


def _chosen(rows: _Rows, method: Chosen, top: float) -> Array:
    return rows.looked_up(method.name, answer_points(method, top))


def _per_item(rows: _Rows, method: PerItem, top: float) -> Array:
    raw, limit = rows.number(method.name) * method.each, float(method.cap) * top
    return rows.np.where(limit < raw, limit, raw)


def _parts(rows: _Rows, method: Parts, top: float) -> Array:
    scores = [_method(rows, p.method, p.maximum(top)) for p in method.parts]
    raw = scores[0]
    for score in scores[1:]:
        raw = raw + score
    return rows.np.where(top < raw, top, raw)


def _min_max(rows: _Rows, method: MinMax, top: float) -> Array:
    own = rows.measure(method.measure)
    if "best" not in rows.columns:
        raise _NoScore
    best = rows.number("best")
    worst = rows.number("worst") if "worst" in rows.columns else 0.0
    rows.ok &= ~((best + 1e-12 < own) | (worst > own + 1e-12) | (best == worst))
    return (own - worst) / (best - worst) * top


def _formula(rows: _Rows, method: Formula, top: float) -> Array:
    np, full = rows.np, rows.nowhere()
    rows.checks(method.guard, {"M": top})
    if method.full_if is not None:
        m, at = method.full_if
        full = rows.measure(m) + EPS >= at
    raw = np.asarray(rows.value(method.node, {"M": top}), dtype=np.float64)
    raw = np.where(raw < 0.0, 0.0, raw)  # max(raw, 0.0)
    return np.where(full, top, np.where(top < raw, top, raw))


_KINDS: dict[type, Callable[[_Rows, Any, float], Array]] = {
    Ratio: _ratio,
    Threshold: _threshold,
    Levels: _levels,
    Chosen: _chosen,
    PerItem: _per_item,
    Parts: _parts,
    MinMax: _min_max,
    Formula: _formula,
}


def _method(rows: _Rows, method: Method, top: float) -> Array:
    return _KINDS[type(method)](rows, method, top)


def _declared_only(book: RuleBook, key: str, columns: Mapping[str, Column]) -> bool:
    """Every unit gives exactly the rule's inputs (the defaulted and optional ones may be left out)."""
    numbers, choices, optional, known, _ = book.rules[key].declared
    required = set(numbers) - set(book.rules[key].defaults) | set(choices)
    return required <= columns.keys() <= known and set(optional).isdisjoint(numbers)


def score_columns(book: RuleBook, key: str, columns: Mapping[str, Column]) -> NDArray[np.float64]:
    """The scores of indicator ``key`` for units whose inputs are ``columns`` (input name → one value per unit,
    every unit giving every column; a sum's children's inputs prefixed by their codes): a float64 array, NaN
    where a unit has no score. Each row is what ``RuleBook.value`` gives for that unit."""
    import numpy as np

    n = len(next(iter(columns.values()))) if columns else 0
    if any(len(c) != n for c in columns.values()):
        raise ValueError("every column needs one value per unit")
    out = np.full(n, np.nan)
    rule = book.rules.get(key)
    if rule is None or book.fast(key) is never or n == 0:
        return out
    rows = _Rows(np, columns, n, rule.defaults)
    try:
        with np.errstate(all="ignore"):  # rows dividing by 0 are not decided here anyway
            if isinstance(rule.method, SumOf):
                out = _sum(book, rule.method.children, book.max_of(key), rows)
            elif type(rule.method) in _KINDS and _declared_only(book, key, columns):
                top = effective_max(rule, book.maxima.get(key))
                assert top is not None  # else the rule is compiled as ``never``
                out = np.array(np.broadcast_to(_method(rows, rule.method, top), n))
            else:
                rows.ok[:] = False
    except _NoScore:
        return np.full(n, np.nan)
    except _Undecided:
        rows.ok[:] = False
    out[~rows.ok] = np.nan
    _explain_the_rest(book, key, columns, rows.ok, out)
    return out


class _Undecided(Exception):
    """The arrays decide no row (an input of no child of a sum…): every row goes to ``RuleBook.value``."""


def _sum(book: RuleBook, children: Sequence[str], top: float | None, rows: _Rows) -> Array:
    """A sum of sub-indicators: each child's score given as a column or computed from its prefixed columns."""
    np = rows.np
    prefixes = tuple(f"{c}." for c in children)
    if top is None or any(n not in children and not n.startswith(prefixes) for n in rows.columns):
        raise _NoScore if top is None else _Undecided
    total: Any = None
    for child in children:
        if child in rows.columns:
            given = rows.number(child)
            limit = book.max_of(child)
            if limit is not None:
                rows.ok &= given <= limit + 1e-9
            score = given
        else:
            prefix = f"{child}."
            sub = {k[len(prefix) :]: c for k, c in rows.columns.items() if k.startswith(prefix)}
            if not sub:
                raise _Undecided
            score = score_columns(book, child, sub)
            rows.ok &= ~np.isnan(score)
        total = score if total is None else total + score
    if total is None:
        return np.zeros(rows.n)
    return np.where(top < total, top, total)


def _explain_the_rest(book: RuleBook, key: str, columns: Mapping[str, Column], ok: Any, out: Array) -> None:
    """Rows the arrays did not decide, one by one through ``RuleBook.value`` (plain Python values, as a unit's
    inputs are)."""
    rest = (~ok).nonzero()[0]
    if not len(rest):
        return
    plain = {name: c.tolist() if hasattr(c, "tolist") else c for name, c in columns.items()}
    for i in rest.tolist():
        found = book.value(key, {name: c[i] for name, c in plain.items()})
        out[i] = float("nan") if found is None else found
