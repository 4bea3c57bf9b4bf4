"""A case's stored deadlines: its planned deadlines as rows, and its next due instant.

Recording cases (one claim at a time or a hundred thousand sample cases) stores
what ``store_deadlines`` plans, so both hold the same rows by construction;
``deadline_values`` and ``set_next_due`` are the columns ``refresh_case`` keeps
up to date on an existing case.
"""

from __future__ import annotations

import datetime as dt

# The deadline planner, imported here only.
from casemanager.policy.case_deadlines import CaseFacts, DeadlineState, next_due, plan_deadlines
from casemanager.policy.deadlines import is_shop_duty
from casemanager.policy.model import PolicyPack
from casemanager.store.bulk import NewRows
from casemanager.store.models import Case, Deadline

__all__ = [
    "CaseFacts",
    "deadline_values",
    "due_at",
    "reminds",
    "set_next_due",
    "store_deadlines",
]


def store_deadlines(case: Case, pack: PolicyPack, facts: CaseFacts, rows: NewRows) -> int:
    """Plan the case's deadlines from its facts, add their rows, set its next-due columns.

    For a case that has no deadline rows yet (and already has its id); returns how many
    it now has.
    """
    states = plan_deadlines(pack, facts)
    for state in states:
        rows.add(Deadline, {"case": case, **deadline_values(pack, state)})
    set_next_due(case, states)
    return len(states)


def deadline_values(pack: PolicyPack, state: DeadlineState) -> dict:
    """The stored columns of one planned deadline under the case's pack."""
    return {
        "name": state.name,
        "due_at": state.due_at,
        "state": state.state,
        "met_at": state.met_at,
        "explanation": state.explanation,
        "reminds": reminds(pack, state.name, state.state),
    }


def reminds(pack: PolicyPack, name: str, state: str) -> bool:
    """Whether Reminders list this deadline: it is open and the shop's own duty."""
    return state == "open" and is_shop_duty(pack, name)


def set_next_due(case: Case, states: list[DeadlineState]) -> None:
    """The case list sorts by the first deadline the shop must meet."""
    first = next_due(states)
    case.next_due_at = first.due_at if first else None
    case.next_due_name = first.name if first else None


def due_at(pack: PolicyPack, facts: CaseFacts, name: str) -> dt.datetime | None:
    """When the deadline ``name`` falls for these facts (None when the case has none)."""
    return next((s.due_at for s in plan_deadlines(pack, facts) if s.name == name), None)
