"""A case's deadlines in the database: gather its facts, store what the policy plans.

The rules (which deadlines a case has, their states, pauses, the report window
and ``eligible_from``) are in ``casemanager.policy.case_deadlines``; this module
only reads the facts they depend on and writes the ``Deadline`` rows and the
case's next due instant (for sorting).
"""

from __future__ import annotations

import datetime as dt

from casemanager.domain import FINAL_STATUSES
from casemanager.policy.case_deadlines import CaseFacts, plan_deadlines
from casemanager.policy.claim import SubscriptionPeriod
from casemanager.policy.model import PolicyPack
from casemanager.policy.vocabulary import CASE_EVENTS
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.lifecycle.deadline_rows import deadline_values, set_next_due
from casemanager.store.models import AuditEvent, Case, Deadline, ProviderDeadline

# The case row keeps each lifecycle event in a column of the same name.
CASE_EVENT_COLUMNS = CASE_EVENTS


def case_events(case: Case) -> dict[str, dt.datetime | None]:
    """The instants the deadline rules may start from or be met by, as recorded on the case."""
    order = case.order
    events: dict[str, dt.datetime | None] = {
        "purchased_at": order.purchased_at,
        "delivered_at": order.delivered_at,
        "discovered_at": case.discovered_at,
        "reported_at": case.reported_at,
    }
    for name in CASE_EVENT_COLUMNS:
        events[name] = getattr(case, name)
    return events


def case_pauses(case: Case) -> tuple[tuple[dt.datetime, dt.datetime | None], ...]:
    """Periods spent awaiting the customer, from the case's audit trail."""
    kinds = ("info_requested", "info_received")
    query = (
        AuditEvent.select(AuditEvent.kind, AuditEvent.data)
        .where((AuditEvent.case == case) & AuditEvent.kind.in_(kinds))
        .order_by(AuditEvent.id)
    )
    pauses: list[tuple[dt.datetime, dt.datetime | None]] = []
    for event in query:
        at = dt.datetime.fromisoformat(event.data["at"])
        if event.kind == "info_requested":
            pauses.append((at, None))
        elif pauses and pauses[-1][1] is None:
            pauses[-1] = (pauses[-1][0], at)
    return tuple(pauses)


def case_facts(case: Case, pack: PolicyPack) -> CaseFacts:
    """What the policy needs of a stored case to plan its deadlines."""
    order = case.order
    product = order.product
    period = None
    if order.subscription_start and order.subscription_end:
        period = SubscriptionPeriod(order.subscription_start, order.subscription_end)
    return CaseFacts(
        reason=case.reason,
        product_kind=product.kind,
        third_party=product.third_party,
        order_ref=order.order_ref,
        amount_paid=order.amount_paid,
        events=case_events(case),
        final=case.status in FINAL_STATUSES,
        subscription=period,
        pauses=case_pauses(case) if pack.pause_while_awaiting_customer else (),
    )


def refresh_case(case: Case) -> None:
    """Recompute and store the case's deadlines and its next due instant.

    Call inside the transaction that changed the case's events or dates.
    """
    pack = pack_for_case(case)
    states = plan_deadlines(pack, case_facts(case, pack))
    existing = {d.name: d for d in Deadline.select().where(Deadline.case == case)}
    wanted = {s.name for s in states}
    for name, row in existing.items():
        if name not in wanted:
            row.delete_instance()
    for s in states:
        row = existing.get(s.name) or Deadline(case=case, name=s.name)
        for column, value in deadline_values(pack, s).items():
            setattr(row, column, value)
        row.save()
    set_next_due(case, states)
    count_provider_deadlines(case)
    case.save()


def count_provider_deadlines(case: Case) -> None:
    """A payment provider's deadline (a dispute's evidence-due) joins the case's next due.

    It runs until the evidence is recorded as sent to the provider (``met_at``)
    or the case is closed; passed unmet, it stays the overdue duty it is.
    """
    if case.status in FINAL_STATUSES:
        return
    provider = (
        ProviderDeadline.select(ProviderDeadline.name, ProviderDeadline.due_at)
        .where((ProviderDeadline.case == case) & ProviderDeadline.met_at.is_null())
        .order_by(ProviderDeadline.due_at)
        .first()
    )
    if provider is not None and (case.next_due_at is None or provider.due_at < case.next_due_at):
        case.next_due_at = provider.due_at
        case.next_due_name = provider.name
