"""Order exports of every platform read into the right values, and bad files refused clearly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from casemanager.exchange.orders import (
    ImportedOrder,
    LicenceKeyRow,
    OrderFileError,
    OrdersCancelled,
    open_rows,
    read_orders,
)
from casemanager.exchange.orders.model import Skipped

SAMPLES = Path(__file__).parent / "samples"
IST = ZoneInfo("Asia/Kolkata")
UTC = dt.UTC


def read(path: Path, fmt: str | None = None, zone=IST) -> tuple[str, list]:
    with open_rows(path) as rows:
        found, values = read_orders(rows, rows.header, fmt, zone)
        return found.name, list(values)


def orders(values: list) -> list[ImportedOrder]:
    return [v for v in values if isinstance(v, ImportedOrder)]


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("shopify_orders.csv", "shopify", 3),
        ("woocommerce_orders.csv", "woocommerce", 3),
        ("woocommerce_titled.csv", "woocommerce_titled", 1),
        ("edd_orders.csv", "edd", 2),
        ("gumroad_sales.csv", "gumroad", 2),
        ("stripe_payments.csv", "stripe", 2),
        ("paypal_activity.csv", "paypal", 2),
        ("razorpay_payments.csv", "razorpay", 2),
    ],
)
def test_each_format_is_detected_from_its_header(name, fmt, count):
    """An export of each platform is recognised without saying which it is."""
    found, values = read(SAMPLES / name)
    assert found == fmt
    assert len(orders(values)) == count
    assert all(o.row and o.source_line >= 2 for o in orders(values))


def test_shopify_line_items_take_the_order_fields_of_the_first_row():
    """A two-item Shopify order gives two lines, both with the e-mail, currency and paid time."""
    _, values = read(SAMPLES / "shopify_orders.csv")
    first, second, other = orders(values)
    assert (first.order_id, first.line_id, second.line_id) == ("#1001", "1", "2")
    assert second.customer_email == "asha.rao@example.in"
    assert second.currency == "INR"
    assert second.product_name == "Steam gift card 500" and second.product_kind == "gift_card"
    assert second.amount == Decimal("499.00")
    assert first.purchased_at == dt.datetime(2026, 2, 20, 8, 35, 10, tzinfo=UTC)  # +0530 stated
    assert other.amount == Decimal("88.00")  # 2 x 44.00
    assert other.product_kind == "subscription"


def test_razorpay_paise_become_rupees_and_ist_times():
    """49900 paise is 499.00 INR, and a dashboard time is read in IST."""
    _, values = read(SAMPLES / "razorpay_payments.csv", zone=None)
    upi, netbanking = orders(values)
    assert upi.amount == Decimal("499.00") and upi.currency == "INR"
    assert upi.purchased_at == dt.datetime(2026, 2, 28, 13, 35, 33, tzinfo=UTC)
    assert upi.payment_method == "upi"
    assert netbanking.amount == Decimal("1250.50")  # 125050 paise
    assert netbanking.purchased_at == dt.datetime.fromtimestamp(1772287800, UTC)
    assert netbanking.payment_method == "net_banking"
    assert any(isinstance(v, Skipped) for v in values)  # the failed payment


def test_paypal_times_are_read_in_the_zone_each_row_names():
    """10:15 pm PST is 06:15 UTC the next day; 08:30 CET is 07:30 UTC; refunds are skipped."""
    _, values = read(SAMPLES / "paypal_activity.csv", zone=None)
    grace, hans = orders(values)
    assert grace.purchased_at == dt.datetime(2026, 2, 28, 6, 15, tzinfo=UTC)
    assert grace.order_id == "INV-501" and grace.payment_method == "paypal"
    assert hans.purchased_at == dt.datetime(2026, 3, 1, 7, 30, tzinfo=UTC)
    assert hans.amount == Decimal("15.00") and hans.currency == "EUR"
    assert [v.reason for v in values if isinstance(v, Skipped)] == [
        "not a payment received (Payment Refund)"
    ]


def test_stripe_dispute_columns_are_kept():
    """A disputed Stripe charge carries its status, reason and evidence-due instant."""
    _, values = read(SAMPLES / "stripe_payments.csv")
    disputed, plain = orders(values)
    assert disputed.order_id == "WEB-7001" and disputed.line_id == "ch_3Pq1"
    assert disputed.dispute_status == "needs_response"
    assert disputed.evidence_due_at == dt.datetime(2026, 3, 15, 23, 59, 59, tzinfo=UTC)
    assert plain.dispute_status == "" and plain.currency == "EUR"


def test_gumroad_keys_and_subscription_periods():
    """A Gumroad sale keeps its licence key; a monthly membership is a subscription."""
    _, values = read(SAMPLES / "gumroad_sales.csv")
    brush, membership = orders(values)
    assert brush.licence_key == "BRSH-8821-QQ71-ZZ09"
    assert membership.product_kind == "subscription"
    assert membership.subscription_period == "monthly"
    assert membership.subscription_end == dt.date(2026, 3, 13)


def test_woocommerce_items_in_one_cell_and_licence_key_export():
    """A WooCommerce order's combined items become lines; the key export names its order."""
    _, values = read(SAMPLES / "woocommerce_orders.csv")
    assert [(o.order_id, o.line_id, o.amount) for o in orders(values)] == [
        ("812", "44", Decimal("1299.00")),
        ("813", "45", Decimal("400.00")),
        ("813", "46", Decimal("250.00")),
    ]
    assert orders(values)[0].purchased_at == dt.datetime(2026, 2, 18, 13, 0, tzinfo=UTC)  # IST
    _, keys = read(SAMPLES / "license_manager_keys.csv")
    assert [k.order_id for k in keys if isinstance(k, LicenceKeyRow)] == ["812"]


def test_edd_cart_items_become_lines():
    """An EDD payment of two downloads gives two lines with their own prices and SKUs."""
    _, values = read(SAMPLES / "edd_orders.csv")
    assert [(o.product_name, o.amount, o.product_sku) for o in orders(values)] == [
        ("Icon Pack", Decimal("19.00"), "ICN"),
        ("Font Bundle", Decimal("30.00"), "FNT"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "latin-1", "utf-8"])
def test_encodings_from_spreadsheets(tmp_path, encoding):
    """The same export saved with a BOM, as UTF-16 or as Latin-1 reads the same names."""
    text = (SAMPLES / "woocommerce_titled.csv").read_text().replace("Sara Khan", "Zoë Müller")
    text = text.replace("Sara,Khan", "Zoë,Müller")
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(encoding))
    _, values = read(path)
    assert orders(values)[0].customer_name == "Zoë Müller"


def test_semicolon_and_tab_separated_files(tmp_path):
    """A file separated by semicolons (European spreadsheets) or tabs is read the same."""
    text = (SAMPLES / "stripe_payments.csv").read_text()
    for sep in (";", "\t"):
        path = tmp_path / "export.csv"
        path.write_text(text.replace(",", sep))
        assert len(orders(read(path)[1])) == 2


def test_formula_looking_cells_stay_text(tmp_path):
    """A customer name starting with '=' is kept as typed, never evaluated."""
    text = (SAMPLES / "stripe_payments.csv").read_text().replace("Jon Miller", "=HYPERLINK(1)")
    path = tmp_path / "export.csv"
    path.write_text(text)
    assert orders(read(path)[1])[0].customer_name == "=HYPERLINK(1)"


def _bad(tmp_path, text: str, fmt: str | None = None) -> OrderFileError:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(OrderFileError) as caught:
        read(path, fmt)
    return caught.value


def test_bad_amount_names_line_and_column(tmp_path):
    """An amount that is not a number (or a formula) is refused at its line and column."""
    text = (
        (SAMPLES / "stripe_payments.csv").read_text().replace(",49.00,0.00,usd", ",=1+2,0.00,usd")
    )
    error = _bad(tmp_path, text)
    assert (error.line, error.column) == (2, "Amount")
    assert "line 2, column 'Amount': not an amount" in str(error)


def test_bad_date_names_line_and_column(tmp_path):
    """A date that cannot be read is refused at its line and column."""
    text = (SAMPLES / "woocommerce_titled.csv").read_text().replace("2026-02-10 10:15:00", "soon")
    error = _bad(tmp_path, text)
    assert (error.line, error.column) == (2, "Order Date")


def test_missing_required_column(tmp_path):
    """A Shopify file without its Currency column says which column is missing."""
    text = (SAMPLES / "shopify_orders.csv").read_text().replace(",Currency,", ",Curr,")
    error = _bad(tmp_path, text, "shopify")
    assert error.column == "Currency" and "needs the column 'Currency'" in str(error)


def test_wrong_delimiter_and_unknown_files(tmp_path):
    """A one-column file, a row with extra cells and an unknown header each say why."""
    assert "only one column" in str(_bad(tmp_path, "just text\nmore text\n"))
    extra = (
        (SAMPLES / "woocommerce_titled.csv")
        .read_text()
        .replace("Sara,Khan", "Sara,Khan,extra,cells")
    )
    assert "cells but the header has" in str(_bad(tmp_path, extra))
    assert "not an order export" in str(_bad(tmp_path, "a,b,c\n1,2,3\n"))


def test_naive_times_without_a_zone_are_refused(tmp_path):
    """A file with wall-clock times and no zone chosen asks for the zone."""
    path = SAMPLES / "woocommerce_titled.csv"
    with pytest.raises(OrderFileError, match="choose the zone"):
        read(path, zone=None)


def test_streaming_reports_progress_and_cancels(tmp_path):
    """A large file reports progress by bytes and stops at once when cancelled."""
    head, row = (SAMPLES / "stripe_payments.csv").read_text().splitlines()[:2]
    path = tmp_path / "big.csv"
    with path.open("w") as out:
        out.write(head + "\n")
        for n in range(10_000):
            out.write(row.replace("ch_3Pq1", f"ch_{n}") + "\n")
    seen: list[tuple[int, int]] = []
    with open_rows(path, progress=lambda done, total: seen.append((done, total))) as rows:
        _, values = read_orders(rows, rows.header)
        assert sum(1 for _ in values) == 10_000
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
    assert len(seen) > 3 and seen[0][0] < seen[-1][0]
    with open_rows(path, cancelled=lambda: True) as rows, pytest.raises(OrdersCancelled):
        list(read_orders(rows, rows.header)[1])
