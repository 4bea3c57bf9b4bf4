"""Drive a case through its lifecycle with plausible default inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemanager.domain import CaseStatus
from casemanager.services.cases import records
from casemanager.services.lifecycle import appeals, decisions, escalations, transitions
from casemanager.services.lifecycle.decisions import DecisionInput
from tests.factories import new_case

CN = dt.timezone(dt.timedelta(hours=8))


def antnum_case(ctx, **overrides):
    """A third-party Steam code reported as invalid on 2026-03-10 10:00 Shanghai time."""
    values = dict(
        policy_id="antnum",
        policy_version="2025-08-13",
        currency="CNY",
        product_name="Steam Wallet Code CNY 100",
        product_kind="gift_card",
        third_party=True,
        order_ref="AN-20260309-0001",
        amount_paid=Decimal("100.00"),
        purchased_at=dt.datetime(2026, 3, 9, 10, 0, tzinfo=CN),
        delivered_at=dt.datetime(2026, 3, 9, 10, 1, tzinfo=CN),
        reported_at=dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN),
    )
    values.update(overrides)
    return records.create_case(ctx, new_case(**values))


# The walked cases carry no evidence, so each decision is an override with a finding.
MISSING_PROOF = "The vendor's records confirm the claim although the customer sent no proof."


def approve(remedy="refund", by="Owner", clause="2.2.1"):
    return DecisionInput(
        "approved", [clause], "Code was invalid", by, remedy=remedy, finding=MISSING_PROOF
    )


def reject(by="Owner", clause="3.2"):
    return DecisionInput(
        "rejected",
        [clause],
        "The code was redeemed on your account",
        by,
        finding="No proof arrived by the reply date.",
    )


def _clause(ctx, number: str, antnum: str, antimart: str) -> str:
    return antnum if transitions.get_case(ctx, number).policy_id == "antnum" else antimart


DRIVERS = {
    "request_info": lambda ctx, n: transitions.request_info(ctx, n, "Send the error screenshot"),
    "extend": lambda ctx, n: transitions.request_extension(ctx, n, "Vendor check, 10 days"),
    "decide": lambda ctx, n: decisions.record_decision(ctx, n, approve()),
    "decide_reject": lambda ctx, n: decisions.record_decision(
        ctx, n, reject(clause=_clause(ctx, n, "3.2", "3"))
    ),
    "decide_replace": lambda ctx, n: decisions.record_decision(ctx, n, approve("replacement")),
    "file_appeal": lambda ctx, n: appeals.file_appeal(ctx, n, ctx.clock.now(), "Never used it"),
    "review_appeal": lambda ctx, n: appeals.start_review(ctx, n, "Manager"),
    "decide_appeal": lambda ctx, n: appeals.decide_appeal(ctx, n, approve(by="Manager")),
    "decide_appeal_reject": lambda ctx, n: appeals.decide_appeal(ctx, n, reject("Manager")),
    "escalate": lambda ctx, n: escalations.escalate(
        ctx, n, "mediation", ctx.clock.now().date(), "Consumer council", "MC-1"
    ),
    "escalation_outcome": lambda ctx, n: escalations.record_outcome(
        ctx, n, ([0] + [e.id for e in escalations.list_escalations(ctx, n)])[-1], "Settled"
    ),
}

_REVIEW = ["acknowledge", "start_review"]
_REJECTED = [*_REVIEW, "decide_reject", "notify"]
_APPEALED = [*_REJECTED, "file_appeal", "review_appeal"]
PATHS: dict[CaseStatus, list[str]] = {
    CaseStatus.RECEIVED: [],
    CaseStatus.ACKNOWLEDGED: ["acknowledge"],
    CaseStatus.UNDER_REVIEW: _REVIEW,
    CaseStatus.AWAITING_CUSTOMER: [*_REVIEW, "request_info"],
    CaseStatus.EXTENDED: [*_REVIEW, "extend"],
    CaseStatus.APPROVED: [*_REVIEW, "decide"],
    CaseStatus.REFUND_PENDING: [*_REVIEW, "decide", "start_refund"],
    CaseStatus.REFUNDED: [*_REVIEW, "decide", "start_refund", "refund_paid"],
    CaseStatus.REPLACEMENT_SENT: [*_REVIEW, "decide_replace", "send_replacement"],
    CaseStatus.REJECTED: [*_REVIEW, "decide_reject"],
    CaseStatus.CUSTOMER_NOTIFIED: _REJECTED,
    CaseStatus.APPEAL_FILED: [*_REJECTED, "file_appeal"],
    CaseStatus.APPEAL_UNDER_REVIEW: _APPEALED,
    CaseStatus.APPEAL_UPHELD: [*_APPEALED, "decide_appeal"],
    CaseStatus.APPEAL_REJECTED: [*_APPEALED, "decide_appeal_reject"],
    CaseStatus.ESCALATED: [*_APPEALED, "decide_appeal_reject", "escalate"],
    CaseStatus.CLOSED: [*_APPEALED, "decide_appeal_reject", "escalate", "close"],
    CaseStatus.WITHDRAWN: ["withdraw"],
}


def do(ctx, number: str, step: str):
    """Perform one step (an action name, or a DRIVERS variant such as 'decide_reject')."""
    driver = DRIVERS.get(step)
    if driver is not None:
        return driver(ctx, number)
    return transitions.transition(ctx, number, step, note=f"test: {step}")


def walk(ctx, number: str, steps: list[str]) -> None:
    for step in steps:
        do(ctx, number, step)
