"""The in-process caches of a round's figures, dropped together: the scores (``scores``), who owes what and
each part's state (``board``, the web dashboard's), and the /tiendo summaries (``progress``). All three are keyed
by round ids and database fingerprints, so they go when a plan is imported again (its assignments change what a
round owes) and when a test empties its database (ids and fixed clocks then repeat)."""

from __future__ import annotations


def clear_round_caches() -> None:
    from bot.services import board, progress, scores

    scores.clear_cache()
    board.clear_cache()
    progress.clear_cache()
