"""The dashboard's figures: workload now, decisions and refunds per month, top reasons."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from casemanager.services.cases import case_list, tallies
from casemanager.services.context import AppContext, uses_database

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
    refunds: dict[str, list[tuple[str, Decimal]]]  # currency -> [(month, total)], never mixed
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
    """All dashboard numbers from the running totals and three index range counts (run it
    off the GUI thread: the very first call on a database builds the totals)."""
    zone = tallies.ensure_built(ctx)
    months = _months(ctx.clock.now().astimezone(zone))
    shown = set(months)
    with ctx.snapshot():
        open_by_status = {
            status: n
            for status, _cur, n, _cents in tallies.totals(ctx, "status")
            if status not in case_list.FINAL
        }
        due = {
            key: case_list.count(ctx, case_list.CaseFilter(view="all", due=key))
            for key in case_list.DUE_CHOICES
        }
        decided: dict[str, Counter] = defaultdict(Counter)
        refunds: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for key, currency, n, cents in tallies.totals(ctx, "decided"):
            month, _, outcome = key.partition("|")
            if month not in shown:
                continue
            decided[month][outcome] += n
            if outcome == "approved" and currency and cents:
                refunds[currency][month] += Decimal(cents) / 100
        reasons = sorted(tallies.totals(ctx, "reason"), key=lambda r: (-r[2], r[0]))[:TOP_REASONS]
    return DashboardFigures(
        open_by_status=open_by_status,
        overdue=due["overdue"],
        due_today=due["today"],
        due_week=due["week"],
        decisions=[
            MonthDecisions(m, decided[m]["approved"], decided[m]["rejected"]) for m in months
        ],
        refunds={
            cur: [(m, per_month.get(m, Decimal(0)).quantize(Decimal("0.01"))) for m in months]
            for cur, per_month in sorted(refunds.items())
        },
        top_reasons=[(reason, n) for reason, _cur, n, _cents in reasons],
    )
