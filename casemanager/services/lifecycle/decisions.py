"""Decisions on a claim: outcome, remedy, clause-based reasons, refund amount, who decided.

The refund amount is pre-filled from the policy assessment; a different amount
needs a stated reason. A rejection needs at least one clause and a written
explanation (ANTNUM 3.3.3: the policy requires a written one). The pack's rules
(``policy.decision_rules``) decide which remedies and rejection clauses a reason
allows, and a decision that departs from the assessment is stored only as an
override with its finding, the evidence it rests on and who made it, beside a
snapshot of the assessment it departs from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from casemanager.domain import CaseStatus
from casemanager.policy import limits
from casemanager.policy.assessment import assess
from casemanager.policy.case_deadlines import claim_of
from casemanager.policy.claim import ClaimError
from casemanager.policy.decision_rules import (
    DecisionRefused,
    Override,
    check_decision,
    departure,
    rejection_clauses,
    remedies_for,
)
from casemanager.policy.model import PolicyPack
from casemanager.policy.refunds import refund_for
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.deadlines import case_facts
from casemanager.services.lifecycle.transitions import LifecycleError
from casemanager.store.bulk import Save, save_now
from casemanager.store.models import Case, Decision, Evidence

OUTCOMES = ("approved", "rejected")
REMEDIES = ("refund", "replacement")


@dataclass(frozen=True)
class Proposal:
    """What the policy assessment suggests, to pre-fill the decision dialog."""

    assessment: str  # eligible, ineligible, premature, needs_evidence (or 'error: ...')
    outcome: str
    remedies: tuple[str, ...]
    clauses: tuple[str, ...]
    clause_choices: tuple[tuple[str, str], ...]  # (id, title) of every clause of the pack
    refund_amount: Decimal | None
    refund_line: str
    amount_paid: Decimal
    currency: str
    explanation: tuple[str, ...] = ()
    rejection_choices: tuple[tuple[str, str], ...] = ()  # clauses that can support a rejection
    evidence_choices: tuple[tuple[int, str], ...] = ()  # (id, label) of the live evidence

    def departure(self, outcome: str) -> str | None:
        """How deciding ``outcome`` departs from the assessment (None: it follows it)."""
        if self.assessment.startswith("error"):
            return None
        return departure(self.assessment, outcome)


@dataclass
class DecisionInput:
    outcome: str
    clauses: list[str]
    explanation: str
    decided_by: str
    remedy: str | None = None
    refund_amount: Decimal | str | None = None
    amount_reason: str = ""
    note: str = ""
    at: dt.datetime | None = None
    extra: dict = field(default_factory=dict)
    # An override of the assessment: what the shop found and the evidence ids it rests on.
    finding: str = ""
    finding_evidence: list[int] = field(default_factory=list)


def _evidence_kinds(case: Case) -> tuple[str, ...]:
    rows = Evidence.select(Evidence.kind).where(
        (Evidence.case == case) & Evidence.removed_at.is_null()
    )
    return tuple(sorted({r.kind for r in rows}))


@uses_database
def proposal(ctx: AppContext, number: str) -> Proposal:
    """The assessment of the case as it stands, and the pack's clauses to cite."""
    case = transitions.get_case(ctx, number)
    pack = pack_for_case(case)
    facts = case_facts(case, pack)
    claim = claim_of(pack, facts)
    claim = replace(claim, evidence=_evidence_kinds(case))
    choices = tuple((c.id, c.title) for c in pack.clauses)
    refusable = set(rejection_clauses(pack, case.reason))
    rejecting = tuple((cid, title) for cid, title in choices if cid in refusable)
    live = Evidence.select().where((Evidence.case == case) & Evidence.removed_at.is_null())
    evidence = tuple(
        (e.id, f"{pack.evidence_label(e.kind)}: {e.original_name or e.description}")
        for e in live.order_by(Evidence.id)
    )
    order = case.order
    try:
        result = assess(pack, claim)
        refund = refund_for(pack, claim)
    except ClaimError as exc:
        return Proposal(
            f"error: {exc}", "rejected", (), (), choices, None, "", order.amount_paid,
            order.currency, (), rejecting, evidence,
        )  # fmt: skip
    eligible = result.decision == "eligible"
    return Proposal(
        assessment=result.decision,
        outcome="approved" if eligible else "rejected",
        remedies=tuple(result.remedies) or remedies_for(pack, case.reason),
        clauses=tuple(c for c in result.clauses if eligible or c in refusable),
        clause_choices=choices,
        refund_amount=refund.amount,
        refund_line=refund.explanation,
        amount_paid=order.amount_paid,
        currency=order.currency,
        explanation=tuple(result.explanation),
        rejection_choices=rejecting,
        evidence_choices=evidence,
    )


def _amount(value: Decimal | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise LifecycleError("refund_amount", f"refund_amount: not an amount: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise LifecycleError("refund_amount", "refund_amount: must be zero or more")
    return amount


def assessed_refund(case: Case) -> Decimal | None:
    """The refund the policy proposes for the case as it stands, which a decision is checked
    against (``Proposal.refund_amount``); None when its claim cannot be assessed.

    The refund does not depend on the evidence, so this skips the rest of the assessment.
    """
    pack = pack_for_case(case)
    claim = claim_of(pack, case_facts(case, pack))
    try:
        pack.reason(claim.reason)  # as ``assess``: a reason the pack lacks cannot be assessed
        return refund_for(pack, claim).amount
    except (KeyError, ClaimError):
        return None


def live_evidence(case: Case) -> tuple[tuple[int, str], ...]:
    """(id, kind) of the case's evidence not removed, as a decision is checked against."""
    rows = Evidence.select(Evidence.id, Evidence.kind).where(
        (Evidence.case == case) & Evidence.removed_at.is_null()
    )
    return tuple((r.id, r.kind) for r in rows.order_by(Evidence.id))


def assessment_snapshot(pack: PolicyPack, case: Case, kinds: tuple[str, ...]) -> dict:
    """The assessment of the case with this evidence, as stored beside its decision."""
    claim = replace(claim_of(pack, case_facts(case, pack)), evidence=kinds)
    try:
        result = assess(pack, claim)
    except ClaimError as exc:
        return {"decision": "error", "error": str(exc)}
    out = result.to_json_dict()
    out["policy_version"] = result.policy_version
    return {k: out[k] for k in ("decision", "clauses", "remedies", "missing_evidence",
                                "refund_amount", "explanation", "policy_version")}  # fmt: skip


def _limited(value: str, name: str, max_len: int, multiline: bool = True) -> str:
    try:
        return limits.text(value, name, max_len, multiline=multiline)
    except limits.LimitError as exc:
        raise LifecycleError(name, str(exc)) from None


def validate(
    pack: PolicyPack,
    case: Case,
    given: DecisionInput,
    assessed: Decimal | None,
    evidence: tuple[tuple[int, str], ...] | None = None,
) -> Decision:
    """The Decision row the input describes (not saved); LifecycleError names a bad field.

    ``assessed`` is ``assessed_refund(case)``; ``evidence`` the case's live evidence as
    (id, kind) (default: read from the database).
    """
    order = case.order
    # The limits every record keeps: a 1 MB explanation would also stall the letter.
    given = replace(
        given,
        explanation=_limited(given.explanation, "explanation", limits.LONG_TEXT),
        decided_by=_limited(given.decided_by, "decided_by", limits.NAME, multiline=False),
        amount_reason=_limited(given.amount_reason, "amount_reason", limits.SHORT_TEXT),
        finding=_limited(given.finding, "finding", limits.LONG_TEXT),
        note=_limited(given.note, "note", limits.SHORT_TEXT),
    )
    if given.outcome not in OUTCOMES:
        raise LifecycleError("outcome", f"outcome: choose one of {', '.join(OUTCOMES)}")
    known = {c.id for c in pack.clauses}
    unknown = [c for c in given.clauses if c not in known]
    if unknown:
        raise LifecycleError("clauses", f"clauses: not clauses of {pack.id}: {', '.join(unknown)}")
    if not given.decided_by.strip():
        raise LifecycleError("decided_by", "decided_by: say who decided")
    amount = None
    amount_reason = given.amount_reason.strip()
    if given.outcome == "rejected":
        if not given.clauses:
            raise LifecycleError("clauses", "clauses: a rejection needs at least one clause")
        if not given.explanation.strip():
            raise LifecycleError(
                "explanation", "explanation: a rejection needs a written explanation"
            )
        remedy = None
    else:
        remedy = given.remedy
        if remedy not in REMEDIES:
            raise LifecycleError("remedy", f"remedy: choose one of {', '.join(REMEDIES)}")
    if evidence is None:
        evidence = live_evidence(case)
    snapshot = assessment_snapshot(pack, case, tuple(sorted({k for _, k in evidence})))
    override = Override(given.finding.strip(), tuple(given.finding_evidence), given.decided_by)
    try:
        departs = check_decision(
            pack,
            case.reason,
            snapshot["decision"],
            given.outcome,
            remedy,
            tuple(given.clauses),
            override if override.finding else None,
            frozenset(i for i, _ in evidence),
        )
    except DecisionRefused as exc:
        raise LifecycleError(exc.field or "outcome", exc.message) from None
    if remedy == "refund":
        amount = _amount(given.refund_amount)
        if amount is None:
            amount = assessed
        if amount is None:
            raise LifecycleError("refund_amount", "refund_amount: enter the amount to refund")
        if pack.refund.cap_at_paid and amount > order.amount_paid:
            raise LifecycleError(
                "refund_amount",
                f"refund_amount: {amount} is more than the {order.amount_paid} paid "
                f"(clause {pack.refund.cap_clause or pack.refund.clause}: never more)",
            )
        if amount != assessed and not amount_reason:
            raise LifecycleError(
                "amount_reason",
                f"amount_reason: {amount} differs from the assessed {assessed}; say why",
            )
    if departs:
        snapshot["departure"] = departs
    return Decision(
        case=case,
        outcome=given.outcome,
        remedy=remedy,
        clauses=list(given.clauses),
        explanation=given.explanation.strip(),
        refund_amount=amount,
        currency=order.currency if amount is not None else None,
        amount_reason=amount_reason if amount is not None else "",
        assessed_amount=assessed,
        decided_by=given.decided_by.strip(),
        override_finding=override.finding if departs else "",
        override_evidence=list(override.evidence) if departs else [],
        assessment_snapshot=snapshot,
    )


@uses_database
def record_decision(ctx: AppContext, number: str, given: DecisionInput) -> Decision:
    """Decide the case (approved or rejected); one transaction, one audit event."""
    case = transitions.get_case(ctx, number)
    transitions.check_allowed(case, transitions.ACTIONS["decide"])
    pack = pack_for_case(case)
    decision = validate(pack, case, given, assessed_refund(case))

    def write(case: Case, when: dt.datetime) -> dict:
        return decided(case, decision, when, save_now)

    transitions.perform(
        ctx, number, "decide", note=given.note, at=given.at, target=target_of(given), change=write
    )
    return decision


def target_of(given: DecisionInput) -> CaseStatus:
    return CaseStatus.APPROVED if given.outcome == "approved" else CaseStatus.REJECTED


def decided(case: Case, decision: Decision, when: dt.datetime, save: Save) -> dict:
    """Store a validated decision taken at ``when`` and date the case by it; the audit data."""
    decision.case = case
    decision.decided_at = when
    save(decision)
    case.verified_at = case.verified_at or when
    case.decided_at = when
    if decision.outcome == "approved":
        case.approved_at = when
    return decision_data(decision)


def decision_data(decision: Decision) -> dict:
    return {
        "outcome": decision.outcome,
        "remedy": decision.remedy,
        "clauses": list(decision.clauses),
        "explanation": decision.explanation,
        "refund_amount": str(decision.refund_amount)
        if decision.refund_amount is not None
        else None,
        "assessed_amount": str(decision.assessed_amount)
        if decision.assessed_amount is not None
        else None,
        "amount_reason": decision.amount_reason,
        "decided_by": decision.decided_by,
        "assessment": decision.assessment_snapshot.get("decision"),
        "override": (
            {"finding": decision.override_finding, "evidence": list(decision.override_evidence)}
            if decision.override_finding
            else None
        ),
    }
