"""Escalations after a final rejection: negotiation, mediation, arbitration, litigation.

Each has a start date, a counterpart (mediator, court...), a reference and,
once known, an outcome. Several may follow one another on one case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemanager.domain import ESCALATION_KINDS
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.transitions import LifecycleError
from casemanager.store.bulk import save_now
from casemanager.store.models import Case, Escalation


@dataclass(frozen=True)
class EscalationInfo:
    id: int
    kind: str
    started_on: dt.date
    counterpart: str
    reference: str
    outcome: str


@uses_database
def list_escalations(ctx: AppContext, number: str) -> list[EscalationInfo]:
    case = transitions.get_case(ctx, number)
    return [
        EscalationInfo(e.id, e.kind, e.started_on, e.counterpart, e.reference, e.outcome)
        for e in case.escalations.order_by(Escalation.id)
    ]


@uses_database
def escalate(
    ctx: AppContext,
    number: str,
    kind: str,
    started_on: dt.date,
    counterpart: str,
    reference: str = "",
    outcome: str = "",
    note: str = "",
) -> Escalation:
    """Record that the dispute went to ``kind`` (one of ESCALATION_KINDS)."""
    if kind not in ESCALATION_KINDS:
        raise LifecycleError("kind", f"kind: choose one of {', '.join(ESCALATION_KINDS)}")
    if not counterpart.strip():
        raise LifecycleError("counterpart", "counterpart: name the other party or the body")
    if started_on > ctx.clock.now().date():
        raise LifecycleError("started_on", f"started_on: {started_on} is in the future")
    saved: list[Escalation] = []

    def write(case: Case, when: dt.datetime) -> dict:
        row = new_escalation(case, kind, started_on, counterpart, reference, outcome)
        saved.append(save_now(row))
        return escalated_data(row)

    transitions.perform(ctx, number, "escalate", note=note, change=write)
    return saved[0]


def new_escalation(
    case: Case, kind: str, started_on: dt.date, counterpart: str, reference: str, outcome: str
) -> Escalation:
    """The escalation row (not saved)."""
    return Escalation(
        case=case,
        kind=kind,
        started_on=started_on,
        counterpart=counterpart.strip(),
        reference=reference.strip(),
        outcome=outcome.strip(),
    )


def escalated_data(row: Escalation) -> dict:
    return {
        "escalation": row.id,
        "kind": row.kind,
        "started_on": row.started_on.isoformat(),
        "counterpart": row.counterpart,
        "reference": row.reference,
        "outcome": row.outcome,
    }


@uses_database
def record_outcome(
    ctx: AppContext, number: str, escalation_id: int, outcome: str, note: str = ""
) -> Escalation:
    """Record the outcome of one escalation of the case."""
    if not outcome.strip():
        raise LifecycleError("outcome", "outcome: say how the escalation ended")

    def write(case: Case, when: dt.datetime) -> dict:
        row = Escalation.get_or_none((Escalation.id == escalation_id) & (Escalation.case == case))
        if row is None:
            raise LifecycleError("escalation", f"escalation: no escalation {escalation_id}")
        old = row.outcome
        row.outcome = outcome.strip()
        row.save()
        return {"escalation": row.id, "old": old, "outcome": row.outcome}

    transitions.perform(ctx, number, "escalation_outcome", note=note, change=write)
    return Escalation.get_by_id(escalation_id)
