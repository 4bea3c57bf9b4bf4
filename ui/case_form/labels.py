"""Words the case form and its assessment panel show for the service's codes."""

from __future__ import annotations

# A claim problem names a draft field; the panel shows the form's label for it.
FIELD_LABELS = {
    "policy_id": "Policy",
    "policy": "Policy",
    "reason": "Reason",
    "purchased_at": "Purchase date",
    "reported_at": "Report date",
    "amount": "Amount paid",
    "subscription": "Subscription period",
}
DECISION_LABELS = {
    "eligible": "Eligible",
    "ineligible": "Not eligible",
    "premature": "Too early",
    "needs_evidence": "Needs evidence",
}


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " "))


def decision_label(code: str) -> str:
    return DECISION_LABELS.get(code, code)
