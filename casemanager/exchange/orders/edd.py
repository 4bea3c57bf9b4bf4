"""Easy Digital Downloads' payment history export (one row per payment).

``Products (Raw)`` lists the cart as ``name|price{tax}`` items joined by
`` / ``; each item becomes one line. ``Date`` is the site's wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from casemanager.exchange.orders.cells import Cells, full_name, guess_kind, payment_method
from casemanager.exchange.orders.model import ImportedOrder

NAME = "edd"
LABEL = "Easy Digital Downloads orders"
SIGNATURE = frozenset({"Products (Raw)", "Purchase Key"})
REQUIRED = frozenset({"Email", "Products (Raw)", "Date"})
DEFAULT_ZONE = None
_ITEM = re.compile(r"^(?P<name>.*)\|(?P<price>[^|{]*)(?:\{(?P<tax>[^}]*)\})?$")


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    amount_column = None
    for line, row in rows:
        cells = Cells(line, row)
        if amount_column is None:
            amount_column = next((c for c in row if c.startswith("Amount")), "Amount")
        order_id = cells.text("Order ID", "Payment ID", "ID", "Seq ID")
        if not order_id:
            raise cells.error("the order id is required here", "ID")
        skus = [s.strip() for s in cells.text("SKUs").split(" / ")]
        items = [i for i in cells.text("Products (Raw)").split(" / ") if i.strip()]
        for number, item in enumerate(items or [""], 1):
            match = _ITEM.match(item.strip())
            if match:
                name = match["name"].strip()
                price = Cells(line, {"Products (Raw)": match["price"]}).amount("Products (Raw)")
            else:
                name = cells.text("Products (Verbose)") or item.strip()
                price = cells.amount(amount_column)
            if not name:
                raise cells.error("the order has no product", "Products (Raw)")
            sku = skus[number - 1] if number <= len(skus) else ""
            label = cells.text("Payment Method")
            yield ImportedOrder(
                platform=NAME,
                order_id=order_id,
                line_id=str(number),
                customer_name=full_name(cells.text("First Name"), cells.text("Last Name")),
                customer_email=cells.need("Email", "the customer's e-mail"),
                product_name=name,
                product_sku=sku,
                product_kind=guess_kind(name, sku),
                amount=price,
                currency=(cells.text("Currency") or "USD").upper(),
                purchased_at=cells.instant("Date", zone),
                payment_method=payment_method(label),
                payment_label=label,
                transaction_id=cells.text("Transaction ID") or cells.text("Purchase Key"),
                status=cells.text("Status"),
                source_line=line,
                row=row,
            )
