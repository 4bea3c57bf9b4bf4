"""The law's clocks: the Indian E-Commerce Rules, 2020 beside Anti Mart's policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casemanager.policy import assess, load_pack, parse_claim
from casemanager.policy.case_deadlines import CaseFacts, plan_deadlines
from casemanager.policy.schema import PackError, parse_pack
from casemanager.policy.statutes import add_months, load_statute, statutory_deadlines

IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
LAW = ("in-ecommerce-2020",)


def due(reported: dt.datetime) -> dict[str, str]:
    return {
        n: d.isoformat() for n, d in statutory_deadlines(LAW, {"reported_at": reported}).items()
    }


def test_acknowledge_within_48_clock_hours():
    """A weekend or holiday would wrongly stretch the law's 48 hours."""
    # Saturday evening: the law counts the weekend, unlike Anti Mart's working days.
    got = due(dt.datetime(2026, 3, 21, 19, 15, tzinfo=IST))
    assert got["statutory_acknowledge_by"] == "2026-03-23T19:15:00+05:30"


def test_redress_one_calendar_month_after_the_local_date():
    """The redress date would be a day off, or fall on a date that does not exist."""
    assert due(dt.datetime(2026, 3, 12, 9, 0, tzinfo=IST))["statutory_redress_by"] == (
        "2026-04-12T23:59:59+05:30"
    )
    # 31 January: February has no 31st, so its last day.
    assert due(dt.datetime(2026, 1, 31, 20, 0, tzinfo=IST))["statutory_redress_by"] == (
        "2026-02-28T23:59:59+05:30"
    )
    assert due(dt.datetime(2028, 1, 31, 20, 0, tzinfo=IST))["statutory_redress_by"] == (
        "2028-02-29T23:59:59+05:30"
    )
    assert add_months(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 31)


def test_month_end_is_the_local_one_in_plus_0530():
    """A complaint received just after midnight in India would be dated the day before."""
    # 31 March 20:00 UTC is 1 April 01:30 in India: one month after 1 April.
    got = due(dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC))
    assert got["statutory_redress_by"] == "2026-05-01T23:59:59+05:30"
    assert got["statutory_acknowledge_by"] == "2026-04-03T01:30:00+05:30"
    # 31 March 18:00 UTC is still 31 March (23:30) in India: April has 30 days.
    got = due(dt.datetime(2026, 3, 31, 18, 0, tzinfo=dt.UTC))
    assert got["statutory_redress_by"] == "2026-04-30T23:59:59+05:30"


def test_assess_antimart_returns_both_statutory_deadlines():
    """`assess` would leave out the law's clocks on an Anti Mart claim."""
    claim = parse_claim(
        {
            "policy": "antimart",
            "reason": "invalid_code",
            "purchased_at": "2026-01-30T10:00:00+05:30",
            "reported_at": "2026-01-31T20:00:00+05:30",
            "amount_paid": "999.00",
            "order_id": "AM-1",
            "evidence": ["payment_proof", "error_screenshot"],
        }
    )
    result = assess(load_pack("antimart"), claim).to_json_dict()
    assert result["statutory_deadlines"] == {
        "statutory_acknowledge_by": "2026-02-02T20:00:00+05:30",
        "statutory_redress_by": "2026-02-28T23:59:59+05:30",
    }
    assert "statutory_acknowledge_by" not in result["deadlines"]
    assert load_pack("antnum").statutes == ()


def _facts(**events: dt.datetime) -> CaseFacts:
    base = {
        "purchased_at": dt.datetime(2026, 3, 16, 10, 0, tzinfo=IST),
        "delivered_at": dt.datetime(2026, 3, 16, 10, 1, tzinfo=IST),
        "reported_at": dt.datetime(2026, 3, 17, 10, 0, tzinfo=IST),
    }
    return CaseFacts("invalid_code", "license_key", False, "AM-1", Decimal(5), base | events)


def test_a_case_tracks_the_law_met_by_acknowledgement_and_notification():
    """A case would not show whether the shop kept the law's clocks."""
    facts = _facts(
        acknowledged_at=dt.datetime(2026, 3, 20, 10, 0, tzinfo=IST),  # 72 h: late
        notified_at=dt.datetime(2026, 4, 10, 12, 0, tzinfo=IST),
    )
    states = {s.name: s for s in plan_deadlines(load_pack("antimart"), facts)}
    ack, redress = states["statutory_acknowledge_by"], states["statutory_redress_by"]
    assert ack.statutory and redress.statutory and not states["report_window"].statutory
    assert ack.state == "missed" and redress.state == "met"
    assert redress.due_at == dt.datetime(2026, 4, 17, 23, 59, 59, tzinfo=IST)
    assert "Met by the acknowledgement of the complaint (acknowledged_at)" in ack.explanation
    assert any("notifying the customer of the decision" in line for line in redress.explanation)
    running = {s.name: s.state for s in plan_deadlines(load_pack("antimart"), _facts())}
    assert running["statutory_acknowledge_by"] == running["statutory_redress_by"] == "open"


def test_unknown_statute_is_refused():
    """A typo in a pack's statutes would silently drop the law's clocks."""
    import json

    pack = load_pack("antimart")
    data = json.loads(pack.path.read_text(encoding="utf-8"))
    data["statutes"] = ["in-ecommerce-2021"]
    with pytest.raises(PackError) as err:
        parse_pack(data)
    assert err.value.key == "statutes[0]"
    assert load_statute("in-ecommerce-2020").timezone == "Asia/Kolkata"
