"""One case as the case view shows it: header, deadlines, decisions, appeals, history.

Read once per change; the view's countdowns then tick on these plain values
without touching the database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from casemanager import display
from casemanager.domain import FINAL_STATUSES, CaseStatus, humanize
from casemanager.policy import limits
from casemanager.policy.deadlines import (
    CUSTOMER,
    ELIGIBLE_FROM,
    is_statutory,
    label_of,
    met_by_of,
    side_of,
)
from casemanager.policy.model import PolicyPack
from casemanager.policy.urgency import BandThresholds
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.appeals import AppealInfo, list_appeals
from casemanager.services.lifecycle.escalations import EscalationInfo, list_escalations
from casemanager.services.lifecycle.transitions import Action
from casemanager.services.orders.disputes import provider_name
from casemanager.store.models import AuditEvent, Deadline, Decision, ProviderDeadline


@dataclass(frozen=True)
class DeadlineView:
    name: str
    label: str
    due_at: dt.datetime
    state: str  # open, met, missed, paused, superseded
    met_at: dt.datetime | None
    explanation: tuple[str, ...]
    customer_side: bool
    not_before: bool  # eligible_from: the earliest instant, not a duty
    met_by: str | None = None  # the case event that meets it (e.g. 'appealed_at')
    statutory: bool = False  # the law's clock ("the law"), not the policy's ("your policy")
    provider: str = ""  # the payment provider whose deadline it is (a dispute's evidence-due)
    estimated: bool = False  # computed from the provider's published window, not given by it

    @property
    def set_by(self) -> str:
        """Whose clock it is: the law, the payment provider, or 'your policy'."""
        if self.provider:
            return f"the payment provider ({provider_name(self.provider)})"
        return "the law" if self.statutory else "your policy"

    @property
    def estimated_note(self) -> str | None:
        """The explanation's line naming the guessed holidays it rests on, if any."""
        mark = "Resting on estimated holidays"
        return next((line for line in self.explanation if line.startswith(mark)), None)

    @property
    def is_running(self) -> bool:
        """True while it counts down (open and not paused)."""
        return self.state == "open"

    def state_text(self) -> str:
        """'open', 'met at Fri 3 Apr 2026, 16:30 CST (UTC+08:00)', 'missed by …', 'paused'."""
        if self.met_at is None:
            if self.state == "missed":  # a provider's deadline passed with nothing sent
                return "missed: nothing sent by then"
            return self.state
        met = display.when(self.met_at, self.due_at.tzinfo)
        if self.state == "met":
            return f"met at {met}"
        if self.state == "missed":
            return f"missed by {display.span(self.met_at - self.due_at)} (at {met})"
        return self.state


@dataclass(frozen=True)
class DecisionView:
    outcome: str
    remedy: str | None
    clauses: tuple[str, ...]
    explanation: str
    refund_amount: str | None
    amount_reason: str
    decided_by: str
    decided_at: dt.datetime
    # The assessment as it stood when decided, and an override's finding and evidence ids.
    assessment: str = ""
    assessment_clauses: tuple[str, ...] = ()
    override_finding: str = ""
    override_evidence: tuple[int, ...] = ()


@dataclass(frozen=True)
class HistoryItem:
    at: dt.datetime
    actor: str
    kind: str
    summary: str


@dataclass(frozen=True)
class CaseOverview:
    number: str
    customer: str
    status: str
    status_label: str
    policy_id: str
    policy_name: str
    reason: str
    product: str
    third_party: bool
    amount_paid: str
    currency: str
    reported_at: dt.datetime
    time_zone: str
    deadlines: tuple[DeadlineView, ...]
    actions: tuple[Action, ...]
    decisions: tuple[DecisionView, ...]
    appeals: tuple[AppealInfo, ...]
    escalations: tuple[EscalationInfo, ...]
    history: tuple[HistoryItem, ...]
    appeals_allowed: int
    appeals_left: int
    pause_enabled: bool
    pack: PolicyPack  # as recorded with the case (its snapshot)


def _word(pack: PolicyPack, key: str, value: object) -> str:
    """A recorded code in the words the case view uses for it."""
    if key == "kind" and isinstance(value, str):
        label = pack.evidence_label(value)
        return label if label != value else humanize(value)
    if isinstance(value, str) and limits.CODE_SHAPE.fullmatch(value):
        return humanize(value)
    return str(value)


def _moment(value: object, tz: dt.tzinfo) -> str:
    """A recorded ISO instant as people read it; any other value as it is."""
    if isinstance(value, str) and len(value) > 15:
        try:
            instant = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if instant.tzinfo is not None:
            return display.when(instant, tz)
    return "—" if value in (None, "") else str(value)


_SUMMARY_KEYS = {
    "outcome": "outcome",
    "appeal_outcome": "appeal outcome",
    "remedy": "remedy",
    "kind": "kind",
    "letter_kind": "letter",
    "counterpart": "with",
}


def _summary(event: AuditEvent, pack: PolicyPack, currency: str, tz: dt.tzinfo) -> str:
    """What the event did, in people's words (labels, amounts and times, no codes)."""
    data = event.data or {}
    parts = []
    if "from" in data and "to" in data:
        parts.append(f"{CaseStatus(data['from']).label} → {CaseStatus(data['to']).label}")
    for key, word in _SUMMARY_KEYS.items():
        if data.get(key):
            parts.append(f"{word}: {_word(pack, key, data[key])}")
    if data.get("refund_amount"):
        with contextlib.suppress(ValueError, ArithmeticError):
            parts.append(f"refund: {display.money(Decimal(str(data['refund_amount'])), currency)}")
    if data.get("clauses"):
        parts.append("clauses " + ", ".join(data["clauses"]))
    if data.get("letter_kind") and data.get("reference"):
        parts.append(f"reference {data['reference']}")
    if data.get("late"):
        parts.append("LATE")
    if event.kind == "event_corrected":
        what = humanize(str(data.get("event", "")))
        old, new = _moment(data.get("old"), tz), _moment(data.get("new"), tz)
        parts.append(f"{what}: {old} → {new}")
    if event.kind == "case_corrected":
        parts.append("changed " + ", ".join(humanize(c) for c in sorted(data.get("changes", {}))))
    if data.get("note"):
        parts.append(f"“{data['note']}”")
    return "; ".join(parts)


def _provider_rows(case, pack: PolicyPack, tz, now) -> tuple[DeadlineView, ...]:  # noqa: ANN001
    """A payment provider's deadlines, shown and counted down beside the policy's.

    Met once the evidence is recorded as sent (missed when sent late); passed
    with nothing sent, missed; running otherwise, until the case is closed.
    """
    closed = case.status in FINAL_STATUSES
    rows = ProviderDeadline.select().where(ProviderDeadline.case == case)
    return tuple(_provider_row(d, pack, tz, now, closed) for d in rows)


def _provider_row(d, pack: PolicyPack, tz, now, closed: bool) -> DeadlineView:  # noqa: ANN001
    provider = provider_name(d.platform)
    due = d.due_at.astimezone(tz)
    if d.met_at is not None:
        state = "met" if d.met_at <= d.due_at else "missed"
    elif d.due_at < now:
        state = "missed"
    else:
        state = "closed" if closed else "open"
    lines = [
        f"Set by {provider} for payment {d.reference}, not by the policy: "
        f"submit the dispute evidence to {provider} by then.",
        f"Due {display.when(due)}, " + ("computed." if d.basis else "as the provider gave it."),
    ]
    if d.basis:
        lines.append(f"How it was found: {d.basis}.")
    if d.met_at is not None:
        lines.append(
            f"Evidence sent to {provider} at {display.when(d.met_at, tz)}"
            + (f" by {d.met_by}." if d.met_by else ".")
        )
    elif state == "missed":
        lines.append(f"Passed with no evidence recorded as sent to {provider}.")
    return DeadlineView(
        d.name,
        f"{label_of(pack, d.name)} ({provider})",
        due,
        state,
        d.met_at.astimezone(tz) if d.met_at else None,
        tuple(lines),
        False,
        False,
        None,
        provider=d.platform,
        estimated=bool(d.basis),
    )


@uses_database
def overview(ctx: AppContext, number: str) -> CaseOverview:
    """Everything the case view shows, read in one go."""
    case = transitions.get_case(ctx, number)
    pack = pack_for_case(case)
    tz = pack.service_calendar().tz  # every instant is shown in the policy's zone
    rows = case.deadlines.order_by(Deadline.due_at)
    deadlines = tuple(
        DeadlineView(
            d.name,
            label_of(pack, d.name),
            d.due_at.astimezone(tz),
            d.state,
            d.met_at,
            tuple(d.explanation),
            side_of(pack, d.name) == CUSTOMER,
            d.name == ELIGIBLE_FROM,
            met_by_of(pack, d.name),
            is_statutory(pack, d.name),
        )
        for d in rows
    )
    now = ctx.clock.now()
    provider = _provider_rows(case, pack, tz, now)
    deadlines = tuple(sorted(deadlines + provider, key=lambda d: d.due_at))
    decisions = tuple(
        DecisionView(
            d.outcome,
            d.remedy,
            tuple(d.clauses),
            d.explanation,
            str(d.refund_amount) if d.refund_amount is not None else None,
            d.amount_reason,
            d.decided_by,
            d.decided_at.astimezone(tz),
            (d.assessment_snapshot or {}).get("decision", ""),
            tuple((d.assessment_snapshot or {}).get("clauses", ())),
            d.override_finding,
            tuple(d.override_evidence or ()),
        )
        for d in case.decisions.order_by(Decision.id)
    )
    history = tuple(
        HistoryItem(
            e.at.astimezone(tz), e.actor, e.kind, _summary(e, pack, case.order.currency, tz)
        )
        for e in case.events.order_by(AuditEvent.id)
    )
    order = case.order
    return CaseOverview(
        number=case.number,
        customer=case.customer.name,
        status=case.status,
        status_label=CaseStatus(case.status).label,
        policy_id=pack.id,
        policy_name=pack.name,
        reason=case.reason,
        product=order.product.name,
        third_party=order.product.third_party,
        amount_paid=str(order.amount_paid),
        currency=order.currency,
        reported_at=case.reported_at,
        time_zone=pack.calendar.timezone,
        deadlines=deadlines,
        actions=tuple(transitions.allowed_actions(case)),
        decisions=decisions,
        appeals=tuple(
            replace(
                a,
                filed_at=a.filed_at.astimezone(tz),
                decided_at=a.decided_at.astimezone(tz) if a.decided_at else None,
            )
            for a in list_appeals(ctx, number)
        ),
        escalations=tuple(list_escalations(ctx, number)),
        history=history,
        appeals_allowed=pack.appeals_allowed,
        appeals_left=transitions.appeals_left(case, pack),
        pause_enabled=pack.pause_while_awaiting_customer,
        pack=pack,
    )


def band_thresholds(view: CaseOverview, now: dt.datetime) -> BandThresholds:
    """The colour-band thresholds of the case's pack at ``now`` (no database access)."""
    return BandThresholds.at(view.pack, now)
