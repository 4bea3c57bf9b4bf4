"""Any other CSV, read through a column mapping the owner chose once for its header."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence

from casemanager.exchange.orders.cells import Cells, guess_kind, payment_method
from casemanager.exchange.orders.model import ImportedOrder, OrderFileError

NAME = "mapped"
LABEL = "Other CSV (column mapping)"
DEFAULT_ZONE = None
# The order fields a mapping can fill, and whether an order needs them.
FIELDS: dict[str, bool] = {
    "order_id": True,
    "line_id": False,
    "customer_name": False,
    "customer_email": False,
    "product_name": True,
    "product_sku": False,
    "amount": True,
    "currency": False,
    "purchased_at": True,
    "delivered_at": False,
    "payment_method": False,
    "transaction_id": False,
    "licence_key": False,
}
OPTIONS = ("platform", "currency_default", "minor_units", "day_first")


def header_signature(header: Sequence[str]) -> str:
    """A stable name for a header row, so a mapping chosen once is found again."""
    text = "\x1f".join(h.strip().lower() for h in header)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def check_mapping(mapping: Mapping[str, str], header: Sequence[str]) -> None:
    """OrderFileError naming the first required field not mapped to a column the file has."""
    for name, required in FIELDS.items():
        column = mapping.get(name, "")
        if column and column not in header:
            raise OrderFileError(f"the mapping names a column the file lacks: {column!r}", 1)
        if required and not column:
            raise OrderFileError(f"map a column to {name.replace('_', ' ')}", 1)
    if not mapping.get("currency") and not mapping.get("currency_default"):
        raise OrderFileError("map a column to currency, or give the currency of every row", 1)


def reader(mapping: Mapping[str, str]):
    """A reader of rows through ``mapping`` (field -> column, plus the options)."""

    def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
        seen: dict[str, int] = {}
        day_first = str(mapping.get("day_first", "")).lower() in ("1", "true", "yes")
        minor = str(mapping.get("minor_units", "")).lower() in ("1", "true", "yes")
        for line, row in rows:
            cells = Cells(line, row)

            def cell(name: str, cells: Cells = cells) -> str:
                column = mapping.get(name)
                return cells.text(column) if column else ""

            order_id = cells.need(mapping["order_id"], "the order id")
            seen[order_id] = seen.get(order_id, 0) + 1
            product = cells.need(mapping["product_name"], "the product")
            label = cell("payment_method")
            delivered = mapping.get("delivered_at")
            yield ImportedOrder(
                platform=mapping.get("platform") or "csv",
                order_id=order_id,
                line_id=cell("line_id") or str(seen[order_id]),
                customer_name=cell("customer_name"),
                customer_email=cell("customer_email"),
                product_name=product,
                product_sku=cell("product_sku"),
                product_kind=guess_kind(product, cell("product_sku")),
                amount=cells.amount(mapping["amount"], minor_units=minor),
                currency=(cell("currency") or mapping.get("currency_default", "")).upper(),
                purchased_at=cells.instant(mapping["purchased_at"], zone, day_first=day_first),
                delivered_at=cells.instant(delivered, zone, day_first, required=False)
                if delivered
                else None,
                payment_method=payment_method(label),
                payment_label=label,
                transaction_id=cell("transaction_id"),
                licence_key=cell("licence_key"),
                source_line=line,
                row=row,
            )

    return read
