"""What falls due today, tomorrow or is overdue across cases, and when to notify.

Days are those of each case's policy calendar (its time zone). Only the shop's
own duties remind: the customer's deadlines (report window, appeal window) and
``eligible_from`` do not. Each deadline row stores whether it reminds
(``Deadline.reminds``, written with the row under the case's own pack).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from casemanager.domain import FINAL_STATUSES
from casemanager.policy import PackError, list_packs, load_pack
from casemanager.policy.deadlines import label_of
from casemanager.policy.model import PolicyPack
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


def _installed_packs() -> dict[str, PolicyPack]:
    """The packs installed now, by id (a pack that fails to load is left out)."""
    packs = {}
    for info in list_packs():
        if getattr(info, "error", None):
            continue
        try:
            packs[info.id] = load_pack(info.id)
        except PackError:
            continue
    return packs


def _reminded(query, now: dt.datetime):
    """The rows that remind, due by the lookahead: one range of the (reminds, due, id)
    index, soonest first, however many years of customers' windows lie before it."""
    return query.where(
        (Deadline.reminds == True)  # noqa: E712 (SQL, not Python truth)
        & (Deadline.due_at <= now + _LOOKAHEAD)
        & Case.status.not_in([str(s) for s in FINAL_STATUSES])
    )


def _count_query(now: dt.datetime, *columns):
    """The reminders' rows for counting: no customer join, nothing but the columns asked."""
    return _reminded(Deadline.select(*columns).join(Case), now)


def _due_query(now: dt.datetime):
    columns = (
        Deadline.id,
        Deadline.name,
        Deadline.due_at,
        Case.number,
        Case.policy_id,
        Case.policy_snapshot,
        Case.status,
        Customer.name,
    )
    return _reminded(Deadline.select(*columns).join(Case).join(Customer), now)


class _Reading:
    """Rows to reminders: each case's pack looked up once per pack, not once per row."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self._packs: dict[tuple, object] = {}

    def pack(self, case: Case):  # noqa: ANN201 (a PolicyPack)
        key = (case.policy_id, case.policy_snapshot_id)
        if key not in self._packs:
            self._packs[key] = pack_for_case(case)
        return self._packs[key]

    def reminders(self, query) -> list[Reminder]:  # noqa: ANN001 (a Peewee query)
        """The query's rows that fall in a bucket, soonest first."""
        rows = query.order_by(Deadline.due_at, Deadline.id)
        return [r for r in map(self.reminder, rows) if r is not None]

    def reminder(self, row: Deadline) -> Reminder | None:
        case = row.case
        pack = self.pack(case)
        cal = pack.service_calendar()
        now = self.now
        bucket = _bucket(cal.local(row.due_at).date(), cal.local(now).date(), row.due_at, now)
        if bucket is None:
            return None
        return Reminder(
            case.number,
            case.customer.name,
            row.name,
            label_of(pack, row.name),
            row.due_at,
            bucket,
            case.policy_id,
            case.status,
        )


@uses_database
def due_reminders(ctx: AppContext, now: dt.datetime) -> list[Reminder]:
    """Open shop deadlines that are overdue or due today or tomorrow, soonest first."""
    return _Reading(now).reminders(_due_query(now))


@uses_database
def newly_crossed(ctx: AppContext, now: dt.datetime, since: dt.datetime) -> list[Reminder]:
    """The reminders whose notice fell due after ``since``, up to ``now``, soonest first.

    A deadline is announced when it is missed (due in ``(since, now]``) and when it
    enters its last hours (due in ``(since, now]`` shifted by ``LAST_HOURS``), so every
    notice ``notices_due`` makes of these crossed its threshold after ``since``. A
    notifier that looks every minute reads those two minutes of deadlines, not the
    thousands due today and tomorrow (every minute, at a million cases).
    """
    missed = (since, now)
    entering = (since + LAST_HOURS, now + LAST_HOURS)
    spans = [(since, entering[1])] if entering[0] <= missed[1] else [missed, entering]
    reading = _Reading(now)
    found: list[Reminder] = []
    for after, until in spans:
        span = (Deadline.due_at > after) & (Deadline.due_at <= until)
        found += reading.reminders(_due_query(now).where(span))
    return found


# Where the next page starts: the (due instant, deadline id) of the last row read.
After = tuple[dt.datetime, int]
PAGE_SIZE = 200


@dataclass(frozen=True)
class ReminderPage:
    rows: list[Reminder]
    after: After | None  # None: nothing more to read


@uses_database
def page(
    ctx: AppContext, now: dt.datetime, after: After | None = None, limit: int | None = None
) -> ReminderPage:
    """Up to ``limit`` reminders after ``after``, soonest first, read by key ranges of the
    (reminds, due, id) index: the first page of 60,000 costs what the first of 60 does."""
    limit = PAGE_SIZE if limit is None else limit
    reading = _Reading(now)
    rows: list[Reminder] = []
    while len(rows) < limit:
        query = _due_query(now)
        if after is not None:
            due, last_id = after
            query = query.where(
                (Deadline.due_at >= due) & ((Deadline.due_at > due) | (Deadline.id > last_id))
            )
        batch = list(query.order_by(Deadline.due_at, Deadline.id).limit(limit))
        for row in batch:
            after = (row.due_at, row.id)
            reminder = reading.reminder(row)
            if reminder is not None:
                rows.append(reminder)
                if len(rows) == limit:
                    return ReminderPage(rows, after)
        if len(batch) < limit:
            return ReminderPage(rows, None)
    return ReminderPage(rows, after)


# Rows each bucket's count reads at most: counting costs the same at any size, and a
# bucket past the bound is shown as "500+" rather than counted to its end. Each row read
# looks up its case (status, policy): 2,000 a bucket took 170 ms at 300,000 cases and
# 0.5 s at a million (seconds while the file was not yet in memory).
COUNT_BOUND = 500


@dataclass(frozen=True)
class BucketCount:
    deadlines: int
    cases: int  # a case with two deadlines in the bucket counts once
    more: bool = False  # the bound was reached: at least this many


def _day_ends(tz: dt.tzinfo, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The ends of today and of tomorrow in zone ``tz``."""
    today = now.astimezone(tz).date()
    return tuple(  # type: ignore[return-value]
        dt.datetime.combine(today + dt.timedelta(days=n), dt.time(), tz) for n in (1, 2)
    )


@uses_database
def counts(ctx: AppContext, now: dt.datetime, bound: int | None = None) -> dict[str, BucketCount]:
    """How many deadlines, and of how many cases, fall in each bucket (each pack's own day
    for today and tomorrow), counted by the database over at most ``bound`` rows of the
    (reminds, due, id) index per bucket and zone: the same cost at any size, "500+"
    past the bound."""
    bound = COUNT_BOUND if bound is None else bound
    spans: dict[str, list] = {OVERDUE: [Deadline.due_at <= now], TODAY: [], TOMORROW: []}
    # One read per zone and day: a read across the zones' days together would walk
    # past one zone's whole today to reach another's tomorrow.
    for same, tz in _zones():
        end_today, end_tomorrow = _day_ends(tz, now)
        spans[TODAY].append(same & (Deadline.due_at > now) & (Deadline.due_at < end_today))
        spans[TOMORROW].append(
            same & (Deadline.due_at >= end_today) & (Deadline.due_at < end_tomorrow)
        )
    out = {}
    for bucket, conditions in spans.items():
        deadlines = cases = 0
        more = False
        for when in conditions:
            # Nearest to now first: the oldest rows are the longest overdue, and a
            # bucket past the bound is shown as "500+" however far back it goes.
            order = Deadline.due_at.desc() if bucket == OVERDUE else Deadline.due_at
            rows = _count_query(now, Deadline.id, Deadline.case).where(when)
            rows = rows.order_by(order).limit(bound + 1).alias("due_rows")
            found, of_cases = (
                Deadline.select(fn.COUNT(rows.c.id), fn.COUNT(fn.DISTINCT(rows.c.case_id)))
                .from_(rows)
                .tuples()
                .get()
            )
            deadlines, cases = deadlines + found, cases + of_cases  # a case has one zone
            more = more or found > bound
        more = more or deadlines > bound
        out[bucket] = BucketCount(min(deadlines, bound), min(cases, bound), more)
    return out


def _zones() -> list[tuple]:
    """(which cases, time zone) for each zone the cases' packs count days in; a case whose
    pack is no longer installed counts in UTC days (it still reminds)."""
    packs = _installed_packs()
    by_zone: dict[dt.tzinfo, list[str]] = {}
    for policy_id in _policies_present():
        pack = packs.get(policy_id)
        by_zone.setdefault(pack.service_calendar().tz if pack else dt.UTC, []).append(policy_id)
    return [(Case.policy_id.in_(ids), tz) for tz, ids in by_zone.items()]


def _policies_present() -> list[str]:
    """The cases' distinct policies, one index seek each (not a scan of every case)."""
    found: list[str] = []
    while True:
        later = Case.policy_id > found[-1] if found else Case.policy_id.is_null(False)
        (first,) = Case.select(fn.MIN(Case.policy_id)).where(later).tuples().get()
        if first is None:
            return found
        found.append(first)


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
