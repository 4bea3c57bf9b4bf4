"""A case's deadlines as pure functions of the pack and the case's facts.

ANTNUM (Asia/Shanghai, open every day 09:00-18:00, CN holidays 2026-04-05 and
04-06): purchased Thu 2026-04-02 10:00, reported Fri 04-03 16:00, so
acknowledge_by 04-08 13:00, review_by 04-10 18:00, review_extended_by 04-15
18:00 and the report window 04-09 23:59:59 (see tests/lifecycle/test_deadlines.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from casemanager.policy import assess, load_pack, parse_claim
from casemanager.policy.case_deadlines import CaseFacts, claim_of, next_due, plan_deadlines
from casemanager.policy.deadlines import (
    ELIGIBLE_FROM,
    REPORT_WINDOW,
    applies,
    binds,
    claim_deadlines,
    is_shop_duty,
    label_of,
    met_by_of,
    side_of,
)

CN = dt.timezone(dt.timedelta(hours=8))
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
ANTNUM = load_pack("antnum")
ANTIMART = load_pack("antimart")


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 4, day, hour, minute, tzinfo=CN)


def _facts(third_party: bool = True, **events: dt.datetime) -> CaseFacts:
    base = {"purchased_at": _at(2, 10), "delivered_at": _at(2, 10, 1), "reported_at": _at(3, 16)}
    return CaseFacts(
        "invalid_code", "gift_card", third_party, "AN-1", Decimal("10"), {**base, **events}
    )


def _states(facts: CaseFacts, pack=ANTNUM) -> dict:
    return {s.name: s for s in plan_deadlines(pack, facts)}


def test_a_new_claim_has_its_window_and_the_shop_clocks_open():
    """A fresh ANTNUM case would lack a clock the policy starts at receipt."""
    states = _states(_facts())
    assert list(states) == ["acknowledge_by", REPORT_WINDOW, "review_by"]  # in due order
    assert states[REPORT_WINDOW].state == "met"  # met by the report itself
    assert states["acknowledge_by"].due_at == _at(8, 13)
    assert states["acknowledge_by"].state == states["review_by"].state == "open"
    assert next_due(list(states.values())).name == "acknowledge_by"


def test_met_in_time_or_missed():
    """An acknowledgement sent late would count as in time, or one in time as late."""
    assert _states(_facts(acknowledged_at=_at(8, 13)))["acknowledge_by"].state == "met"
    late = _states(_facts(acknowledged_at=_at(8, 13, 1)))["acknowledge_by"]
    assert (late.state, late.met_at) == ("missed", _at(8, 13, 1))


def test_extension_binds_only_after_notice_and_supersedes_the_review():
    """The longer review would bind without the prior notice the policy requires."""
    assert "review_extended_by" not in _states(_facts())
    states = _states(_facts(extension_notice_at=_at(7, 10)))
    extended, review = states["review_extended_by"], states["review_by"]
    assert (extended.due_at, extended.state) == (_at(15, 18), "open")
    assert review.state == "superseded"
    # It cites the extension's own clause (3.3.2 for ANTNUM), read from the pack.
    clause = ANTNUM.deadline_rule("review_extended_by").clause
    assert clause == "3.3.2" and f"(clause {clause})" in review.explanation[-1]
    assert next_due(list(states.values())).name == "acknowledge_by"


def test_extension_needs_third_party_goods():
    """A notice recorded on the shop's own goods would lengthen its review."""
    states = _states(_facts(third_party=False, extension_notice_at=_at(7, 10)))
    assert "review_extended_by" not in states and states["review_by"].state == "open"


def test_a_met_review_is_met_not_superseded():
    """A review finished in time would show as superseded once an extension was noticed."""
    states = _states(_facts(extension_notice_at=_at(7, 10), verified_at=_at(9, 12)))
    assert states["review_by"].state == "met" and states["review_extended_by"].state == "met"


def test_the_appeal_window_is_the_customers():
    """The case list would show the shop late while the customer's appeal window runs."""
    states = _states(_facts(verified_at=_at(9, 11), notified_at=_at(9, 15)))
    appeal = states["appeal_by"]
    assert (appeal.due_at, appeal.state, appeal.customer_side) == (_at(12, 18), "open", True)
    assert not appeal.counts_for_next_due
    assert next_due(list(states.values())).name == "acknowledge_by"


def test_a_final_case_owes_nothing_more():
    """A withdrawn case would keep reminding of its open clocks."""
    facts = dataclasses.replace(_facts(acknowledged_at=_at(4, 10)), final=True)
    states = _states(facts)
    assert set(states) == {REPORT_WINDOW, "acknowledge_by"}  # only what was met stays


def test_premature_claim_has_eligible_from_that_is_no_duty():
    """A premature non-delivery claim would show no date, or the shop as late for it."""
    at = dt.datetime(2026, 3, 16, 10, 0, tzinfo=IST)
    events = {"purchased_at": at, "reported_at": at + dt.timedelta(hours=10)}
    facts = CaseFacts("non_delivery", "license_key", False, "AM-1", Decimal("5"), events)
    states = _states(facts, ANTIMART)
    eligible = states[ELIGIBLE_FROM]
    assert eligible.due_at == at + dt.timedelta(hours=24)
    assert eligible.not_before and not eligible.counts_for_next_due
    assert next_due(list(states.values())).name == "statutory_acknowledge_by"
    final = _states(dataclasses.replace(facts, final=True), ANTIMART)
    assert ELIGIBLE_FROM in final  # a fact of the claim, kept on a closed case


def test_a_reason_the_pack_lacks_still_plans_the_clocks():
    """A case under a pack without its reason would fail to plan instead of losing the window."""
    facts = dataclasses.replace(_facts(), reason="no_such_reason")
    assert [s.name for s in plan_deadlines(ANTNUM, facts)] == ["acknowledge_by", "review_by"]


def test_pause_moves_shop_deadlines_only():
    """Time awaiting the customer would move the customer's window or be lost for the shop."""
    pack = dataclasses.replace(ANTNUM, pause_while_awaiting_customer=True)
    asked = _at(7, 9)
    paused = _states(dataclasses.replace(_facts(), pauses=((asked, None),)), pack)
    assert paused["review_by"].state == "paused"
    assert paused["review_by"].explanation[-1].startswith("Paused since")
    answered = dataclasses.replace(_facts(), pauses=((asked, asked + dt.timedelta(days=1)),))
    states = _states(answered, pack)
    assert states["review_by"].due_at == _at(11, 18)  # one working day (9 h) later
    assert states["acknowledge_by"].due_at == _at(9, 13)
    assert states[REPORT_WINDOW].due_at == dt.datetime(2026, 4, 9, 23, 59, 59, tzinfo=CN)


def test_a_deadline_met_during_a_pause_is_judged_on_its_moved_due_time():
    """An answer sent in the added time would count as late."""
    pack = dataclasses.replace(ANTNUM, pause_while_awaiting_customer=True)
    pause = (_at(7, 9), _at(8, 9))
    facts = dataclasses.replace(_facts(verified_at=_at(11, 17)), pauses=(pause,))
    assert _states(facts, pack)["review_by"].state == "met"
    assert _states(_facts(verified_at=_at(11, 17)))["review_by"].state == "missed"


def test_working_time_between_skips_closed_days():
    """A pause over a holiday would add time the shop was closed anyway."""
    cal = ANTNUM.service_calendar()
    # 04-03 16:00-18:00 (2 h), 04-04 (9 h), 04-05 and 04-06 holidays, 04-07 09:00-10:00 (1 h).
    assert cal.working_time_between(_at(3, 16), _at(7, 10)) == dt.timedelta(hours=12)
    assert cal.working_time_between(_at(5, 9), _at(6, 18)) == dt.timedelta(0)


CLAIMS = [
    pytest.param(tp, extra, id=f"third_party={tp}-{'+'.join(extra) or 'received'}")
    for tp in (False, True)
    for extra in ((), ("approved_at",), ("approved_at", "notified_at"))
]


@pytest.mark.parametrize(("third_party", "extra"), CLAIMS)
def test_assess_and_the_case_share_one_applicability_rule(third_party, extra):
    """assess and the stored case would disagree on which deadlines a claim has."""
    times = {"approved_at": _at(9, 11), "notified_at": _at(9, 15)}
    claim = parse_claim(
        {
            "policy": "antnum",
            "reason": "invalid_code",
            "third_party": third_party,
            "purchased_at": "2026-04-02T10:00:00+08:00",
            "delivered_at": "2026-04-02T10:01:00+08:00",
            "reported_at": "2026-04-03T16:00:00+08:00",
            "amount_paid": "10.00",
            **{name: times[name].isoformat() for name in extra},
        }
    )
    facts = _facts(third_party, **{name: times[name] for name in extra})
    assert claim_of(ANTNUM, facts).reported_at == claim.reported_at
    applying = [r.name for r in ANTNUM.deadlines if applies(r, facts.events, third_party)]
    returned = assess(ANTNUM, claim).deadlines
    assert list(returned) == list(claim_deadlines(ANTNUM, claim)) == applying
    assert ("review_extended_by" in returned) is third_party  # returned without the notice
    stored = _states(facts)
    binding = [r.name for r in ANTNUM.deadlines if r.name in applying and binds(r, facts.events)]
    assert [n for n in stored if n != REPORT_WINDOW] == sorted(
        binding, key=lambda n: returned[n].instant
    )
    for name in binding:
        assert stored[name].due_at == returned[name].instant


def test_lookups_by_pack_data():
    """Code asking 'which deadline does an appeal meet' would get another one or none."""
    assert ANTNUM.deadline_met_by("appealed_at").name == "appeal_by"
    assert ANTNUM.deadline_met_by("verified_at").name == "review_by"  # not the extension
    assert ANTNUM.superseding("review_by").name == "review_extended_by"
    assert ANTNUM.superseding("acknowledge_by") is None
    assert ANTIMART.deadline_met_by("appealed_at") is None
    assert met_by_of(ANTNUM, REPORT_WINDOW) == "reported_at"
    assert met_by_of(ANTNUM, "notify_by") == "notified_at"
    assert (side_of(ANTNUM, REPORT_WINDOW), side_of(ANTNUM, "appeal_by")) == (
        "customer",
        "customer",
    )
    shop = [
        n
        for n in (REPORT_WINDOW, ELIGIBLE_FROM, "appeal_by", "refund_by", "gone")
        if is_shop_duty(ANTNUM, n)
    ]
    assert shop == ["refund_by", "gone"]  # a name the pack lost still shows as the shop's
    assert label_of(ANTNUM, "gone") == "gone"
    assert label_of(ANTNUM, ELIGIBLE_FROM) == "Claim can be decided from"
