"""Work on an uploaded file done before the turn's transaction opens, so that no lock is held while it runs.

Reading a file takes time (a spreadsheet is unzipped and parsed). Inside the turn it would hold the turn's
transaction — on SQLite the whole database's write lock, so every other user's turn waits — for that time. A
router declares a preparer instead: a function of the uploaded file alone (no session, no state), with a test of
which files it wants::

    @router.prepare(accepts=looks_like_a_spreadsheet)
    def read_upload(file: FileRef) -> Rows | Refusal: ...

For a message carrying a file, the core runs every preparer that accepts it before it opens the transaction, and
the handler takes the result with ``turn.prepared(read_upload)`` (``None`` when that preparer did not run). A
preparer returns its refusals as values; what it raises is an unexpected error (the turn's apology). The core
knows nothing of what is prepared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.core.messages import FileRef

Preparer = Callable[[FileRef], object]


@dataclass(frozen=True)
class FilePreparer:
    prepare: Preparer
    accepts: Callable[[FileRef], bool]


def prepare_file(preparers: Iterable[FilePreparer], file: FileRef | None) -> dict[Preparer, object]:
    """Each accepting preparer's result for ``file``, keyed by the preparer (nothing without a file)."""
    if file is None:
        return {}
    return {p.prepare: p.prepare(file) for p in preparers if p.accepts(file)}
