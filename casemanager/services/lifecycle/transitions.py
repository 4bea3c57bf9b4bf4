"""The case lifecycle: which action moves a case from which status to which.

received -> acknowledged -> under review <-> awaiting customer; under review ->
extended (third-party goods, with prior notice); decided: approved (-> refund
pending -> refunded, or -> replacement sent) or rejected (-> customer notified
-> appeal filed -> appeal under review -> upheld (back to the approved path) or
rejected -> escalated); then closed. Also withdrawn, and cancelled before
delivery.

A pack that allows no appeal (Anti Mart, ``appeals_allowed`` 0): a notified
rejection is final within the policy, so the customer's only way on is an
escalation (negotiation, mediation, arbitration, litigation), which is offered
straight from *customer notified*; filing an appeal is refused with that
explanation.

Every action is one transaction and one audit event (actor, time, note) and
recomputes the case's deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from casemanager.domain import FINAL_STATUSES, CaseStatus
from casemanager.errors import DomainError
from casemanager.policy.model import PolicyPack
from casemanager.services import audit
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.cases.locking import lock_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle.deadlines import CASE_EVENT_COLUMNS, refresh_case
from casemanager.store.models import Appeal, AuditEvent, Case, Deadline, Decision

S = CaseStatus
OPEN_STATUSES = frozenset(s for s in CaseStatus if s not in FINAL_STATUSES)
# The customer may drop the claim before a decision, or drop an appeal or a dispute.
_WITHDRAWABLE = (
    S.RECEIVED,
    S.ACKNOWLEDGED,
    S.UNDER_REVIEW,
    S.AWAITING_CUSTOMER,
    S.EXTENDED,
    S.APPEAL_FILED,
    S.APPEAL_UNDER_REVIEW,
    S.ESCALATED,
)


class LifecycleError(DomainError, ValueError):
    """A refused action or bad input; ``field`` names what to correct."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


class TransitionError(LifecycleError):
    """The action is not allowed in the case's current status."""

    def __init__(self, message: str) -> None:
        super().__init__("status", message)


# The label names the action in refusals ("Allowed now: ..."); how the interface
# offers an action (shortcut, the input it asks for) is the interface's business.
@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[CaseStatus]
    target: CaseStatus | None  # None: the service decides (decision outcome, back from waiting)
    event: str | None  # case column set to the action's instant
    audit_kind: str


def _a(name, label, sources, target, event, kind) -> Action:
    return Action(name, label, frozenset(sources), target, event, kind)


_APPROVED = (S.APPROVED, S.APPEAL_UPHELD)
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        _a("acknowledge", "Acknowledge receipt", [S.RECEIVED], S.ACKNOWLEDGED,
           "acknowledged_at", "acknowledged"),
        _a("start_review", "Start review", [S.ACKNOWLEDGED], S.UNDER_REVIEW,
           "review_started_at", "review_started"),
        _a("request_info", "Request information", [S.UNDER_REVIEW, S.EXTENDED],
           S.AWAITING_CUSTOMER, "info_requested_at", "info_requested"),
        _a("info_received", "Information received", [S.AWAITING_CUSTOMER],
           None, "info_received_at", "info_received"),
        _a("extend", "Extend review (with notice)", [S.UNDER_REVIEW], S.EXTENDED,
           "extension_notice_at", "review_extended"),
        _a("decide", "Record decision", [S.UNDER_REVIEW, S.EXTENDED], None,
           None, "decided"),
        _a("notify", "Customer notified",
           [S.REJECTED, S.APPROVED, S.REFUND_PENDING, S.REFUNDED, S.REPLACEMENT_SENT,
            S.APPEAL_UPHELD, S.APPEAL_REJECTED],
           None, "notified_at", "customer_notified"),
        _a("start_refund", "Start refund", _APPROVED, S.REFUND_PENDING, None,
           "refund_started"),
        _a("refund_paid", "Refund paid", [S.REFUND_PENDING], S.REFUNDED,
           "remedied_at", "refunded"),
        _a("send_replacement", "Replacement sent", _APPROVED,
           S.REPLACEMENT_SENT, "remedied_at", "replacement_sent"),
        _a("file_appeal", "File appeal", [S.CUSTOMER_NOTIFIED], S.APPEAL_FILED,
           None, "appeal_filed"),
        _a("review_appeal", "Start appeal review", [S.APPEAL_FILED],
           S.APPEAL_UNDER_REVIEW, None, "appeal_review_started"),
        _a("decide_appeal", "Decide appeal", [S.APPEAL_UNDER_REVIEW], None,
           None, "appeal_decided"),
        _a("escalate", "Escalate",
           [S.APPEAL_REJECTED, S.ESCALATED, S.CUSTOMER_NOTIFIED], S.ESCALATED, None,
           "escalated"),
        _a("escalation_outcome", "Record escalation outcome", [S.ESCALATED],
           S.ESCALATED, None, "escalation_outcome"),
        _a("close", "Close case",
           [S.REFUNDED, S.REPLACEMENT_SENT, S.CUSTOMER_NOTIFIED, S.APPEAL_REJECTED,
            S.ESCALATED], S.CLOSED, None, "closed"),
        _a("withdraw", "Withdrawn by customer", _WITHDRAWABLE, S.WITHDRAWN,
           None, "withdrawn"),
        _a("cancel", "Cancel before delivery",
           [S.RECEIVED, S.ACKNOWLEDGED, S.UNDER_REVIEW, S.AWAITING_CUSTOMER], S.CANCELLED,
           None, "cancelled"),
    )
}  # fmt: skip


@uses_database
def get_case(ctx: AppContext, number: str) -> Case:
    case = Case.get_or_none(Case.number == number)
    if case is None:
        raise LifecycleError("number", f"no case numbered {number!r}")
    return case


def get_locked_case(ctx: AppContext, number: str) -> Case:
    """The case, locked against other seats for the rest of this transaction."""
    case = lock_case(ctx, number)
    if case is None:
        raise LifecycleError("number", f"no case numbered {number!r}")
    return case


def latest_decision(case: Case) -> Decision | None:
    return case.decisions.order_by(Decision.id.desc()).first()


def appeals_against(decision: Decision | None) -> int:
    if decision is None:
        return 0
    return Appeal.select().where(Appeal.decision == decision).count()


def _rejection_decision(case: Case) -> Decision | None:
    return case.decisions.where(Decision.outcome == "rejected").order_by(Decision.id.desc()).first()


def appeals_left(case: Case, pack: PolicyPack) -> int:
    """How many more appeals the pack allows against the case's last rejection."""
    return max(pack.appeals_allowed - appeals_against(_rejection_decision(case)), 0)


def blocked_reason(case: Case, action: Action, pack: PolicyPack) -> str | None:
    """Why an action whose source status matches is still not possible, or None."""
    name, status = action.name, CaseStatus(case.status)
    decision = latest_decision(case)
    remedy = decision.remedy if decision and decision.outcome == "approved" else None
    if name == "extend":
        if not case.order.product.third_party:
            return "only goods of a third party may have an extended review"
        if not any(r.when == "third_party" for r in pack.deadlines):
            return f"policy {pack.id} has no extended review"
    if name == "notify" and not _decision_unnotified(case):
        return "the customer was already notified of the current decision"
    if name == "start_refund" and remedy != "refund":
        return "the approved remedy is not a refund"
    if name == "send_replacement" and remedy != "replacement":
        return "the approved remedy is not a replacement"
    if name == "file_appeal" and appeals_left(case, pack) == 0:
        allowed = pack.appeals_allowed
        return (
            f"policy {pack.id} allows no appeal"
            if allowed == 0
            else f"policy {pack.id} allows {allowed} appeal(s) per decision, all used"
        )
    if name == "escalate" and status == S.CUSTOMER_NOTIFIED and appeals_left(case, pack) > 0:
        return "an appeal is still open to the customer; escalate after the appeal"
    if name == "cancel":
        delivered = case.order.delivered_at
        if delivered is not None:
            return f"the order was delivered ({delivered.isoformat()})"
    return None


def _last_event_id(case: Case, kinds: tuple[str, ...]) -> int:
    row = (
        AuditEvent.select(AuditEvent.id)
        .where((AuditEvent.case == case) & AuditEvent.kind.in_(kinds))
        .order_by(AuditEvent.id.desc())
        .first()
    )
    return row.id if row else 0


def _decision_unnotified(case: Case) -> bool:
    """True when a decision (or appeal decision) was recorded after the last notification."""
    if case.decided_at is None:
        return False
    if case.notified_at is None or case.notified_at < case.decided_at:
        return True
    # Same instant (a fast hand, or a fixed clock): the audit trail's order decides.
    decided = _last_event_id(case, ("decided", "appeal_decided"))
    return decided > _last_event_id(case, ("customer_notified",))


def allowed_actions(case: Case) -> list[Action]:
    """The actions possible now, in lifecycle order."""
    pack = pack_for_case(case)
    status = CaseStatus(case.status)
    return [
        a for a in ACTIONS.values() if status in a.sources and blocked_reason(case, a, pack) is None
    ]


def check_allowed(case: Case, action: Action) -> None:
    """Raise TransitionError saying what is allowed instead when ``action`` is not."""
    status = CaseStatus(case.status)
    why = None
    if status not in action.sources:
        why = f"not possible while it is {status.label.lower()}"
    else:
        why = blocked_reason(case, action, pack_for_case(case))
    if why is None:
        return
    others = [a.label for a in allowed_actions(case)]
    instead = f"Allowed now: {', '.join(others)}." if others else "No action is possible now."
    raise TransitionError(f"{action.label} refused on {case.number}: {why}. {instead}")


def _check_instant(case: Case, at: dt.datetime, now: dt.datetime, field: str) -> None:
    if at.tzinfo is None:
        raise LifecycleError(field, f"{field}: the time needs a time zone")
    if at > now:
        raise LifecycleError(field, f"{field}: {at.isoformat()} is in the future")
    if at < case.reported_at:
        raise LifecycleError(field, f"{field}: {at.isoformat()} is before the claim was received")


@uses_database
def perform(
    ctx: AppContext,
    number: str,
    action_name: str,
    *,
    note: str = "",
    at: dt.datetime | None = None,
    target: CaseStatus | None = None,
    data: dict | None = None,
    change: Callable[[Case, dt.datetime], dict | None] | None = None,
) -> Case:
    """Apply one action: check it, set status and event, recompute deadlines, audit it.

    ``at`` is when the event happened (default now); ``change`` makes the
    action's other writes inside the same transaction and may return audit data.
    """
    action = ACTIONS[action_name]
    now = ctx.clock.now()
    with ctx.transaction():
        case = get_locked_case(ctx, number)
        check_allowed(case, action)
        when = at or now
        _check_instant(case, when, now, action.event or "at")
        payload = apply(case, action, when, now, note=note, target=target, data=data, change=change)
        refresh_case(case)
        audit.record(ctx, action.audit_kind, case, payload)
    return case


def apply(
    case: Case,
    action: Action,
    when: dt.datetime,
    now: dt.datetime,
    *,
    note: str = "",
    target: CaseStatus | None = None,
    data: dict | None = None,
    change: Callable[[Case, dt.datetime], dict | None] | None = None,
) -> dict:
    """Make an allowed action's change on ``case`` in memory; the data of its audit event.

    ``perform`` saves it; the bulk recording of many cases applies the same change.
    """
    old = case.status
    case.count_step()  # one step, one version, saved or loaded in bulk alike
    extra = change(case, when) if change else None
    new = target or action.target or _default_target(case, action)
    if new is None:
        raise LifecycleError("outcome", f"{action.label}: no resulting status given")
    if action.event:
        setattr(case, action.event, when)
    case.status = new
    case.updated_at = now
    if new in FINAL_STATUSES:
        case.closed_at = when
    payload = {"from": old, "to": str(new), "at": when.isoformat(), "note": note}
    payload.update(data or {})
    payload.update(extra or {})
    return payload


def _default_target(case: Case, action: Action) -> CaseStatus | None:
    if action.name == "info_received":
        return S.EXTENDED if case.extension_notice_at else S.UNDER_REVIEW
    if action.name == "notify":
        return S.CUSTOMER_NOTIFIED if case.status == S.REJECTED else CaseStatus(case.status)
    return None


_OWN_SERVICE = {
    "decide": "decisions.record_decision",
    "file_appeal": "appeals.file_appeal",
    "review_appeal": "appeals.start_review",
    "decide_appeal": "appeals.decide_appeal",
    "escalate": "escalations.escalate",
    "escalation_outcome": "escalations.record_outcome",
}


@uses_database
def transition(
    ctx: AppContext, number: str, action_name: str, note: str = "", at: dt.datetime | None = None
) -> Case:
    """Apply an action whose only input is a note (and when it happened)."""
    if action_name not in ACTIONS:
        raise LifecycleError("action", f"unknown action {action_name!r}")
    check_allowed(get_case(ctx, number), ACTIONS[action_name])
    if action_name == "request_info":
        return request_info(ctx, number, note, at)
    if action_name == "extend":
        return request_extension(ctx, number, note, at)
    if action_name in _OWN_SERVICE:
        raise LifecycleError("action", f"{action_name}: record it with {_OWN_SERVICE[action_name]}")
    return perform(ctx, number, action_name, note=note, at=at)


@uses_database
def request_info(ctx: AppContext, number: str, what: str, at: dt.datetime | None = None) -> Case:
    """Ask the customer for information; ``what`` is required (it is what they must send)."""
    if not what.strip():
        raise LifecycleError("what", "what: say which information the customer must send")
    return perform(ctx, number, "request_info", note=what.strip(), at=at)


@uses_database
def request_extension(
    ctx: AppContext, number: str, notice: str, at: dt.datetime | None = None
) -> Case:
    """Record the prior notice of an extended review (third-party goods)."""
    if not notice.strip():
        raise LifecycleError(
            "notice", "notice: the extension needs the notice sent to the customer"
        )

    def check(case: Case, when: dt.datetime) -> dict:
        rule = pack_for_case(case).deadline_met_by("verified_at")  # the review it extends
        review = rule and case.deadlines.where(Deadline.name == rule.name).first()
        if review is not None and when > review.due_at:
            raise LifecycleError(
                "at",
                f"at: the notice must precede the end of the review ({review.due_at.isoformat()});"
                " an extension needs prior notice",
            )
        return {}

    return perform(ctx, number, "extend", note=notice.strip(), at=at, change=check)


@uses_database
def recorded_events(ctx: AppContext, number: str) -> list[tuple[str, dt.datetime]]:
    """The events of a case that ``correct_event`` can correct, in lifecycle order."""
    case = get_case(ctx, number)
    return [(e, getattr(case, e)) for e in CASE_EVENT_COLUMNS if getattr(case, e) is not None]


@uses_database
def correct_event(ctx: AppContext, number: str, event: str, at: dt.datetime, note: str) -> Case:
    """Correct when a recorded event happened; the deadlines follow."""
    if event not in CASE_EVENT_COLUMNS:
        raise LifecycleError("event", f"event: not a case event: {event!r}")
    if not note.strip():
        raise LifecycleError("note", "note: say why the date is corrected")
    now = ctx.clock.now()
    with ctx.transaction():
        case = get_locked_case(ctx, number)
        old = getattr(case, event)
        if old is None:
            raise LifecycleError("event", f"event: {event} has not been recorded on {number}")
        _check_instant(case, at, now, event)
        setattr(case, event, at)
        case.updated_at = now
        refresh_case(case)
        audit.record(
            ctx,
            "event_corrected",
            case,
            {"event": event, "old": old.isoformat(), "new": at.isoformat(), "note": note},
        )
    return case
