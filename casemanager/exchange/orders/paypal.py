"""PayPal's activity download: one row per transaction, the zone in its own column.

Dates are month first (``M/D/YYYY``, as PayPal documents) or ISO; times are
wall-clock times in the zone the ``Time zone`` cell names (``PDT``, ``CET``,
``Europe/Berlin``, ``GMT+05:30``). Only incoming payments are orders;
refunds, fees, transfers and holds are counted as skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from casemanager.exchange.orders.cells import Cells, guess_kind, zone_named
from casemanager.exchange.orders.model import ImportedOrder, Skipped

NAME = "paypal"
LABEL = "PayPal activity"
SIGNATURE = frozenset({"Date", "Time", "Gross", "Transaction ID"})
REQUIRED = frozenset({"Date", "Time", "Gross", "Currency", "Transaction ID"})
DEFAULT_ZONE = None
ZONE_COLUMNS = ("Time zone", "TimeZone", "Time Zone", "Timezone")
NOT_SALES = ("refund", "reversal", "withdrawal", "transfer", "hold", "fee", "conversion")


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    zones: dict[str, dt.tzinfo] = {}
    for line, row in rows:
        cells = Cells(line, row)
        kind = cells.text("Type")
        gross = cells.amount("Gross")
        if gross <= 0 or any(word in kind.lower() for word in NOT_SALES):
            yield Skipped(line, f"not a payment received ({kind or gross})")
            continue
        if cells.text("Status").lower() in ("denied", "failed", "canceled", "cancelled"):
            yield Skipped(line, f"payment {cells.text('Status').lower()}")
            continue
        zone_column = next((c for c in ZONE_COLUMNS if cells.text(c)), None)
        row_zone = zone
        if zone_column:
            name = cells.text(zone_column)
            if name not in zones:
                zones[name] = zone_named(name, line, zone_column)
            row_zone = zones[name]
        when = Cells(line, {"Date": f"{cells.need('Date', 'the date')} {cells.text('Time')}"})
        transaction = cells.need("Transaction ID", "the transaction id")
        product = cells.text("Item Title", "Subject") or kind or "PayPal payment"
        yield ImportedOrder(
            platform=NAME,
            order_id=cells.text("Invoice Number") or transaction,
            line_id=transaction,
            customer_name=cells.text("Name"),
            customer_email=cells.text("From Email Address"),
            product_name=product,
            product_sku=cells.text("Item ID"),
            product_kind=guess_kind(product, cells.text("Item ID")),
            amount=gross,
            currency=cells.need("Currency", "the currency").upper(),
            purchased_at=when.instant("Date", row_zone),
            payment_method="paypal",
            payment_label=kind or "PayPal",
            transaction_id=transaction,
            status=cells.text("Status"),
            source_line=line,
            row=row,
        )
