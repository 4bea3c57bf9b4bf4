"""The proof a case's policy requires, ticked by the live evidence, and what it decides now.

An ``order_reference`` is satisfied by a non-empty order id on the case
(POLICY-RULES.md, evidence kinds) as well as by an attached order record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from casemanager.domain import EVIDENCE_KINDS
from casemanager.policy import (
    Assessment,
    Claim,
    ClaimError,
    PolicyPack,
    assess,
    load_pack,
)
from casemanager.policy.case_deadlines import claim_of
from casemanager.services.admin import policies
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import deadlines
from casemanager.store.models import Case, Evidence


@dataclass(frozen=True)
class ChecklistItem:
    kind: str
    label: str
    satisfied: bool
    evidence_count: int
    note: str = ""  # how it is satisfied when no file does it


@dataclass(frozen=True)
class CaseAssessment:
    """The policy's decision on the case as its evidence stands, or why there is none."""

    assessment: Assessment | None
    error: str | None = None

    @property
    def decision(self) -> str:
        return self.assessment.decision if self.assessment else "error"


def _case(case_number: str) -> Case:
    case = Case.get_or_none(Case.number == case_number)
    if case is None:
        raise LookupError(f"no case numbered {case_number!r}")
    return case


def _pack(case: Case) -> PolicyPack:
    finder = getattr(policies, "pack_for_case", None)  # the case's snapshot when recorded
    return finder(case) if finder else load_pack(case.policy_id)


def live_kinds(case: Case) -> dict[str, int]:
    """Number of live evidence items per kind."""
    counts: dict[str, int] = {}
    query = Evidence.select(Evidence.kind).where(
        (Evidence.case == case) & Evidence.removed_at.is_null()
    )
    for e in query:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    return counts


@uses_database
def checklist(ctx: AppContext, case_number: str) -> list[ChecklistItem]:
    """The required proof for the case's reason, in the pack's order, each ticked or not."""
    case = _case(case_number)
    pack = _pack(case)
    try:
        required = pack.reason(case.reason).evidence
    except KeyError:
        return []
    counts = live_kinds(case)
    has_order_id = bool(case.order.order_ref.strip())
    items = []
    for kind in pack.evidence_order():
        if kind not in required:
            continue
        count = counts.get(kind, 0)
        by_order = kind == "order_reference" and has_order_id
        items.append(
            ChecklistItem(
                kind=kind,
                label=pack.evidence_label(kind),
                satisfied=bool(count) or by_order,
                evidence_count=count,
                note=f"order {case.order.order_ref.strip()}" if by_order and not count else "",
            )
        )
    return items


@uses_database
def case_reason(ctx: AppContext, case_number: str) -> str:
    """The claim reason of the case (what its proof has to show)."""
    return _case(case_number).reason


@uses_database
def case_zone(ctx: AppContext, case_number: str) -> str:
    """The time zone of the case's policy, in which its times are entered and shown."""
    return _pack(_case(case_number)).calendar.timezone


@uses_database
def kind_choices(ctx: AppContext, case_number: str) -> list[tuple[str, str]]:
    """(code, label) of every evidence kind, in the case's pack order, 'other' last."""
    pack = _pack(_case(case_number))
    codes = [k for k in pack.evidence_order() if k != "other"]
    codes += [k for k in EVIDENCE_KINDS if k not in codes and k != "other"] + ["other"]
    return [(code, pack.evidence_label(code)) for code in codes]


def claim_for(case: Case, pack: PolicyPack) -> Claim:
    """The case as the policy engine sees it, with its live evidence."""
    claim = claim_of(pack, deadlines.case_facts(case, pack))
    return replace(
        claim,
        order_id=claim.order_id or None,
        currency=case.order.currency,
        evidence=tuple(sorted(live_kinds(case))),
        approved_at=case.approved_at,
        notified_at=case.notified_at,
    )


@uses_database
def case_assessment(ctx: AppContext, case_number: str) -> CaseAssessment:
    """What the pack decides for the case with the evidence attached right now."""
    case = _case(case_number)
    pack = _pack(case)
    try:
        return CaseAssessment(assess(pack, claim_for(case, pack)))
    except ClaimError as exc:
        return CaseAssessment(None, str(exc))
