"""Which policy clocks a case has, from the events recorded on it.

``plan_deadlines`` is a pure function of the case's facts (used by
``refresh_case`` and by the demo data, so both store the same thing);
``refresh_case`` writes its result into the ``Deadline`` rows and keeps the
case's next due instant for sorting. Besides the pack's deadline rules a case
carries its report window (met by the report itself) and, for a premature
claim, ``eligible_from`` (the earliest instant the claim can be decided).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from casemanager.domain import FINAL_STATUSES
from casemanager.policy.assessment import assess, deadline, report_deadline
from casemanager.policy.calendar import DueDate, iso
from casemanager.policy.claim import Claim, ClaimError, SubscriptionPeriod
from casemanager.policy.model import PolicyPack
from casemanager.services.admin.policies import pack_for_case
from casemanager.store.models import AuditEvent, Case, Deadline

REPORT_WINDOW = "report_window"
ELIGIBLE_FROM = "eligible_from"

# The case event that, once recorded, meets each deadline.
MET_BY = {
    REPORT_WINDOW: "reported_at",
    "acknowledge_by": "acknowledged_at",
    "review_by": "verified_at",
    "review_extended_by": "verified_at",
    "notify_by": "notified_at",
    "refund_by": "remedied_at",
    "appeal_by": "appealed_at",
}
# Deadlines the customer has to meet, not the shop (reminders leave them out).
CUSTOMER_SIDE = frozenset({REPORT_WINDOW, "appeal_by"})
LABELS = {
    REPORT_WINDOW: "Report window",
    ELIGIBLE_FROM: "Claim can be decided from",
}
# Event columns of the case row, in lifecycle order.
CASE_EVENT_COLUMNS = (
    "acknowledged_at",
    "review_started_at",
    "info_requested_at",
    "info_received_at",
    "extension_notice_at",
    "verified_at",
    "decided_at",
    "approved_at",
    "notified_at",
    "remedied_at",
    "appealed_at",
)


@dataclass(frozen=True)
class CaseFacts:
    """What the deadlines of one case depend on."""

    reason: str
    product_kind: str
    third_party: bool
    order_ref: str
    amount_paid: Decimal
    events: dict[str, dt.datetime | None]
    final: bool = False
    subscription: SubscriptionPeriod | None = None
    pauses: tuple[tuple[dt.datetime, dt.datetime | None], ...] = ()


@dataclass(frozen=True)
class DeadlineState:
    """One stored deadline: due instant, state, when met, and why it falls there."""

    name: str
    label: str
    due_at: dt.datetime
    state: str  # open, met, missed, paused, superseded
    met_at: dt.datetime | None
    explanation: list[str] = field(default_factory=list)

    @property
    def counts_for_next_due(self) -> bool:
        # The case list sorts and colours by what the shop must do next; a customer's
        # window (report, appeal) running out is not the shop being late.
        return self.state == "open" and self.name != ELIGIBLE_FROM and not self.customer_side

    @property
    def customer_side(self) -> bool:
        return self.name in CUSTOMER_SIDE


def case_deadlines(
    pack: PolicyPack, events: dict[str, dt.datetime | None], third_party: bool
) -> dict[str, DueDate]:
    """Every deadline of ``pack`` whose start event has happened and whose condition holds.

    A 'third_party' rule (ANTNUM's extended review) needs third-party goods and a
    recorded extension notice: the extension binds only after prior notice.
    """
    due: dict[str, DueDate] = {}
    for rule in pack.deadlines:
        start = events.get(rule.start)
        if start is None:
            continue
        if rule.when == "third_party" and not (third_party and events.get("extension_notice_at")):
            continue
        due[rule.name] = deadline(pack, rule.name, start)
    return due


def label_of(pack: PolicyPack, name: str) -> str:
    if name in LABELS:
        return LABELS[name]
    try:
        return pack.deadline_rule(name).label
    except KeyError:
        return name


def working_time_between(pack: PolicyPack, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time of the pack's calendar inside [start, end)."""
    cal = pack.service_calendar()
    total = dt.timedelta(0)
    day = cal.local(start).date()
    last = cal.local(end).date()
    while day <= last:
        for opens, closes in cal.opening_periods(day):
            overlap = min(closes, end) - max(opens, start)
            if overlap > dt.timedelta(0):
                total += overlap
        day += dt.timedelta(days=1)
    return total


def claim_of(pack: PolicyPack, facts: CaseFacts) -> Claim:
    ev = facts.events
    return Claim(
        policy=pack.id,
        reason=facts.reason,
        purchased_at=ev["purchased_at"],
        reported_at=ev["reported_at"],
        amount_paid=facts.amount_paid,
        product_kind=facts.product_kind,
        third_party=facts.third_party,
        order_id=facts.order_ref,
        delivered_at=ev.get("delivered_at"),
        discovered_at=ev.get("discovered_at"),
        subscription=facts.subscription,
    )


def _claim_dates(pack: PolicyPack, facts: CaseFacts) -> dict[str, DueDate]:
    """The report window and, for a premature claim, eligible_from."""
    out: dict[str, DueDate] = {}
    try:
        claim = claim_of(pack, facts)
        window = report_deadline(pack, claim)
        if window is not None:
            out[REPORT_WINDOW] = window
        # Only a non-delivery wait can make a claim premature; assess says whether it does.
        waits = pack.reason(facts.reason).delivery_wait_hours is not None
        result = assess(pack, claim) if waits and claim.delivered_at is None else None
    except (ClaimError, KeyError, ValueError):
        return out  # an incomplete case has no window yet; the case form reports why
    if result is not None and result.eligible_from is not None:
        start = facts.events["purchased_at"]
        assert start is not None
        hours = pack.reason(facts.reason).delivery_wait_hours
        expl = [
            f"Start: {iso(start)} (purchased_at)",
            f"Rule: nothing delivered; a non-delivery claim is premature until {hours} hours "
            f"after purchase (clause {pack.reason(facts.reason).clause})",
            f"Eligible from: {iso(result.eligible_from)}",
        ]
        cal = pack.service_calendar()
        out[ELIGIBLE_FROM] = _Fixed(cal.local(result.eligible_from), expl)
    return out


@dataclass(frozen=True)
class _Fixed:
    """A due instant with ready-made explanation lines (not a calendar computation)."""

    instant: dt.datetime
    lines: list[str]


def _lines(d: DueDate | _Fixed) -> list[str]:
    return list(d.lines) if isinstance(d, _Fixed) else d.explanation.lines()


def plan_deadlines(pack: PolicyPack, facts: CaseFacts) -> list[DeadlineState]:
    """Every deadline of the case with its state, in due order."""
    ev = facts.events
    dues: dict[str, DueDate | _Fixed] = {**_claim_dates(pack, facts)}
    dues.update(case_deadlines(pack, ev, facts.third_party))
    out: list[DeadlineState] = []
    for name, d in dues.items():
        met_event = MET_BY.get(name)
        met_at = ev.get(met_event) if met_event else None
        lines = _lines(d)
        instant = d.instant
        state = "open"
        if met_at is not None:
            state = "met" if met_at <= instant else "missed"
        elif name == "review_by" and "review_extended_by" in dues:
            state = "superseded"
            lines.append("Superseded: the extension with prior notice (clause 4.1) applies")
        elif facts.final and name != ELIGIBLE_FROM:
            continue  # a withdrawn, cancelled or closed case owes nothing more
        if pack.pause_while_awaiting_customer and name not in CUSTOMER_SIDE:
            instant, state, lines = _paused(pack, facts, d, instant, state, met_at, lines)
        out.append(DeadlineState(name, label_of(pack, name), instant, state, met_at, lines))
    out.sort(key=lambda s: s.due_at)
    return out


def _paused(pack, facts, d, instant, state, met_at, lines):
    """Move a shop deadline by the working time spent awaiting the customer."""
    start = d.explanation.start if isinstance(d, DueDate) else None
    if start is None:
        return instant, state, lines
    cal = pack.service_calendar()
    lines = list(lines)
    for begin, end in facts.pauses:
        if begin < start or begin >= instant or (met_at is not None and met_at <= begin):
            continue
        if end is None:
            lines.append(f"Paused since {iso(cal.local(begin))}: awaiting the customer")
            return instant, "paused" if state == "open" else state, lines
        spent = working_time_between(pack, begin, end)
        if spent > dt.timedelta(0):
            instant = cal.working_time_from(instant, spent).instant
            lines.append(
                f"Paused {iso(cal.local(begin))} to {iso(cal.local(end))} awaiting the customer "
                f"({spent} of working time added): due {iso(instant)}"
            )
    if met_at is not None and state != "paused":
        state = "met" if met_at <= instant else "missed"
    return instant, state, lines


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


def next_due(states: list[DeadlineState]) -> DeadlineState | None:
    return next((s for s in states if s.counts_for_next_due), None)


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
        row.due_at = s.due_at
        row.state = s.state
        row.met_at = s.met_at
        row.explanation = s.explanation
        row.save()
    first = next_due(states)
    case.next_due_at = first.due_at if first else None
    case.next_due_name = first.name if first else None
    case.save()
