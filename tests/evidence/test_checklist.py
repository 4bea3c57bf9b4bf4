"""The proof checklist and the assessment that follows the evidence."""

from __future__ import annotations

import datetime as dt

from casemanager.services.cases import records
from casemanager.services.evidence import intake
from casemanager.services.evidence.checklist import case_assessment, checklist
from casemanager.services.evidence.intake import NewEvidence
from tests.evidence import files
from tests.factories import new_case

RECEIVED = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)


def test_checklist_ticks_as_evidence_arrives_and_decision_follows(ctx):
    """Attaching the error screenshot ticks it and turns 'needs evidence' into 'eligible'."""
    number = records.create_case(ctx, new_case()).number
    items = checklist(ctx, number)
    assert [(i.kind, i.satisfied) for i in items] == [
        ("order_reference", True),
        ("error_screenshot", False),
    ]
    assert "AM-1001" in items[0].note
    assert case_assessment(ctx, number).decision == "needs_evidence"
    (added,) = intake.add_evidence(
        ctx, number, [NewEvidence(files.png(), "err.png", "error_screenshot", RECEIVED)]
    ).added
    assert all(i.satisfied for i in checklist(ctx, number))
    assert case_assessment(ctx, number).decision == "eligible"
    intake.remove_evidence(ctx, added.id, "wrong customer")
    assert not checklist(ctx, number)[1].satisfied
    assert case_assessment(ctx, number).assessment.missing_evidence == ("error_screenshot",)


def test_empty_order_id_leaves_order_reference_unticked(ctx):
    """Without an order number the order reference must be proven by a file."""
    number = records.create_case(
        ctx, new_case(order_ref=" ", policy_id="antnum", reason="non_delivery", delivered_at=None)
    ).number
    items = checklist(ctx, number)
    assert [i.kind for i in items] == ["order_reference", "payment_proof", "non_delivery_proof"]
    assert not any(i.satisfied for i in items)
    assert all(i.label for i in items)


def test_reason_without_required_proof_has_an_empty_checklist(ctx):
    """An excluded reason asks for no proof at all."""
    number = records.create_case(ctx, new_case(reason="change_of_mind")).number
    assert checklist(ctx, number) == []
    assert case_assessment(ctx, number).decision == "ineligible"
