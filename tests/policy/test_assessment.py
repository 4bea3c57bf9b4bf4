"""Assessment: the documented example and each step of the decision order."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casemanager.policy import ClaimError, assess, deadline, load_pack, parse_claim

EXAMPLE = {
    "policy": "antnum",
    "reason": "service_failure",
    "product_kind": "subscription",
    "third_party": False,
    "order_id": "AN-20260301-0042",
    "purchased_at": "2026-03-01T10:00:00+08:00",
    "delivered_at": "2026-03-01T10:00:05+08:00",
    "discovered_at": "2026-03-11T09:00:00+08:00",
    "reported_at": "2026-03-12T20:30:00+08:00",
    "amount_paid": "30.00",
    "currency": "CNY",
    "evidence": ["payment_proof", "defect_proof"],
    "subscription": {"start": "2026-03-01", "end": "2026-03-31"},
    "approved_at": None,
    "notified_at": None,
}


def run(data: dict, **changes) -> dict:
    merged = {**data, **changes}
    merged = {k: v for k, v in merged.items() if v is not ...}
    claim = parse_claim(merged)
    return assess(load_pack(claim.policy), claim).to_json_dict()


def antimart(**changes) -> dict:
    base = {
        "policy": "antimart",
        "reason": "invalid_code",
        "order_id": "AM-7",
        "purchased_at": "2026-03-02T10:00:00+05:30",
        "delivered_at": "2026-03-02T10:00:30+05:30",
        "reported_at": "2026-03-03T12:00:00+05:30",
        "amount_paid": "1499.00",
        "evidence": ["error_screenshot"],
    }
    return run(base, **changes)


def antnum(**changes) -> dict:
    base = {
        "policy": "antnum",
        "reason": "technical_defect",
        "order_id": "AN-7",
        "purchased_at": "2026-03-01T10:00:00+08:00",
        "delivered_at": "2026-03-01T10:00:05+08:00",
        "reported_at": "2026-03-05T12:00:00+08:00",
        "amount_paid": "30.00",
        "evidence": ["payment_proof", "defect_proof"],
    }
    return run(base, **changes)


def test_documented_example():
    """The example of POLICY-RULES.md would not give its documented result."""
    result = run(EXAMPLE)
    explanation = result.pop("explanation")
    assert result == {
        "policy": "antnum",
        "decision": "eligible",
        "clauses": ["2.2.2"],
        "remedies": ["refund"],
        "missing_evidence": [],
        "report_deadline": "2026-03-14T23:59:59+08:00",
        "eligible_from": None,
        # 24 working hours from Thu 20:30: Fri 9h + Sat 9h + Sun 09:00-15:00.
        "deadlines": {
            "acknowledge_by": "2026-03-15T15:00:00+08:00",
            "review_by": "2026-03-17T18:00:00+08:00",
        },
        # 30.00 x (31 - 11) / 30 days.
        "refund_amount": "20.00",
        "statutory_deadlines": {},  # ANTNUM declares no statute
        "estimated_holidays": [],
    }
    assert explanation and all(isinstance(line, str) and line for line in explanation)


def test_example_given_in_utc_and_other_offsets():
    """A claim typed in UTC or another offset would be decided differently."""
    utc = run(
        EXAMPLE,
        purchased_at="2026-03-01T02:00:00Z",
        delivered_at="2026-03-01T02:00:05+00:00",
        discovered_at="2026-03-10T20:00:00-05:00",
        reported_at="2026-03-12T18:00:00+05:30",
    )
    same = run(EXAMPLE)
    assert utc["report_deadline"] == same["report_deadline"]
    assert utc["deadlines"] == same["deadlines"]
    assert utc["refund_amount"] == same["refund_amount"] == "20.00"


def test_late_report_names_window_clause():
    """A late claim would be decided on its merits or explained vaguely."""
    result = antimart(reported_at="2026-03-10T10:00:00+05:30")
    assert result["decision"] == "ineligible"
    assert result["clauses"] == ["3"]
    assert result["report_deadline"] == "2026-03-09T23:59:59+05:30"
    assert result["refund_amount"] is None
    assert result["explanation"] == [
        "Reported Tue 10 Mar 2026, 10:00 IST (UTC+05:30), after the report window closed "
        "Mon 9 Mar 2026, 23:59 IST (UTC+05:30) (clause 3: 7 calendar days from purchase)"
    ]


def test_window_boundary_is_the_last_second_of_the_day():
    """A report on the last evening of the window would be refused (or a later one accepted)."""
    assert antimart(reported_at="2026-03-09T23:59:59+05:30")["decision"] == "eligible"
    assert antimart(reported_at="2026-03-09T23:59:59.700+05:30")["decision"] == "eligible"
    assert antimart(reported_at="2026-03-10T00:00:00+05:30")["decision"] == "ineligible"
    # Same instant in UTC: 18:29:59Z is 23:59:59 in Kolkata.
    assert antimart(reported_at="2026-03-09T18:29:59Z")["decision"] == "eligible"


def test_purchase_in_other_offset_uses_local_date():
    """A purchase late in the evening UTC would get a window one day short."""
    result = antimart(
        purchased_at="2026-03-01T20:00:00Z",
        delivered_at=None,
        reported_at="2026-03-09T20:00:00+05:30",
    )
    assert result["report_deadline"] == "2026-03-09T23:59:59+05:30"
    assert result["decision"] == "eligible"


def test_excluded_reason_comes_before_the_window():
    """A regret claim reported late would cite the window instead of the exclusion."""
    result = antimart(reason="change_of_mind", reported_at="2026-04-30T10:00:00+05:30")
    assert (result["decision"], result["clauses"]) == ("ineligible", ["1"])
    assert result["report_deadline"] == "2026-03-09T23:59:59+05:30"
    result = antnum(reason="lost_access", reported_at="2026-04-30T10:00:00+08:00")
    assert (result["decision"], result["clauses"]) == ("ineligible", ["2.1"])
    assert result["report_deadline"] is None


def test_antnum_window_starts_at_discovery_except_fraud():
    """A defect found weeks after purchase would be refused, or fraud windows stretched."""
    late = {
        "discovered_at": "2026-03-20T09:00:00+08:00",
        "reported_at": "2026-03-26T10:00:00+08:00",
    }
    result = antnum(**late)
    assert result["report_deadline"] == "2026-03-27T23:59:59+08:00"
    assert result["decision"] == "eligible"
    result = antnum(reason="fraud", evidence=["payment_proof", "fraud_proof"], **late)
    assert result["report_deadline"] == "2026-03-08T23:59:59+08:00"
    assert (result["decision"], result["clauses"]) == ("ineligible", ["3.1"])
    result = antnum(reason="unauthorized", evidence=["payment_proof", "fraud_proof"])
    assert result["decision"] == "eligible"


def test_service_failure_window_is_three_days():
    """A subscription failure reported on day 4 would still be accepted."""
    base = {"reason": "service_failure", "discovered_at": "2026-03-02T09:00:00+08:00"}
    assert antnum(**base, reported_at="2026-03-05T23:00:00+08:00")["decision"] == "eligible"
    result = antnum(**base, reported_at="2026-03-06T08:00:00+08:00")
    assert result["report_deadline"] == "2026-03-05T23:59:59+08:00"
    assert result["decision"] == "ineligible"


def test_non_delivery_premature_then_eligible():
    """A non-delivery claim in the first 24 hours would be decided instead of deferred."""
    base = {"reason": "non_delivery", "delivered_at": None, "evidence": []}
    result = antimart(**base, reported_at="2026-03-03T09:59:59+05:30")
    assert result["decision"] == "premature"
    assert result["clauses"] == ["2"]
    assert result["eligible_from"] == "2026-03-03T10:00:00+05:30"
    assert result["remedies"] == [] and result["refund_amount"] is None
    result = antimart(**base, reported_at="2026-03-03T10:00:00+05:30")
    assert result["decision"] == "eligible"
    assert result["eligible_from"] is None
    assert result["remedies"] == ["replacement", "refund"]
    assert result["refund_amount"] == "1499.00"


def test_premature_eligible_from_in_pack_zone():
    """The date from which a claim can be made would be shown in the customer's offset."""
    result = antimart(
        reason="non_delivery",
        delivered_at=None,
        evidence=[],
        purchased_at="2026-03-02T04:30:00Z",
        reported_at="2026-03-02T12:00:00Z",
    )
    assert result["eligible_from"] == "2026-03-03T10:00:00+05:30"


def test_non_delivery_with_delivery_inside_or_after_24_hours():
    """A key delivered on time would be refunded, or a late one refused."""
    base = {"reason": "non_delivery", "reported_at": "2026-03-04T10:00:00+05:30"}
    on_time = antimart(**base, delivered_at="2026-03-03T09:00:00+05:30")
    assert (on_time["decision"], on_time["clauses"]) == ("ineligible", ["2"])
    exactly = antimart(**base, delivered_at="2026-03-03T10:00:00+05:30")
    assert exactly["decision"] == "ineligible"
    late = antimart(**base, delivered_at="2026-03-03T10:00:01+05:30")
    assert late["decision"] == "eligible"


def test_non_delivery_without_order_reference_needs_evidence():
    """A non-delivery claim without any order reference would be approved."""
    result = antimart(
        reason="non_delivery",
        delivered_at=None,
        order_id=None,
        evidence=[],
        reported_at="2026-03-04T10:00:00+05:30",
    )
    assert result["decision"] == "needs_evidence"
    assert result["clauses"] == ["2", "3"]
    assert result["missing_evidence"] == ["order_reference"]
    result = antimart(
        reason="non_delivery",
        delivered_at=None,
        order_id="  ",
        evidence=[],
        reported_at="2026-03-04T10:00:00+05:30",
    )
    assert result["missing_evidence"] == ["order_reference"]


@pytest.mark.parametrize(
    ("delivered", "decision"),
    [
        (None, "eligible"),
        ("2026-03-05T10:00:00+05:30", "eligible"),
        ("2026-03-03T12:00:00+05:30", "eligible"),  # same instant as the request
        ("2026-03-03T11:59:59+05:30", "ineligible"),
    ],
)
def test_cancellation_depends_on_delivery(delivered, decision):
    """An order would be cancelled after its key was sent, or refused before it was."""
    result = antimart(reason="cancellation", delivered_at=delivered, evidence=[], order_id=None)
    assert result["decision"] == decision
    assert result["clauses"] == ["5"]
    assert result["report_deadline"] is None
    assert result["missing_evidence"] == []
    if decision == "eligible":
        assert result["remedies"] == ["refund"]
        assert result["refund_amount"] == "1499.00"
    else:
        assert result["remedies"] == [] and result["refund_amount"] is None


def test_cancellation_has_no_window():
    """A cancellation months after an undelivered order would be refused as late."""
    result = antimart(
        reason="cancellation", delivered_at=None, reported_at="2026-09-01T10:00:00+05:30"
    )
    assert result["decision"] == "eligible"


@pytest.mark.parametrize(
    ("changes", "amount"),
    [
        ({}, "20.00"),
        # Without discovery the report date counts (shutdown: 7-day window from purchase).
        (
            {
                "reason": "service_shutdown",
                "discovered_at": None,
                "reported_at": "2026-03-05T20:30:00+08:00",
            },
            "26.00",
        ),
        ({"discovered_at": "2026-03-10T20:00:00Z"}, "20.00"),  # 04:00 on the 11th in Shanghai
        (
            {
                "amount_paid": "10.00",
                "subscription": {"start": "2026-03-01", "end": "2026-03-04"},
                "discovered_at": "2026-03-02T09:00:00+08:00",
                "reported_at": "2026-03-03T09:00:00+08:00",
            },
            "6.67",
        ),
        (
            {
                "amount_paid": "0.05",
                "subscription": {"start": "2026-03-10", "end": "2026-03-12"},
                "reported_at": "2026-03-12T09:00:00+08:00",
            },
            "0.03",
        ),  # 1 of 2 days: 0.025 -> 0.03
        ({"subscription": {"start": "2026-03-12", "end": "2026-04-11"}}, "30.00"),  # not started
        ({"subscription": {"start": "2026-02-01", "end": "2026-03-03"}}, "0.00"),  # all used
    ],
)
def test_pro_rata_refund(changes, amount):
    """A subscription refund would be off by a cent or exceed the amount paid."""
    assert run(EXAMPLE, **changes)["refund_amount"] == amount


def test_full_refund_when_pro_rata_does_not_apply():
    """A defect or a non-subscription product would be refunded only in part."""
    assert run(EXAMPLE, product_kind="gift_card", subscription=...)["refund_amount"] == "30.00"
    result = run(EXAMPLE, reason="technical_defect")
    assert result["refund_amount"] == "30.00"


def test_missing_subscription_period_is_an_error():
    """A pro rata refund would be guessed without knowing the service period."""
    claim = parse_claim({k: v for k, v in EXAMPLE.items() if k != "subscription"})
    with pytest.raises(ClaimError) as err:
        assess(load_pack("antnum"), claim)
    assert err.value.field == "subscription"


def test_antnum_deadlines_apply_to_every_claim():
    """A rejected claim would get no acknowledgement or review deadline."""
    result = antnum(reason="change_of_mind", reported_at="2026-03-12T20:30:00+08:00")
    assert result["decision"] == "ineligible"
    assert result["deadlines"] == {
        "acknowledge_by": "2026-03-15T15:00:00+08:00",
        "review_by": "2026-03-17T18:00:00+08:00",
    }


def test_antnum_optional_deadlines():
    """Third-party, approval or notification deadlines would be missing or invented."""
    result = antnum(
        third_party=True,
        reported_at="2026-03-12T20:30:00+08:00",
        approved_at="2026-03-20T11:00:00+08:00",
        notified_at="2026-03-20T11:00:00+08:00",
    )
    assert result["deadlines"] == {
        "acknowledge_by": "2026-03-15T15:00:00+08:00",
        "review_by": "2026-03-17T18:00:00+08:00",
        "review_extended_by": "2026-03-22T18:00:00+08:00",
        "refund_by": "2026-03-27T18:00:00+08:00",
        "appeal_by": "2026-03-23T18:00:00+08:00",
    }


def test_antimart_deadlines():
    """Anti Mart would show acknowledgement or appeal deadlines its policy never sets."""
    assert antimart()["deadlines"] == {}
    result = antimart(
        approved_at="2026-03-13T12:00:00+05:30",
        notified_at="2026-03-13T12:00:00Z",
        third_party=True,
    )
    assert result["deadlines"] == {"refund_by": "2026-03-24T18:00:00+05:30"}


def test_needs_evidence_lists_missing_in_pack_order():
    """The letter asking for proof would list it in a confusing order or forget some."""
    result = antnum(order_id="", evidence=["other"])
    assert result["decision"] == "needs_evidence"
    assert result["missing_evidence"] == ["order_reference", "payment_proof", "defect_proof"]
    assert result["clauses"] == ["2.2.2", "3.2"]
    assert result["remedies"] == []


def test_single_deadline_for_case_lifecycle():
    """The case screen could not compute the notification deadline after verification."""
    pack = load_pack("antnum")
    claim = parse_claim({**EXAMPLE})
    due = deadline(pack, "notify_by", claim.reported_at)
    assert due.isoformat() == "2026-03-13T18:00:00+08:00"
    assert due.explanation.clause == "3.3.3"
    assert due.explanation.start_event == "verified_at"
    with pytest.raises(KeyError):
        deadline(load_pack("antimart"), "acknowledge_by", claim.reported_at)


def test_assessment_is_deterministic():
    """Reopening a case would show a different decision than the one recorded."""
    assert run(EXAMPLE) == run(EXAMPLE)
    assert assess(load_pack("antnum"), parse_claim(EXAMPLE)).refund_amount == Decimal("20.00")


_OFFSETS = st.integers(-12 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))


@settings(max_examples=100, deadline=None)
@given(offsets=st.lists(_OFFSETS, min_size=4, max_size=4))
def test_any_utc_offset_gives_the_same_assessment(offsets):
    """Rewriting the example's instants in other offsets would change the decision or dates."""
    fields = ["purchased_at", "delivered_at", "discovered_at", "reported_at"]
    moved = {
        f: datetime.fromisoformat(EXAMPLE[f]).astimezone(tz).isoformat()
        for f, tz in zip(fields, offsets, strict=True)
    }
    assert run(EXAMPLE, **moved) == run(EXAMPLE)


@settings(max_examples=150, deadline=None)
@given(
    paid=st.decimals(min_value=0, max_value=100000, places=2),
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 4, 30)),
    length=st.integers(1, 400),
)
def test_pro_rata_never_exceeds_paid(paid, start, length):
    """A pro rata refund could be negative, exceed the amount paid, or have extra decimals."""
    period = {"start": start.isoformat(), "end": (start + timedelta(days=length)).isoformat()}
    result = run(EXAMPLE, amount_paid=str(paid), subscription=period)
    refund = Decimal(result["refund_amount"])
    assert Decimal(0) <= refund <= paid
    assert refund == refund.quantize(Decimal("0.01"))
