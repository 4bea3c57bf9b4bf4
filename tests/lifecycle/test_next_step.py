"""The case offers the step its policy calls for next, and the letter it needs."""

from __future__ import annotations

import datetime as dt

from casemanager.domain import CaseStatus
from casemanager.services.letters import issuing
from casemanager.services.lifecycle import next_step, transitions
from casemanager.services.lifecycle.next_step import CaseState, NextStep
from casemanager.store.models import Deadline
from tests.letters import helpers


def test_a_new_claim_asks_first_to_be_acknowledged(ctx):
    """A claim just received offers 'Acknowledge receipt' with its deadline."""
    case = helpers.received(ctx)
    step = next_step.for_case(ctx, case.number)
    assert (step.text, step.action) == ("Acknowledge receipt", "acknowledge")
    ack = Deadline.get((Deadline.case == case.id) & (Deadline.name == "acknowledge_by"))
    assert step.due_at == ack.due_at


def test_after_a_rejection_the_rejection_letter_is_offered_then_the_appeal_window(ctx):
    """Rejecting offers the rejection letter; once it is issued, the appeal window."""
    case = helpers.rejected(ctx)
    step = next_step.for_case(ctx, case.number)
    assert (step.text, step.letter) == ("Write the rejection letter", "rejection")
    assert next_step.letter_to_write(ctx, case.number) == "rejection"
    issuing.issue(ctx, case.number, "rejection")
    assert transitions.get_case(ctx, case.number).status == CaseStatus.CUSTOMER_NOTIFIED
    step = next_step.for_case(ctx, case.number)
    appeal_by = Deadline.get((Deadline.case == case.id) & (Deadline.name == "appeal_by"))
    assert step.text == "Wait for an appeal" and step.action == "file_appeal"
    assert step.due_at == appeal_by.due_at
    assert "appeal until" in step.note


def test_an_approval_offers_its_letter_then_the_refund(ctx):
    """An approved refund offers the approval letter, then starting the refund."""
    case = helpers.approved(ctx)
    assert next_step.for_case(ctx, case.number).letter == "approval"
    assert next_step.letter_to_write(ctx, case.number) == "approval"
    issuing.issue(ctx, case.number, "approval")
    step = next_step.for_case(ctx, case.number)
    assert (step.text, step.action) == ("Start the refund", "start_refund")


def test_a_review_missing_proof_asks_for_it_and_a_complete_one_asks_for_the_decision(ctx):
    """Under review, missing evidence is asked for first; with the proof, the decision."""
    case = helpers.under_review(ctx)
    assert next_step.for_case(ctx, case.number).action == "request_info"
    helpers.with_proof(ctx, case.number)
    assert next_step.for_case(ctx, case.number).action == "decide"


def test_a_pack_without_appeals_says_so_after_a_rejection():
    """With no appeal in the policy the rejection step says the customer may escalate."""
    state = CaseState(
        status=CaseStatus.REJECTED,
        allowed=frozenset({"notify"}),
        letters_open=frozenset({"acknowledgement", "rejection"}),
        missing_evidence=False,
        remedy=None,
        appeals_allowed=0,
        due={},
    )
    step = next_step.next_step(state)
    assert step == NextStep(
        "Write the rejection letter",
        letter="rejection",
        note="The policy allows no appeal; the customer may escalate.",
    )
    closed = CaseState(CaseStatus.CLOSED, frozenset(), frozenset(), False, None, 1, {})
    assert next_step.next_step(closed) is None
    when = dt.datetime(2026, 3, 20, 18, 0, tzinfo=dt.UTC)
    notified = CaseState(
        CaseStatus.CUSTOMER_NOTIFIED, frozenset({"close"}), frozenset(), False, None, 0, {}
    )
    assert next_step.next_step(notified).action == "close"
    waiting = CaseState(
        CaseStatus.CUSTOMER_NOTIFIED,
        frozenset({"file_appeal", "close"}),
        frozenset(),
        False,
        None,
        1,
        {"appealed_at": when},
    )
    assert next_step.next_step(waiting).due_at == when
