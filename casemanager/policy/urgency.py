"""Countdown texts and urgency bands for deadlines, shared by every view.

A band compares the due instant with thresholds computed once per tick and
per policy pack, so a list repainting hundreds of rows each second does only
comparisons, never calendar arithmetic or database queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from casemanager.policy.model import PolicyPack

LAST_HOURS = dt.timedelta(hours=4)


class Band(StrEnum):
    AMPLE = "ample"  # more than a working day of working time left
    UNDER_DAY = "under_day"  # under a working day
    UNDER_4H = "under_4h"  # under four hours
    OVERDUE = "overdue"


def working_day_hours(pack: PolicyPack) -> float:
    """Length of the pack's longest opening day, the 'working day' of the bands."""
    longest = 0
    for periods in pack.calendar.opening_hours:
        longest = max(longest, sum(close - open_ for open_, close in periods))
    return (longest or 8 * 60) / 60


@dataclass(frozen=True)
class BandThresholds:
    now: dt.datetime
    under_4h_before: dt.datetime
    under_day_before: dt.datetime

    @classmethod
    def at(cls, pack: PolicyPack, now: dt.datetime) -> BandThresholds:
        one_day = pack.service_calendar().working_hours_from(now, working_day_hours(pack))
        return cls(now, now + LAST_HOURS, one_day.instant)

    def band(self, due: dt.datetime) -> Band:
        if due <= self.now:
            return Band.OVERDUE
        if due <= self.under_4h_before:
            return Band.UNDER_4H
        if due <= self.under_day_before:
            return Band.UNDER_DAY
        return Band.AMPLE


def countdown_text(due: dt.datetime, now: dt.datetime) -> str:
    """'3d 04:12:09 left' or '−1d 02:00:00 overdue' (seconds, so it visibly ticks)."""
    seconds = int((due - now).total_seconds())
    overdue = seconds < 0
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    span = f"{days}d {clock}" if days else clock
    return f"\u2212{span} overdue" if overdue else f"{span} left"
