"""Locking a case before changing it, so that two seats cannot both change it at once.

Every mutation of a case (a decision, a transition, evidence, a correction, a letter)
calls ``lock_case`` first inside its transaction and works on the row it returns: on
a server the second seat waits here until the first commits, then reads the case as
the first left it (and is refused if, say, the case is already decided).
"""

from __future__ import annotations

from casemanager.services.context import AppContext
from casemanager.store import locking
from casemanager.store.models import Case


def lock_case(
    ctx: AppContext, number: str | None = None, case_id: int | None = None
) -> Case | None:
    """The case by number or id, re-read after its row is locked for this transaction."""
    if not ctx.db.in_transaction():
        raise RuntimeError("lock_case needs the write transaction it protects")
    with ctx.reading():
        if number is not None:
            return locking.locked_case(ctx.db, number=number)
        return locking.locked_case(ctx.db, id=case_id)
