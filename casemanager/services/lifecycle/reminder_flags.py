"""Fills in which stored deadlines remind the shop, for rows written before it was stored.

``Deadline.reminds`` is written with every deadline row (``deadline_rows``). Rows
from before the column existed are NULL; whether they remind depends on the pack
each case was recorded under, so the store's upgrade cannot decide it and the
context fills them in when it opens a database that has such rows, one UPDATE per pack and
deadline name rather than one per row.
"""

from __future__ import annotations

from casemanager.policy import PackError
from casemanager.policy.vocabulary import ELIGIBLE_FROM, REPORT_WINDOW
from casemanager.services.admin.policies import pack_of
from casemanager.services.context import AppContext
from casemanager.services.lifecycle.deadline_rows import reminds
from casemanager.store.models import Case, Deadline


def fill_unknown(ctx: AppContext, case: Case | None = None) -> int:
    """Decide ``reminds`` for the rows of ``case``, or of every case; returns how many.

    The value follows from the row and its case's pack alone, so filling every row
    again is harmless: the whole table is one UPDATE in storage order, which at a
    million cases is minutes faster than visiting the unfilled rows through their
    index once per pack and name."""
    with ctx.transaction():
        names = Deadline.select(Deadline.name).distinct()
        cases = Case.select(Case.policy_id, Case.policy_snapshot).distinct()
        if case is not None:
            names = names.where(Deadline.case == case)
            cases = cases.where(Case.id == case.id)
        names = [n for (n,) in names.tuples()]
        duty = None
        for policy_id, snapshot_id in cases.tuples():
            duties = [n for n in names if _duty(policy_id, snapshot_id, n)]
            if not duties:
                continue
            same = Case.policy_id == policy_id
            same &= (
                Case.policy_snapshot.is_null()
                if snapshot_id is None
                else (Case.policy_snapshot == snapshot_id)
            )
            under = Deadline.case.in_(Case.select(Case.id).where(same)) & Deadline.name.in_(duties)
            duty = under if duty is None else (duty | under)
        value = False if duty is None else ((Deadline.state == "open") & duty)
        update = Deadline.update(reminds=value)
        if case is not None:
            update = update.where(Deadline.case == case)
        return update.execute()


def _duty(policy_id: str, snapshot_id: str | None, name: str) -> bool:
    """The shop's own duty under the pack; a pack that no longer loads still reminds of
    what is not plainly the customer's."""
    try:
        pack = pack_of(policy_id, snapshot_id)
    except PackError:
        return name not in (ELIGIBLE_FROM, REPORT_WINDOW)
    return reminds(pack, name, "open")
