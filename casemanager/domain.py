"""Vocabulary shared by every layer: statuses, kinds and other fixed codes."""

from __future__ import annotations

from enum import StrEnum

# The claim vocabulary is fixed by the policy rules; re-exported for the other layers.
from casemanager.policy.vocabulary import EVIDENCE_KINDS, PRODUCT_KINDS, REASONS

__all__ = ["EVIDENCE_KINDS", "PRODUCT_KINDS", "REASONS", "Band", "CaseStatus"]


class CaseStatus(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    UNDER_REVIEW = "under_review"
    AWAITING_CUSTOMER = "awaiting_customer"
    EXTENDED = "extended"
    APPROVED = "approved"
    REJECTED = "rejected"
    REFUND_PENDING = "refund_pending"
    REFUNDED = "refunded"
    REPLACEMENT_SENT = "replacement_sent"
    CUSTOMER_NOTIFIED = "customer_notified"
    APPEAL_FILED = "appeal_filed"
    APPEAL_UNDER_REVIEW = "appeal_under_review"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_REJECTED = "appeal_rejected"
    ESCALATED = "escalated"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Band(StrEnum):
    """How urgent a deadline is now (computed by ``policy.urgency``)."""

    AMPLE = "ample"  # more than a working day of working time left
    UNDER_DAY = "under_day"  # under a working day
    UNDER_4H = "under_4h"  # under four hours
    OVERDUE = "overdue"


FINAL_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.WITHDRAWN, CaseStatus.CANCELLED})


EVIDENCE_SOURCES = ("customer", "shop", "manufacturer", "third_party")


PAYMENT_METHODS = (
    "credit_card",
    "debit_card",
    "upi",
    "net_banking",
    "alipay",
    "wechat_pay",
    "paypal",
    "bank_transfer",
)

ESCALATION_KINDS = ("negotiation", "mediation", "arbitration", "litigation")


def humanize(code: str) -> str:
    """'non_delivery' -> 'Non delivery' for display where no label exists."""
    return code.replace("_", " ").capitalize()
