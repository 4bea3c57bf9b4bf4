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


def test_remedy_must_be_one_the_reason_offers(ctx):
    """A replacement where the pack offers only a refund for the reason is refused by name."""
    case = antnum_case(ctx, reason="service_failure", product_kind="digital_content")
    walk(ctx, case.number, PATHS["under_review"])
    given = DecisionInput("approved", ["2.2.2"], "", "Owner", remedy="replacement")
    message = _refused(ctx, case.number, given, "remedy")
    assert "offers refund for service failure, not replacement" in message


def test_rejection_clauses_never_include_the_granting_clause(ctx):
    """An eligible claim's rejection may cite window, evidence or verification, never 2.2.1."""
    case = _reviewing(ctx)
    proposal = decisions.proposal(ctx, case.number)
    assert proposal.assessment == "eligible"
    assert [cid for cid, _ in proposal.rejection_choices] == ["3.1", "3.2", "3.3.2"]
    given = DecisionInput("rejected", ["2.2.1"], "Not covered", "Owner", finding="x")
    assert "2.2.1 cannot support a rejection" in _refused(ctx, case.number, given, "clauses")


def test_rejecting_an_eligible_claim_is_an_override_with_finding_evidence_and_who(ctx):
    """Rejecting what the policy grants needs a finding and the evidence; both are kept."""
    case = _reviewing(ctx)
    bare = DecisionInput("rejected", ["3.3.2"], "Our check found the key used.", "Asha")
    message = _refused(ctx, case.number, bare, "finding")
    assert "rejecting a claim the policy finds eligible" in message
    found = "The manufacturer's server shows the key activated on 9 March, before the claim."
    no_proof = DecisionInput("rejected", ["3.3.2"], "Used key.", "Asha", finding=found)
    _refused(ctx, case.number, no_proof, "override_evidence")
    no_proof.finding_evidence = [999]
    assert "not evidence on this case: 999" in _refused(
        ctx, case.number, no_proof, "override_evidence"
    )
    ids = [e.id for e in Evidence.select().order_by(Evidence.id)]
    given = DecisionInput("rejected", ["3.3.2"], "Used key.", "Asha", finding=found)
    given.finding_evidence = ids[:1]
    decisions.record_decision(ctx, case.number, given)
    row = Decision.get()
    assert row.override_finding == found and row.override_evidence == ids[:1]
    assert row.decided_by == "Asha" and row.assessment_snapshot["decision"] == "eligible"
    assert row.assessment_snapshot["departure"] == "rejecting a claim the policy finds eligible"
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert event.data["override"] == {"finding": found, "evidence": ids[:1]}
    assert event.data["assessment"] == "eligible"


def test_decision_that_follows_the_assessment_records_no_override(ctx):
    """An approval of an eligible claim stores the assessment beside it and no finding."""
    case = _reviewing(ctx)
    given = DecisionInput("approved", ["2.2.1"], "", "Owner", remedy="refund", finding="ignored")
    decisions.record_decision(ctx, case.number, given)
    row = Decision.get()
    assert row.override_finding == "" and row.override_evidence == []
    assert row.assessment_snapshot["decision"] == "eligible"
    assert row.assessment_snapshot["clauses"] == ["2.2.1"]


def test_approving_with_proof_missing_needs_a_finding(ctx):
    """Deciding while required proof is missing is an override, even when approving."""
    case = _reviewing(ctx, proof=False)
    given = DecisionInput("approved", ["2.2.1"], "", "Owner", remedy="refund")
    assert "evidence is missing" in _refused(ctx, case.number, given, "finding")
    given.finding = "The vendor confirmed the code invalid by e-mail on 10 March."
    assert decisions.record_decision(ctx, case.number, given).override_finding


def test_a_decision_explanation_over_the_limit_is_refused(ctx):
    """A pasted log as an explanation would be issued as a letter of many pages."""
    from casemanager.services.lifecycle import decisions as dec
    from tests.letters import helpers as lh

    case = lh.under_review(ctx)
    given = dec.DecisionInput(
        "rejected", ["3.2"], "x" * (dec.EXPLANATION_LIMIT + 1), decided_by="Asha"
    )
    with pytest.raises(dec.LifecycleError) as caught:
        dec.record_decision(ctx, case.number, given)
    assert caught.value.field == "explanation" and "at most 5000" in str(caught.value)
