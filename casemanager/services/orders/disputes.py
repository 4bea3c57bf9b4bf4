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
from casemanager.policy import limits
from casemanager.services import audit
from casemanager.services.cases import drafts
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle.deadlines import refresh_case
from casemanager.services.lifecycle.transitions import get_locked_case
from casemanager.services.orders.lookup import case_from_order
from casemanager.store.models import Case, ImportedOrder, ProviderDeadline

EVIDENCE_DUE = "provider_evidence_due"
# Provider reason codes that mean the cardholder says they did not buy.
FRAUD_REASONS = ("fraud",)
# Stripe's states that still await the shop, and PayPal's and Razorpay's open ones.
OPEN_STATES = (
    "needs_response", "warning_needs_response", "under_review", "warning_under_review", "open",
)  # fmt: skip
# How each provider is named to people (the platform's code otherwise, capitalised).
PROVIDER_NAMES = {"paypal": "PayPal", "razorpay": "Razorpay", "stripe": "Stripe"}


def provider_name(platform: str) -> str:
    """'PayPal', 'Razorpay', 'Stripe': the provider as people write it."""
    return PROVIDER_NAMES.get(platform, platform.capitalize())


class NotADispute(DomainError, ValueError):
    """The order line has no dispute to open a case for."""


class AlreadyACase(DomainError, ValueError):
    """The dispute was already recorded as a case."""


class NoProviderDeadline(DomainError, ValueError):
    """The case has no provider deadline to meet, or it is already met."""


@dataclass(frozen=True)
class ProviderDeadlineView:
    name: str
    due_at: dt.datetime
    platform: str
    reference: str
    overdue: bool  # passed without the evidence recorded as sent
    met_at: dt.datetime | None = None
    met_by: str = ""
    basis: str = ""  # "" when the provider's file gave the instant


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
        earlier = (
            ProviderDeadline.select(Case.number)
            .join(Case)
            .where(
                (ProviderDeadline.platform == row.platform)
                & (ProviderDeadline.reference == row.line_id)
            )
            .first()
        )
        if earlier is not None:
            raise AlreadyACase(
                f"the dispute of payment {row.line_id} is already case {earlier.case.number}",
                "order",
            )
        draft = case_from_order(ctx, order_line_id, policy_id=policy_id)
        draft.customer_name = draft.customer_name or draft.customer_email
        fraud = any(word in row.dispute_reason.lower() for word in FRAUD_REASONS)
        draft.reason = "fraud" if fraud else "unauthorized"
        reported = row.dispute_at or ctx.clock.now()
        draft.reported_at = reported.astimezone(ZoneInfo(draft.zone)).replace(tzinfo=None)
        provider = provider_name(row.platform)
        dispute = f" {row.dispute_id}" if row.dispute_id else ""
        draft.description = (
            f"{provider} dispute{dispute} ({row.dispute_reason or 'no reason given'}), "
            f"status {row.dispute_status}; payment {row.line_id}. Evidence due "
            f"{row.evidence_due_at.isoformat()}"
            + (f" ({row.evidence_due_basis})." if row.evidence_due_basis else ", as given.")
        )
        case = drafts.save_draft(ctx, draft)
        ProviderDeadline.create(
            case=case,
            name=EVIDENCE_DUE,
            due_at=row.evidence_due_at,
            platform=row.platform,
            reference=row.line_id,
            created_at=ctx.clock.now(),
            basis=row.evidence_due_basis,
        )
        audit.record(
            ctx,
            "provider_deadline_set",
            case,
            {
                "name": EVIDENCE_DUE,
                "due_at": row.evidence_due_at.isoformat(),
                "ref": row.line_id,
                "basis": row.evidence_due_basis,
            },
        )
        refresh_case(case)
        return case.number


@uses_database
def evidence_sent(
    ctx: AppContext, number: str, at: dt.datetime | None = None, note: str = ""
) -> ProviderDeadlineView:
    """Record that the dispute evidence went to the provider: its deadline is met.

    ``at`` is when it was sent (default now; never in the future). Sent after
    the due instant, the deadline shows missed, by how much. One transaction,
    one ``provider_evidence_sent`` event; the case's next due moves on.
    """
    now = ctx.clock.now()
    when = (at or now).astimezone(dt.UTC)
    if when > now:
        raise DomainError("the evidence cannot have been sent in the future", "at")
    if len(note) > limits.SHORT_TEXT:
        raise DomainError(f"note: at most {limits.SHORT_TEXT:,} characters", "note")
    with ctx.transaction():
        case = get_locked_case(ctx, number)
        deadline = (
            ProviderDeadline.select()
            .where((ProviderDeadline.case == case) & ProviderDeadline.met_at.is_null())
            .order_by(ProviderDeadline.due_at)
            .first()
        )
        if deadline is None:
            raise NoProviderDeadline(
                f"{number} has no payment provider's deadline still to meet", "number"
            )
        deadline.met_at = when
        deadline.met_by = ctx.actor
        deadline.save()
        case.count_step()
        case.updated_at = now
        refresh_case(case)
        audit.record(
            ctx,
            "provider_evidence_sent",
            case,
            {
                "deadline": deadline.name,
                "provider": deadline.platform,
                "at": when.isoformat(),
                "late": when > deadline.due_at,
                "note": note,
            },
        )
        return _view(deadline, now)


def _view(d: ProviderDeadline, now: dt.datetime) -> ProviderDeadlineView:
    return ProviderDeadlineView(
        d.name,
        d.due_at,
        d.platform,
        d.reference,
        d.met_at is None and d.due_at < now,
        d.met_at,
        d.met_by,
        d.basis,
    )


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
    return [_view(d, now) for d in query]


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


@uses_database
def disputed_lines(ctx: AppContext, reference: str) -> list[int]:
    """Imported lines with a dispute whose order id, payment id or transaction id this is."""
    ref = reference.strip()
    query = (
        ImportedOrder.select(ImportedOrder.id)
        .where(
            (ImportedOrder.dispute_status != "")
            & (
                (ImportedOrder.order_id == ref)
                | (ImportedOrder.line_id == ref)
                | (ImportedOrder.transaction_id == ref)
            )
        )
        .order_by(ImportedOrder.evidence_due_at, ImportedOrder.id)
    )
    return [r.id for r in query]
