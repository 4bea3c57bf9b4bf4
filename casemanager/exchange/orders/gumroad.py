"""Gumroad's sales export: one row per sale, times in UTC, licence keys when enabled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from casemanager.exchange.orders.cells import Cells, guess_kind, parse_date, payment_method
from casemanager.exchange.orders.model import ImportedOrder, Skipped

NAME = "gumroad"
LABEL = "Gumroad sales"
SIGNATURE = frozenset({"Purchase ID", "Item Name", "Purchase Email"})
REQUIRED = frozenset({"Purchase ID", "Item Name", "Purchase Email", "Purchase Date"})
DEFAULT_ZONE = dt.UTC
PRICE_COLUMNS = ("Sale Price ($)", "Sale Price", "Price ($)", "Subtotal ($)")
TIME_COLUMN = "Purchase Time (UTC timezone)"


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    price_column = None
    for line, row in rows:
        cells = Cells(line, row)
        if price_column is None:
            price_column = next((c for c in PRICE_COLUMNS if c in row), PRICE_COLUMNS[0])
        if cells.text("Fully Refunded?").lower() == "true":
            yield Skipped(line, "refunded in full")
            continue
        stamp = cells.need("Purchase Date", "the purchase date")
        time = cells.text(TIME_COLUMN)
        when = Cells(line, {"Purchase Date": f"{stamp} {time}".strip()})
        product = cells.need("Item Name", "the product")
        recurrence = cells.text("Recurrence")
        end = cells.text("Subscription End Date")
        label = cells.text("Card Type", "Payment Type") or "card"
        yield ImportedOrder(
            platform=NAME,
            order_id=cells.text("Order Number") or cells.need("Purchase ID"),
            line_id=cells.need("Purchase ID"),
            customer_name=cells.text("Buyer Name"),
            customer_email=cells.text("Purchase Email", "Buyer Email"),
            product_name=product,
            product_sku=cells.text("Variants"),
            product_kind=guess_kind(product, recurring=bool(recurrence)),
            amount=cells.amount(price_column),
            currency=(cells.text("Currency") or "USD").upper(),
            purchased_at=when.instant("Purchase Date", dt.UTC),
            payment_method=payment_method(label),
            payment_label=label,
            licence_key=cells.text("License Key"),
            subscription_period=recurrence,
            subscription_end=parse_date(end) if end else None,
            status="disputed" if cells.text("Disputed?").lower() == "true" else "",
            source_line=line,
            row=row,
        )
