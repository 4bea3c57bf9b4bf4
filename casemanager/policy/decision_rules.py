"""What a decision may be under a pack: remedies, rejection grounds, departures from the assessment.

Pure rules of the pack and the assessment; the decision service gathers the
facts and calls ``check_decision`` before anything is stored, so the GUI, the
command line and imports obey the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from casemanager.errors import DomainError
from casemanager.policy.model import PolicyPack


class DecisionRefused(DomainError, ValueError):
    """A decision the pack does not allow as given; ``field`` names what to correct."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


@dataclass(frozen=True)
class Override:
    """Why the shop departs from the assessment: what it found, on which evidence, who."""

    finding: str
    evidence: tuple[int, ...]
    by: str


def remedies_for(pack: PolicyPack, reason: str) -> tuple[str, ...]:
    """The remedies the pack offers for ``reason`` (none for an excluded reason)."""
    try:
        return pack.reason(reason).remedies
    except KeyError:
        return ()


def rejection_clauses(pack: PolicyPack, reason: str) -> tuple[str, ...]:
    """The clauses that can support a rejection for ``reason``, in the pack's clause order.

    The exclusion (or cancellation) clause for a reason the pack does not grant, the
    report window, the evidence clause, the verification clause, and the delivery time
    limit for a non-delivery claim; never the clause that grants an eligible reason.
    """
    try:
        rule = pack.reason(reason)
    except KeyError:
        return ()
    wanted: set[str] = {pack.evidence_clause}
    if rule.result != "eligible" or rule.delivery_wait_hours is not None:
        wanted.add(rule.clause)
    if rule.window is not None:
        wanted.add(rule.window.clause)
    if pack.verification_clause:
        wanted.add(pack.verification_clause)
    return tuple(c.id for c in pack.clauses if c.id in wanted)


def departure(assessment: str, outcome: str) -> str | None:
    """How the outcome departs from the assessment's decision, or None when it follows it."""
    if assessment == "needs_evidence":
        return "deciding while required evidence is missing"
    if outcome == "rejected" and assessment == "eligible":
        return "rejecting a claim the policy finds eligible"
    if outcome == "approved" and assessment != "eligible":
        return f"approving a claim the policy finds {assessment.replace('_', ' ')}"
    return None


def check_decision(
    pack: PolicyPack,
    reason: str,
    assessment: str,
    outcome: str,
    remedy: str | None,
    clauses: tuple[str, ...],
    override: Override | None,
    evidence_ids: frozenset[int] = frozenset(),
) -> str | None:
    """Refuse a decision the pack does not allow; returns the departure it records, if any.

    ``evidence_ids``: the live evidence of the case, which an override must rest on.
    """
    if outcome == "approved":
        offered = remedies_for(pack, reason)
        if remedy not in offered:
            if not offered:
                message = f"remedy: {pack.name} offers no remedy for {reason.replace('_', ' ')}"
            else:
                message = (
                    f"remedy: {pack.name} offers {' or '.join(offered)} for "
                    f"{reason.replace('_', ' ')}, not {remedy or 'nothing'}"
                )
            raise DecisionRefused("remedy", message)
    else:
        allowed = rejection_clauses(pack, reason)
        wrong = [c for c in clauses if c not in allowed]
        if wrong:
            raise DecisionRefused(
                "clauses",
                f"clauses: {', '.join(wrong)} cannot support a rejection for "
                f"{reason.replace('_', ' ')}; choose from {', '.join(allowed)}",
            )
    departs = departure(assessment, outcome)
    if departs is None:
        return None
    if override is None or not override.finding.strip():
        raise DecisionRefused(
            "finding",
            f"finding: {departs} is an override; state the finding it rests on",
        )
    # Missing proof may rest on its absence; any other override names what it relied on.
    if not override.evidence and assessment != "needs_evidence":
        raise DecisionRefused("override_evidence", "override_evidence: name the evidence relied on")
    unknown = [str(i) for i in override.evidence if i not in evidence_ids]
    if unknown:
        raise DecisionRefused(
            "override_evidence",
            f"override_evidence: not evidence on this case: {', '.join(unknown)}",
        )
    if not override.by.strip():
        raise DecisionRefused("decided_by", "decided_by: say who made the override")
    return departs
