"""The scoring engine: every indicator's rule as data, computed and explained in Vietnamese. Pure — no I/O
(rules are read by ``knowledge.rules``).

Typical use::

    from knowledge.rules import rule_book
    book = rule_book(load_knowledge(), "dti-tinh")
    outcome = book.score("6.12", {"a": 1000, "b": 200, "c": 300})   # Result | Rejection | Pending
    book.value("6.12", {"a": 1000.0, "b": 200.0, "c": 300.0})        # 12.5: the number only, compiled

Where only the number is needed, many times over, the rules are compiled (``scoring.compiled``): ``RuleBook.value``
and ``score_value`` for one indicator, ``UnitScorer`` for whole units, ``score_columns`` for one indicator over
arrays of many units (numpy, imported only then).
"""

import importlib
from typing import Any

# Where each public name lives. Imported on first use (PEP 562), so that importing one small module of the
# package (``scoring.codes``, ``scoring.numbers``) does not load the whole engine.
_WHERE = {
    "Needed": "scoring.whatif",
    "Outcome": "scoring.model",
    "Pending": "scoring.model",
    "RecordCheck": "scoring.records",
    "Rejection": "scoring.model",
    "Result": "scoring.model",
    "Rule": "scoring.engine",
    "RuleBook": "scoring.book",
    "Total": "scoring.book",
    "UnitScorer": "scoring.units",
    "WhatIf": "scoring.whatif",
    "check_record": "scoring.records",
    "fmt_num": "scoring.numbers",
    "fmt_pct": "scoring.numbers",
    "needed_for": "scoring.whatif",
    "parse_number": "scoring.numbers",
    "rule_problems": "scoring.checks",
    "score_columns": "scoring.batch",
    "score_indicator": "scoring.engine",
    "score_value": "scoring.engine",
    "what_if": "scoring.whatif",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'scoring' has no attribute {name!r}")


__all__ = [
    "Needed",
    "Outcome",
    "Pending",
    "RecordCheck",
    "Rejection",
    "Result",
    "Rule",
    "RuleBook",
    "Total",
    "UnitScorer",
    "WhatIf",
    "check_record",
    "fmt_num",
    "fmt_pct",
    "needed_for",
    "parse_number",
    "rule_problems",
    "score_columns",
    "score_indicator",
    "score_value",
    "what_if",
]
