"""The deadlines of one case, each with its due instant, state and explanation.

``plan_deadlines(pack, facts)`` is a pure function of the pack and the facts of
the case (services gather the facts and store the result). It gives the report
window, ``eligible_from`` for a premature claim, and every pack deadline that
applies and binds the case (``deadlines.applies``, ``deadlines.binds``), each in
one state:

- open: running; met or missed: its ``met_by`` event is recorded, in time or late;
- superseded: not met, and an extension that binds the case replaces it;
- paused: a shop deadline while the case awaits the customer, when the pack
  pauses (``pause_while_awaiting_customer``); each finished pause moves the
  deadline on by the working time spent waiting.

A withdrawn, cancelled or closed case owes nothing more: its open deadlines are
left out (``eligible_from`` stays, a fact of the claim).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from casemanager.display import when
from casemanager.policy.assessment import assess, report_deadline
from casemanager.policy.claim import Claim, ClaimError, SubscriptionPeriod
from casemanager.policy.deadlines import (
    CUSTOMER,
    ELIGIBLE_FROM,
    REPORT_WINDOW,
    SHOP,
    applies,
    binds,
    deadline,
    label_of,
)
from casemanager.policy.model import DeadlineRule, PolicyPack
from casemanager.policy.statutes import statute_due, statutory_rules

# What meets a statutory deadline, in words for its explanation.
_MET_BY_WORDS = {
    "acknowledged_at": "the acknowledgement of the complaint",
    "notified_at": "notifying the customer of the decision",
}

Pause = tuple[dt.datetime, dt.datetime | None]  # awaiting the customer from, until (None: still)


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
    pauses: tuple[Pause, ...] = ()


@dataclass(frozen=True)
class DeadlineState:
    """One deadline of a case: due instant, state, when met, and why it falls there."""

    name: str
    label: str
    due_at: dt.datetime
    state: str  # open, met, missed, paused, superseded
    met_at: dt.datetime | None
    explanation: list[str] = field(default_factory=list)
    side: str = SHOP
    not_before: bool = False  # eligible_from: the earliest instant to decide, not a duty
    statutory: bool = False  # a clock of the law the pack runs under, not of the policy

    @property
    def customer_side(self) -> bool:
        return self.side == CUSTOMER

    @property
    def counts_for_next_due(self) -> bool:
        # The case list sorts and colours by what the shop must do next; a customer's
        # window (report, appeal) running out is not the shop being late.
        return self.state == "open" and not self.not_before and not self.customer_side


def claim_of(pack: PolicyPack, facts: CaseFacts) -> Claim:
    """The case as a claim to ``assess`` (evidence aside)."""
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


def next_due(states: list[DeadlineState]) -> DeadlineState | None:
    """The shop's first open duty (states come in due order)."""
    return next((s for s in states if s.counts_for_next_due), None)


@dataclass(frozen=True)
class _Due:
    """One date of the case before its state is known."""

    name: str
    instant: dt.datetime
    lines: tuple[str, ...]
    start: dt.datetime | None  # a pause counts only after it; None: never paused
    met_by: str | None
    side: str
    not_before: bool = False
    statutory: bool = False


def _statute_dates(pack: PolicyPack, events: dict) -> list[_Due]:
    """The law's deadlines whose start event happened (never paused: the law does not wait)."""
    out: list[_Due] = []
    for statute, rule in statutory_rules(pack.statutes):
        start = events.get(rule.start)
        if start is None:
            continue
        due = statute_due(statute, rule, start)
        met = _MET_BY_WORDS.get(rule.met_by, rule.met_by)
        lines = (*due.explanation.lines(), f"Met by {met} ({rule.met_by})")
        out.append(_Due(rule.name, due.instant, lines, None, rule.met_by, SHOP, statutory=True))
    return out


def _claim_dates(pack: PolicyPack, facts: CaseFacts) -> list[_Due]:
    """The report window and, for a premature claim, eligible_from."""
    out: list[_Due] = []
    try:
        claim = claim_of(pack, facts)
        window = report_deadline(pack, claim)
        if window is not None:
            lines = tuple(window.explanation.lines())
            out.append(_Due(REPORT_WINDOW, window.instant, lines, None, "reported_at", CUSTOMER))
        # Only a non-delivery wait can make a claim premature; assess says whether it does.
        hours = pack.reason(facts.reason).delivery_wait_hours
        result = assess(pack, claim) if hours is not None and claim.delivered_at is None else None
    except (ClaimError, KeyError, ValueError):
        return out  # an incomplete case has no window yet; the case form reports why
    if result is not None and result.eligible_from is not None:
        clause = pack.reason(facts.reason).clause
        lines = (
            f"Start: {when(claim.purchased_at)} (purchased)",
            f"Rule: nothing delivered; a non-delivery claim is premature until {hours} hours "
            f"after purchase (clause {clause})",
            f"Eligible from: {when(result.eligible_from)}",
        )
        instant = pack.service_calendar().local(result.eligible_from)
        out.append(_Due(ELIGIBLE_FROM, instant, lines, None, None, SHOP, not_before=True))
    return out


def _rule_date(pack: PolicyPack, rule: DeadlineRule, events: dict) -> _Due:
    start = events[rule.start]
    assert start is not None  # the rule applies, so its start event happened
    due = deadline(pack, rule.name, start)
    lines = tuple(due.explanation.lines())
    return _Due(rule.name, due.instant, lines, due.explanation.start, rule.met_by, rule.side)


def plan_deadlines(pack: PolicyPack, facts: CaseFacts) -> list[DeadlineState]:
    """Every deadline of the case with its state, in due order."""
    ev = facts.events
    binding = [r for r in pack.deadlines if applies(r, ev, facts.third_party) and binds(r, ev)]
    superseded_by = {r.supersedes: r for r in binding if r.supersedes}
    dues = _claim_dates(pack, facts)
    dues += [_rule_date(pack, r, ev) for r in binding]
    dues += _statute_dates(pack, ev)
    out: list[DeadlineState] = []
    for due in dues:
        met_at = ev.get(due.met_by) if due.met_by else None
        instant, state, lines = due.instant, "open", list(due.lines)
        if met_at is not None:
            state = "met" if met_at <= instant else "missed"
        elif due.name in superseded_by:
            ext = superseded_by[due.name]
            state = "superseded"
            lines.append(f"Superseded: {ext.label} (clause {ext.clause}) applies instead")
        elif facts.final and not due.not_before:
            continue  # a withdrawn, cancelled or closed case owes nothing more
        if pack.pause_while_awaiting_customer and due.side == SHOP and not due.statutory:
            instant, state = _paused(pack, facts, due, state, met_at, lines)
        label = label_of(pack, due.name)
        out.append(
            DeadlineState(
                due.name,
                label,
                instant,
                state,
                met_at,
                lines,
                due.side,
                due.not_before,
                due.statutory,
            )
        )
    out.sort(key=lambda s: s.due_at)
    return out


def _paused(
    pack: PolicyPack,
    facts: CaseFacts,
    due: _Due,
    state: str,
    met_at: dt.datetime | None,
    lines: list[str],
) -> tuple[dt.datetime, str]:
    """Move a shop deadline by the working time spent awaiting the customer (adds lines)."""
    instant = due.instant
    if due.start is None:
        return instant, state
    cal = pack.service_calendar()
    for begin, end in facts.pauses:
        if begin < due.start or begin >= instant or (met_at is not None and met_at <= begin):
            continue
        if end is None:
            lines.append(f"Paused since {when(cal.local(begin))}: awaiting the customer")
            return instant, "paused" if state == "open" else state
        spent = cal.working_time_between(begin, end)
        if spent > dt.timedelta(0):
            instant = cal.working_time_from(instant, spent).instant
            lines.append(
                f"Paused {when(cal.local(begin))} to {when(cal.local(end))} awaiting the customer "
                f"({spent} of working time added): due {when(instant)}"
            )
    if met_at is not None and state != "paused":
        state = "met" if met_at <= instant else "missed"
    return instant, state
