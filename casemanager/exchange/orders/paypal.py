"""PayPal's activity download: one row per transaction, the zone in its own column.

Dates are month first (``M/D/YYYY``, as PayPal documents) or ISO; times are
wall-clock times in the zone the ``Time zone`` cell names (``PDT``, ``CET``,
``Europe/Berlin``, ``GMT+05:30``). Incoming payments are orders; a chargeback
or a hold for a dispute investigation is the dispute of the payment its
``Reference Txn ID`` names; refunds, fees, transfers and other holds are
counted as skipped.

The download gives no respond-by date for a dispute. PayPal asks the seller to
respond to a claim or chargeback within 10 days of it, so the evidence-due
instant is the dispute's own instant plus 10 days, said as such
(``WINDOW_BASIS``); a ``Response Due Date`` column, where a file has one, wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from casemanager.exchange.orders.cells import Cells, guess_kind, zone_named
from casemanager.exchange.orders.model import DisputeRow, ImportedOrder, Skipped

NAME = "paypal"
LABEL = "PayPal activity"
SIGNATURE = frozenset({"Date", "Time", "Gross", "Transaction ID"})
REQUIRED = frozenset({"Date", "Time", "Gross", "Currency", "Transaction ID"})
DEFAULT_ZONE = None
ZONE_COLUMNS = ("Time zone", "TimeZone", "Time Zone", "Timezone")
NOT_SALES = ("refund", "reversal", "withdrawal", "transfer", "hold", "fee", "conversion")
# Transaction types that open a dispute of an earlier payment, and that end one.
DISPUTE_OPENED = ("chargeback", "hold on balance for dispute investigation", "dispute")
DISPUTE_RESOLVED = ("chargeback reversal", "cancellation of hold for dispute resolution")
DUE_COLUMNS = ("Response Due Date", "Respond By", "Response due date")
RESPONSE_WINDOW = dt.timedelta(days=10)
WINDOW_BASIS = (
    "computed: PayPal asks the seller to respond to a claim or chargeback within 10 days; "
    "the activity download gives no respond-by date, so this is the dispute's time plus "
    "10 days (check the Resolution Center for the exact date)"
)


def dispute_kind(kind: str) -> str | None:
    """'opened' or 'resolved' for a dispute's transaction type, None for anything else."""
    lowered = kind.strip().lower()
    if lowered in DISPUTE_RESOLVED:
        return "resolved"
    if "fee" in lowered or "reversal" in lowered or "cancellation" in lowered:
        return None
    return "opened" if any(lowered.startswith(word) for word in DISPUTE_OPENED) else None


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    zones: dict[str, dt.tzinfo] = {}
    for line, row in rows:
        cells = Cells(line, row)
        kind = cells.text("Type")
        disputed = dispute_kind(kind)
        if disputed:
            yield _dispute(cells, disputed, _zone(cells, zone, zones))
            continue
        gross = cells.amount("Gross")
        if gross <= 0 or any(word in kind.lower() for word in NOT_SALES):
            yield Skipped(line, f"not a payment received ({kind or gross})")
            continue
        if cells.text("Status").lower() in ("denied", "failed", "canceled", "cancelled"):
            yield Skipped(line, f"payment {cells.text('Status').lower()}")
            continue
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
            purchased_at=_when(cells, _zone(cells, zone, zones)),
            payment_method="paypal",
            payment_label=kind or "PayPal",
            transaction_id=transaction,
            status=cells.text("Status"),
            source_line=line,
            row=row,
        )


def _zone(cells: Cells, zone: dt.tzinfo | None, zones: dict[str, dt.tzinfo]) -> dt.tzinfo | None:
    """The row's own zone (its ``Time zone`` cell), else the one asked for the file."""
    column = next((c for c in ZONE_COLUMNS if cells.text(c)), None)
    if column is None:
        return zone
    name = cells.text(column)
    if name not in zones:
        zones[name] = zone_named(name, cells.line, column)
    return zones[name]


def _when(cells: Cells, zone: dt.tzinfo | None) -> dt.datetime:
    joined = f"{cells.need('Date', 'the date')} {cells.text('Time')}"
    return Cells(cells.line, {"Date": joined}).instant("Date", zone)


def _dispute(cells: Cells, disputed: str, zone: dt.tzinfo | None) -> DisputeRow:
    opened = _when(cells, zone)
    due_column = next((c for c in DUE_COLUMNS if cells.text(c)), None)
    if due_column:
        due, basis = cells.instant(due_column, zone), ""
    else:
        due, basis = opened + RESPONSE_WINDOW, WINDOW_BASIS
    return DisputeRow(
        platform=NAME,
        payment_ref=cells.text("Reference Txn ID"),
        dispute_id=cells.need("Transaction ID", "the transaction id"),
        status="open" if disputed == "opened" else "resolved",
        reason=cells.text("Reason", "Case Reason") or cells.text("Type").lower(),
        opened_at=opened,
        evidence_due_at=due,
        evidence_due_basis=basis,
        source_line=cells.line,
    )
