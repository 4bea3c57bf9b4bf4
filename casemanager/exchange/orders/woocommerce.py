"""WooCommerce order exports in the two common plugin layouts.

"Customer/Order/Coupon Export" writes snake_case columns (``order_id``,
``billing_email``, ``order_total``) with the items either in one
``line_items`` cell (``name:…|sku:…|quantity:…|total:…`` joined by ``;``)
or one row per item (``item_name``, ``item_total``). "Advanced Order Export"
writes titled columns (``Order ID``, ``Email (Billing)``, ``Product Name``)
one row per item. Times are the site's wall-clock time: the zone is asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from casemanager.exchange.orders.cells import Cells, full_name, guess_kind, payment_method
from casemanager.exchange.orders.model import ImportedOrder

NAME = "woocommerce"
LABEL = "WooCommerce orders"
SIGNATURE = frozenset({"order_id", "billing_email", "order_total"})
REQUIRED = frozenset({"order_id", "date", "billing_email", "order_currency"})
DEFAULT_ZONE = None

TITLED_SIGNATURE = frozenset({"Order Date", "Email (Billing)", "Product Name"})
TITLED_REQUIRED = frozenset({"Order Date", "Email (Billing)", "Product Name", "Order Currency"})


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    seen: dict[str, int] = {}
    for line, row in rows:
        cells = Cells(line, row)
        order_id = cells.text("order_number_formatted", "order_number") or cells.need("order_id")
        if cells.text("line_items") or not cells.has("item_name"):
            for number, item in enumerate(_items(cells.text("line_items")), 1):
                yield _order(cells, order_id, item.get("id") or str(number), item, zone)
            continue
        seen[order_id] = seen.get(order_id, 0) + 1
        item = {
            "name": cells.text("item_name"),
            "sku": cells.text("item_sku"),
            "quantity": cells.text("item_quantity"),
            "total": cells.text("item_total"),
        }
        line_id = cells.text("item_id") or str(seen[order_id])
        yield _order(cells, order_id, line_id, item, zone)


def _items(text: str) -> list[dict[str, str]]:
    items = []
    for chunk in text.split(";"):
        fields = dict(part.partition(":")[::2] for part in chunk.split("|") if ":" in part)
        if fields.get("name"):
            items.append({k.strip(): v.strip() for k, v in fields.items()})
    return items or [{}]


def _order(
    cells: Cells, order_id: str, line_id: str, item: dict[str, str], zone: dt.tzinfo | None
) -> ImportedOrder:
    name = item.get("name") or cells.text("item_name")
    if not name:
        raise cells.error("the order has no product name", "line_items")
    total = item.get("total")
    amount = Cells(cells.line, {"item total": total}).amount("item total") if total else None
    label = cells.text("payment_method_title", "payment_method")
    return ImportedOrder(
        platform=NAME,
        order_id=order_id,
        line_id=line_id,
        customer_name=full_name(cells.text("billing_first_name"), cells.text("billing_last_name")),
        customer_email=cells.text("billing_email"),
        product_name=name,
        product_sku=item.get("sku", ""),
        product_kind=guess_kind(name, item.get("sku", "")),
        amount=amount if amount is not None else cells.amount("order_total"),
        currency=cells.need("order_currency", "the currency").upper(),
        purchased_at=cells.instant("date", zone),
        paid_at=cells.instant("paid_date", zone, required=False),
        delivered_at=cells.instant("completed_date", zone, required=False),
        payment_method=payment_method(label),
        payment_label=label,
        transaction_id=cells.text("transaction_id"),
        status=cells.text("status"),
        source_line=cells.line,
        row=cells.row,
    )


def read_titled(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    seen: dict[str, int] = {}
    for line, row in rows:
        cells = Cells(line, row)
        order_id = cells.text("Order Number") or cells.need("Order ID", "the order id")
        seen[order_id] = seen.get(order_id, 0) + 1
        product = cells.need("Product Name", "the product")
        sku = cells.text("SKU")
        label = cells.text("Payment Method Title", "Payment Method")
        amount_column = next(
            (c for c in ("Item Cost", "Order Line Total", "Order Total Amount") if cells.text(c)),
            "Item Cost",
        )
        quantity = cells.amount("Quantity", default="1")
        amount = cells.amount(amount_column)
        if amount_column == "Item Cost":
            amount *= quantity
        yield ImportedOrder(
            platform=NAME,
            order_id=order_id,
            line_id=cells.text("Item #", "Item ID") or str(seen[order_id]),
            customer_name=full_name(
                cells.text("First Name (Billing)"), cells.text("Last Name (Billing)")
            ),
            customer_email=cells.text("Email (Billing)"),
            product_name=product,
            product_sku=sku,
            product_kind=guess_kind(product, sku),
            amount=amount,
            currency=cells.need("Order Currency", "the currency").upper(),
            purchased_at=cells.instant("Order Date", zone),
            paid_at=cells.instant("Paid Date", zone, required=False),
            delivered_at=cells.instant("Completed Date", zone, required=False),
            payment_method=payment_method(label),
            payment_label=label,
            transaction_id=cells.text("Transaction ID"),
            status=cells.text("Order Status"),
            source_line=line,
            row=row,
        )
