"""Appeals against a rejection: filed, reviewed, decided.

The filing date is checked against ``appeal_by``: a late appeal is recorded
but flagged. The pack's ``appeals_allowed`` limits appeals per decision
(ANTNUM one, Anti Mart none; see ``lifecycle`` for what a pack without appeals
offers instead). An upheld appeal records a new approving decision and puts
the case back on the approved path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemanager.domain import CaseStatus
from casemanager.policy.model import PolicyPack
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.decisions import (
    DecisionInput,
    assessed_refund,
    decision_data,
    validate,
)
from casemanager.services.lifecycle.transitions import LifecycleError
from casemanager.store.bulk import Save, save_now
from casemanager.store.models import Appeal, Case, Deadline, Decision


@dataclass(frozen=True)
class AppealInfo:
    """One appeal as the Appeal panel shows it."""

    id: int
    filed_at: dt.datetime
    late: bool
    grounds: str
    evidence_note: str
    reviewer: str | None
    outcome: str | None
    clauses: tuple[str, ...]
    explanation: str
    decided_at: dt.datetime | None
    override_finding: str = ""
    assessment: str = ""  # the assessment when the appeal was decided
    decided_by: str = ""  # who took the decision under appeal

    @property
    def self_review(self) -> bool:
        """The reviewer also took the decision appealed (a one-person shop)."""
        reviewer = (self.reviewer or "").strip()
        return bool(reviewer) and reviewer == self.decided_by.strip()


def _info(a: Appeal) -> AppealInfo:
    return AppealInfo(
        a.id,
        a.filed_at,
        a.late,
        a.grounds,
        a.evidence_note,
        a.reviewer,
        a.outcome,
        tuple(a.clauses),
        a.explanation,
        a.decided_at,
        a.override_finding,
        (a.assessment_snapshot or {}).get("decision", ""),
        (a.decision.decided_by or "") if a.decision_id else "",
    )


@uses_database
def list_appeals(ctx: AppContext, number: str) -> list[AppealInfo]:
    case = transitions.get_case(ctx, number)
    return [_info(a) for a in case.appeals.order_by(Appeal.id)]


def current_appeal(case: Case) -> Appeal | None:
    return case.appeals.order_by(Appeal.id.desc()).first()


def is_late(case: Case, filed_at: dt.datetime) -> bool:
    """True when filed after the stored appeal deadline (none: not late)."""
    name = appeal_deadline(pack_for_case(case))
    row = name and Deadline.get_or_none((Deadline.case == case) & (Deadline.name == name))
    return late_against(row.due_at if row else None, filed_at)


def appeal_deadline(pack: PolicyPack) -> str | None:
    """The name of the deadline an appeal is filed against (None: the pack sets none)."""
    rule = pack.deadline_met_by("appealed_at")
    return rule.name if rule else None


def late_against(appeal_by: dt.datetime | None, filed_at: dt.datetime) -> bool:
    return appeal_by is not None and filed_at > appeal_by


@uses_database
def file_appeal(
    ctx: AppContext,
    number: str,
    filed_at: dt.datetime,
    grounds: str,
    evidence_note: str = "",
    note: str = "",
) -> Appeal:
    """Record an appeal; one filed after appeal_by is kept and flagged late."""
    if not grounds.strip():
        raise LifecycleError("grounds", "grounds: say on what grounds the customer appeals")
    saved: list[Appeal] = []

    def write(case: Case, when: dt.datetime) -> dict:
        decision = transitions._rejection_decision(case)
        assert decision is not None  # customer notified implies a rejection
        appeal = new_appeal(case, decision, when, is_late(case, when), grounds, evidence_note)
        saved.append(save_now(appeal))
        return filed_data(appeal)

    transitions.perform(ctx, number, "file_appeal", note=note, at=filed_at, change=write)
    return saved[0]


def new_appeal(
    case: Case, decision: Decision, when: dt.datetime, late: bool, grounds: str, evidence_note: str
) -> Appeal:
    """The appeal filed at ``when`` against ``decision`` (not saved); marks the case appealed."""
    case.appealed_at = case.appealed_at or when
    return Appeal(
        case=case,
        decision=decision,
        filed_at=when,
        late=late,
        grounds=grounds.strip(),
        evidence_note=evidence_note.strip(),
    )


def filed_data(appeal: Appeal) -> dict:
    return {"appeal": appeal.id, "late": appeal.late, "grounds": appeal.grounds}


@uses_database
def review_warning(ctx: AppContext, number: str, reviewer: str | None = None) -> str | None:
    """A warning when the appeal's reviewer (or ``reviewer``) also took the decision appealed."""
    case = transitions.get_case(ctx, number)
    appeal = current_appeal(case)
    if appeal is None:
        return None
    who = (reviewer if reviewer is not None else appeal.reviewer or "").strip()
    decider = (appeal.decision.decided_by or "").strip()
    if not who or who != decider:
        return None
    return (
        f"{who} also took the decision under appeal: the customer will not be promised an "
        "independent reviewer. Ask someone else to review it if the shop can."
    )


@uses_database
def start_review(ctx: AppContext, number: str, reviewer: str, note: str = "") -> Appeal:
    """Put the filed appeal under review by ``reviewer``."""
    if not reviewer.strip():
        raise LifecycleError("reviewer", "reviewer: say who reviews the appeal")

    def write(case: Case, when: dt.datetime) -> dict:
        appeal = current_appeal(case)
        assert appeal is not None
        return reviewed(appeal, reviewer, save_now)

    case = transitions.perform(ctx, number, "review_appeal", note=note, change=write)
    return current_appeal(case)


def reviewed(appeal: Appeal, reviewer: str, save: Save) -> dict:
    """Put ``appeal`` in the hands of ``reviewer``; the audit data."""
    appeal.reviewer = reviewer.strip()
    save(appeal)
    return {"appeal": appeal.id, "reviewer": appeal.reviewer}


@uses_database
def decide_appeal(ctx: AppContext, number: str, given: DecisionInput) -> Appeal:
    """Uphold (a new approval, back to the approved path) or reject the appeal.

    A rejection needs at least one clause and a written explanation, as any rejection.
    """
    case = transitions.get_case(ctx, number)
    transitions.check_allowed(case, transitions.ACTIONS["decide_appeal"])
    pack = pack_for_case(case)
    decision = validate(pack, case, given, assessed_refund(case))

    def write(case: Case, when: dt.datetime) -> dict:
        appeal = current_appeal(case)
        assert appeal is not None
        return appeal_decided(case, appeal, decision, given, when, save_now)

    transitions.perform(
        ctx,
        number,
        "decide_appeal",
        note=given.note,
        at=given.at,
        target=appeal_target_of(given),
        change=write,
    )
    return Appeal.get_by_id(current_appeal(case).id)


def appeal_target_of(given: DecisionInput) -> CaseStatus:
    return CaseStatus.APPEAL_UPHELD if given.outcome == "approved" else CaseStatus.APPEAL_REJECTED


def appeal_decided(
    case: Case,
    appeal: Appeal,
    decision: Decision,
    given: DecisionInput,
    when: dt.datetime,
    save: Save,
) -> dict:
    """Record the appeal's outcome (an upheld one stores ``decision``, a new approval)."""
    appeal.outcome = "upheld" if given.outcome == "approved" else "rejected"
    appeal.clauses = list(given.clauses)
    appeal.explanation = decision.explanation
    appeal.decided_at = when
    appeal.reviewer = appeal.reviewer or given.decided_by.strip()
    appeal.override_finding = decision.override_finding
    appeal.override_evidence = list(decision.override_evidence)
    appeal.assessment_snapshot = dict(decision.assessment_snapshot)
    save(appeal)
    data = {"appeal": appeal.id, "appeal_outcome": appeal.outcome}
    case.decided_at = when  # the customer is owed notice of the appeal's result
    if appeal.outcome == "upheld":
        decision.case = case
        decision.decided_at = when
        save(decision)
        case.approved_at = when
        data.update(decision_data(decision))
    else:
        data.update({"clauses": appeal.clauses, "explanation": appeal.explanation})
        data["assessment"] = appeal.assessment_snapshot.get("decision")
        if appeal.override_finding:
            data["override"] = {
                "finding": appeal.override_finding,
                "evidence": list(appeal.override_evidence),
            }
    return data
