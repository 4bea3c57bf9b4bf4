"""Every reason of both built-in packs, as the tables of POLICY-RULES.md give them."""

from __future__ import annotations

import pytest

from casemanager.policy import assess, load_pack, parse_claim
from casemanager.policy.vocabulary import REASONS

OR, PP, ES = "order_reference", "payment_proof", "error_screenshot"
NDP, DP, FP = "non_delivery_proof", "defect_proof", "fraud_proof"

# reason -> (decision with full evidence, clause, required evidence, remedies)
ANTIMART = {
    "change_of_mind": ("ineligible", "1", [], []),
    "wrong_purchase": ("ineligible", "1", [], []),
    "incompatible": ("ineligible", "1", [], []),
    "invalid_code": ("eligible", "2", [OR, ES], ["replacement", "refund"]),
    "wrong_item_sent": ("eligible", "2", [OR, ES], ["replacement", "refund"]),
    "non_delivery": ("eligible", "2", [OR], ["replacement", "refund"]),
    "cancellation": ("eligible", "5", [], ["refund"]),
    "duplicate_purchase": ("ineligible", "2", [], []),
    "lost_access": ("ineligible", "2", [], []),
    "technical_defect": ("ineligible", "2", [], []),
    "service_failure": ("ineligible", "2", [], []),
    "unauthorized": ("ineligible", "2", [], []),
    "fraud": ("ineligible", "2", [], []),
    "service_shutdown": ("ineligible", "2", [], []),
    "platform_termination": ("ineligible", "2", [], []),
}
ANTNUM = {
    "change_of_mind": ("ineligible", "2.1", [], []),
    "wrong_purchase": ("ineligible", "2.1", [], []),
    "incompatible": ("ineligible", "2.1", [], []),
    "duplicate_purchase": ("ineligible", "2.1", [], []),
    "lost_access": ("ineligible", "2.1", [], []),
    "cancellation": ("ineligible", "2.1", [], []),
    "non_delivery": ("eligible", "2.2.1", [OR, PP, NDP], ["refund"]),
    "invalid_code": ("eligible", "2.2.1", [OR, PP, ES], ["replacement", "refund"]),
    "wrong_item_sent": ("eligible", "2.2.1", [OR, PP, ES], ["replacement", "refund"]),
    "technical_defect": ("eligible", "2.2.2", [OR, PP, DP], ["replacement", "refund"]),
    "service_failure": ("eligible", "2.2.2", [OR, PP, DP], ["refund"]),
    "unauthorized": ("eligible", "2.2.3", [OR, PP, FP], ["refund"]),
    "fraud": ("eligible", "2.2.3", [OR, PP, FP], ["refund"]),
    "service_shutdown": ("eligible", "2.2.4", [OR, PP], ["refund"]),
    "platform_termination": ("eligible", "2.2.4", [OR, PP], ["refund"]),
}
EVIDENCE_CLAUSE = {"antimart": "3", "antnum": "3.2"}
TABLE = [("antimart", r, *v) for r, v in ANTIMART.items()] + [
    ("antnum", r, *v) for r, v in ANTNUM.items()
]


def claim(policy: str, reason: str, evidence: list[str], order_id: str | None) -> dict:
    """A timely claim: non-delivery reported after 24 hours with nothing delivered."""
    undelivered = reason in ("non_delivery", "cancellation")
    return {
        "policy": policy,
        "reason": reason,
        "order_id": order_id,
        "purchased_at": "2026-03-02T10:00:00+08:00",
        "delivered_at": None if undelivered else "2026-03-02T10:00:05+08:00",
        "reported_at": "2026-03-04T11:00:00+08:00",
        "amount_paid": "99.90",
        "evidence": evidence,
    }


def test_table_covers_every_reason():
    """A reason could be missing from a pack or from this table."""
    assert set(ANTIMART) == set(ANTNUM) == set(REASONS)


@pytest.mark.parametrize(("policy", "reason", "decision", "clause", "evidence", "remedies"), TABLE)
def test_reason_with_full_evidence(policy, reason, decision, clause, evidence, remedies):
    """A customer would get the wrong decision, clause or remedy for this reason."""
    pack = load_pack(policy)
    result = assess(pack, parse_claim(claim(policy, reason, evidence, None))).to_json_dict()
    assert result["decision"] == decision
    assert result["clauses"] == [clause]
    assert result["remedies"] == remedies
    assert result["missing_evidence"] == []
    assert result["refund_amount"] == ("99.90" if decision == "eligible" else None)


@pytest.mark.parametrize(("policy", "reason", "decision", "clause", "evidence", "remedies"), TABLE)
def test_reason_without_evidence(policy, reason, decision, clause, evidence, remedies):
    """Missing proof would be ignored, or asked for in the wrong order or for the wrong reason."""
    pack = load_pack(policy)
    result = assess(pack, parse_claim(claim(policy, reason, [], None))).to_json_dict()
    if evidence:
        assert result["decision"] == "needs_evidence"
        assert result["clauses"] == [clause, EVIDENCE_CLAUSE[policy]]
        assert result["missing_evidence"] == evidence
        assert result["remedies"] == []
        assert result["refund_amount"] is None
    else:
        assert result["decision"] == decision
        assert result["clauses"] == [clause]


@pytest.mark.parametrize(("policy", "reason", "decision", "clause", "evidence", "remedies"), TABLE)
def test_order_id_satisfies_order_reference(policy, reason, decision, clause, evidence, remedies):
    """A customer who gave an order number would be asked for the order reference again."""
    pack = load_pack(policy)
    rest = [k for k in evidence if k != OR]
    result = assess(pack, parse_claim(claim(policy, reason, rest, "ORD-1"))).to_json_dict()
    assert result["decision"] == decision
    assert result["missing_evidence"] == []
