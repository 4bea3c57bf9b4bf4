"""Service calendars: worked examples over real holidays, and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from casemanager.policy.calendar import CalendarSpec, Closure, ExtraOpening, ServiceCalendar
from casemanager.policy.packs import load_pack

CN = load_pack("antnum").service_calendar()
IN = load_pack("antimart").service_calendar()
NINE_TO_SIX = ((540, 1080),)
# A synthetic calendar exercising what the built-in ones do not: a lunch break,
# daylight saving time, a closing at 24:00, an extra closure and an extra opening.
BERLIN = ServiceCalendar(
    CalendarSpec(
        timezone="Europe/Berlin",
        opening_hours=(((480, 720), (780, 1020)),) * 5 + (((600, 1440),), ()),
        holiday_country="DE",
        holiday_subdivision="BY",
        extra_closures=(Closure(date(2026, 3, 30), "inventory"),),
        extra_openings=(ExtraOpening(date(2026, 3, 29), ((600, 900),), "spring sale"),),
    )
)
CALENDARS = [CN, IN, BERLIN]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_holiday_data_matches_what_the_examples_assume():
    """If this fails, the holidays package changed and the worked examples below need review."""
    cn = holidays.country_holidays("CN", years=2026)
    national = [d.day for d in cn if d.month == 10]
    assert national == [1, 2, 3, 5, 6, 7]  # Sunday 4 October is not listed
    spring = sorted(d for d in cn if d.month == 2)
    assert [d.day for d in spring] == [16, 17, 18, 19, 20, 23]
    # Make-up working days (e.g. Sunday 20 September) are not in the default categories.
    assert date(2026, 9, 20) not in cn
    india = holidays.country_holidays("IN", years=[2025, 2026])
    assert india[date(2026, 1, 26)] == "Republic Day"
    assert india[date(2025, 8, 15)] == "Independence Day"
    assert "Mahatma Gandhi's Birthday" in india.get_list(date(2026, 10, 2))


def test_calendar_days_end_at_last_second_of_local_date():
    """A report window would close at the wrong moment."""
    due = IN.calendar_days_from(at("2026-03-01T20:00:00+00:00"), 7)
    # 20:00 UTC is already 2 March in Kolkata.
    assert due.isoformat() == "2026-03-09T23:59:59+05:30"
    assert CN.calendar_days_from(at("2026-03-11T09:00:00+08:00"), 3).isoformat() == (
        "2026-03-14T23:59:59+08:00"
    )


def test_working_hours_start_at_next_opening():
    """An acknowledgement deadline after hours would be counted from the wrong moment."""
    due = CN.working_hours_from(at("2026-03-12T20:30:00+08:00"), 24)
    assert due.isoformat() == "2026-03-15T15:00:00+08:00"
    assert due.explanation.clock_start == at("2026-03-13T09:00:00+08:00")


def test_working_hours_ending_at_closing_time_stay_there():
    """A deadline of exactly one day's hours would jump to the next morning."""
    due = CN.working_hours_from(at("2026-03-13T09:00:00+08:00"), 9)
    assert due.isoformat() == "2026-03-13T18:00:00+08:00"
    due = IN.working_hours_from(at("2026-03-06T09:00:00+05:30"), 18)  # Friday
    assert due.isoformat() == "2026-03-09T18:00:00+05:30"


def test_working_days_never_count_the_start_date():
    """A review deadline would be a day early when the claim arrives in opening hours."""
    due = CN.working_days_after(at("2026-03-12T10:00:00+08:00"), 5)
    assert due.isoformat() == "2026-03-17T18:00:00+08:00"
    due = IN.working_days_after(at("2026-03-13T08:00:00+05:30"), 1)  # Friday morning
    assert due.isoformat() == "2026-03-16T18:00:00+05:30"


def test_cn_national_day_2026():
    """Deadlines across China's National Day would fall on a holiday or skip a working day."""
    reported = at("2026-09-30T20:00:00+08:00")
    ack = CN.working_hours_from(reported, 24)
    # Open every day: 4 October (a Sunday the holidays package does not list) counts.
    assert ack.isoformat() == "2026-10-09T15:00:00+08:00"
    skipped = {s.date.day: s.reason for s in ack.explanation.skipped}
    assert sorted(skipped) == [1, 2, 3, 5, 6, 7]
    assert skipped[1] == "National Day"
    assert skipped[5] == "National Day (observed)"
    assert skipped[7].startswith("Day off (substituted")
    review = CN.working_days_after(reported, 5)
    assert review.isoformat() == "2026-10-11T18:00:00+08:00"


def test_cn_spring_festival_2026():
    """Deadlines across Spring Festival would ignore the days off."""
    reported = at("2026-02-15T10:00:00+08:00")
    ack = CN.working_hours_from(reported, 24)
    assert ack.isoformat() == "2026-02-22T16:00:00+08:00"
    assert [s.date.day for s in ack.explanation.skipped] == [16, 17, 18, 19, 20]
    review = CN.working_days_after(reported, 5)
    assert review.isoformat() == "2026-02-26T18:00:00+08:00"
    assert [s.date.day for s in review.explanation.skipped] == [16, 17, 18, 19, 20, 23]


def test_india_republic_day_and_weekends():
    """An Anti Mart refund deadline would count Republic Day or weekends as working days."""
    due = IN.working_days_after(at("2026-01-23T17:00:00+05:30"), 7)
    assert due.isoformat() == "2026-02-04T18:00:00+05:30"
    reasons = {s.date: s.reason for s in due.explanation.skipped}
    assert reasons[date(2026, 1, 26)] == "Republic Day"
    assert reasons[date(2026, 1, 24)] == "weekend"
    assert len(reasons) == 5


def test_india_independence_day_and_gandhi_jayanti():
    """Working time would run through Indian national holidays."""
    due = IN.working_hours_from(at("2025-08-14T15:00:00+05:30"), 9)
    assert due.isoformat() == "2025-08-18T15:00:00+05:30"
    assert [s.reason for s in due.explanation.skipped] == [
        "Independence Day",
        "Janmashtami (Vaishnava)",
        "weekend",
    ]
    due = IN.working_days_after(at("2026-09-30T10:00:00+05:30"), 7)
    assert due.isoformat() == "2026-10-12T18:00:00+05:30"


def test_inputs_in_other_offsets_give_the_same_instant():
    """The same moment written in another offset would give another deadline."""
    local = CN.working_hours_from(at("2026-03-12T20:30:00+08:00"), 24)
    utc = CN.working_hours_from(at("2026-03-12T12:30:00Z"), 24)
    west = CN.working_hours_from(at("2026-03-12T07:30:00-05:00"), 24)
    assert local.instant == utc.instant == west.instant
    assert utc.isoformat() == "2026-03-15T15:00:00+08:00"


def test_extra_closures_openings_lunch_break_and_dst():
    """A shop's own closures, openings, breaks or a clock change would be ignored."""
    assert BERLIN.is_working_date(date(2026, 3, 29))  # Sunday, extra opening
    assert not BERLIN.is_working_date(date(2026, 3, 30))
    assert BERLIN.closed_reason(date(2026, 3, 30)) == "inventory"
    assert not BERLIN.is_open(at("2026-03-27T12:30:00+01:00"))  # lunch break
    # Friday 16:00 CET + 2h: 1h left on Friday, then Saturday opens 10:00.
    due = BERLIN.working_hours_from(at("2026-03-27T16:00:00+01:00"), 2)
    assert due.isoformat() == "2026-03-28T11:00:00+01:00"
    # Saturday 23:00 + 1h ends at 24:00 = Sunday 00:00, the day clocks go forward.
    due = BERLIN.working_hours_from(at("2026-03-28T23:00:00+01:00"), 1)
    assert due.isoformat() == "2026-03-29T00:00:00+01:00"
    # Sunday's extra opening 10:00-15:00 is in summer time.
    due = BERLIN.working_hours_from(at("2026-03-28T23:30:00+01:00"), 1)
    assert due.isoformat() == "2026-03-29T10:30:00+02:00"


def test_explanation_reads_as_sentences():
    """The UI could not show why a deadline falls where it does."""
    due = IN.working_days_after(at("2026-01-23T17:00:00+05:30"), 7)
    text = "\n".join(due.explanation.lines())
    assert "Start: Fri 23 Jan 2026, 17:00 IST (UTC+05:30)" in text
    assert "Mon 26 Jan 2026 Republic Day" in text
    assert text.endswith("Due: Wed 4 Feb 2026, 18:00 IST (UTC+05:30)")


def test_bad_arguments_are_refused():
    """A zero or negative amount or a naive datetime would give a silent nonsense deadline."""
    with pytest.raises(ValueError):
        CN.working_hours_from(at("2026-03-12T20:30:00+08:00"), 0)
    with pytest.raises(ValueError):
        CN.working_days_after(at("2026-03-12T20:30:00+08:00"), 0)
    with pytest.raises(ValueError):
        CN.calendar_days_from(datetime(2026, 3, 12), 1)


# -- properties ----------------------------------------------------------------

ZONES = [
    UTC,
    timezone(timedelta(hours=8)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-5)),
    ZoneInfo("Europe/Berlin"),
]
instants = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2027, 12, 31),
    timezones=st.sampled_from(ZONES),
)
calendars = st.sampled_from(CALENDARS)
PROPS = settings(max_examples=150, deadline=None)


def _within_or_at_end_of_opening(cal: ServiceCalendar, due: datetime) -> bool:
    day = cal.local(due).date()
    periods = cal.opening_periods(day) + cal.opening_periods(day - timedelta(days=1))
    return any(o < due <= c for o, c in periods)


@PROPS
@given(cal=calendars, t=instants, n=st.integers(1, 200))
def test_working_hours_due_never_in_a_closed_period(cal, t, n):
    """A deadline could fall on a holiday, a weekend or outside opening hours."""
    due = cal.working_hours_from(t, n).instant
    assert _within_or_at_end_of_opening(cal, due)
    assert due.tzinfo == cal.tz


@PROPS
@given(cal=calendars, t=instants, n=st.integers(1, 30))
def test_working_days_due_is_a_closing_time_of_a_working_date(cal, t, n):
    """A working-day deadline could fall on a closed date or mid-day."""
    due = cal.working_days_after(t, n).instant
    day = cal.local(due).date()
    # The closing time of a working date (a 24:00 closing is the next date's midnight).
    closed = [
        d
        for d in (day, day - timedelta(days=1))
        if cal.is_working_date(d) and cal.opening_periods(d)[-1][1] == due
    ]
    assert closed and closed[0] > cal.local(t).date()


@PROPS
@given(cal=calendars, t=instants, n=st.integers(1, 100))
def test_monotone_in_n(cal, t, n):
    """One more hour or day could give an earlier deadline."""
    assert cal.working_hours_from(t, n).instant < cal.working_hours_from(t, n + 1).instant
    assert cal.working_days_after(t, n).instant < cal.working_days_after(t, n + 1).instant
    assert cal.calendar_days_from(t, n).instant < cal.calendar_days_from(t, n + 1).instant


@PROPS
@given(
    cal=calendars,
    t=instants,
    later=st.timedeltas(timedelta(0), timedelta(days=20)),
    n=st.integers(1, 60),
)
def test_monotone_in_start(cal, t, later, n):
    """A claim received later could get an earlier deadline."""
    u = t + later
    assert cal.working_hours_from(t, n).instant <= cal.working_hours_from(u, n).instant
    assert cal.working_days_after(t, n).instant <= cal.working_days_after(u, n).instant
    assert cal.calendar_days_from(t, n).instant <= cal.calendar_days_from(u, n).instant


@PROPS
@given(cal=calendars, t=instants, n=st.integers(1, 60))
def test_working_days_never_end_before_calendar_days(cal, t, n):
    """N working days could end on an earlier date than N calendar days."""
    work = cal.local(cal.working_days_after(t, n).instant).date()
    calendar = cal.local(cal.calendar_days_from(t, n).instant).date()
    assert work >= calendar


@PROPS
@given(cal=calendars, t=instants, a=st.integers(1, 120), b=st.integers(1, 120))
def test_adding_hours_equals_adding_the_parts(cal, t, a, b):
    """Splitting working time at any point (e.g. across a holiday) would change the deadline."""
    whole = cal.working_hours_from(t, a + b).instant
    parts = cal.working_hours_from(cal.working_hours_from(t, a).instant, b).instant
    assert whole == parts


@PROPS
@given(cal=calendars, t=instants, a=st.integers(1, 20), b=st.integers(1, 20))
def test_adding_working_days_equals_adding_the_parts(cal, t, a, b):
    """Chained working-day deadlines (decision, then refund) would drift."""
    first = cal.working_days_after(t, a).instant
    # A day closing at 24:00 ends at the next date's first instant, so "the day of T"
    # of the second step is that next date; chaining is only additive otherwise.
    assume(cal.local(first).time() != time(0, 0))
    whole = cal.working_days_after(t, a + b).instant
    parts = cal.working_days_after(first, b).instant
    assert whole == parts


def test_holiday_heavy_stretch_is_fast():
    """Computing deadlines for 100,000 cases would make the case list sluggish."""
    import time

    start = at("2026-09-28T10:00:00+08:00")
    began = time.perf_counter()
    for i in range(3000):
        t = start + timedelta(minutes=37 * i)
        CN.working_hours_from(t, 24)
        CN.working_days_after(t, 5)
    assert time.perf_counter() - began < 3.0


@PROPS
@given(cal=calendars, t=instants, zone=st.sampled_from(ZONES), n=st.integers(1, 60))
def test_same_instant_in_any_offset_gives_the_same_deadlines(cal, t, zone, n):
    """A claim typed in the customer's offset would get other deadlines than in the shop's."""
    u = t.astimezone(zone)
    assert cal.working_hours_from(t, n).instant == cal.working_hours_from(u, n).instant
    assert cal.working_days_after(t, n).instant == cal.working_days_after(u, n).instant
    assert cal.calendar_days_from(t, n).instant == cal.calendar_days_from(u, n).instant


def test_a_remembered_scan_gives_each_deadline_its_own_start_and_names():
    """A second deadline from the same date would show the first one's start or clause."""
    fresh = ServiceCalendar(CN.spec)
    morning = datetime(2026, 9, 30, 9, 15, tzinfo=UTC)
    evening = morning.replace(hour=20, minute=40)
    first = fresh.working_days_after(morning, 3, start_event="reported_at", clause="4.1")
    second = fresh.working_days_after(evening, 3, start_event="decided_at", clause="7.2")
    alone = ServiceCalendar(CN.spec).working_days_after(
        evening, 3, start_event="decided_at", clause="7.2"
    )
    assert second == alone and second.explanation.lines() == alone.explanation.lines()
    assert first.instant == second.instant and first.explanation.start != second.explanation.start
    hours = fresh.working_hours_from(morning, 30, start_event="reported_at", clause="4.1")
    again = fresh.working_hours_from(morning, 30, start_event="review_started_at")
    assert again == ServiceCalendar(CN.spec).working_hours_from(
        morning, 30, start_event="review_started_at"
    )
    assert again.instant == hours.instant and again.explanation.start_event == "review_started_at"
