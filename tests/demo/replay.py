"""Record a case history one service call at a time, as the shop would by hand."""

from __future__ import annotations

from dataclasses import replace

from casemanager.clock import FixedClock
from casemanager.services.cases import records
from casemanager.services.cases.records import CaseHistory
from casemanager.services.evidence import intake
from casemanager.services.lifecycle import appeals, decisions, escalations, transitions
from casemanager.services.lifecycle.history import (
    AddEvidence,
    Decide,
    DecideAppeal,
    Escalate,
    FileAppeal,
    Move,
    ReviewAppeal,
    Step,
)


def replay(ctx, clock: FixedClock, history: CaseHistory) -> str:
    """Create the case and take each step through its public service, the clock reading
    each step's instant; the case number."""
    clock.set(history.created_at)
    number = records.create_case(ctx, history.new).number
    for step in history.steps:
        clock.set(step.at)
        _take(ctx, number, step)
    return number


def _take(ctx, number: str, step: Step) -> None:
    if isinstance(step, Move):
        transitions.transition(ctx, number, step.action, note=step.note, at=step.at)
    elif isinstance(step, Decide):
        decisions.record_decision(ctx, number, _cited(ctx, number, step))
    elif isinstance(step, FileAppeal):
        appeals.file_appeal(ctx, number, step.at, step.grounds, step.evidence_note, step.note)
    elif isinstance(step, ReviewAppeal):
        appeals.start_review(ctx, number, step.reviewer, step.note)
    elif isinstance(step, DecideAppeal):
        appeals.decide_appeal(ctx, number, _cited(ctx, number, step))
    elif isinstance(step, Escalate):
        escalations.escalate(
            ctx, number, step.kind, step.started_on, step.counterpart, step.reference,
            step.outcome, step.note,
        )  # fmt: skip
    elif isinstance(step, AddEvidence):
        result = intake.add_evidence(ctx, number, [replace(step.item)])
        assert not result.refused, result.refused
    else:
        raise TypeError(step)


def _cited(ctx, number: str, step: Decide | DecideAppeal):
    """The decision with the ids of the evidence its finding rests on, as the shop picks them."""
    with ctx.reading():
        case = transitions.get_case(ctx, number)
        ids = [i for i, kind in decisions.live_evidence(case) if kind in step.rests_on]
    return replace(step.decision, finding_evidence=[*step.decision.finding_evidence, *ids])
