"""What falls due today, tomorrow or is overdue across cases, and when to notify.

Days are those of each case's policy calendar (its time zone). Only the shop's
own duties remind: the customer's deadlines (report window, appeal window) and
``eligible_from`` do not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemanager.domain import FINAL_STATUSES
from casemanager.policy.deadlines import is_shop_duty, label_of
from casemanager.policy.urgency import LAST_HOURS
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import Case, Customer, Deadline

OVERDUE, TODAY, TOMORROW = "overdue", "today", "tomorrow"
BUCKETS = (OVERDUE, TODAY, TOMORROW)
_LOOKAHEAD = dt.timedelta(days=3)  # wide enough for tomorrow in any zone


@dataclass(frozen=True)
class Reminder:
    number: str
    customer: str
    deadline: str
    label: str
    due_at: dt.datetime
    bucket: str
    policy_id: str
    status: str


@uses_database
def due_reminders(
    ctx: AppContext, now: dt.datetime, since: dt.datetime | None = None
) -> list[Reminder]:
    """Open shop deadlines that are overdue or due today or tomorrow, soonest first.

    With ``since``, only those due after it: what a notifier that last looked at
    ``since`` may still have to announce, without reading the whole backlog.
    """
    query = (
        Deadline.select(
            Deadline.name,
            Deadline.due_at,
            Case.number,
            Case.policy_id,
            Case.policy_snapshot,
            Case.status,
            Customer.name,
        )
        .join(Case)
        .join(Customer)
        .where(
            (Deadline.state == "open")
            & Case.status.not_in([str(s) for s in FINAL_STATUSES])
            & (Deadline.due_at <= now + _LOOKAHEAD)
        )
        .order_by(Deadline.due_at)
    )
    if since is not None:
        query = query.where(Deadline.due_at > since)
    out: list[Reminder] = []
    for row in query:
        case = row.case
        pack = pack_for_case(case)
        if not is_shop_duty(pack, row.name):
            continue
        cal = pack.service_calendar()
        bucket = _bucket(cal.local(row.due_at).date(), cal.local(now).date(), row.due_at, now)
        if bucket is None:
            continue
        out.append(
            Reminder(
                case.number,
                case.customer.name,
                row.name,
                label_of(pack, row.name),
                row.due_at,
                bucket,
                case.policy_id,
                case.status,
            )
        )
    return out


def _bucket(due_day: dt.date, today: dt.date, due: dt.datetime, now: dt.datetime) -> str | None:
    if due <= now:
        return OVERDUE
    if due_day == today:
        return TODAY
    if due_day == today + dt.timedelta(days=1):
        return TOMORROW
    return None


@dataclass(frozen=True)
class Notice:
    """One desktop notification: a deadline entered its last hours, or was missed."""

    key: str
    kind: str  # last_hours, missed
    reminder: Reminder

    @property
    def title(self) -> str:
        r = self.reminder
        when = "missed" if self.kind == "missed" else "due within 4 hours"
        return f"{r.number}: {r.label} {when}"


def notices_due(reminders: list[Reminder], now: dt.datetime, already: set[str]) -> list[Notice]:
    """Notices not yet given; a missed deadline never also gets a late 'last hours' one."""
    out: list[Notice] = []
    for r in reminders:
        base = f"{r.number}/{r.deadline}/{r.due_at.isoformat()}"
        if r.due_at <= now:
            kind = "missed"
        elif r.due_at - now <= LAST_HOURS:
            kind = "last_hours"
        else:
            continue
        key = f"{base}/{kind}"
        if key in already or (kind == "last_hours" and f"{base}/missed" in already):
            continue
        out.append(Notice(key, kind, r))
    return out
