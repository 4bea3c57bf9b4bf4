"""Refund amounts: the amount actually paid, pro rata for some subscriptions, never more.

Arithmetic is exact (fractions) and rounded once, half-up, to the pack's
quantum (0.01), so the GUI, a letter and ``assess`` always agree to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from casemanager.policy.claim import Claim, ClaimError
from casemanager.policy.model import PolicyPack


@dataclass(frozen=True)
class RefundCalculation:
    """The refund and how it was reached (``explanation`` is one human line)."""

    amount: Decimal
    clause: str
    explanation: str
    pro_rata: bool = False
    total_days: int | None = None
    remaining_days: int | None = None
    effective_date: date | None = None


def pro_rata_applies(pack: PolicyPack, claim: Claim) -> bool:
    """True when the pack refunds this product kind and reason pro rata."""
    rule = pack.refund.pro_rata
    return bool(rule and claim.product_kind in rule.product_kinds and claim.reason in rule.reasons)


def round_half_up(value: Fraction, quantum: Decimal) -> Decimal:
    """Round an exact non-negative value half-up to a multiple of quantum."""
    steps = value / Fraction(quantum)
    whole = int(steps + Fraction(1, 2))  # int() floors for non-negative values
    return Decimal(whole) * quantum


def require_subscription(pack: PolicyPack, claim: Claim) -> None:
    """Raise ClaimError when pro rata applies but the claim has no subscription period."""
    if pro_rata_applies(pack, claim) and claim.subscription is None:
        raise ClaimError(
            "subscription",
            f"missing: a {claim.product_kind} claim for {claim.reason} is refunded pro rata "
            'and needs {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}',
        )


def refund_for(pack: PolicyPack, claim: Claim) -> RefundCalculation:
    """The refund owed on an eligible claim under the pack's refund rules."""
    rules = pack.refund
    paid = claim.amount_paid
    if not pro_rata_applies(pack, claim):
        amount = _cap(pack, round_half_up(Fraction(paid), rules.quantum), paid)
        line = f"Refund {amount}: the full amount paid (clause {rules.clause})"
        return RefundCalculation(amount, rules.clause, line)
    require_subscription(pack, claim)
    period = claim.subscription
    assert period is not None and rules.pro_rata is not None
    cal = pack.service_calendar()
    effective_at = claim.discovered_at or claim.reported_at
    effective = cal.local(effective_at).date()
    total = period.days
    remaining = min(max((period.end - effective).days, 0), total)
    amount = _cap(pack, round_half_up(Fraction(paid) * remaining / total, rules.quantum), paid)
    source = "discovery" if claim.discovered_at else "report"
    line = (
        f"Refund {amount}: pro rata {paid} paid x {remaining}/{total} days unused of "
        f"{period.start.isoformat()} to {period.end.isoformat()} counted from {source} on "
        f"{effective.isoformat()} (clause {rules.pro_rata.clause}; amount actually paid, "
        f"clause {rules.clause})"
    )
    return RefundCalculation(amount, rules.pro_rata.clause, line, True, total, remaining, effective)


def _cap(pack: PolicyPack, amount: Decimal, paid: Decimal) -> Decimal:
    # Rounding half-up can exceed a sub-cent amount paid; the cap wins (4.3: never more).
    if pack.refund.cap_at_paid and amount > paid:
        return paid.quantize(pack.refund.quantum, rounding=ROUND_DOWN)
    return amount
