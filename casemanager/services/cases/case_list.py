"""The case list: filtered, sorted, paged rows and the sidebar's saved views.

Sorting and filtering happen in the database on indexed columns; the list
asks for one page at a time, so 100,000 cases open as fast as 100.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

from peewee import Expression

from casemanager.domain import FINAL_STATUSES, Band, CaseStatus
from casemanager.policy import PackError, limits, load_pack
from casemanager.policy.urgency import BandThresholds
from casemanager.policy.vocabulary import REASONS
from casemanager.services.admin import settings
from casemanager.services.context import AppContext, uses_database
from casemanager.store import search
from casemanager.store.models import Case, Customer, Decision, Order, Product

PAGE_SIZE = 200

# Sortable columns, each read through an index-backed key (see case_pages).
SORT_KEYS = (
    "number",
    "received",
    "customer",
    "order",
    "product",
    "reason",
    "status",
    "policy",
    "due",
    "amount",
)

FINAL = tuple(s.value for s in FINAL_STATUSES)
# The same open cases named positively: a count then reads one range of the (status,
# next due) index per status, where "not final" walked the due index and looked up
# each case's status (overdue at a million cases: 370 ms against 10).
OPEN = tuple(s.value for s in CaseStatus if s not in FINAL_STATUSES)
APPEAL_STATUSES = (CaseStatus.APPEAL_FILED.value, CaseStatus.APPEAL_UNDER_REVIEW.value)
DUE_CHOICES = ("overdue", "today", "week")


@dataclass(frozen=True)
class SavedView:
    key: str
    label: str


SAVED_VIEWS = (
    SavedView("open", "All open"),
    SavedView("due_today", "Due today"),
    SavedView("overdue", "Overdue"),
    SavedView("awaiting_customer", "Awaiting customer"),
    SavedView("appeals", "Appeals"),
    SavedView("closed", "Closed"),
    SavedView("all", "All cases"),
)


@dataclass(frozen=True)
class CaseFilter:
    """What the list shows; every field narrows it further."""

    view: str = "open"
    status: str | None = None
    reason: str | None = None
    policy: str | None = None
    due: str | None = None  # overdue, today, week
    text: str = ""
    decision: str | None = None  # approved, rejected (with decided_month)
    decided_month: str | None = None  # "2026-03", in the shop's zone

    def with_(self, **changes) -> CaseFilter:
        return replace(self, **changes)


@dataclass(frozen=True)
class DeskRow:
    """One line of the case list, detached from the database."""

    number: str
    reported_at: dt.datetime
    customer: str
    order_ref: str
    product: str
    reason: str
    status: str
    policy_id: str
    next_due_at: dt.datetime | None
    next_due_name: str | None
    amount_paid: Decimal
    currency: str
    license_masked: str
    # Where the row stands in the order it was read in (the key the next page follows).
    position: tuple = field(default=(), compare=False, repr=False)


def _base_query(*columns):
    return (
        Case.select(*columns)
        .join(Customer, on=(Case.customer == Customer.id))
        .switch(Case)
        .join(Order, on=(Case.order == Order.id))
        .join(Product, on=(Order.product == Product.id))
    )


@uses_database
def due_bounds(ctx: AppContext, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Ends of today and of this week (Monday to Sunday) in the shop's zone, as UTC."""
    zone = ZoneInfo(settings.shop_profile(ctx).timezone)
    local = now.astimezone(zone)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), zone)
    week_end = midnight + dt.timedelta(days=6 - local.weekday())
    return midnight.astimezone(dt.UTC), week_end.astimezone(dt.UTC)


def _view_condition(
    view: str, now: dt.datetime, today_end: dt.datetime, counting: bool = False
) -> Expression | None:
    # The list keeps "not final": its pages read the index of their own sort order.
    is_open = Case.status.in_(OPEN) if counting else Case.status.not_in(FINAL)
    conditions = {
        "all": None,
        "open": is_open,
        "closed": Case.status.in_(FINAL),
        "awaiting_customer": Case.status == CaseStatus.AWAITING_CUSTOMER.value,
        "appeals": Case.status.in_(APPEAL_STATUSES),
        "overdue": is_open & (Case.next_due_at < now),
        "due_today": is_open & (Case.next_due_at >= now) & (Case.next_due_at < today_end),
    }
    if view not in conditions:
        raise limits.LimitError("view", f"unknown saved view {limits.shown(view)}")
    return conditions[view]


SEARCH_TEXT = 200  # characters of search text; longer is never a name or a reference
MONTH = re.compile(r"(\d{4})-(\d{2})")


def checked_text(flt: CaseFilter) -> str:
    """The filter's search text within the limits, NFC; LimitError naming the field else."""
    for name, choices in (
        ("status", limits.CASE_STATUSES),
        ("reason", REASONS),
        ("decision", limits.DECISION_OUTCOMES),
    ):
        value = getattr(flt, name)
        if value:
            limits.code(value, name, choices, name)
    if flt.policy:
        limits.text(flt.policy, "policy", 64)
    if flt.decided_month:
        _month(flt.decided_month)
    return limits.text(flt.text, "text", SEARCH_TEXT, strip=False)


def _month(month: str) -> tuple[int, int]:
    found = MONTH.fullmatch(month) if isinstance(month, str) else None
    year, mon = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
    if not (limits.MIN_YEAR <= year <= limits.MAX_YEAR and 1 <= mon <= 12):
        raise limits.LimitError("decided_month", f"not a month (YYYY-MM): {limits.shown(month)}")
    return year, mon


def _conditions(
    ctx: AppContext, flt: CaseFilter, now: dt.datetime, counting: bool = False
) -> list[Expression]:
    flt = flt.with_(text=checked_text(flt))
    # The shop's day and week are looked up only for the filters that need them.
    needs_bounds = flt.view == "due_today" or flt.due in ("today", "week")
    today_end, week_end = due_bounds(ctx, now) if needs_bounds else (now, now)
    found = [_view_condition(flt.view, now, today_end, counting)]
    if flt.status:
        found.append(Case.status == flt.status)
    if flt.reason:
        found.append(Case.reason == flt.reason)
    if flt.policy:
        found.append(Case.policy_id == flt.policy)
    if flt.due:
        ends = {"overdue": None, "today": today_end, "week": week_end}
        if flt.due not in ends:
            raise limits.LimitError(
                "due", f"one of {', '.join(DUE_CHOICES)}, not {limits.shown(flt.due)}"
            )
        found.append(Case.status.in_(OPEN) if counting else Case.status.not_in(FINAL))
        if flt.due == "overdue":
            found.append(Case.next_due_at < now)
        else:
            found.append((Case.next_due_at >= now) & (Case.next_due_at < ends[flt.due]))
    if flt.decision or flt.decided_month:
        found.append(Case.id.in_(_decided_cases(ctx, flt)))
    found.append(search.matching(ctx.db, flt.text))
    return [c for c in found if c is not None]


def _decided_cases(ctx: AppContext, flt: CaseFilter):
    query = Decision.select(Decision.case)
    if flt.decision:
        query = query.where(Decision.outcome == flt.decision)
    if flt.decided_month:
        start, end = month_bounds(ctx, flt.decided_month)
        query = query.where((Decision.decided_at >= start) & (Decision.decided_at < end))
    return query


@uses_database
def month_bounds(ctx: AppContext, month: str) -> tuple[dt.datetime, dt.datetime]:
    """UTC start and end of a calendar month ('2026-03') in the shop's zone."""
    zone = ZoneInfo(settings.shop_profile(ctx).timezone)
    year, mon = _month(month)
    start = dt.datetime(year, mon, 1, tzinfo=zone)
    end = dt.datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _where(query, conditions: list[Expression]):
    for condition in conditions:
        query = query.where(condition)
    return query


@uses_database
def count(ctx: AppContext, flt: CaseFilter) -> int:
    """How many cases the filter shows (joins only when the filter needs them)."""
    conditions = _conditions(ctx, flt, ctx.clock.now(), counting=True)
    query = _base_query(Case.id) if flt.text and not search.has_fts(ctx.db) else Case.select()
    return _where(query, conditions).count()


@uses_database
def page(
    ctx: AppContext,
    flt: CaseFilter,
    sort: str = "due",
    descending: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[DeskRow]:
    """Rows ``offset`` to ``offset + limit`` of the filtered list in the given order.

    For callers that know only a position; the list itself pages by key
    (``case_pages.rows_after``) and never asks the database to skip rows.
    """
    from casemanager.services.cases import case_pages  # it builds on this module

    after = None
    if offset:
        starts = case_pages.layout(ctx, flt, sort, descending, page_size=offset).starts
        if len(starts) < 2:
            return []
        after = starts[1]
    return case_pages.rows_after(ctx, flt, sort, descending, after, limit)


@uses_database
def view_counts(ctx: AppContext) -> dict[str, int]:
    """Live count of each saved view, for the sidebar."""
    return {view.key: count(ctx, CaseFilter(view=view.key)) for view in SAVED_VIEWS}


@dataclass(frozen=True)
class NextDue:
    number: str
    due_at: dt.datetime
    name: str | None


@uses_database
def next_due(ctx: AppContext) -> NextDue | None:
    """The open case whose deadline falls due first (overdue ones included)."""
    row = (
        Case.select(Case.number, Case.next_due_at, Case.next_due_name)
        .where(Case.status.not_in(FINAL) & Case.next_due_at.is_null(False))
        .order_by(Case.next_due_at)
        .first()
    )
    return NextDue(row.number, row.next_due_at, row.next_due_name) if row else None


@uses_database
def policy_ids(ctx: AppContext) -> list[str]:
    return [r.policy_id for r in Case.select(Case.policy_id).distinct().order_by(Case.policy_id)]


@dataclass(frozen=True)
class Tick:
    """One second of the countdown column: ``now`` and each pack's band thresholds."""

    now: dt.datetime
    thresholds: dict[str, BandThresholds | None]

    def band(self, due: dt.datetime | None, policy_id: str) -> Band | None:
        """Urgency band of one row (no database, no calendar work)."""
        if due is None:
            return None
        limits = self.thresholds.get(policy_id)
        return limits.band(due) if limits else (Band.OVERDUE if due <= self.now else None)


@uses_database
def countdown_tick(ctx: AppContext, policies: Iterable[str]) -> Tick:
    """Thresholds for this second, computed once per pack rather than once per row."""
    now = ctx.clock.now()
    thresholds: dict[str, BandThresholds | None] = {}
    for policy_id in set(policies):
        try:
            thresholds[policy_id] = BandThresholds.at(load_pack(policy_id), now)
        except PackError:
            thresholds[policy_id] = None  # a pack no longer installed: overdue or not only
    return Tick(now, thresholds)
