"""Undo of the last step on a case, for a while after it was taken.

Before a step the desk takes a ``checkpoint`` (the case's rows as they are);
``undo`` puts them back when the step is still the case's latest event and
still recent, recomputes the deadlines and records a compensating ``undone``
event: the audit trail only grows, so ``verify`` still passes. An issued
letter (a correction is a new letter), a purge and a closed, withdrawn or
cancelled case are final and are never undone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from casemanager.errors import DomainError
from casemanager.services import audit
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.deadlines import refresh_case
from casemanager.store.models import (
    Appeal,
    AuditEvent,
    Case,
    Customer,
    Decision,
    Escalation,
    Evidence,
    Order,
    ProviderDeadline,
)

UNDO_WINDOW = dt.timedelta(minutes=30)

# What each undoable event is called in "Undo …".
UNDOABLE: dict[str, str] = {
    "acknowledged": "acknowledgement",
    "review_started": "start of the review",
    "info_requested": "information request",
    "info_received": "information received",
    "review_extended": "extension of the review",
    "decided": "decision",
    "customer_notified": "customer notified",
    "refund_started": "start of the refund",
    "refunded": "refund paid",
    "replacement_sent": "replacement sent",
    "appeal_filed": "appeal filed",
    "appeal_review_started": "start of the appeal review",
    "appeal_decided": "appeal decision",
    "escalated": "escalation",
    "escalation_outcome": "escalation outcome",
    "evidence_removed": "removal of evidence",
    "evidence_verified": "evidence marked verified",
    "case_corrected": "edit of the case",
    "event_corrected": "date correction",
    "provider_evidence_sent": "evidence sent to the payment provider",
}
# Why the others cannot be undone, said when asked.
FINAL: dict[str, str] = {
    "letter_issued": "an issued letter cannot be undone; a correction is a new letter",
    "closed": "a closed case is final",
    "withdrawn": "a withdrawn claim is final",
    "cancelled": "a cancelled order is final",
    "evidence_purged": "purged files are gone",
}
# Rows that belong to the case and that a step creates or changes (children first).
_CHILDREN = (Escalation, Appeal, Decision, Evidence, ProviderDeadline)
_FIXED = ("id", "number", "created_at", "customer", "order")


class UndoRefused(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "undo")


@dataclass(frozen=True)
class Checkpoint:
    """The case's rows before a step (plain values; nothing of the database leaves)."""

    number: str
    case_id: int
    last_event: int  # the case's latest audit event id then (0: none)
    case: dict = field(repr=False)
    order: dict = field(repr=False)
    customer: dict = field(repr=False)
    children: dict[str, dict[int, dict]] = field(repr=False)


@dataclass(frozen=True)
class UndoOffer:
    """A step that can be undone now: ``text`` names it ("Undo decision (rejected) on …")."""

    checkpoint: Checkpoint
    event_id: int
    kind: str
    text: str
    until: dt.datetime


def _values(row) -> dict:  # noqa: ANN001 (any model)
    return dict(row.__data__)


def _last_event(case_id: int) -> AuditEvent | None:
    return (
        AuditEvent.select().where(AuditEvent.case == case_id).order_by(AuditEvent.id.desc()).first()
    )


@uses_database
def checkpoint(ctx: AppContext, number: str) -> Checkpoint:
    """The case as it is now, to come back to if the next step is undone."""
    with ctx.reading():
        case = transitions.get_case(ctx, number)
        last = _last_event(case.id)
        children = {
            model.__name__: {r.id: _values(r) for r in model.select().where(model.case == case.id)}
            for model in _CHILDREN
        }
        return Checkpoint(
            number=number,
            case_id=case.id,
            last_event=last.id if last else 0,
            case=_values(case),
            order=_values(Order.get_by_id(case.order_id)),
            customer=_values(Customer.get_by_id(case.customer_id)),
            children=children,
        )


def _step_after(point: Checkpoint) -> AuditEvent:
    """The one event recorded on the case since ``point``; UndoRefused otherwise."""
    events = list(
        AuditEvent.select()
        .where((AuditEvent.case == point.case_id) & (AuditEvent.id > point.last_event))
        .order_by(AuditEvent.id)
    )
    if not events:
        raise UndoRefused(f"nothing was done on {point.number} since; nothing to undo")
    if len(events) > 1:
        raise UndoRefused(
            f"{point.number} changed again since (latest: {_name(events[-1])}); "
            "only the latest step can be undone"
        )
    return events[0]


def _name(event: AuditEvent) -> str:
    return UNDOABLE.get(event.kind) or event.kind.replace("_", " ")


def _why_final(event: AuditEvent) -> str | None:
    if event.kind == "customer_notified" and (event.data or {}).get("letter"):
        return FINAL["letter_issued"]
    if event.kind == "undone":
        return "it is itself an undo"
    if event.kind not in UNDOABLE:
        return FINAL.get(event.kind, f"{_name(event)} cannot be undone")
    return None


def _label(event: AuditEvent) -> str:
    data = event.data or {}
    detail = data.get("outcome") or data.get("name") or ""
    return f"{_name(event)}{f' ({detail})' if detail else ''}"


@uses_database
def offer(ctx: AppContext, point: Checkpoint) -> UndoOffer | None:
    """The undo the step taken after ``point`` allows, or None (final, stale or too old)."""
    with ctx.reading():
        try:
            event = _step_after(point)
        except UndoRefused:
            return None
        until = event.at + UNDO_WINDOW
        if _why_final(event) or ctx.clock.now() > until:
            return None
        text = f"Undo {_label(event)} on {point.number}"
        return UndoOffer(point, event.id, event.kind, text, until)


@uses_database
def undo(ctx: AppContext, undo_offer: UndoOffer) -> str:
    """Put the case back as it was before the step; one transaction, one ``undone`` event.

    Returns what was undone ("decision (rejected)"); UndoRefused says why not.
    """
    point = undo_offer.checkpoint
    now = ctx.clock.now()
    with ctx.transaction():
        event = _step_after(point)
        why = _why_final(event)
        if why:
            raise UndoRefused(f"Cannot undo: {why}.")
        if event.id != undo_offer.event_id:
            raise UndoRefused(f"{point.number} changed since; nothing undone")
        if now > event.at + UNDO_WINDOW:
            minutes = int(UNDO_WINDOW.total_seconds() // 60)
            raise UndoRefused(f"the {_name(event)} is more than {minutes} minutes old")
        case = Case.get_by_id(point.case_id)
        restored = _restore(case, point)
        case.updated_at = now
        case.save()
        Order.update({k: v for k, v in point.order.items() if k != "id"}).where(
            Order.id == case.order_id
        ).execute()
        Customer.update({k: v for k, v in point.customer.items() if k != "id"}).where(
            Customer.id == case.customer_id
        ).execute()
        for model in _CHILDREN:
            _restore_children(model, case.id, point.children.get(model.__name__, {}))
        refresh_case(case)
        label = _label(event)
        audit.record(
            ctx,
            "undone",
            case,
            {"undoes": event.id, "undone_kind": event.kind, "what": label, "restored": restored},
        )
    return label


def _restore(case: Case, point: Checkpoint) -> dict:
    """Set the case's columns back; the changed ones as {name: [now, restored]} text."""
    changed = {}
    for name, old in point.case.items():
        if name in _FIXED or name in ("updated_at", "next_due_at", "next_due_name"):
            continue
        current = case.__data__.get(name)
        if current != old:
            changed[name] = [_text(current), _text(old)]
            setattr(case, name, old)
    return changed


def _restore_children(model, case_id: int, before: dict[int, dict]) -> None:  # noqa: ANN001
    for row in model.select().where(model.case == case_id):
        if row.id not in before:
            row.delete_instance()  # made by the undone step (a decision, an appeal...)
        elif _values(row) != before[row.id]:
            values = {k: v for k, v in before[row.id].items() if k != "id"}
            model.update(values).where(model.id == row.id).execute()


def _text(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
