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
    """Decide ``reminds`` for every row (of ``case``, or of all cases) that does not say;
    returns how many were filled."""
    filled = 0
    with ctx.transaction():
        unknown = Deadline.reminds.is_null()
        if case is not None:
            unknown &= Deadline.case == case
        groups = (
            Deadline.select(Case.policy_id, Case.policy_snapshot, Deadline.name)
            .join(Case)
            .where(unknown)
            .group_by(Case.policy_id, Case.policy_snapshot, Deadline.name)
            .tuples()
        )
        for policy_id, snapshot_id, name in list(groups):
            cases = Case.select(Case.id).where(
                (Case.policy_id == policy_id if case is None else Case.id == case.id)
                & (
                    Case.policy_snapshot.is_null()
                    if snapshot_id is None
                    else (Case.policy_snapshot == snapshot_id)
                )
            )
            value = (Deadline.state == "open") if _duty(policy_id, snapshot_id, name) else False
            rows = unknown & (Deadline.name == name) & Deadline.case.in_(cases)
            filled += Deadline.update(reminds=value).where(rows).execute()
    return filled


def _duty(policy_id: str, snapshot_id: str | None, name: str) -> bool:
    """The shop's own duty under the pack; a pack that no longer loads still reminds of
    what is not plainly the customer's."""
    try:
        pack = pack_of(policy_id, snapshot_id)
    except PackError:
        return name not in (ELIGIBLE_FROM, REPORT_WINDOW)
    return reminds(pack, name, "open")
