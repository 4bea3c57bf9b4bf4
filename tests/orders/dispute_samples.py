"""Sample dispute exports written from the providers' published column lists.

PayPal's activity download (a chosen subset of its download fields, in its
order; the zone in ``TimeZone``; a chargeback refers to its payment through
``Reference Txn ID``) and Razorpay's disputes export (the dispute entity's
fields; amounts in paise; ``respond_by`` as Unix seconds or IST).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

PAYPAL_COLUMNS = (
    "Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
    "From Email Address", "To Email Address", "Transaction ID", "Item Title", "Item ID",
    "Reference Txn ID", "Invoice Number", "Quantity", "Balance Impact",
)  # fmt: skip
RAZORPAY_DISPUTE_COLUMNS = (
    "id", "entity", "payment_id", "amount", "currency", "amount_deducted", "reason_code",
    "reason_description", "respond_by", "status", "phase", "created_at",
)  # fmt: skip

PAYPAL_PAYMENT = "5KD81234AB567890C"
PAYPAL_CHARGEBACK = "6LM91234AB567890D"
# The payment in Los Angeles winter time, the chargeback after the switch to summer time.
PAYPAL_PAID_AT = dt.datetime(2026, 3, 1, 22, 5, tzinfo=dt.UTC)  # 14:05 PST
PAYPAL_DISPUTED_AT = dt.datetime(2026, 3, 9, 16, 30, tzinfo=dt.UTC)  # 09:30 PDT
PAYPAL_DUE_AT = PAYPAL_DISPUTED_AT + dt.timedelta(days=10)

RAZORPAY_PAYMENT = "pay_Q1a2b3"  # in samples/razorpay_payments.csv
RAZORPAY_DISPUTE = "disp_R7x8y9"
RAZORPAY_DUE_AT = dt.datetime(2026, 3, 13, 12, 30, tzinfo=dt.UTC)  # 18:00 IST


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows([{c: row.get(c, "") for c in columns} for row in rows])
    return path


def paypal_activity(folder: Path, with_payment: bool = True) -> Path:
    """A PayPal activity download in PST/PDT: a payment, its chargeback and the fee."""
    payment = {
        "Date": "3/1/2026", "Time": "14:05:00", "TimeZone": "PST", "Name": "Lena Fischer",
        "Type": "Website Payment", "Status": "Completed", "Currency": "USD", "Gross": "45.00",
        "Fee": "-1.61", "Net": "43.39", "From Email Address": "lena@example.com",
        "To Email Address": "shop@example.com", "Transaction ID": PAYPAL_PAYMENT,
        "Item Title": "Studio plug-in licence key", "Item ID": "SP-1", "Invoice Number": "INV-900",
        "Quantity": "1", "Balance Impact": "Credit",
    }  # fmt: skip
    chargeback = payment | {
        "Date": "3/9/2026", "Time": "09:30:00", "TimeZone": "PDT", "Type": "Chargeback",
        "Gross": "-45.00", "Fee": "0.00", "Net": "-45.00", "Transaction ID": PAYPAL_CHARGEBACK,
        "Reference Txn ID": PAYPAL_PAYMENT, "Balance Impact": "Debit",
    }  # fmt: skip
    fee = chargeback | {
        "Type": "Chargeback Fee", "Gross": "-20.00", "Net": "-20.00",
        "Transaction ID": "7NP01234AB567890E",
    }  # fmt: skip
    rows = [payment, chargeback, fee] if with_payment else [chargeback, fee]
    return _write(folder / "paypal_activity_disputes.csv", PAYPAL_COLUMNS, rows)


def razorpay_disputes(folder: Path, respond_by: str = "13/03/2026 18:00:00") -> Path:
    """A Razorpay disputes export: one of an imported payment, one of a payment not imported."""
    known = {
        "id": RAZORPAY_DISPUTE, "entity": "dispute", "payment_id": RAZORPAY_PAYMENT,
        "amount": "49900", "currency": "INR", "amount_deducted": "0",
        "reason_code": "chargeback", "reason_description": "Customer says the key never arrived",
        "respond_by": respond_by, "status": "open", "phase": "chargeback",
        "created_at": "1772859600",  # 2026-03-07 05:00 UTC
    }  # fmt: skip
    unknown = known | {"id": "disp_S1t2u3", "payment_id": "pay_Z9z9z9", "status": "under_review"}
    return _write(folder / "razorpay_disputes.csv", RAZORPAY_DISPUTE_COLUMNS, [known, unknown])
