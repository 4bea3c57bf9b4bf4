"""The "close the whole official break" calendar option over CN 2026."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

from casemanager.policy import load_pack, parse_pack
from casemanager.policy.calendar import ServiceCalendar

ANTNUM = load_pack("antnum")
OPEN_ALL_BREAK = ANTNUM.service_calendar()
WHOLE = ServiceCalendar(replace(ANTNUM.calendar, close_whole_breaks=True))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def closed(cal: ServiceCalendar, first: date, last: date) -> list[date]:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in days if not cal.is_working_date(d)]


def test_spring_festival_2026_is_closed_from_15_to_23_february():
    """A Mon-Sun shop closing for the whole break would owe work on 21 February."""
    span = (date(2026, 2, 13), date(2026, 3, 1))
    assert closed(WHOLE, *span) == [date(2026, 2, d) for d in range(15, 24)]
    assert date(2026, 2, 21) not in closed(OPEN_ALL_BREAK, *span)  # the default reading
    # The make-up working Saturdays stay working days.
    assert WHOLE.is_working_date(date(2026, 2, 14)) and WHOLE.is_working_date(date(2026, 2, 28))
    assert "Chinese New Year" in WHOLE.closed_reason(date(2026, 2, 21))
    reported = at("2026-02-13T20:00:00+08:00")
    assert OPEN_ALL_BREAK.working_hours_from(reported, 24).isoformat() == (
        "2026-02-21T15:00:00+08:00"
    )
    # Saturday 14 (make-up day) 9 h, then nothing until 24 February 9 h, 25th 6 h.
    assert WHOLE.working_hours_from(reported, 24).isoformat() == "2026-02-25T15:00:00+08:00"


def test_national_day_2026_is_closed_from_1_to_7_october():
    """Sunday 4 October, inside the National Day break, would count as a working day."""
    assert closed(WHOLE, date(2026, 9, 28), date(2026, 10, 11)) == [
        date(2026, 10, d) for d in range(1, 8)
    ]
    reported = at("2026-09-30T20:00:00+08:00")
    assert OPEN_ALL_BREAK.working_days_after(reported, 5).isoformat() == (
        "2026-10-11T18:00:00+08:00"
    )
    assert WHOLE.working_days_after(reported, 5).isoformat() == "2026-10-12T18:00:00+08:00"
    assert WHOLE.is_working_date(date(2026, 10, 10))  # make-up working Saturday


def test_the_option_is_a_pack_key():
    """A pack saying close_whole_breaks would load without it taking effect."""
    data = json.loads(ANTNUM.path.read_text(encoding="utf-8"))
    data["calendar"]["close_whole_breaks"] = True
    pack = parse_pack(data)
    assert pack.calendar.close_whole_breaks
    assert not pack.service_calendar().is_working_date(date(2026, 2, 21))
    assert "whole holiday breaks closed" in pack.calendar.describe()
