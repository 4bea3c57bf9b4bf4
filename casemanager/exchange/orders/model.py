"""The plain values every order reader produces, and the one error a bad file raises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from casemanager.errors import DomainError


class OrderFileError(DomainError, ValueError):
    """The file cannot be imported; names the line and column (1-based lines, header = 1)."""

    def __init__(self, message: str, line: int | None = None, column: str | None = None) -> None:
        where = ", ".join(
            part
            for part in (f"line {line}" if line else "", f"column {column!r}" if column else "")
            if part
        )
        super().__init__(f"{where}: {message}" if where else message, "file")
        self.line = line
        self.column = column


class UnknownExport(OrderFileError):
    """No reader knows the header and no mapping is saved for it: its columns need mapping."""


class OrdersCancelled(DomainError):
    """The owner cancelled the import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("the import was cancelled; nothing was written", "file")


@dataclass(frozen=True)
class ImportedOrder:
    """One line item of one order (an order of one product is one line)."""

    platform: str
    order_id: str
    line_id: str
    customer_name: str
    customer_email: str
    product_name: str
    amount: Decimal  # in the currency's main unit (paise and cents already converted)
    currency: str
    purchased_at: dt.datetime  # aware; the zone is the file's or the one asked for
    product_sku: str = ""
    product_kind: str = "digital_content"
    vendor: str = ""
    payment_method: str = ""  # one of domain.PAYMENT_METHODS, or ""
    payment_label: str = ""  # as the file names it ("Shopify Payments", "card")
    transaction_id: str = ""
    paid_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    licence_key: str = ""
    subscription_period: str = ""  # monthly, yearly, ... when the file says so
    subscription_end: dt.date | None = None
    status: str = ""
    dispute_status: str = ""
    dispute_reason: str = ""
    dispute_at: dt.datetime | None = None
    evidence_due_at: dt.datetime | None = None
    source_line: int = 0
    row: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.platform, self.order_id, self.line_id)


@dataclass(frozen=True)
class LicenceKeyRow:
    """A row of a licence-key export: the key of an order already imported elsewhere."""

    platform: str
    order_id: str
    product_ref: str
    licence_key: str
    expires_at: dt.datetime | None = None
    source_line: int = 0


@dataclass(frozen=True)
class Skipped:
    """A row that is not a sale (a refund, a failed payment, a fee): counted, not imported."""

    line: int
    reason: str


@dataclass(frozen=True)
class DisputeRow:
    """A provider's dispute of a payment it exported elsewhere (PayPal, Razorpay).

    ``payment_ref`` is the disputed payment's line id; ``evidence_due_basis`` is
    empty when the file gave ``evidence_due_at``, else how it was computed.
    """

    platform: str
    payment_ref: str
    dispute_id: str
    status: str
    reason: str
    opened_at: dt.datetime
    evidence_due_at: dt.datetime | None
    evidence_due_basis: str = ""
    source_line: int = 0
