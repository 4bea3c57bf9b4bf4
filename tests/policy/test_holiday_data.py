"""Holiday data: the days the packs rely on, its version in every explanation, guesses flagged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import holidays

from casemanager.policy import assess, load_pack, parse_claim
from casemanager.policy.calendar import Closure, ServiceCalendar
from casemanager.policy.holiday_data import has_official_schedule, is_estimated

CN = load_pack("antnum").service_calendar()
IN = load_pack("antimart").service_calendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_cn_2026_state_council_days_off():
    """With older holiday data, ANTNUM deadlines around Spring Festival and National Day move."""
    cn = holidays.country_holidays("CN", years=2026)
    for day in (2, 16, 20, 23):
        month = 1 if day == 2 else 2
        assert date(2026, month, day) in cn, f"2026-{month:02d}-{day:02d}"
    assert date(2026, 10, 6) in cn and date(2026, 10, 7) in cn
    assert has_official_schedule("CN", 2026)


def test_in_dates_the_packs_rely_on():
    """Anti Mart's refund days would count a national holiday as a working day."""
    india = holidays.country_holidays("IN", years=2026)
    assert india[date(2026, 1, 26)] == "Republic Day"
    assert "Ram Navami" in india.get_list(date(2026, 3, 26))
    assert "Mahavira's Birthday" in india.get_list(date(2026, 3, 31))
    assert "Mahatma Gandhi's Birthday" in india.get_list(date(2026, 10, 2))


def test_every_explanation_names_the_holiday_data_version():
    """A user could not tell which holiday data a deadline was counted with."""
    for due in (
        IN.working_days_after(at("2026-01-23T17:00:00+05:30"), 7),
        CN.working_hours_from(at("2026-03-12T20:30:00+08:00"), 24),
        CN.calendar_days_from(at("2026-03-12T20:30:00+08:00"), 3),
    ):
        assert f"Holiday data: holidays {holidays.__version__}" in "\n".join(
            due.explanation.lines()
        )


def test_in_2027_eid_is_flagged_estimated():
    """A deadline across a moon-sighted holiday would look as certain as any other."""
    due = IN.working_days_after(at("2027-03-08T10:00:00+05:30"), 3)
    assert [(e.date, e.name) for e in due.explanation.estimated] == [
        (date(2027, 3, 10), "Eid al-Fitr (estimated)")
    ]
    assert any(
        line.startswith("Resting on estimated holidays: 2027-03-10")
        for line in (due.explanation.lines())
    )
    # 2026 has no guess in the same stretch of days.
    assert IN.working_days_after(at("2026-03-09T10:00:00+05:30"), 3).explanation.estimated == ()


def test_cn_2027_has_no_official_schedule():
    """CN 2027 holidays are the package's guesses until the State Council publishes its own."""
    assert not has_official_schedule("CN", 2027)
    assert is_estimated("CN", date(2027, 10, 4), "National Day (observed)")
    assert not is_estimated("CN", date(2026, 10, 5), "National Day (observed)")
    due = CN.working_days_after(at("2027-09-30T10:00:00+08:00"), 2)
    flagged = [e.date for e in due.explanation.estimated]
    assert flagged == [date(2027, 10, d) for d in range(1, 6)]
    text = "\n".join(due.explanation.lines())
    assert "2027-10-04 National Day (observed) (no official schedule for 2027)" in text


def test_an_extra_closure_confirms_a_guessed_date():
    """A shop that confirmed the date itself would still be told it rests on a guess."""
    spec = load_pack("antimart").calendar
    confirmed = ServiceCalendar(replace(spec, extra_closures=(Closure(date(2027, 3, 10), "Eid"),)))
    due = confirmed.working_days_after(at("2027-03-08T10:00:00+05:30"), 3)
    assert due.explanation.estimated == ()


def test_assess_lists_the_estimated_holidays_of_antnum_february_2027():
    """`assess` would hide that an ANTNUM claim's deadlines rest on guessed holidays."""
    claim = {
        "policy": "antnum",
        "reason": "service_failure",
        "purchased_at": "2027-02-01T10:00:00+08:00",
        "reported_at": "2027-02-04T20:30:00+08:00",
        "amount_paid": "30.00",
        "order_id": "AN-1",
        "evidence": ["payment_proof", "defect_proof"],
    }
    result = assess(load_pack("antnum"), parse_claim(claim)).to_json_dict()
    dates = [e["date"] for e in result["estimated_holidays"]]
    assert dates == [f"2027-02-{d:02d}" for d in range(5, 11)]
    assert result["estimated_holidays"][0] == {
        "date": "2027-02-05",
        "name": "Chinese New Year's Eve",
    }
    march = dict(claim, purchased_at="2026-03-01T10:00:00+08:00")
    march["reported_at"] = "2026-03-02T10:00:00+08:00"
    assert (
        assess(load_pack("antnum"), parse_claim(march)).to_json_dict()["estimated_holidays"] == []
    )
