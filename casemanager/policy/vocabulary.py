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

# Lifecycle events recorded on a case, in lifecycle order. A deadline is met by one
# of them (or by the report itself) and may bind only once one is recorded.
CASE_EVENTS: tuple[str, ...] = (
    "acknowledged_at",
    "review_started_at",
    "info_requested_at",
    "info_received_at",
    "extension_notice_at",
    "verified_at",
    "decided_at",
    "approved_at",
    "notified_at",
    "remedied_at",
    "appealed_at",
)

# The events that can meet a deadline.
MET_BY_EVENTS: tuple[str, ...] = ("reported_at", *CASE_EVENTS)

# Events done by the customer: a deadline they meet is the customer's to meet.
CUSTOMER_EVENTS: tuple[str, ...] = ("reported_at", "info_received_at", "appealed_at")

# Whose deadline it is: a duty of the shop, or a window of the customer (an appeal),
# whose running out is never the shop being late.
DEADLINE_SIDES: tuple[str, ...] = ("shop", "customer")

# Dates the policy layer gives every case besides the pack's deadlines: the end of
# the report window (met by the report; the customer's) and, for a premature claim,
# the earliest instant it can be decided (not a duty of anyone).
REPORT_WINDOW = "report_window"
ELIGIBLE_FROM = "eligible_from"
# And, once the shop asks the customer for information, the reply-by date (the pack's
# ``information_reply_days`` working days): met by the information received; when it
# passes unmet the shop follows up or decides on what it has, so it counts as its date.
INFORMATION_REPLY = "information_reply_by"

DEADLINE_RULES: tuple[str, ...] = ("calendar_days", "working_hours", "working_days")

# When a deadline applies: to every claim, only to third-party goods, or once
# its start event has happened.
DEADLINE_CONDITIONS: tuple[str, ...] = ("always", "third_party", "event")

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
