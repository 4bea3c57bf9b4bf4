"""Deciding a claim under a pack, in the decision order of POLICY-RULES.md.

Pure functions of the pack and the claim: no clock, no database. The same
Assessment backs the GUI, the letters and ``python -m casemanager assess``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from casemanager.display import when
from casemanager.policy.calendar import DueDate, EstimatedHoliday, iso
from casemanager.policy.claim import Claim, ClaimError
from casemanager.policy.deadlines import claim_deadlines
from casemanager.policy.model import PolicyPack, Reason
from casemanager.policy.refunds import RefundCalculation, refund_for, require_subscription
from casemanager.policy.statutes import statutory_deadlines
from casemanager.policy.vocabulary import CLAIM_EVENTS

_EVENT_WORDS = {
    "purchased_at": "purchase",
    "delivered_at": "delivery",
    "discovered_at": "discovery",
    "reported_at": "report",
    "verified_at": "verification",
    "approved_at": "approval",
    "notified_at": "notification",
    "appealed_at": "appeal",
}


@dataclass(frozen=True)
class Assessment:
    """What the pack decides for one claim, with every deadline and the refund."""

    policy: str
    policy_version: str
    decision: str
    clauses: tuple[str, ...]
    remedies: tuple[str, ...] = ()
    missing_evidence: tuple[str, ...] = ()
    report_deadline: DueDate | None = None
    eligible_from: datetime | None = None
    deadlines: Mapping[str, DueDate] = field(default_factory=dict)
    refund: RefundCalculation | None = None
    explanation: tuple[str, ...] = ()
    statutory_deadlines: Mapping[str, DueDate] = field(default_factory=dict)

    @property
    def estimated_holidays(self) -> tuple[EstimatedHoliday, ...]:
        """Holidays the data only guesses inside any deadline's interval, by date."""
        dues = [*self.deadlines.values(), *self.statutory_deadlines.values()]
        if self.report_deadline is not None:
            dues.append(self.report_deadline)
        found = {e.date: e for due in dues for e in due.explanation.estimated}
        return tuple(found[d] for d in sorted(found))

    @property
    def refund_amount(self) -> Decimal | None:
        return self.refund.amount if self.refund else None

    def to_json_dict(self) -> dict[str, Any]:
        """The result object of ``assess`` (POLICY-RULES.md, last section)."""
        return {
            "policy": self.policy,
            "decision": self.decision,
            "clauses": list(self.clauses),
            "remedies": list(self.remedies),
            "missing_evidence": list(self.missing_evidence),
            "report_deadline": self.report_deadline.isoformat() if self.report_deadline else None,
            "eligible_from": iso(self.eligible_from) if self.eligible_from else None,
            "deadlines": {name: due.isoformat() for name, due in self.deadlines.items()},
            "refund_amount": str(self.refund_amount) if self.refund_amount is not None else None,
            "explanation": list(self.explanation),
            "statutory_deadlines": {
                name: due.isoformat() for name, due in self.statutory_deadlines.items()
            },
            "estimated_holidays": [e.to_json() for e in self.estimated_holidays],
        }


def report_deadline(pack: PolicyPack, claim: Claim) -> DueDate | None:
    """End of the reason's report window, or None when the reason has none."""
    window = pack.reason(claim.reason).window
    if window is None:
        return None
    start_field = next(f for f in window.start if claim.event(f) is not None)
    start = claim.event(start_field)
    assert start is not None
    cal = pack.service_calendar()
    return cal.calendar_days_from(start, window.days, start_event=start_field, clause=window.clause)


def assess(pack: PolicyPack, claim: Claim) -> Assessment:
    """Decide the claim: decision, clauses, remedies, evidence, deadlines, refund, why."""
    try:
        reason = pack.reason(claim.reason)
    except KeyError:
        message = f"not a reason of policy {pack.id!r}: {claim.reason!r}"
        raise ClaimError("reason", message) from None
    require_subscription(pack, claim)  # step 1: a missing field is an error, never a decision
    common = {
        "policy": pack.id,
        "policy_version": pack.version,
        "report_deadline": report_deadline(pack, claim),
        "deadlines": claim_deadlines(pack, claim),
        "statutory_deadlines": statutory_deadlines(
            pack.statutes, {name: claim.event(name) for name in CLAIM_EVENTS}
        ),
    }
    return _decide(pack, claim, reason, common)


def _decide(pack: PolicyPack, claim: Claim, reason: Reason, common: dict) -> Assessment:
    cal = pack.service_calendar()
    reported = cal.local(claim.reported_at)
    clause = reason.clause
    title = pack.clause(clause).title

    # Step 2: reasons the pack excludes outright.
    if reason.result == "excluded":
        said = claim.reason.replace("_", " ").capitalize()
        line = f"{said} is excluded by clause {clause} ({title})"
        return Assessment(decision="ineligible", clauses=(clause,), explanation=(line,), **common)

    # Step 3: cancellation, decided by delivery alone.
    if reason.result == "cancel_before_delivery":
        delivered = claim.delivered_at
        if delivered is None or delivered >= claim.reported_at:
            state = (
                "nothing delivered"
                if delivered is None
                else f"delivered only at {when(cal.local(delivered))}"
            )
            line = (
                f"Cancellation requested {when(reported)} before delivery ({state}): "
                f"full refund (clause {clause}: {title})"
            )
            return _eligible(pack, claim, reason, (line,), common)
        line = (
            f"Cancellation requested {when(reported)} after delivery at "
            f"{when(cal.local(delivered))}: the order cannot be canceled (clause {clause})"
        )
        return Assessment(decision="ineligible", clauses=(clause,), explanation=(line,), **common)

    lines: list[str] = []
    # Step 4: reporting window (compared to the second: the whole last second counts).
    due = common["report_deadline"]
    assert due is not None and reason.window is not None
    window = reason.window
    start_word = _EVENT_WORDS[due.explanation.start_event or "purchased_at"]
    rule = f"clause {window.clause}: {window.days} calendar days from {start_word}"
    if reported.replace(microsecond=0) > due.instant:
        closed = when(due.instant)
        line = f"Reported {when(reported)}, after the report window closed {closed} ({rule})"
        return Assessment(
            decision="ineligible", clauses=(window.clause,), explanation=(line,), **common
        )
    lines.append(
        f"Reported {when(reported)}, within the report window closing {when(due.instant)} ({rule})"
    )

    # Step 5: a non-delivery claim needs the delivery time limit to have passed.
    if reason.delivery_wait_hours is not None:
        hours = reason.delivery_wait_hours
        limit = cal.local(claim.purchased_at + timedelta(hours=hours))
        if claim.delivered_at is None and claim.reported_at < limit:
            lines.append(
                f"Nothing delivered yet and reported before {when(limit)}, {hours} hours "
                f"after purchase: the claim can be made from then (clause {clause})"
            )
            return Assessment(
                decision="premature",
                clauses=(clause,),
                eligible_from=limit,
                explanation=tuple(lines),
                **common,
            )
        if claim.delivered_at is not None and claim.delivered_at <= limit:
            lines.append(
                f"Delivered {when(cal.local(claim.delivered_at))}, within {hours} hours "
                f"of purchase (by {when(limit)}): no non-delivery (clause {clause})"
            )
            return Assessment(
                decision="ineligible", clauses=(clause,), explanation=tuple(lines), **common
            )
        state = (
            "nothing delivered"
            if claim.delivered_at is None
            else f"delivered only {when(cal.local(claim.delivered_at))}"
        )
        lines.append(
            f"Not delivered within {hours} hours of purchase, by {when(limit)} "
            f"({state}; clause {clause})"
        )

    # Step 6: required evidence, in the pack's order of evidence kinds.
    have = set(claim.evidence)
    if claim.has_order_reference:
        have.add("order_reference")
    missing = tuple(k for k in pack.evidence_order() if k in reason.evidence and k not in have)
    if missing:
        clauses = (clause,) if clause == pack.evidence_clause else (clause, pack.evidence_clause)
        named = ", ".join(pack.evidence_label(k) for k in missing)
        lines.append(f"Missing evidence: {named} (clause {pack.evidence_clause})")
        return Assessment(
            decision="needs_evidence",
            clauses=clauses,
            missing_evidence=missing,
            explanation=tuple(lines),
            **common,
        )
    if reason.evidence:
        lines.append(
            f"Required evidence provided: {', '.join(map(pack.evidence_label, reason.evidence))} "
            f"(clause {pack.evidence_clause})"
        )

    # Step 7: eligible.
    lines.append(f"Eligible under clause {clause} ({title})")
    return _eligible(pack, claim, reason, tuple(lines), common)


def _eligible(
    pack: PolicyPack, claim: Claim, reason: Reason, lines: tuple[str, ...], common: dict
) -> Assessment:
    refund = refund_for(pack, claim)
    return Assessment(
        decision="eligible",
        clauses=(reason.clause,),
        remedies=reason.remedies,
        refund=refund,
        explanation=(*lines, refund.explanation),
        **common,
    )
