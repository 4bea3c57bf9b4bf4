"""Razorpay's disputes export: the dispute entity's fields, one dispute a row.

Columns as the dispute entity names them: ``id`` (``disp_…``), ``payment_id``,
``amount`` in paise, ``currency``, ``reason_code``, ``respond_by`` (the instant
the response is due), ``status`` (open, under_review, won, lost, closed),
``phase`` (fraud, retrieval, chargeback, pre_arbitration, arbitration) and
``created_at``; times in Unix seconds or, as the dashboard shows them, IST.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from casemanager.exchange.orders.cells import Cells
from casemanager.exchange.orders.model import DisputeRow

NAME = "razorpay_disputes"
LABEL = "Razorpay disputes"
PLATFORM = "razorpay"  # the payments these disputes belong to were imported as Razorpay's
SIGNATURE = frozenset({"id", "payment_id", "respond_by", "phase"})
REQUIRED = frozenset({"id", "payment_id", "respond_by", "status", "created_at"})
DEFAULT_ZONE = ZoneInfo("Asia/Kolkata")


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    for line, row in rows:
        cells = Cells(line, row)
        tz = zone or DEFAULT_ZONE
        if cells.text("amount"):
            cells.amount("amount", minor_units=True)  # a bad amount is named, not ignored
        phase = cells.text("phase").replace("_", " ")
        code = cells.text("reason_code", "reason_description")
        yield DisputeRow(
            platform=PLATFORM,
            payment_ref=cells.need("payment_id", "the disputed payment's id"),
            dispute_id=cells.need("id", "the dispute id"),
            status=cells.need("status", "the dispute status").lower(),
            reason=(f"{code} ({phase} phase)" if code and phase else code or phase)[:64],
            opened_at=cells.instant("created_at", tz, day_first=True),
            evidence_due_at=cells.instant("respond_by", tz, day_first=True),
            source_line=line,
        )
