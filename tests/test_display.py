"""Times, amounts and typed dates as people read and write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from casemanager import display

NOW = dt.datetime(2026, 12, 1, 17, 45, 12)  # a wall time, as the form hands it over


@pytest.mark.parametrize(
    ("typed", "wall"),
    [
        ("2026-11-28 10:00", dt.datetime(2026, 11, 28, 10, 0)),
        ("2026-11-28T10:00:30", dt.datetime(2026, 11, 28, 10, 0, 30)),
        ("2026-11-28", dt.datetime(2026, 11, 28, 0, 0)),
        ("28/11/2026", dt.datetime(2026, 11, 28, 0, 0)),
        ("28/11/2026 9:05", dt.datetime(2026, 11, 28, 9, 5)),
        ("28.11.2026 21:15", dt.datetime(2026, 11, 28, 21, 15)),
        ("28 Nov 2026 10:00", dt.datetime(2026, 11, 28, 10, 0)),
        ("28 november 2026, 2:30 pm", dt.datetime(2026, 11, 28, 14, 30)),
        ("Sat 28 Nov 2026, 10:00", dt.datetime(2026, 11, 28, 10, 0)),
        ("Sat 28 Nov 2026, 10:00 IST (UTC+05:30)", dt.datetime(2026, 11, 28, 10, 0)),
        ("today", dt.datetime(2026, 12, 1, 0, 0)),
        ("Today 08:15", dt.datetime(2026, 12, 1, 8, 15)),
        ("yesterday 14:30", dt.datetime(2026, 11, 30, 14, 30)),
        ("now", dt.datetime(2026, 12, 1, 17, 45)),
        ("  2026-11-28   10:00 ", dt.datetime(2026, 11, 28, 10, 0)),
    ],
)
def test_typed_dates_are_read_in_every_usual_form(typed, wall):
    """A date typed the way people write it lands in the field as that wall time."""
    assert display.parse_typed(typed, NOW) == wall


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "no date given"),
        ("soon", "cannot read 'soon' as a date"),
        ("31/02/2026", "no such date"),
        ("2026-11-28 25:00", "no such time"),
        ("28 Brumaire 2026", "no month called"),
        ("2026-11-28 ten", "cannot read the time"),
        ("13:00 pm", "cannot read"),
    ],
)
def test_unreadable_dates_say_what_is_wrong(typed, says):
    """A mistyped date is refused with a message, never read as some other date."""
    with pytest.raises(display.TypedDateError, match=says):
        display.parse_typed(typed, NOW)


def test_what_the_desk_writes_reads_back_as_the_same_time():
    """Leaving a date field untouched never changes the time it holds."""
    for wall in (dt.datetime(2026, 2, 1, 0, 0), dt.datetime(2030, 12, 31, 23, 59)):
        assert display.parse_typed(display.wall(wall), NOW) == wall


def test_instants_are_written_in_the_zone_with_abbreviation_and_offset():
    """The owner reads the weekday, the date, the time and which clock it is on."""
    due = dt.datetime(2026, 12, 5, 18, 29, 59, tzinfo=dt.UTC)
    assert display.when(due, "Asia/Kolkata") == "Sat 5 Dec 2026, 23:59 IST (UTC+05:30)"
    assert display.when(due, "Asia/Shanghai") == "Sun 6 Dec 2026, 02:29 CST (UTC+08:00)"
    assert display.when(due, "UTC") == "Sat 5 Dec 2026, 18:29 UTC"
    assert display.when(due, "Asia/Dubai") == "Sat 5 Dec 2026, 22:29 (UTC+04:00)"
    assert display.when(due, "America/Sao_Paulo").endswith("(UTC\u221203:00)")
    local = due.astimezone(ZoneInfo("Asia/Kolkata"))
    assert display.when(local) == "Sat 5 Dec 2026, 23:59 IST (UTC+05:30)"
    assert display.iso(local) == "2026-12-05T23:59:59+05:30"
    assert display.when(None) == ""


def test_money_has_separators_and_the_currencys_decimals():
    """Amounts read the same everywhere: grouped thousands and the currency's decimals."""
    assert display.money(Decimal("1499"), "INR") == "1,499.00 INR"
    assert display.money(Decimal("1234567.5"), "USD") == "1,234,567.50 USD"
    assert display.money(Decimal("3000"), "JPY") == "3,000 JPY"
    assert display.money(None, "INR") == ""


@pytest.mark.parametrize(
    ("left", "text"),
    [
        (dt.timedelta(minutes=42, seconds=9), "42:09 left"),
        (dt.timedelta(hours=5, minutes=12, seconds=40), "5 h 12 min left"),
        (dt.timedelta(hours=3), "3 h left"),
        (dt.timedelta(days=1, hours=2, minutes=59), "1 day 2 h left"),
        (dt.timedelta(days=4, seconds=30), "4 days left"),
        (-dt.timedelta(days=9, hours=3, seconds=7), "9 days 3 h overdue"),
        (-dt.timedelta(seconds=5), "00:05 overdue"),
    ],
)
def test_countdowns_tick_seconds_only_in_the_last_hour(left, text):
    """A deadline days away reads in days and hours; only the last hour ticks by the second."""
    now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    assert display.countdown(now + left, now) == text


def test_a_delay_reads_like_a_countdown_not_a_clock():
    """A deadline met late said 'missed by 13:30:00', which reads as a time of day."""
    assert display.span(dt.timedelta(hours=13, minutes=30)) == "13 h 30 min"
    assert display.span(dt.timedelta(days=2, hours=4, seconds=5)) == "2 days 4 h"
    assert display.span(-dt.timedelta(minutes=3, seconds=9)) == "03:09"
