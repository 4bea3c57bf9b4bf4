"""Undo of the last step: the case comes back, the trail only grows and still verifies."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from casemanager.domain import CaseStatus
from casemanager.services.admin import integrity
from casemanager.services.evidence import intake
from casemanager.services.letters import issuing
from casemanager.services.lifecycle import transitions, undo
from casemanager.services.lifecycle.decisions import DecisionInput, record_decision
from casemanager.services.lifecycle.undo import UndoRefused
from casemanager.store.models import AuditEvent, Case, Deadline, Decision, Evidence, Order
from tests.factories import IST, new_case
from tests.letters import helpers


def _trail(case_id: int) -> list[tuple[int, str]]:
    return [
        (e.id, e.kind)
        for e in AuditEvent.select().where(AuditEvent.case == case_id).order_by(AuditEvent.id)
    ]


def _deadlines(case_id: int) -> list[tuple[str, dt.datetime, str]]:
    rows = Deadline.select().where(Deadline.case == case_id).order_by(Deadline.name)
    return [(d.name, d.due_at, d.state) for d in rows]


def _undo_next(ctx, number, step):
    """Take the step after a checkpoint, then undo it; the trail before and after."""
    case_id = Case.get(Case.number == number).id
    point = undo.checkpoint(ctx, number)
    before = _trail(case_id)
    step()
    offer = undo.offer(ctx, point)
    assert offer is not None and offer.text.startswith("Undo ")
    what = undo.undo(ctx, offer)
    after = _trail(case_id)
    assert after[: len(before)] == before  # nothing deleted or rewritten
    assert [k for _i, k in after[len(before) :]][-1] == "undone"
    event = AuditEvent.get_by_id(after[-1][0])
    assert event.data["undoes"] == after[-2][0] and event.data["what"] == what
    assert integrity.verify(ctx).ok
    return offer, event


def test_undoing_a_rejection_brings_the_review_back_with_its_deadlines(ctx):
    """After undoing a rejection the case is under review again with the review clock."""
    case = helpers.under_review(ctx)
    deadlines_before = _deadlines(case.id)
    decision = DecisionInput(
        outcome="rejected",
        clauses=["3.1"],
        explanation="Reported too late.",
        decided_by="tester",
        at=dt.datetime(2026, 3, 11, 11, 0, tzinfo=IST),
    )
    offer, event = _undo_next(ctx, case.number, lambda: record_decision(ctx, case.number, decision))
    assert offer.text == f"Undo decision (rejected) on {case.number}"
    again = Case.get_by_id(case.id)
    assert again.status == CaseStatus.UNDER_REVIEW
    assert again.decided_at is None and again.verified_at is None
    assert Decision.select().where(Decision.case == case.id).count() == 0
    assert _deadlines(case.id) == deadlines_before
    assert event.data["undone_kind"] == "decided" and "status" in event.data["restored"]


def test_undoing_a_lifecycle_step_clears_its_event(ctx):
    """Undoing 'Acknowledge receipt' makes the claim received again, its clock running."""
    case = helpers.received(ctx)
    ack = dt.datetime(2026, 3, 10, 12, 0, tzinfo=IST)
    _undo_next(
        ctx, case.number, lambda: transitions.transition(ctx, case.number, "acknowledge", at=ack)
    )
    again = Case.get_by_id(case.id)
    assert again.status == CaseStatus.RECEIVED and again.acknowledged_at is None
    ack_by = Deadline.get((Deadline.case == case.id) & (Deadline.name == "acknowledge_by"))
    assert ack_by.state == "open" and ack_by.met_at is None


def test_undoing_an_evidence_removal_puts_the_file_back(ctx):
    """A removed file comes back live, and the checklist counts it again."""
    case = helpers.under_review(ctx)
    first, _second = helpers.with_proof(ctx, case.number)
    _undo_next(ctx, case.number, lambda: intake.remove_evidence(ctx, first, "wrong file"))
    back = Evidence.get_by_id(first)
    assert back.removed_at is None and back.removed_reason is None


def test_undoing_a_field_edit_restores_the_old_values(ctx):
    """An edit of the amount and the order id is undone to the values before it."""
    case = helpers.received(ctx)
    edited = dataclasses.replace(
        new_case(**helpers.ANTNUM), amount_paid=Decimal("10.00"), order_ref="X-1"
    )
    from casemanager.services.cases import records

    _undo_next(ctx, case.number, lambda: records.update_case(ctx, case.number, edited, "typo"))
    order = Order.get_by_id(Case.get_by_id(case.id).order_id)
    assert (order.amount_paid, order.order_ref) == (Decimal("8499.00"), "AN-2026-0310")


def test_an_issued_letter_is_never_undone(ctx):
    """After issuing the rejection letter, no undo is offered and undo says why."""
    case = helpers.rejected(ctx)
    point = undo.checkpoint(ctx, case.number)
    issuing.issue(ctx, case.number, "rejection")
    assert undo.offer(ctx, point) is None
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    fake = undo.UndoOffer(point, event.id, event.kind, "Undo", event.at)
    with pytest.raises(UndoRefused, match="a correction is a new letter"):
        undo.undo(ctx, fake)


def test_undo_is_refused_once_the_case_moved_on_or_the_while_is_over(ctx, clock):
    """A later step, or half an hour passing, ends the undo of the earlier one."""
    case = helpers.received(ctx)
    point = undo.checkpoint(ctx, case.number)
    transitions.transition(ctx, case.number, "acknowledge")
    offer = undo.offer(ctx, point)
    transitions.transition(ctx, case.number, "start_review")
    assert undo.offer(ctx, point) is None
    with pytest.raises(UndoRefused, match="only the latest step"):
        undo.undo(ctx, offer)
    point = undo.checkpoint(ctx, case.number)
    transitions.transition(ctx, case.number, "withdraw", note="customer sorted it")
    assert undo.offer(ctx, point) is None  # final
    other = helpers.received(ctx, order_ref="AN-2026-0311")
    point = undo.checkpoint(ctx, other.number)
    transitions.transition(ctx, other.number, "acknowledge")
    offer = undo.offer(ctx, point)
    clock.set(clock.now() + undo.UNDO_WINDOW + dt.timedelta(seconds=1))
    assert undo.offer(ctx, point) is None
    with pytest.raises(UndoRefused, match="more than 30 minutes old"):
        undo.undo(ctx, offer)
