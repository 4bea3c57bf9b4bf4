"""Open deadlines as an iCalendar file, for the shop's calendar program.

The deadlines are read in key ranges of the calendar's own order (due instant,
case number, deadline name) and written as they come, so a shop with 300,000
cases exports in flat memory and never asks the database to skip rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from casemanager.domain import FINAL_STATUSES
from casemanager.exchange.ics import DueEvent, chunks
from casemanager.policy.deadlines import label_of
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.files import leftovers
from casemanager.services.files.streaming import Progress, Tally, written_aside
from casemanager.store.models import Case, Customer, Deadline

BATCH = 1000
_FINAL = [s.value for s in FINAL_STATUSES]


def _open_query():
    return (
        Deadline.select(Deadline, Case, Customer)
        .join(Case)
        .join(Customer)
        .where((Deadline.state == "open") & Case.status.not_in(_FINAL))
    )


def _after(row: Deadline):
    """Deadlines after ``row`` in (due, case number, name) order; the first term seeks the
    (state, due_at) index, the rest breaks ties."""
    due, number, name = row.due_at, row.case.number, row.name
    ties = (Case.number > number) | ((Case.number == number) & (Deadline.name > name))
    return (Deadline.due_at >= due) & ((Deadline.due_at > due) | ties)


@uses_database
def open_deadlines(ctx: AppContext, batch: int = BATCH) -> Iterator[DueEvent]:
    """Open deadlines of cases not closed, soonest first, ``batch`` rows per query."""
    packs: dict[tuple, object] = {}
    last: Deadline | None = None
    while True:
        query = _open_query()
        if last is not None:
            query = query.where(_after(last))
        rows = list(query.order_by(Deadline.due_at, Case.number, Deadline.name).limit(batch))
        for row in rows:
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
        if len(rows) < batch:
            return
        last = rows[-1]


@uses_database
def count_open(ctx: AppContext) -> int:
    return _open_query().count()


def export_deadlines(
    ctx: AppContext,
    dest: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the open deadlines to ``dest`` as an .ics file; returns the event count.

    ``progress(done, total)`` hears of every batch; ``cancelled()`` true between two
    batches stops with ExportCancelled and leaves no file.
    """
    count = 0
    leftovers.before_export(dest)
    with ctx.snapshot(), written_aside(dest) as handle:
        tell = Tally(progress, cancelled, count_open(ctx) if progress else 0)
        stamp = ctx.clock.now()
        events = open_deadlines(ctx)
        for chunk in chunks(_counted(events, tell), stamp):
            handle.write(chunk)
        count = tell.done
    return count


def _counted(events: Iterator[DueEvent], tell: Tally) -> Iterator[DueEvent]:
    for event in events:
        tell.step()
        yield event
    tell.finish()
