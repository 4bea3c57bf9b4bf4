"""Why the sample shop decides each case as it does, in the words a shop would write.

A sample case's drawn status is first fitted to what its policy says about the
claim: an approval only for an eligible claim, with a remedy its reason offers.
A rejection then rests on a ground: the policy's own (an excluded reason, a late
report, a cancellation after delivery, delivery within the time limit), missing
proof, or a failed verification (an eligible-looking claim that the shop's
checks disprove: an override with a finding and the evidence it rests on).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from casemanager.domain import CaseStatus as S
from casemanager.policy.assessment import Assessment
from casemanager.policy.decision_rules import rejection_clauses
from casemanager.policy.model import PolicyPack

POLICY, MISSING_PROOF, VERIFICATION = "policy", "missing_proof", "verification"
APPROVED_PATH = frozenset({S.APPROVED, S.REFUND_PENDING, S.REFUNDED, S.REPLACEMENT_SENT})
_SETTLED_APPROVALS = frozenset({S.REFUNDED, S.REPLACEMENT_SENT})
# The shop's own people: who decides first, who reviews an appeal.
STAFF = ("Asha Verma", "Rahul Menon")


@dataclass(frozen=True)
class Ground:
    """The status the case can reach and, for a rejection, what it rests on and says."""

    status: S
    ground: str = ""  # policy, missing_proof, verification ('' for an approval or undecided)
    clauses: tuple[str, ...] = ()
    explanation: str = ""
    finding: str = ""
    rests_on: tuple[str, ...] = ()  # evidence kinds the finding rests on
    appeal_finding: str = ""


def _words(code: str) -> str:
    return code.replace("_", " ")


def fit(
    pack: PolicyPack,
    reason: str,
    status: S,
    result: Assessment,
    rng: random.Random,
    decided: bool,
    rejected: bool,
    facts: dict,
) -> Ground:
    """The case's status fitted to the assessment, and the ground of a rejection."""
    eligible = result.decision == "eligible"
    rule = pack.reason(reason)
    if status in APPROVED_PATH and not eligible:
        status = S.CLOSED if status in _SETTLED_APPROVALS else rng.choice(
            (S.REJECTED, S.CUSTOMER_NOTIFIED)
        )  # fmt: skip
        rejected = True
    if status == S.REPLACEMENT_SENT and "replacement" not in rule.remedies:
        status = S.REFUNDED
    if status == S.APPEAL_UPHELD and not eligible:
        status = S.APPEAL_REJECTED
    if not decided or not rejected:
        return Ground(status)
    if not eligible:
        return _policy_ground(pack, reason, status, result, facts)
    needs_proof = [k for k in rule.evidence if k != "order_reference"]
    if needs_proof and status != S.APPEAL_UPHELD and rng.random() < 0.45:
        return _missing_proof(pack, status, needs_proof, facts)
    return _verification(pack, reason, status, facts)


def _date(pack: PolicyPack, instant: dt.datetime) -> str:
    local = pack.service_calendar().local(instant)
    return f"{local.day} {local:%B %Y}"


def _policy_ground(
    pack: PolicyPack, reason: str, status: S, result: Assessment, facts: dict
) -> Ground:
    rule = pack.reason(reason)
    allowed = rejection_clauses(pack, reason)
    clauses = tuple(c for c in result.clauses if c in allowed) or allowed[:1]
    title = pack.clause(clauses[0]).title
    reported = _date(pack, facts["reported_at"])
    if rule.result == "excluded":
        text = (
            f"You asked for a refund because of {_words(reason)}. Our policy does not refund "
            f"or replace a delivered product for that reason (clause {clauses[0]}, {title})."
        )
    elif rule.result == "cancel_before_delivery":
        text = (
            f"Your licence key was delivered on {_date(pack, facts['delivered_at'])}, before "
            f"you asked to cancel on {reported}. Once a key is delivered the order can no "
            f"longer be cancelled (clause {clauses[0]})."
        )
    elif result.decision == "premature":
        text = (
            f"You wrote to us on {reported}, before the 24 hours our policy allows for "
            f"delivery had passed. If the key has still not arrived, write to us again and we "
            f"will look into it at once (clause {clauses[0]})."
        )
    elif rule.window is not None and clauses[0] == rule.window.clause:
        due = result.report_deadline
        closed = _date(pack, due.instant) if due else "the end of the period"
        text = (
            f"Your claim reached us on {reported}. Problems must be reported within "
            f"{rule.window.days} days, and that period ended on {closed} "
            f"(clause {clauses[0]}, {title})."
        )
    else:
        text = (
            f"Our records show the product was delivered to you on "
            f"{_date(pack, facts['delivered_at'])}, within the time our policy allows for "
            f"delivery, so there was no failure to deliver (clause {clauses[0]})."
        )
    return Ground(status, POLICY, clauses, text)


def _missing_proof(pack: PolicyPack, status: S, kinds: list[str], facts: dict) -> Ground:
    labels = " and ".join(pack.evidence_label(k).split(" (")[0].lower() for k in kinds)
    asked = _date(pack, facts["reported_at"] + dt.timedelta(days=1))
    finding = (
        f"We asked the customer on {asked} for the {labels} the policy requires; "
        "none had arrived when we decided, and the shop's own records do not show the fault."
    )
    text = (
        f"Our policy requires the {labels} before we can accept a claim. We asked you for "
        f"them on {asked} but have not received them, so we cannot confirm the problem."
    )
    return Ground(
        status,
        MISSING_PROOF,
        (pack.evidence_clause,),
        text,
        finding,
        (),
        "The appeal named no new proof and still brought none of the required material.",
    )


_CHECKS = {
    "invalid_code": (
        "The manufacturer's activation server shows the key {code} activated once, on "
        "{delivered}, from the customer's own account, before the claim was made."
    ),
    "wrong_item_sent": (
        "The order, the invoice and the delivered key all name {product}, the product the "
        "customer chose at checkout."
    ),
    "non_delivery": (
        "The mail server's log shows the key delivered to {email} on {delivered} and the "
        "message opened the same day."
    ),
    "technical_defect": (
        "Our technical team installed {product} on {checked} on the configuration the "
        "customer described and it worked; the screenshot shows a network error on the "
        "customer's side."
    ),
    "service_failure": (
        "The service logs for the customer's account show every function available and used "
        "between purchase and the claim; the screenshot shows a browser error, not ours."
    ),
    "unauthorized": (
        "The payment provider confirmed on {checked} that the payment was authenticated with "
        "the account holder's own two-factor code; no chargeback was filed."
    ),
    "fraud": (
        "The payment provider confirmed on {checked} that the payment was authenticated with "
        "the account holder's own two-factor code; no chargeback was filed."
    ),
    "service_shutdown": (
        "The operator's service status page, checked on {checked}, shows the service running "
        "and the product available."
    ),
    "platform_termination": (
        "The customer's access to {product} was active and usable when checked on {checked}; "
        "the shop ended nothing early."
    ),
    "cancellation": "The order was already delivered when the cancellation was requested.",
}


def _verification(pack: PolicyPack, reason: str, status: S, facts: dict) -> Ground:
    clause = pack.verification_clause or pack.evidence_clause
    values = {
        "code": facts.get("code") or "on the order",
        "product": facts["product"],
        "email": facts["email"],
        "delivered": _date(pack, facts.get("delivered_at") or facts["purchased_at"]),
        "checked": _date(pack, facts["reported_at"] + dt.timedelta(days=1)),
    }
    finding = _CHECKS.get(reason, _CHECKS["invalid_code"]).format(**values)
    text = (
        f"We checked your claim as our policy provides (clause {clause}). {finding} "
        "We therefore cannot accept that the product was at fault."
    )
    kinds = tuple(k for k in pack.reason(reason).evidence if k != "order_reference")
    return Ground(
        status,
        VERIFICATION,
        (clause,),
        text,
        finding,
        kinds,
        f"The supplementary proof does not change what our check found: {finding}",
    )
