"""Importing order exports into the case database: once, again, overlapping, or not at all."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from casemanager.exchange.orders import OrderFileError
from casemanager.services.cases import drafts
from casemanager.services.cases.drafts import CaseDraft
from casemanager.services.orders import importing, lookup, mappings
from casemanager.store.models import AuditEvent, Case, ImportedOrder
from tests.cli_helpers import run_cli

SAMPLES = Path(__file__).parent / "samples"
ALL = sorted(p for p in SAMPLES.glob("*.csv") if "license" not in p.name)


def test_every_sample_imports_and_reimport_adds_nothing(ctx):
    """Each export imports its orders; importing all of them again adds and changes nothing."""
    added = sum(importing.import_orders(ctx, p).added for p in ALL)
    assert added == ImportedOrder.select().count() == 17
    again = [importing.import_orders(ctx, p) for p in ALL]
    assert sum(r.added + r.changed for r in again) == 0
    assert sum(r.unchanged for r in again) == 17
    events = AuditEvent.select().where(AuditEvent.kind == "orders_imported").count()
    assert events == 2 * len(ALL)


def test_overlapping_export_reports_what_changed(ctx, tmp_path):
    """A later export repeating an order with a new status adds only the new order."""
    importing.import_orders(ctx, SAMPLES / "stripe_payments.csv")
    text = (SAMPLES / "stripe_payments.csv").read_text().replace("needs_response", "won")
    head, *rows = text.splitlines()
    rows.append(rows[1].replace("ch_3Pq2", "ch_3Pq9").replace("WEB-7002", "WEB-7009"))
    later = tmp_path / "later.csv"
    later.write_text("\n".join([head, *rows]) + "\n")
    preview = importing.preview_import(ctx, later)
    assert (preview.added, preview.changed, preview.unchanged) == (1, 1, 1)
    assert ImportedOrder.select().count() == 2  # the preview wrote nothing
    report = importing.import_orders(ctx, later)
    assert (report.added, report.changed) == (1, 1)
    assert report.changes[0].order_id == "WEB-7001"
    assert report.changes[0].fields == ("dispute_status",)
    assert ImportedOrder.get(ImportedOrder.line_id == "ch_3Pq1").dispute_status == "won"


def test_a_bad_row_writes_nothing_of_its_file(ctx, tmp_path):
    """An unreadable amount on the last row leaves the database as it was, naming the line."""
    text = (SAMPLES / "shopify_orders.csv").read_text().replace(",44.00,", ",forty,")
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(OrderFileError, match="line 4, column 'Lineitem price'"):
        importing.import_orders(ctx, path)
    assert ImportedOrder.select().count() == 0
    assert AuditEvent.select().where(AuditEvent.kind == "orders_imported").count() == 0


def test_licence_keys_attach_to_their_woocommerce_order_and_stay_masked(ctx):
    """A key export fills the key of the WooCommerce order line; lookups show it masked."""
    importing.import_orders(ctx, SAMPLES / "woocommerce_orders.csv")
    report = importing.import_orders(ctx, SAMPLES / "license_manager_keys.csv")
    assert (report.keys_attached, report.skipped) == (1, 1)
    row = ImportedOrder.get(ImportedOrder.order_id == "812")
    assert row.license_code == "AVK1-22QW-9XYZ-81ZQ"
    (found,) = lookup.find_orders(ctx, "812")
    assert found.license_masked.endswith("81ZQ") and "AVK1" not in found.license_masked
    assert "AVK1" not in json.dumps(found.to_json())


def test_find_orders_by_id_or_email_prefix(ctx):
    """Typing part of an order id or e-mail finds the order, ignoring case and '#'."""
    for p in ALL:
        importing.import_orders(ctx, p)
    assert {s.order_id for s in lookup.find_orders(ctx, "1001")} == {"#1001"}
    assert {s.order_id for s in lookup.find_orders(ctx, "#10")} == {
        "#1001", "#1002", "100201", "100202"
    }  # fmt: skip
    assert {s.platform for s in lookup.find_orders(ctx, "ASHA.rao@")} == {"shopify", "razorpay"}
    assert lookup.find_orders(ctx, "x") == []


def test_case_from_an_order_equals_the_case_typed_by_hand(ctx):
    """Filling the form from an imported order saves the same case as typing it all."""
    importing.import_orders(ctx, SAMPLES / "shopify_orders.csv")
    (line,) = [s for s in lookup.find_orders(ctx, "#1001") if s.line_id == "1"]
    filled = lookup.case_from_order(ctx, line.id, zone="Asia/Kolkata", policy_id="antimart")
    reported = dt.datetime(2026, 3, 1, 10, 0)
    filled.reported_at, filled.reason = reported, "invalid_code"
    typed = CaseDraft(
        customer_name="Asha Rao",
        customer_email="asha.rao@example.in",
        order_ref="#1001",
        product_name="Photo Suite Pro licence key",
        product_kind="license_key",
        third_party=True,
        vendor="Lumen Soft",
        purchased_at=dt.datetime(2026, 2, 20, 14, 5),
        delivered_at=dt.datetime(2026, 2, 20, 14, 6),
        reported_at=reported,
        zone="Asia/Kolkata",
        amount="999.00",
        currency="INR",
        reason="invalid_code",
        policy_id="antimart",
    )
    assert filled == typed
    a = drafts.save_draft(ctx, filled)
    b = drafts.save_draft(ctx, typed)
    assert drafts.draft_of(ctx, a.number) == drafts.draft_of(ctx, b.number)
    assert {c.number for c in lookup.cases_of_order(ctx, "#1001")} == {a.number, b.number}
    assert Case.select().count() == 2
    assert drafts.assess_draft(filled) == drafts.assess_draft(typed)


def test_unknown_csv_through_a_saved_mapping(ctx, tmp_path):
    """An export no reader knows imports once its columns are mapped; the mapping is reused."""
    path = tmp_path / "shop.csv"
    path.write_text(
        "Ref;Buyer;Mail;Item;Paid;When\n"
        "A-1;Kim Lee;kim@example.com;Theme key;12,50;2026-02-01 09:00\n"
    )
    with pytest.raises(OrderFileError, match="not an order export"):
        importing.preview_import(ctx, path)
    header = mappings.file_header(path)
    mapping = {
        "order_id": "Ref",
        "customer_name": "Buyer",
        "customer_email": "Mail",
        "product_name": "Item",
        "amount": "Paid",
        "purchased_at": "When",
        "currency_default": "EUR",
        "platform": "myshop",
    }
    mappings.save_mapping(ctx, header, mapping)
    report = importing.import_orders(ctx, path, zone="Europe/Berlin")
    assert (report.format, report.added) == ("mapped", 1)
    row = ImportedOrder.get()
    assert (row.amount, row.currency, row.platform) == (Decimal("12.50"), "EUR", "myshop")
    assert row.purchased_at == dt.datetime(2026, 2, 1, 8, 0, tzinfo=dt.UTC)


def test_orders_command_imports_and_lists(capsys, ctx, db_path):
    """`orders import` reports what it added; `orders list --email` finds the order as JSON."""
    code, out, err = run_cli(capsys, "orders", "import", str(SAMPLES / "razorpay_payments.csv"),
                             "--db", str(db_path))  # fmt: skip
    assert code == 0, err
    assert "added 2" in out and "skipped 1" in out
    code, out, _ = run_cli(
        capsys, "orders", "list", "--email", "vik@", "--json", "--db", str(db_path)
    )
    assert code == 0
    (row,) = json.loads(out)
    assert (row["amount"], row["currency"], row["order_id"]) == ("1250.50", "INR", "pay_Q7e8f9")
    code, _, err = run_cli(capsys, "orders", "import", str(SAMPLES / "x.csv"), "--db", str(db_path))
    assert code == 2 and "cannot open" in err and "Traceback" not in err
