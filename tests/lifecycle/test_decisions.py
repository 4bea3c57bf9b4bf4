"""Decisions: the pre-filled refund, a stated reason for another amount, written rejections."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casemanager.services.lifecycle import decisions, escalations
from casemanager.services.lifecycle.decisions import DecisionInput
from casemanager.services.lifecycle.transitions import LifecycleError
from casemanager.store.models import AuditEvent, Case, Decision, Evidence
from tests.letters.helpers import with_proof
from tests.lifecycle.walk import PATHS, antnum_case, walk


def _reviewing(ctx, proof: bool = True):
    """An eligible invalid-code claim under review (with its proof unless ``proof`` is off)."""
    case = antnum_case(ctx)
    walk(ctx, case.number, PATHS["under_review"])
    if proof:
        with_proof(ctx, case.number)
    return case


def _refused(ctx, number, given, field):
    events = AuditEvent.select().count()
    with pytest.raises(LifecycleError) as err:
        decisions.record_decision(ctx, number, given)
    assert err.value.field == field
    assert AuditEvent.select().count() == events and Decision.select().count() == 0
    return err.value.message


def test_refund_is_prefilled_from_the_assessment(ctx):
    """An approval without an amount refunds what the policy assessment computed."""
    case = _reviewing(ctx)
    assert decisions.proposal(ctx, case.number).refund_amount == Decimal("100.00")
    given = DecisionInput("approved", ["2.2.1"], "", "Owner", remedy="refund")
    decision = decisions.record_decision(ctx, case.number, given)
    assert decision.refund_amount == Decimal("100.00") and decision.currency == "CNY"
    assert decision.assessed_amount == Decimal("100.00")
    case = Case.get_by_id(case.id)
    assert case.status == "approved" and case.approved_at == ctx.clock.now()


def test_another_amount_needs_a_reason_and_never_more_than_paid(ctx):
    """A partial refund without a reason, or one above the price, is refused naming the field."""
    case = _reviewing(ctx)
    partial = DecisionInput("approved", ["2.2.1"], "", "Owner", remedy="refund")
    partial.refund_amount = "60.00"
    assert "differs from the assessed 100.00" in _refused(
        ctx, case.number, partial, "amount_reason"
    )
    partial.refund_amount = "120.00"
    assert "more than the 100.00 paid" in _refused(ctx, case.number, partial, "refund_amount")
    partial.refund_amount = "sixty"
    _refused(ctx, case.number, partial, "refund_amount")
    partial.refund_amount, partial.amount_reason = "60.00", "Code partly used"
    decision = decisions.record_decision(ctx, case.number, partial)
    assert decision.refund_amount == Decimal("60.00")
    assert decision.amount_reason == "Code partly used"


def test_rejection_needs_a_clause_and_a_written_explanation(ctx):
    """A rejection without a clause or without an explanation is refused (clause 3.3.3)."""
    case = _reviewing(ctx)
    no_clause = DecisionInput("rejected", [], "Redeemed on your account", "Owner")
    _refused(ctx, case.number, no_clause, "clauses")
    no_text = DecisionInput("rejected", ["3.3.2"], "   ", "Owner")
    _refused(ctx, case.number, no_text, "explanation")
    unknown = DecisionInput("rejected", ["9.9"], "x", "Owner")
    _refused(ctx, case.number, unknown, "clauses")
    nobody = DecisionInput("rejected", ["3.3.2"], "x", " ")
    _refused(ctx, case.number, nobody, "decided_by")
    found = "Activation server shows the code redeemed before delivery"
    given = DecisionInput("rejected", ["3.3.2"], "x", "Li", finding=found)
    given.finding_evidence = [e.id for e in Evidence.select()]
    decisions.record_decision(ctx, case.number, given)
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert event.kind == "decided" and event.data["clauses"] == ["3.3.2"]
    assert event.data["decided_by"] == "Li"


def test_escalation_needs_a_known_kind_and_a_counterpart(ctx):
    """An escalation of an unknown kind or without a counterpart is refused naming the field."""
    case = antnum_case(ctx)
    walk(ctx, case.number, PATHS["appeal_rejected"])
    today = ctx.clock.now().date()
    with pytest.raises(LifecycleError) as err:
        escalations.escalate(ctx, case.number, "duel", today, "X")
    assert err.value.field == "kind"
    with pytest.raises(LifecycleError) as err:
        escalations.escalate(ctx, case.number, "litigation", today, "")
    assert err.value.field == "counterpart"
    row = escalations.escalate(ctx, case.number, "litigation", today, "District court", "C-1")
    escalations.record_outcome(ctx, case.number, row.id, "Claim dismissed")
    (info,) = escalations.list_escalations(ctx, case.number)
    assert (info.kind, info.reference, info.outcome) == ("litigation", "C-1", "Claim dismissed")
