"""The history of a synthetic case: the steps the shop took to bring it to its status.

The sample shop draws a status per case; this module says which service steps
lead there and when each was taken, as plain inputs (``services.lifecycle.history``)
that the services record exactly as they would record the shop's own work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemanager.domain import CaseStatus as S
from casemanager.policy.model import PolicyPack
from casemanager.services.demo.grounds import MISSING_PROOF, STAFF, VERIFICATION, Ground
from casemanager.services.evidence.intake import NewEvidence
from casemanager.services.lifecycle.decisions import DecisionInput
from casemanager.services.lifecycle.history import (
    AddEvidence,
    Decide,
    DecideAppeal,
    Escalate,
    FileAppeal,
    Move,
    ReviewAppeal,
    Step,
)

APPROVED_PATH = frozenset({S.APPROVED, S.REFUND_PENDING, S.REFUNDED, S.REPLACEMENT_SENT})
_APPEALED = frozenset(
    {S.APPEAL_FILED, S.APPEAL_UNDER_REVIEW, S.APPEAL_UPHELD, S.APPEAL_REJECTED, S.ESCALATED,
     S.CLOSED}
)  # fmt: skip
_REVIEWING = frozenset({S.UNDER_REVIEW, S.AWAITING_CUSTOMER, S.EXTENDED})
UNDECIDED = _REVIEWING | {S.RECEIVED, S.ACKNOWLEDGED, S.WITHDRAWN, S.CANCELLED}
_NOTIFIED = frozenset({S.REFUNDED, S.REPLACEMENT_SENT, S.CUSTOMER_NOTIFIED}) | _APPEALED
_APPEAL_DECIDED = frozenset({S.APPEAL_UPHELD, S.APPEAL_REJECTED, S.ESCALATED, S.CLOSED})

# A file the customer sent: (bytes, original name), by evidence kind.
Files = dict[str, list[tuple[bytes, str]]]


@dataclass(frozen=True)
class SampleCase:
    """What the sample shop drew for one case."""

    index: int
    pack: PolicyPack
    status: S
    reason: str
    reported: dt.datetime
    order_ref: str
    evidence_share: float  # how much of the required proof an early case already has
    ground: Ground | None = None  # why a decided case is decided so (None: undecided)


def fit_status(status: S, pack: PolicyPack, third_party: bool) -> S:
    """A status the case's policy can reach (no appeals or extensions where none exist)."""
    extendable = third_party and any(r.when == "third_party" for r in pack.deadlines)
    if status == S.EXTENDED and not extendable:
        return S.UNDER_REVIEW
    if pack.appeals_allowed == 0 and status in _APPEALED - {S.CLOSED, S.ESCALATED}:
        return S.ESCALATED
    return status


def steps(case: SampleCase, now: dt.datetime, actor: str, files: Files) -> list[Step]:
    """The evidence the customer sent, then each lifecycle step up to the case's status."""
    return _evidence(case, now, files) + _lifecycle(case, now, actor)


def _evidence(case: SampleCase, now: dt.datetime, files: Files) -> list[Step]:
    """Some of the proof the reason needs: complete once decided, partial before."""
    required = [k for k in case.pack.reason(case.reason).evidence if k in files]
    decided = case.status not in UNDECIDED
    keep = len(required) if decided else round(len(required) * case.evidence_share)
    ground = case.ground.ground if case.ground else ""
    if ground == MISSING_PROOF:
        keep = 0  # the customer never sent what the policy requires
    out: list[Step] = []
    for n, kind in enumerate(required[:keep]):
        data, name = files[kind][(case.index // 2 + n) % len(files[kind])]  # both policies
        received = min(case.reported + dt.timedelta(minutes=5 + 30 * n), now)
        out.append(AddEvidence(received, NewEvidence(data, name, kind, received)))
    if ground == VERIFICATION:
        # The shop's own check, kept as evidence so the override names what it rests on.
        checked = min(case.reported + dt.timedelta(hours=30), now)
        record = f"Verification record, case order {case.order_ref}\n{case.ground.finding}\n"
        item = NewEvidence(
            record.encode(), "verification-record.txt", "other", checked,
            "The shop's verification record", "shop",
        )  # fmt: skip
        out.append(AddEvidence(checked, item))
    return out


def _lifecycle(case: SampleCase, now: dt.datetime, actor: str) -> list[Step]:
    status, reported = case.status, case.reported
    clause = case.pack.reason(case.reason).clause

    def at(hours: float) -> dt.datetime:
        return min(reported + dt.timedelta(hours=hours), now)

    if status == S.RECEIVED:
        return []
    if status == S.CANCELLED:
        return [Move("cancel", at(2), "The customer cancelled before delivery.")]
    out: list[Step] = [Move("acknowledge", at(3))]
    if status == S.ACKNOWLEDGED:
        return out
    out.append(Move("start_review", at(4)))
    if status == S.EXTENDED:
        out.append(Move("extend", at(5), "The vendor checks the code; up to 10 working days."))
    if status == S.AWAITING_CUSTOMER:
        out.append(Move("request_info", at(6), "Please send a screenshot of the error message."))
    if status == S.WITHDRAWN:
        out.append(Move("withdraw", at(24), "The customer withdrew the claim."))
    if status in _REVIEWING or status == S.WITHDRAWN:
        return out

    approved = status in APPROVED_PATH
    ground = case.ground or Ground(status)
    rests_on = (*ground.rests_on, "other") if ground.ground == VERIFICATION else ()
    decider, reviewer = STAFF
    if approved:
        remedy = "replacement" if status == S.REPLACEMENT_SENT else "refund"
        first = DecisionInput("approved", [clause], "", decider, remedy=remedy, at=at(48))
    else:
        first = DecisionInput(
            "rejected", list(ground.clauses), ground.explanation, decider, at=at(48),
            finding=ground.finding,
        )  # fmt: skip
    out.append(Decide(first, rests_on))
    if status in (S.REFUND_PENDING, S.REFUNDED):
        out.append(Move("start_refund", at(50)))
    if status in _NOTIFIED:
        out.append(Move("notify", at(53)))
    if status == S.REFUNDED:
        out.append(Move("refund_paid", at(120)))
    if status == S.REPLACEMENT_SENT:
        out.append(Move("send_replacement", at(120)))

    appeals = case.pack.appeals_allowed > 0
    if appeals and status in _APPEALED:
        grounds = "The customer says the product never worked and asks us to look again."
        out.append(FileAppeal(at(77), grounds, "A new screenshot of the error"))
        if status != S.APPEAL_FILED:
            out.append(ReviewAppeal(at(78), reviewer))
        if status == S.APPEAL_UPHELD:
            upheld = (
                "The screenshot sent with the appeal shows the fault our first check missed; "
                "we accept the claim."
            )
            decision = DecisionInput(
                "approved", [clause], upheld, reviewer, remedy="refund", at=at(101)
            )
            out.append(DecideAppeal(decision))
        elif status in _APPEAL_DECIDED:
            confirmed = (
                "We reviewed the appeal and the material sent with it. " + ground.explanation
            )
            decision = DecisionInput(
                "rejected", list(ground.clauses), confirmed, reviewer, at=at(101),
                finding=ground.appeal_finding,
            )  # fmt: skip
            out.append(DecideAppeal(decision, rests_on))
    if status == S.ESCALATED:
        started = at(120)
        out.append(
            Escalate(
                started,
                "mediation",
                started.date(),
                "Consumer dispute mediation centre",
                f"MED-{case.order_ref}",
            )
        )
    if status == S.CLOSED:
        out.append(Move("close", at(144)))
    return out
