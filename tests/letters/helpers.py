"""Cases in the states each letter needs, built through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemanager.services.cases.records import create_case
from casemanager.services.lifecycle import appeals, transitions
from casemanager.services.lifecycle.decisions import DecisionInput, record_decision
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


def rejected(ctx, explanation="The key was reported after the report window.", **overrides):
    case = under_review(ctx, **overrides)
    record_decision(
        ctx,
        case.number,
        DecisionInput(
            outcome="rejected",
            clauses=["3.1", "2.1"],
            explanation=explanation,
            decided_by="tester",
            at=dt.datetime(2026, 3, 11, 11, 0, tzinfo=IST),
        ),
    )
    return case


def approved(ctx, remedy="refund", **overrides):
    case = under_review(ctx, **overrides)
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
