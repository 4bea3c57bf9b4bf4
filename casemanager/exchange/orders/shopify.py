"""Shopify's orders export: one row per line item; order fields only on an order's first row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from casemanager.exchange.orders.cells import Cells, guess_kind, payment_method
from casemanager.exchange.orders.model import ImportedOrder

NAME = "shopify"
LABEL = "Shopify orders"
SIGNATURE = frozenset({"Name", "Lineitem name", "Lineitem price", "Financial Status"})
REQUIRED = frozenset({"Name", "Email", "Currency", "Lineitem name", "Lineitem price"})
DEFAULT_ZONE = None  # Shopify writes the offset with every time
ORDER_FIELDS = (
    "Email", "Financial Status", "Paid at", "Fulfilled at", "Currency", "Total",
    "Billing Name", "Payment Method", "Payment Reference", "Created at", "Id",
)  # fmt: skip


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    current_name, first, line_no = None, {}, 0
    for line, row in rows:
        cells = Cells(line, row)
        name = cells.need("Name", "the order name")
        if name != current_name:  # a new order: its first row carries the order's fields
            current_name, line_no = name, 0
            first = {f: cells.text(f) for f in ORDER_FIELDS}
        line_no += 1
        order = Cells(line, {**row, **{f: row.get(f, "").strip() or first[f] for f in first}})
        yield _line(order, name, line_no, zone)


def _line(cells: Cells, name: str, number: int, zone: dt.tzinfo | None) -> ImportedOrder:
    quantity = cells.amount("Lineitem quantity", default="1")
    price = cells.amount("Lineitem price")
    discount = cells.amount("Lineitem discount", default="0")
    product = cells.need("Lineitem name", "the product")
    sku = cells.text("Lineitem sku")
    purchased = cells.instant("Paid at", zone, required=False) or cells.instant("Created at", zone)
    label = cells.text("Payment Method", "Payment Gateway")
    return ImportedOrder(
        platform=NAME,
        order_id=name,
        line_id=str(number),
        customer_name=cells.text("Billing Name", "Shipping Name"),
        customer_email=cells.text("Email"),
        product_name=product,
        product_sku=sku,
        product_kind=guess_kind(product, sku),
        vendor=cells.text("Vendor"),
        amount=(price * quantity - discount).quantize(Decimal("0.01")),
        currency=cells.need("Currency", "the currency").upper(),
        purchased_at=purchased,
        paid_at=cells.instant("Paid at", zone, required=False),
        delivered_at=cells.instant("Fulfilled at", zone, required=False),
        payment_method=payment_method(label),
        payment_label=label,
        transaction_id=cells.text("Payment Reference", "Payment ID"),
        status=cells.text("Financial Status"),
        source_line=cells.line,
        row=cells.row,
    )
