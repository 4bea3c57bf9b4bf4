"""The dashboard's figures: workload now, decisions and refunds per month, top reasons."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from peewee import fn

from casemanager.services.admin import settings
from casemanager.services.cases import case_list
from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import Case, Decision

MONTHS = 12
TOP_REASONS = 8


@dataclass(frozen=True)
class MonthDecisions:
    month: str  # "2026-03"
    approved: int
    rejected: int


@dataclass(frozen=True)
class DashboardFigures:
    open_by_status: dict[str, int]
    overdue: int
    due_today: int
    due_week: int
    decisions: list[MonthDecisions]
    refunds: dict[str, list[tuple[str, Decimal]]]  # currency -> [(month, total)]
    top_reasons: list[tuple[str, int]]


def _months(now_local: dt.datetime) -> list[str]:
    year, month = now_local.year, now_local.month
    out = []
    for _ in range(MONTHS):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


@uses_database
def figures(ctx: AppContext) -> DashboardFigures:
    """All dashboard numbers in one pass of indexed queries (run it off the GUI thread)."""
    now = ctx.clock.now()
    zone = ZoneInfo(settings.shop_profile(ctx).timezone)
    months = _months(now.astimezone(zone))
    start, _ = case_list.month_bounds(ctx, months[0])

    open_by_status = {
        status: n
        for status, n in Case.select(Case.status, fn.COUNT(Case.id))
        .where(Case.status.not_in(case_list.FINAL))
        .group_by(Case.status)
        .tuples()
    }
    due = {
        key: case_list.count(ctx, case_list.CaseFilter(view="all", due=key))
        for key in case_list.DUE_CHOICES
    }
    decided: dict[str, Counter] = defaultdict(Counter)
    refunds: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        Decision.select(
            Decision.decided_at, Decision.outcome, Decision.refund_amount, Decision.currency
        )
        .where(Decision.decided_at >= start)
        .tuples()
    )
    for at, outcome, amount, currency in rows:
        month = at.astimezone(zone).strftime("%Y-%m")
        decided[month][outcome] += 1
        if outcome == "approved" and amount and currency:
            refunds[currency][month] += amount
    reasons = (
        Case.select(Case.reason, fn.COUNT(Case.id).alias("n"))
        .group_by(Case.reason)
        .order_by(fn.COUNT(Case.id).desc())
        .limit(TOP_REASONS)
        .tuples()
    )
    return DashboardFigures(
        open_by_status=open_by_status,
        overdue=due["overdue"],
        due_today=due["today"],
        due_week=due["week"],
        decisions=[
            MonthDecisions(m, decided[m]["approved"], decided[m]["rejected"]) for m in months
        ],
        refunds={
            cur: [(m, per_month.get(m, Decimal(0))) for m in months]
            for cur, per_month in sorted(refunds.items())
        },
        top_reasons=list(reasons),
    )
