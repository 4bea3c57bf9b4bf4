"""Builders for realistic test input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from casemanager.services.cases.records import NewCase

IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


def new_case(**overrides) -> NewCase:
    values = {
        "customer_name": "Priya Sharma",
        "customer_email": "priya@example.in",
        "order_ref": "AM-1001",
        "product_name": "Quick Heal Total Security 1 PC",
        "product_kind": "license_key",
        "purchased_at": dt.datetime(2026, 3, 2, 10, 0, tzinfo=IST),
        "delivered_at": dt.datetime(2026, 3, 2, 10, 1, tzinfo=IST),
        "reported_at": dt.datetime(2026, 3, 4, 11, 0, tzinfo=IST),
        "amount_paid": Decimal("1299.00"),
        "currency": "INR",
        "reason": "invalid_code",
        "policy_id": "antimart",
        "policy_version": "2026-02-17",
        "payment_method": "upi",
        "license_code": "QH7K-2M9P-XX4D-81ZQ",
    }
    values.update(overrides)
    return NewCase(**values)


def left_unclean(db: Path) -> None:
    """Leave the owner file a window killed mid-session leaves beside its database."""
    Path(f"{db}.owner").write_text('{"pid": 999999, "host": "elsewhere"}', encoding="utf-8")
