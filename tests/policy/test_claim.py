"""Claim parsing: defaults, accepted spellings and the field each error names."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casemanager.policy import ClaimError, parse_claim

MINIMAL = {
    "policy": "antimart",
    "reason": "invalid_code",
    "purchased_at": "2026-03-02T10:00:00Z",
    "reported_at": "2026-03-03T10:00:00+05:30",
    "amount_paid": "1499.00",
}


def test_defaults_for_optional_fields():
    """A minimal claim would be refused or get surprising defaults."""
    claim = parse_claim(MINIMAL)
    assert claim.product_kind == "license_key"
    assert claim.third_party is False
    assert claim.evidence == ()
    assert claim.order_id is None and claim.subscription is None
    assert claim.amount_paid == Decimal("1499.00")
    assert claim.purchased_at.utcoffset().total_seconds() == 0


def test_nulls_mean_not_given_and_numbers_are_amounts():
    """A claim exported with explicit nulls or a numeric amount would be refused."""
    claim = parse_claim(
        {
            **MINIMAL,
            "third_party": None,
            "evidence": None,
            "product_kind": None,
            "delivered_at": None,
            "amount_paid": 12,
        }
    )
    assert claim.third_party is False and claim.evidence == ()
    assert claim.amount_paid == Decimal(12)
    period = parse_claim({**MINIMAL, "subscription": {"start": "2026-03-01", "end": "2026-03-31"}})
    assert period.subscription.start == date(2026, 3, 1) and period.subscription.days == 30


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_paid": "3.0E+1"}, None),
        ({"amount_paid": "1e999999999"}, "amount_paid"),  # exact arithmetic would never end
        ({"amount_paid": "1e-999999999"}, "amount_paid"),
        ({"amount_paid": "Infinity"}, "amount_paid"),
        ({"amount_paid": [1]}, "amount_paid"),
        ({"purchased_at": "2026-03-02T10:00:00+25:00"}, "purchased_at"),
        ({"purchased_at": "0001-01-01T00:00:00+08:00"}, "purchased_at"),
        ({"delivered_at": "2026-03-01T10:00:00+05:30"}, "delivered_at"),
        ({"discovered_at": "2026-03-01T10:00:00+05:30"}, "discovered_at"),
        ({"approved_at": "yesterday"}, "approved_at"),
        ({"notified_at": "2026-13-01T10:00:00+05:30"}, "notified_at"),
        ({"subscription": {"start": "2026-03-01"}}, "subscription.end"),
        ({"subscription": {"start": "2026-03-01", "end": "2026-03-01"}}, "subscription.end"),
        ({"currency": 5}, "currency"),
        ({"reason": None}, "reason"),
    ],
)
def test_errors_name_the_field(changes, field):
    """An operator fixing a rejected claim would not know which field to correct."""
    data = {**MINIMAL, **changes}
    if field is None:
        parse_claim(data)
        return
    with pytest.raises(ClaimError) as err:
        parse_claim(data)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")
    assert "\n" not in str(err.value)
