"""The dashboard's running totals: kept with every change, never mixed across currencies."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from casemanager.clock import FixedClock
from casemanager.services.admin import settings
from casemanager.services.cases import dashboard, tallies
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.demo import shop as sample_shop
from casemanager.services.demo.generate import SampleShop
from casemanager.store.models import CaseTally, DashboardTally, Setting
from tests.demo.replay import replay

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def _totals(ctx) -> dict:
    with ctx.reading():
        return {
            (t.kind, t.key, t.currency): (t.count, t.amount)
            for t in DashboardTally.select()
            if t.count or t.amount
        }


def _rebuilt(ctx) -> dict:
    with ctx.transaction():
        Setting.delete().where(Setting.key == tallies.ZONE_KEY).execute()
    with ctx.reading():
        tallies.ensure_built(ctx)
    return _totals(ctx)


def test_totals_kept_by_every_change_equal_totals_counted_afresh(tmp_path):
    """After bulk sample cases and every kind of step by hand, the dashboard counts what a
    full count of the cases finds (a stale total would show wrong bars)."""
    clock = FixedClock(NOW)
    with AppContext.open(str(tmp_path / "t.sqlite3"), clock=clock, backups=tmp_path) as ctx:
        sample_shop.ensure_profile(ctx)
        dashboard.figures(ctx)  # totals made (empty) before any case exists
        generate.generate(ctx, 30, seed=5)
        for history in SampleShop(25, 22, NOW, "tester").histories():
            replay(ctx, clock, history)
        clock.set(NOW)
        kept = _totals(ctx)
        assert sum(n for (kind, _k, _c), (n, _a) in kept.items() if kind == "status") == 55
        assert any(kind == "decided" for kind, _k, _c in kept)
        assert kept == _rebuilt(ctx)
        with ctx.reading():
            assert CaseTally.select().count() == 55


def test_refunds_stay_per_currency(ctx):
    """Refunds in INR, USD and CNY are three series of their own, each its own total."""
    generate.generate(ctx, 120, seed=9)
    f = dashboard.figures(ctx)
    assert len(f.refunds) >= 2
    with ctx.reading():
        for currency, months in f.refunds.items():
            cents = sum(
                t.amount
                for t in DashboardTally.select().where(
                    (DashboardTally.kind == "decided") & (DashboardTally.currency == currency)
                )
                if t.key.endswith("|approved") and t.key.split("|")[0] in dict(months)
            )
            assert sum(total for _m, total in months) == Decimal(cents) / 100


def test_a_new_shop_zone_rebuilds_the_months(ctx):
    """Moving the shop to another zone puts decisions in that zone's months."""
    generate.generate(ctx, 60, seed=4)
    dashboard.figures(ctx)
    desk = settings.load(ctx)
    far = "Pacific/Kiritimati" if desk.shop.timezone != "Pacific/Kiritimati" else "Pacific/Niue"
    settings.save(ctx, dataclasses.replace(desk, shop=dataclasses.replace(desk.shop, timezone=far)))
    before = _totals(ctx)
    dashboard.figures(ctx)
    with ctx.reading():
        assert Setting.get(Setting.key == tallies.ZONE_KEY).value == far
    after = _totals(ctx)
    statuses = {k: v for k, v in after.items() if k[0] == "status"}
    assert statuses == {k: v for k, v in before.items() if k[0] == "status"}


@pytest.mark.sqlite_only("reads SQLite's statement trace")
def test_an_open_reads_no_case_rows_but_the_due_counts(ctx):
    """Once made, the dashboard reads its totals and three deadline range counts: no scan."""
    generate.generate(ctx, 40, seed=2)
    dashboard.figures(ctx)
    statements: list[str] = []
    with ctx.reading():
        conn = ctx.db.connection()
        conn.set_trace_callback(statements.append)
        try:
            dashboard.figures(ctx)
        finally:
            conn.set_trace_callback(None)
    touching_cases = [s for s in statements if 'FROM "case"' in s]
    assert len(touching_cases) == 3
    assert all("next_due_at" in s for s in touching_cases)
