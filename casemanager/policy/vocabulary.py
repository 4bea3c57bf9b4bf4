"""The fixed vocabulary shared by every policy pack (POLICY-RULES.md, "Vocabulary").

Packs may relabel these codes but never invent new ones: a case, a letter and
an export must mean the same thing whichever pack decided it.
"""

from __future__ import annotations

REASONS: tuple[str, ...] = (
    "change_of_mind",
    "wrong_purchase",
    "incompatible",
    "duplicate_purchase",
    "lost_access",
    "invalid_code",
    "non_delivery",
    "wrong_item_sent",
    "technical_defect",
    "service_failure",
    "unauthorized",
    "fraud",
    "service_shutdown",
    "platform_termination",
    "cancellation",
)

EVIDENCE_KINDS: tuple[str, ...] = (
    "order_reference",
    "payment_proof",
    "error_screenshot",
    "non_delivery_proof",
    "defect_proof",
    "fraud_proof",
    "other",
)

PRODUCT_KINDS: tuple[str, ...] = (
    "license_key",
    "game_code",
    "gift_card",
    "in_game_item",
    "digital_content",
    "subscription",
)

REMEDIES: tuple[str, ...] = ("replacement", "refund")

DECISIONS: tuple[str, ...] = ("eligible", "ineligible", "premature", "needs_evidence")

# How a reason is decided: excluded outright (step 2), cancellation before
# delivery (step 3), or the window/evidence path (steps 4 to 7).
REASON_RESULTS: tuple[str, ...] = ("excluded", "cancel_before_delivery", "eligible")

# Instants a deadline may start from: claim fields plus case lifecycle events.
EVENTS: tuple[str, ...] = (
    "purchased_at",
    "delivered_at",
    "discovered_at",
    "reported_at",
    "verified_at",
    "approved_at",
    "notified_at",
    "appealed_at",
)

# The claim fields among EVENTS (the others only exist on a case).
CLAIM_EVENTS: tuple[str, ...] = (
    "purchased_at",
    "delivered_at",
    "discovered_at",
    "reported_at",
    "approved_at",
    "notified_at",
)

DEADLINE_RULES: tuple[str, ...] = ("calendar_days", "working_hours", "working_days")

# When a deadline applies: to every claim, only to third-party goods, or once
# its start event has happened.
DEADLINE_CONDITIONS: tuple[str, ...] = ("always", "third_party", "event")

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
