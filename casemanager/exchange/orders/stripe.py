"""Stripe's payments export: one row per charge, times in UTC, with its dispute if any."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from casemanager.exchange.orders.cells import Cells, guess_kind, payment_method
from casemanager.exchange.orders.model import ImportedOrder, Skipped

NAME = "stripe"
LABEL = "Stripe payments"
SIGNATURE = frozenset({"id", "Created (UTC)", "Amount", "Currency"})
REQUIRED = SIGNATURE
DEFAULT_ZONE = dt.UTC
NOT_SALES = ("failed", "canceled", "cancelled", "requires_payment_method")
ORDER_METADATA = ("order_id (metadata)", "order_number (metadata)", "Order ID (metadata)")


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    for line, row in rows:
        cells = Cells(line, row)
        status = cells.text("Status")
        if status.lower() in NOT_SALES:
            yield Skipped(line, f"payment {status.lower()}")
            continue
        charge = cells.need("id", "the payment id")
        product = cells.text("Description", "Statement Descriptor") or "Payment"
        label = cells.text("Payment Source Type", "Payment Method Type", "Card Brand") or "card"
        yield ImportedOrder(
            platform=NAME,
            order_id=cells.text(*ORDER_METADATA) or charge,
            line_id=charge,
            customer_name=cells.text("Customer Name", "Card Name", "Customer Description"),
            customer_email=cells.text("Customer Email", "Receipt Email"),
            product_name=product,
            product_kind=guess_kind(product),
            amount=cells.amount("Amount"),
            currency=cells.need("Currency", "the currency").upper(),
            purchased_at=cells.instant("Created (UTC)", dt.UTC),
            payment_method=payment_method(label),
            payment_label=label,
            transaction_id=cells.text("PaymentIntent ID", "Payment Intent ID") or charge,
            status=status,
            dispute_status=cells.text("Dispute Status"),
            dispute_reason=cells.text("Dispute Reason"),
            dispute_at=cells.instant("Dispute Date (UTC)", dt.UTC, required=False),
            evidence_due_at=cells.instant("Dispute Evidence Due (UTC)", dt.UTC, required=False),
            source_line=line,
            row=row,
        )
