"""Cases in the states each letter needs, built through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemanager.services.cases.records import create_case
from casemanager.services.evidence.intake import NewEvidence, add_evidence
from casemanager.services.lifecycle import appeals, transitions
from casemanager.services.lifecycle.decisions import DecisionInput, record_decision
from tests.evidence.files import png
from tests.factories import IST, new_case

# ANTNUM allows one appeal, so its rejections carry an appeal deadline.
ANTNUM = {
    "policy_id": "antnum",
    "policy_version": "2025-08-13",
    "customer_name": "张伟",
    "customer_email": "zhang.wei@example.cn",
    "order_ref": "AN-2026-0310",
    "product_name": "Genshin Impact 6480 Genesis Crystals",
    "product_kind": "game_code",
    "purchased_at": dt.datetime(2026, 3, 2, 10, 0, tzinfo=IST),
    "delivered_at": dt.datetime(2026, 3, 2, 10, 1, tzinfo=IST),
    "reported_at": dt.datetime(2026, 3, 10, 10, 0, tzinfo=IST),
    "reason": "invalid_code",
    "amount_paid": Decimal("8499.00"),
}


def received(ctx, **overrides):
    return create_case(ctx, new_case(**{**ANTNUM, **overrides}))


def under_review(ctx, **overrides):
    case = received(ctx, **overrides)
    transitions.transition(
        ctx, case.number, "acknowledge", at=dt.datetime(2026, 3, 10, 12, 0, tzinfo=IST)
    )
    transitions.transition(
        ctx, case.number, "start_review", at=dt.datetime(2026, 3, 10, 13, 0, tzinfo=IST)
    )
    return case


def with_proof(ctx, number: str) -> list[int]:
    """Attach the payment proof and the error screenshot an invalid-code claim needs."""
    at = dt.datetime(2026, 3, 10, 10, 30, tzinfo=IST)
    items = [
        NewEvidence(b"Payment receipt\nTransaction 4471\nStatus: OK\n", "receipt.txt",
                    "payment_proof", at),
        NewEvidence(png(), "error.png", "error_screenshot", at + dt.timedelta(minutes=5)),
    ]  # fmt: skip
    result = add_evidence(ctx, number, items)
    assert not result.refused
    return [e.id for e in result.added]


def rejected(ctx, explanation="The key was reported after the report window.", **overrides):
    case = under_review(ctx, **overrides)
    record_decision(
        ctx,
        case.number,
        DecisionInput(
            outcome="rejected",
            clauses=["3.1"],
            explanation=explanation,
            decided_by="tester",
            at=dt.datetime(2026, 3, 11, 11, 0, tzinfo=IST),
        ),
    )
    return case


def approved(ctx, remedy="refund", **overrides):
    """An eligible claim (discovered within the window, with its proof), approved."""
    discovered = dt.datetime(2026, 3, 9, 18, 0, tzinfo=IST)
    case = under_review(ctx, **{"discovered_at": discovered, **overrides})
    with_proof(ctx, case.number)
    record_decision(
        ctx,
        case.number,
        DecisionInput(
            outcome="approved",
            remedy=remedy,
            clauses=["2.2.1"],
            explanation="The manufacturer confirmed the code was already redeemed.",
            decided_by="tester",
            refund_amount=Decimal("8499.00") if remedy == "refund" else None,
            at=dt.datetime(2026, 3, 11, 11, 0, tzinfo=IST),
        ),
    )
    return case


def appealed(ctx):
    case = rejected(ctx)
    from casemanager.services.letters import issuing

    issuing.issue(ctx, case.number, "rejection")
    appeals.file_appeal(
        ctx, case.number, ctx.clock.now(), grounds="I reported within 7 days of discovery."
    )
    return case
