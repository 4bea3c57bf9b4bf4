"""Store: durable SQLite settings, exact money and instants, case numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from peewee import IntegrityError

from casemanager.services.cases import records
from casemanager.store.models import AuditEvent, Case, Customer, Deadline, Order, Setting
from tests.factories import IST, new_case


@pytest.mark.sqlite_only("pragmas of the SQLite file")
def test_sqlite_runs_with_wal_full_sync_and_foreign_keys(ctx):
    """Without these a power cut or a stray delete could lose or orphan records."""
    pragma = lambda name: ctx.db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 1000


def test_amounts_are_exact_to_the_cent(ctx):
    """A refund of 0.1 + 0.2 must print as 0.30, never 0.30000000000000004."""
    case = records.create_case(ctx, new_case(amount_paid=Decimal("0.1") + Decimal("0.2")))
    assert Order.get_by_id(case.order_id).amount_paid == Decimal("0.30")
    big = records.create_case(ctx, new_case(amount_paid=Decimal("12345678.91")))
    assert Order.get_by_id(big.order_id).amount_paid == Decimal("12345678.91")


def test_amount_with_more_than_two_places_is_refused(ctx):
    """Half a paisa cannot be refunded; the store refuses rather than rounds silently."""
    with pytest.raises(ValueError, match="two decimal places"):
        records.create_case(ctx, new_case(amount_paid=Decimal("1.005")))


def test_instants_come_back_as_the_same_moment_in_utc(ctx):
    """A receipt time entered in IST must not shift by 5h30 after saving."""
    reported = dt.datetime(2026, 3, 4, 23, 30, tzinfo=IST)
    case = records.create_case(ctx, new_case(reported_at=reported))
    stored = Case.get_by_id(case.id).reported_at
    assert stored == reported
    assert stored.tzinfo == dt.UTC


def test_naive_datetimes_are_refused(ctx):
    """A time without an offset is ambiguous; saving one must fail loudly."""
    with pytest.raises(ValueError, match="naive"):
        records.create_case(ctx, new_case(reported_at=dt.datetime(2026, 3, 4, 10, 0)))


def test_case_numbers_are_sequential_per_year(ctx, clock):
    """Case numbers look like RC-2026-00001 and never repeat."""
    first = records.create_case(ctx, new_case())
    second = records.create_case(ctx, new_case(order_ref="AM-1002"))
    assert (first.number, second.number) == ("RC-2026-00001", "RC-2026-00002")
    clock.set(dt.datetime(2027, 1, 1, 0, 0, tzinfo=dt.UTC))
    assert records.create_case(ctx, new_case()).number == "RC-2027-00001"


def test_returning_customer_is_found_by_email(ctx):
    """The same e-mail in another case links to the same customer, whatever its case."""
    records.create_case(ctx, new_case(customer_email="Priya@Example.in"))
    records.create_case(ctx, new_case(customer_email="priya@example.in"))
    assert Customer.select().count() == 1


def test_foreign_keys_are_enforced(ctx):
    """A case must never point to a customer that does not exist."""
    case = records.create_case(ctx, new_case())
    with pytest.raises(IntegrityError):
        Case.update(customer=99999).where(Case.id == case.id).execute()


def test_settings_hold_json_values(ctx):
    """Shop settings keep their structure (lists, nested values) as saved."""
    Setting.create(key="shop.notes", value={"name": "Anti Mart", "phones": ["1", "2"]})
    assert Setting.get(Setting.key == "shop.notes").value["phones"] == ["1", "2"]


def test_case_list_rows_carry_what_the_list_shows(ctx):
    """The list and `cases --json` show customer, product, amount and status."""
    records.create_case(ctx, new_case())
    (row,) = records.list_cases(ctx)
    assert row.customer == "Priya Sharma"
    assert row.product.startswith("Quick Heal")
    assert row.amount_paid == Decimal("1299.00")
    assert row.status == "received"


def test_new_case_gets_its_policy_deadlines(ctx):
    """An ANTNUM claim shows acknowledge-by and review-by as soon as it is recorded."""
    cn = dt.timezone(dt.timedelta(hours=8))
    case = records.create_case(
        ctx,
        new_case(
            policy_id="antnum",
            policy_version="2025-08-13",
            currency="CNY",
            purchased_at=dt.datetime(2026, 3, 1, 10, 0, tzinfo=cn),
            delivered_at=dt.datetime(2026, 3, 1, 10, 0, 5, tzinfo=cn),
            reported_at=dt.datetime(2026, 3, 12, 20, 30, tzinfo=cn),
        ),
    )
    due = {d.name: d.due_at.astimezone(cn).isoformat() for d in case.deadlines}
    assert due == {
        "report_window": "2026-03-08T23:59:59+08:00",  # met or missed at once (issue 4)
        "acknowledge_by": "2026-03-15T15:00:00+08:00",
        "review_by": "2026-03-17T18:00:00+08:00",
    }
    assert case.next_due_name == "acknowledge_by"


def test_corrected_receipt_date_moves_the_deadlines(ctx):
    """Fixing a mistyped receipt date recomputes every clock and records the correction."""
    cn = dt.timezone(dt.timedelta(hours=8))
    facts = dict(
        policy_id="antnum",
        policy_version="2025-08-13",
        currency="CNY",
        purchased_at=dt.datetime(2026, 3, 1, 10, 0, tzinfo=cn),
        reported_at=dt.datetime(2026, 3, 12, 20, 30, tzinfo=cn),
    )
    case = records.create_case(ctx, new_case(**facts))
    facts["reported_at"] = dt.datetime(2026, 3, 13, 9, 0, tzinfo=cn)
    records.update_case(ctx, case.number, new_case(**facts), note="typo")
    review = Case.get_by_id(case.id).deadlines.where(Deadline.name == "review_by").get()
    assert review.due_at.astimezone(cn).isoformat() == "2026-03-18T18:00:00+08:00"
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert event.kind == "case_corrected" and "reported_at" in event.data["changes"]


def test_instants_converted_a_column_at_a_time_equal_those_converted_one_by_one():
    """A bulk-loaded case would sort or compare its dates differently from one saved alone."""
    from zoneinfo import ZoneInfo

    from casemanager.store.fields import UtcDateTimeField

    field = UtcDateTimeField()
    field.name = "at"
    values = [
        dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 12, 6, 0, 0, 250, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 12, 11, 30, tzinfo=ZoneInfo("Asia/Kolkata")),
        dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.timezone(dt.timedelta(0))),
        None,
    ]
    assert field.db_values(values) == [field.db_value(v) for v in values]
    assert field.db_values(values)[:3] == [
        "2026-03-12 06:00:00", "2026-03-12 06:00:00.000250", "2026-03-12 06:00:00"
    ]  # fmt: skip
    with pytest.raises(ValueError, match="naive"):
        field.db_values([dt.datetime(2026, 3, 12, 6, 0)])
