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


def copy_with_a_damaged_last_page(ctx, tmp_path: Path) -> Path:
    """A copy of the test's SQLite file, filled with enough cases that its last page holds
    data, and that page overwritten: damage that opening never reads (``ctx`` is closed)."""
    import shutil

    from casemanager.services.cases import records

    for n in range(30):
        records.create_case(ctx, new_case(order_ref=f"W-{n}", description="w" * 600))
    ctx.close()
    db = tmp_path / "copy.sqlite3"
    shutil.copyfile(ctx.target.sqlite_path, db)
    with open(db, "r+b") as handle:
        handle.seek(db.stat().st_size - 4096 + 8)
        handle.write(b"\xde\xad\xbe\xef" * 16)
    return db
