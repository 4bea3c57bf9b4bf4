"""Razorpay's payments report: amounts in paise (the smallest unit), times in IST or Unix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from casemanager.exchange.orders.cells import Cells, guess_kind, payment_method
from casemanager.exchange.orders.model import ImportedOrder, Skipped

NAME = "razorpay"
LABEL = "Razorpay payments"
SIGNATURE = frozenset({"id", "amount", "currency", "method", "created_at"})
REQUIRED = SIGNATURE
DEFAULT_ZONE = ZoneInfo("Asia/Kolkata")  # the dashboard's reports are in IST
NOT_SALES = ("failed", "created")


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    for line, row in rows:
        cells = Cells(line, row)
        status = cells.text("status")
        if status.lower() in NOT_SALES:
            yield Skipped(line, f"payment {status.lower()}")
            continue
        payment = cells.need("id", "the payment id")
        product = cells.text("description", "notes") or "Payment"
        method = cells.text("method")
        yield ImportedOrder(
            platform=NAME,
            order_id=cells.text("order_id") or payment,
            line_id=payment,
            customer_name=cells.text("name", "customer_name"),
            customer_email=cells.text("email"),
            product_name=product,
            product_kind=guess_kind(product),
            amount=cells.amount("amount", minor_units=True),
            currency=cells.need("currency", "the currency").upper(),
            purchased_at=cells.instant("created_at", zone or DEFAULT_ZONE, day_first=True),
            payment_method=_method(method, cells.text("card_type", "card.type")),
            payment_label=method,
            transaction_id=payment,
            status=status,
            source_line=line,
            row=row,
        )


def _method(method: str, card_type: str) -> str:
    if method.lower() == "card":
        return "debit_card" if card_type.lower() == "debit" else "credit_card"
    if method.lower() == "netbanking":
        return "net_banking"
    return payment_method(method)
