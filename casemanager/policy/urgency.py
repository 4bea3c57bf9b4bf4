"""Urgency bands of deadlines, shared by every view.

A band compares the due instant with thresholds computed once per tick and
per policy pack, so a list repainting hundreds of rows each second does only
comparisons, never calendar arithmetic or database queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemanager.domain import Band
from casemanager.policy.model import PolicyPack

__all__ = ["LAST_HOURS", "Band", "BandThresholds", "working_day_hours"]

LAST_HOURS = dt.timedelta(hours=4)


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
