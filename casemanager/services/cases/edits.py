"""Editing a case from a form without silently overwriting another seat's change.

A form keeps the ``EditVersion`` of the records it was opened on (the case, its
customer and its order, and the last audit event then). Saving checks it under
the case's lock: if any of them was saved since, the save is refused with a
``StaleEdit`` that says what changed, when and by whom (from the audit trail), and
carries the current version, on which the form may save again to keep its values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemanager.errors import DomainError
from casemanager.store.models import AuditEvent, Case

# Audit data keys that are bookkeeping, not a change a person would name.
_NOT_FIELDS = {"note", "at", "from", "to"}


@dataclass(frozen=True)
class EditVersion:
    """The versions a form was opened on; ``seen`` is the last audit event id then."""

    case: int
    customer: int
    order: int
    seen: int


@dataclass(frozen=True)
class StaleChange:
    """One change saved by someone else since the form was opened."""

    actor: str
    at: dt.datetime
    kind: str
    number: str  # the case it was made on (another case of the same customer, perhaps)
    fields: tuple[str, ...]

    def describe(self) -> str:
        what = self.kind.replace("_", " ")
        if self.fields:
            what += f" ({', '.join(self.fields)})"
        return f"{self.actor} at {self.at.strftime('%Y-%m-%d %H:%M')} UTC: {what} on {self.number}"


class StaleEdit(DomainError):
    """The form was opened on an older version of the case than the one stored now."""

    def __init__(self, number: str, changes: list[StaleChange], current: EditVersion) -> None:
        self.number, self.changes, self.current = number, changes, current
        said = "; ".join(c.describe() for c in changes) or "its records were saved again"
        super().__init__(
            f"case {number} was changed by someone else after this form was opened — {said}. "
            "Reload it, or keep your values and save them over the change.",
            "version",
        )

    def __str__(self) -> str:
        return self.message


def version_of(case: Case) -> EditVersion:
    """The case's current edit version (read inside the caller's transaction or snapshot)."""
    order, customer = case.order, case.customer
    last = AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id.desc()).first()
    return EditVersion(case.version, customer.version, order.version, last.id if last else 0)


def check_fresh(case: Case, opened: EditVersion | None) -> None:
    """Raise StaleEdit when ``opened`` is older than the case, its customer or its order.

    Call with the case locked (``lock_case``), before writing anything."""
    if opened is None:
        return
    current = version_of(case)
    if (current.case, current.customer, current.order) == (
        opened.case,
        opened.customer,
        opened.order,
    ):
        return
    raise StaleEdit(case.number, changes_since(case, opened.seen), current)


def changes_since(case: Case, seen: int) -> list[StaleChange]:
    """Audit events after ``seen`` on this case, or on another case of its customer."""
    numbers = {
        c.id: c.number
        for c in Case.select(Case.id, Case.number).where(Case.customer == case.customer_id)
    }
    query = AuditEvent.select().where((AuditEvent.id > seen) & AuditEvent.case.in_(list(numbers)))
    changes = []
    for event in query.order_by(AuditEvent.id):
        data = event.data if isinstance(event.data, dict) else {}
        if event.case_id != case.id and "changes" not in data:
            continue  # another case's own progress does not touch this form's records
        changed = data.get("changes")
        fields = tuple(changed) if isinstance(changed, dict) else ()
        if not fields and event.kind != "case_corrected":
            fields = tuple(k for k in data if k not in _NOT_FIELDS)[:4]
        number = numbers[event.case_id]
        changes.append(StaleChange(event.actor, event.at, event.kind, number, fields))
    return changes
