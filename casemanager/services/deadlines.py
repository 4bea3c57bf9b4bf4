"""Which policy clocks a case has, from the events recorded on it."""

from __future__ import annotations

import datetime as dt

from casemanager.domain import FINAL_STATUSES
from casemanager.policy.assessment import deadline
from casemanager.policy.calendar import DueDate
from casemanager.policy.model import PolicyPack
from casemanager.policy.packs import load_pack
from casemanager.store.models import Case, Deadline


def case_deadlines(
    pack: PolicyPack, events: dict[str, dt.datetime | None], third_party: bool
) -> dict[str, DueDate]:
    """Every deadline of ``pack`` whose start event has happened and whose condition holds."""
    due: dict[str, DueDate] = {}
    for rule in pack.deadlines:
        start = events.get(rule.start)
        if start is None or (rule.when == "third_party" and not third_party):
            continue
        due[rule.name] = deadline(pack, rule.name, start)
    return due


def case_events(case: Case) -> dict[str, dt.datetime | None]:
    """The instants the pack's deadline rules may start from, as recorded on the case."""
    order = case.order
    return {
        "purchased_at": order.purchased_at,
        "delivered_at": order.delivered_at,
        "discovered_at": case.discovered_at,
        "reported_at": case.reported_at,
    }


def refresh_case(case: Case) -> None:
    """Recompute and store the case's deadlines and its next due instant.

    Call inside the transaction that changed the case's events or dates. Stored
    state (met, missed) of a deadline that still applies is kept.
    """
    pack = load_pack(case.policy_id)
    due = case_deadlines(pack, case_events(case), case.order.product.third_party)
    existing = {d.name: d for d in Deadline.select().where(Deadline.case == case)}
    for name, row in existing.items():
        if name not in due:
            row.delete_instance()
    for name, d in due.items():
        row = existing.get(name) or Deadline(case=case, name=name)
        row.due_at = d.instant
        row.explanation = d.explanation.lines()
        if row.met_at is not None:
            row.state = "met" if row.met_at <= d.instant else "missed"
        row.save()
    open_rows = [
        (d.instant, name)
        for name, d in due.items()
        if existing.get(name) is None or existing[name].met_at is None
    ]
    first = min(open_rows) if open_rows and case.status not in FINAL_STATUSES else None
    case.next_due_at = first[0] if first else None
    case.next_due_name = first[1] if first else None
    case.save()
