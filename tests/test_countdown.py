"""Countdown texts and colour bands of deadlines."""

from __future__ import annotations

import datetime as dt

from casemanager.domain import Band
from casemanager.policy.packs import load_pack
from casemanager.policy.urgency import BandThresholds, working_day_hours
from ui.formatting import countdown_text

CN = dt.timezone(dt.timedelta(hours=8))


def test_countdown_text_ticks_seconds_only_in_the_last_hour_and_goes_negative():
    """The owner sees days and hours far off, seconds near the end, and how late it is."""
    now = dt.datetime(2026, 3, 12, 10, 0, tzinfo=CN)
    assert countdown_text(now + dt.timedelta(days=2, hours=3, seconds=9), now) == "2 days 3 h left"
    assert countdown_text(now + dt.timedelta(minutes=5), now) == "05:00 left"
    assert countdown_text(now - dt.timedelta(hours=26), now) == "1 day 2 h overdue"


def test_bands_follow_working_time_of_the_pack():
    """Under a working day means under nine opening hours of the shop, not 24 clock hours."""
    pack = load_pack("antnum")
    assert working_day_hours(pack) == 9
    # Thursday 17:00 Shanghai: one working day later is Friday 17:00.
    now = dt.datetime(2026, 3, 12, 17, 0, tzinfo=CN)
    bands = BandThresholds.at(pack, now)
    assert bands.band(now - dt.timedelta(seconds=1)) is Band.OVERDUE
    assert bands.band(now + dt.timedelta(hours=3)) is Band.UNDER_4H
    assert bands.band(dt.datetime(2026, 3, 13, 16, 0, tzinfo=CN)) is Band.UNDER_DAY
    assert bands.band(dt.datetime(2026, 3, 13, 17, 30, tzinfo=CN)) is Band.AMPLE
