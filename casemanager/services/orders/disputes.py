"""Payment disputes: a provider's chargeback becomes a case with the provider's own deadline.

The evidence-due instant lives in ``provider_deadline``, beside the policy's
deadlines: ``lifecycle.deadlines.refresh_case`` replaces the policy's rows
whenever the case's events change and would drop a row the policy did not
plan, while a provider's deadline never depends on those events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from casemanager.errors import DomainError
from casemanager.services import audit
from casemanager.services.cases import drafts
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle.deadlines import count_provider_deadlines
from casemanager.services.orders.lookup import case_from_order
from casemanager.store.models import Case, ImportedOrder, ProviderDeadline

EVIDENCE_DUE = "provider_evidence_due"
# Provider reason codes that mean the cardholder says they did not buy.
FRAUD_REASONS = ("fraudulent", "fraud")
OPEN_STATES = ("needs_response", "warning_needs_response", "under_review", "warning_under_review")


class NotADispute(DomainError, ValueError):
    """The order line has no dispute to open a case for."""


@dataclass(frozen=True)
class ProviderDeadlineView:
    name: str
    due_at: dt.datetime
    platform: str
    reference: str
    overdue: bool


@uses_database
def case_from_dispute(ctx: AppContext, order_line_id: int, policy_id: str | None = None) -> str:
    """Record the dispute of an imported payment as a case; returns its number.

    Reason ``fraud`` for a fraud claim, else ``unauthorized``; reported when the
    provider opened the dispute; the evidence-due instant is stored as the
    case's ``provider_evidence_due`` deadline. One transaction, one event each.
    """
    with ctx.transaction():
        row = ImportedOrder.get_by_id(order_line_id)
        if not row.dispute_status or row.evidence_due_at is None:
            raise NotADispute(f"order {row.order_id} has no dispute with an evidence due date")
        draft = case_from_order(ctx, order_line_id, policy_id=policy_id)
        draft.customer_name = draft.customer_name or draft.customer_email
        draft.reason = "fraud" if row.dispute_reason.lower() in FRAUD_REASONS else "unauthorized"
        reported = row.dispute_at or ctx.clock.now()
        draft.reported_at = reported.astimezone(ZoneInfo(draft.zone)).replace(tzinfo=None)
        draft.description = (
            f"{row.platform.capitalize()} dispute ({row.dispute_reason or 'no reason given'}), "
            f"status {row.dispute_status}; payment {row.line_id}."
        )
        case = drafts.save_draft(ctx, draft)
        ProviderDeadline.create(
            case=case,
            name=EVIDENCE_DUE,
            due_at=row.evidence_due_at,
            platform=row.platform,
            reference=row.line_id,
            created_at=ctx.clock.now(),
        )
        audit.record(
            ctx,
            "provider_deadline_set",
            case,
            {"name": EVIDENCE_DUE, "due_at": row.evidence_due_at.isoformat(), "ref": row.line_id},
        )
        count_provider_deadlines(case)
        case.save()
        return case.number


@uses_database
def provider_deadlines(ctx: AppContext, number: str) -> list[ProviderDeadlineView]:
    """The case's provider deadlines, soonest first, each saying whether it has passed."""
    now = ctx.clock.now()
    query = (
        ProviderDeadline.select()
        .join(Case)
        .where(Case.number == number)
        .order_by(ProviderDeadline.due_at)
    )
    return [
        ProviderDeadlineView(d.name, d.due_at, d.platform, d.reference, d.due_at < now)
        for d in query
    ]


@uses_database
def open_disputes(ctx: AppContext, limit: int = 100) -> list[int]:
    """Imported order lines with an open dispute, soonest evidence-due first (their ids)."""
    query = (
        ImportedOrder.select(ImportedOrder.id)
        .where(ImportedOrder.dispute_status.in_(OPEN_STATES))
        .order_by(ImportedOrder.evidence_due_at)
        .limit(limit)
    )
    return [r.id for r in query]
