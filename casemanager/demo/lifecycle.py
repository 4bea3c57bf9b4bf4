"""Lifecycle events and records of a synthetic case, consistent with its status.

The demo data (``demo_data``) plans a status per case; this module says when
each lifecycle event happened for that status, and which decision, appeal and
escalation rows go with it, so that the stored deadlines are exactly what
``deadlines.refresh_case`` computes and every action the status allows works.
"""

from __future__ import annotations

import datetime as dt

from casemanager.domain import CaseStatus as S
from casemanager.policy.case_deadlines import CaseFacts, claim_of
from casemanager.policy.claim import ClaimError
from casemanager.policy.refunds import refund_for
from casemanager.services.lifecycle.deadlines import CASE_EVENT_COLUMNS

APPROVED_PATH = frozenset({S.APPROVED, S.REFUND_PENDING, S.REFUNDED, S.REPLACEMENT_SENT})
_APPEALED = frozenset(
    {S.APPEAL_FILED, S.APPEAL_UNDER_REVIEW, S.APPEAL_UPHELD, S.APPEAL_REJECTED, S.ESCALATED,
     S.CLOSED}
)  # fmt: skip
_REVIEWING = frozenset({S.UNDER_REVIEW, S.AWAITING_CUSTOMER, S.EXTENDED})
_APPEAL_OUTCOME = {S.APPEAL_UPHELD: "upheld", S.APPEAL_REJECTED: "rejected"}


def fit_status(status: S, pack, third_party: bool) -> S:
    """A status the case's policy can reach (no appeals or extensions where none exist)."""
    if status == S.EXTENDED and not (third_party and pack.id == "antnum"):
        return S.UNDER_REVIEW
    if pack.appeals_allowed == 0 and status in _APPEALED - {S.CLOSED, S.ESCALATED}:
        return S.ESCALATED
    return status


def events(plan: dict, now: dt.datetime) -> dict[str, dt.datetime | None]:
    """Every event column of the case (None where the status has not got that far)."""
    status, reported, stage = plan["status"], plan["reported"], plan["stage"]

    def at(offset_hours: float) -> dt.datetime:
        return min(reported + dt.timedelta(hours=offset_hours), now)

    ev: dict[str, dt.datetime | None] = dict.fromkeys(CASE_EVENT_COLUMNS)
    ev["reported_at"] = reported
    if stage >= 1 and status not in (S.CANCELLED,):
        ev["acknowledged_at"] = at(3)
        if status != S.ACKNOWLEDGED:
            ev["review_started_at"] = at(4)
    if status == S.AWAITING_CUSTOMER:
        ev["info_requested_at"] = at(6)
    if status == S.EXTENDED:
        ev["extension_notice_at"] = at(5)
    if stage >= 2 and status not in _REVIEWING:
        ev["verified_at"] = ev["decided_at"] = at(48)
        if status in APPROVED_PATH:
            ev["approved_at"] = ev["decided_at"]
    if ev["decided_at"] and stage >= 3:
        ev["notified_at"] = at(53)
    if status in (S.REFUNDED, S.REPLACEMENT_SENT):
        ev["remedied_at"] = at(48 + 72)
    appealed = status in _APPEALED and plan["pack"].appeals_allowed > 0 and ev["notified_at"]
    if appealed:
        ev["appealed_at"] = at(53 + 24)
    if status == S.APPEAL_UPHELD:
        ev["decided_at"] = ev["approved_at"] = at(53 + 48)
    return ev


def decision_rows(plan: dict, ev: dict, facts: CaseFacts, actor: str) -> list[dict]:
    """The case's decisions: the first one, and the approval of an upheld appeal."""
    if ev["verified_at"] is None:
        return []
    pack, status = plan["pack"], plan["status"]
    reason = pack.reason(plan["reason"])
    try:
        assessed = refund_for(pack, claim_of(pack, facts)).amount
    except ClaimError:
        assessed = plan["amount"]
    approved = status in APPROVED_PATH
    remedy = "replacement" if status == S.REPLACEMENT_SENT else "refund"
    first = {
        "outcome": "approved" if approved else "rejected",
        "remedy": remedy if approved else None,
        "clauses": [reason.clause],
        "explanation": "" if approved else "Not covered by the refund policy (demo data).",
        "refund_amount": assessed if approved and remedy == "refund" else None,
        "currency": plan["currency"] if approved and remedy == "refund" else None,
        "amount_reason": "",
        "assessed_amount": assessed,
        "decided_by": actor,
        "decided_at": ev["verified_at"],
    }
    rows = [first]
    if status == S.APPEAL_UPHELD:
        rows.append(
            {
                **first,
                "outcome": "approved",
                "remedy": "refund",
                "explanation": "Appeal upheld (demo data).",
                "refund_amount": assessed,
                "currency": plan["currency"],
                "decided_at": ev["approved_at"],
            }
        )
    return rows


def appeal_row(plan: dict, ev: dict, actor: str) -> dict | None:
    """The appeal against the first decision, when the case got that far."""
    if ev["appealed_at"] is None:
        return None
    status = plan["status"]
    reviewed = status != S.APPEAL_FILED
    outcome = _APPEAL_OUTCOME.get(status, "rejected" if status in (S.ESCALATED, S.CLOSED) else None)
    return {
        "filed_at": ev["appealed_at"],
        "late": False,
        "grounds": "The customer disputes the decision (demo data).",
        "evidence_note": "",
        "reviewer": actor if reviewed else None,
        "outcome": outcome,
        "clauses": [plan["pack"].reason(plan["reason"]).clause] if outcome == "rejected" else [],
        "explanation": "Decision confirmed (demo data)." if outcome == "rejected" else "",
        "decided_at": ev["decided_at"] if outcome == "upheld" else (
            min(ev["appealed_at"] + dt.timedelta(days=1), plan["now"]) if outcome else None
        ),
    }  # fmt: skip


def escalation_row(plan: dict) -> dict | None:
    if plan["status"] != S.ESCALATED:
        return None
    started = min(plan["reported"] + dt.timedelta(days=5), plan["now"])
    return {
        "kind": "mediation",
        "started_on": started.date(),
        "counterpart": "Consumer dispute mediation centre",
        "reference": f"MED-{plan['order_ref']}",
        "outcome": "",
    }
