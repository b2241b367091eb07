"""The scoring engine: every indicator's rule as data, computed and explained in Vietnamese. Pure — no I/O
(rules are read by ``knowledge.rules``).

Typical use::

    from knowledge.rules import rule_book
    book = rule_book(load_knowledge(), "dti-tinh")
    outcome = book.score("6.12", {"a": 1000, "b": 200, "c": 300})   # Result | Rejection | Pending
"""

from scoring.book import RuleBook, Total
from scoring.checks import rule_problems
from scoring.engine import Rule, score_indicator
from scoring.model import Outcome, Pending, Rejection, Result
from scoring.numbers import fmt_num, fmt_pct, parse_number
from scoring.records import RecordCheck, check_record
from scoring.whatif import Needed, WhatIf, needed_for, what_if

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
    "WhatIf",
    "check_record",
    "fmt_num",
    "fmt_pct",
    "needed_for",
    "parse_number",
    "rule_problems",
    "score_indicator",
    "what_if",
]
