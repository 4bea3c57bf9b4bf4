"""A pack's calendar laid out for people: a year of days, and a deadline calculator.

Pure functions of a PolicyPack (draft or saved) and the instants given: the
policy editor shows them and recomputes them on every edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemanager.display import when
from casemanager.policy import holiday_data
from casemanager.policy.calendar import format_minute
from casemanager.policy.model import PolicyPack
from casemanager.policy.statutes import statute_due, statutory_rules


@dataclass(frozen=True)
class DayInfo:
    """One date of the preview: open hours, or why it is closed, and how sure that is."""

    date: dt.date
    kind: str  # working, weekend, holiday, closure, opening, break
    hours: str  # "09:00–18:00" or ""
    name: str = ""  # holiday, closure or opening name
    estimated: bool = False  # a holiday whose date the data only guesses

    @property
    def working(self) -> bool:
        return bool(self.hours)

    def describe(self) -> str:
        """E.g. '2027-03-10 holiday: Eid al-Fitr (estimated) — estimated'."""
        text = f"{self.date.isoformat()} {self.kind}"
        if self.hours:
            text += f" {self.hours}"
        if self.name:
            text += f": {self.name}"
        if self.kind == "holiday":
            text += " — estimated" if self.estimated else " — official"
        return text


def year_view(pack: PolicyPack, year: int) -> list[DayInfo]:
    """Every date of ``year`` under the pack's calendar."""
    cal = pack.service_calendar()
    spec = pack.calendar
    closures = {c.date: c.name for c in spec.extra_closures}
    openings = {o.date: o.name for o in spec.extra_openings}
    out: list[DayInfo] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        periods = cal.opening_periods(day)
        hours = ", ".join(
            f"{format_minute(o.hour * 60 + o.minute)}–{_close(o, c)}" for o, c in periods
        )
        names = cal.holiday_names(day)
        if day in openings:
            info = DayInfo(day, "opening", hours, openings[day])
        elif day in closures:
            info = DayInfo(day, "closure", "", closures[day])
        elif names:
            name = "; ".join(names)
            guess = any(holiday_data.is_estimated(spec.holiday_country, day, n) for n in names)
            info = DayInfo(day, "holiday", "", name, guess)
        elif hours:
            info = DayInfo(day, "working", hours)
        else:
            reason = cal.closed_reason(day) or "closed"
            kind = "break" if reason.startswith("rest day in the") else "weekend"
            info = DayInfo(day, kind, "", reason if kind == "break" else "")
        out.append(info)
        day += dt.timedelta(days=1)
    return out


def _close(opens: dt.datetime, closes: dt.datetime) -> str:
    # A period closing at midnight shows as 24:00 on its own day.
    minute = closes.hour * 60 + closes.minute
    if closes.date() > opens.date():
        minute += 1440
    return format_minute(minute)


@dataclass(frozen=True)
class CalculatedDeadline:
    name: str
    label: str
    set_by: str  # 'your policy' or 'the law'
    due: str
    explanation: tuple[str, ...]


def calculate(pack: PolicyPack, received_at: dt.datetime, reason: str) -> list[CalculatedDeadline]:
    """Every deadline of the pack counted from a claim received at ``received_at``.

    Deadlines that start from a later event (approval, notification) are counted
    as if that event happened at the same instant, which their explanation says.
    The report window of ``reason`` is counted from the same instant as a purchase.
    """
    cal = pack.service_calendar()
    out: list[CalculatedDeadline] = []
    window = pack.reason(reason).window
    if window is not None:
        due = cal.calendar_days_from(
            received_at, window.days, start_event="purchased_at", clause=window.clause
        )
        lines = tuple(due.explanation.lines())
        out.append(
            CalculatedDeadline(
                "report_window", "Report window", "your policy", when(due.instant), lines
            )
        )
    for rule in pack.deadlines:
        due = cal.compute(
            rule.rule, received_at, rule.amount, start_event=rule.start, clause=rule.clause
        )
        out.append(
            CalculatedDeadline(
                rule.name,
                rule.label,
                "your policy",
                when(due.instant),
                tuple(due.explanation.lines()),
            )
        )
    for statute, rule in statutory_rules(pack.statutes):
        due = statute_due(statute, rule, received_at)
        lines = tuple(due.explanation.lines())
        out.append(CalculatedDeadline(rule.name, rule.label, "the law", when(due.instant), lines))
    return out
