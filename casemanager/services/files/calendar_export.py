"""Open deadlines as an iCalendar file, for the shop's calendar program."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from casemanager.domain import FINAL_STATUSES
from casemanager.exchange.ics import DueEvent, render
from casemanager.policy.deadlines import label_of
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.files import leftovers
from casemanager.store.models import Case, Customer, Deadline


@uses_database
def open_deadlines(ctx: AppContext) -> Iterator[DueEvent]:
    """Open deadlines of cases not closed, soonest first."""
    final = [s.value for s in FINAL_STATUSES]
    query = (
        Deadline.select(Deadline, Case, Customer)
        .join(Case)
        .join(Customer)
        .where((Deadline.state == "open") & Case.status.not_in(final))
        .order_by(Deadline.due_at, Case.number, Deadline.name)
    )
    packs: dict[tuple, object] = {}
    for row in query:
        case = row.case
        key = (case.policy_id, case.policy_snapshot_id)
        if key not in packs:
            packs[key] = pack_for_case(case)
        yield DueEvent(
            uid=f"{case.number}-{row.name}@casemanager",
            number=case.number,
            name=row.name,
            label=label_of(packs[key], row.name),
            due_at=row.due_at,
            customer=case.customer.name,
            status=case.status,
        )


def export_deadlines(ctx: AppContext, dest: Path) -> int:
    """Write the open deadlines to ``dest`` as an .ics file; returns the event count."""
    with ctx.snapshot():
        events = list(open_deadlines(ctx))
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    leftovers.before_export(dest)
    try:
        partial.write_bytes(render(events, ctx.clock.now()))
        partial.replace(dest)
    finally:
        partial.unlink(missing_ok=True)
    return len(events)
