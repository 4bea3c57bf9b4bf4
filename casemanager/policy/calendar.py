"""Service calendars: calendar days, working hours and working days of a pack.

Meanings follow POLICY-RULES.md, "Service calendars". All arithmetic steps
day by day over opening periods (never minute by minute), so a deadline costs
a handful of cached dictionary look-ups. Elapsed working time is measured in
UTC; dates and opening times are local wall times of the pack's zone, so the
code stays right in zones with daylight saving time.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from casemanager.display import day, when
from casemanager.policy import holiday_data
from casemanager.policy.vocabulary import WEEKDAYS

if TYPE_CHECKING:
    import holidays

# A calendar with no working time for ten years is broken; stop instead of looping.
MAX_SCAN_DAYS = 3700
# Scans remembered per calendar (each kind); past this many the memory starts afresh.
SCAN_MEMORY = 4096
END_OF_DAY = time(23, 59, 59)

Period = tuple[int, int]  # opening and closing minute of the day, 0..1440 (1440 = 24:00)


def iso(instant: datetime) -> str:
    """ISO 8601 with seconds precision and the UTC offset, as every output shows instants."""
    return instant.isoformat(timespec="seconds")


def event_words(event: str) -> str:
    """'purchased_at' -> 'purchased', 'review_started_at' -> 'review started'."""
    return event.removesuffix("_at").replace("_", " ")


def format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class Closure:
    """A date on which the shop is closed although its weekday has opening hours."""

    date: date
    name: str = "closed"


@dataclass(frozen=True)
class ExtraOpening:
    """A date on which the shop opens (e.g. a make-up working day) with these hours."""

    date: date
    hours: tuple[Period, ...]
    name: str = "extra opening day"


@dataclass(frozen=True)
class CalendarSpec:
    """The calendar section of a pack, hashable so built calendars can be shared."""

    timezone: str
    opening_hours: tuple[tuple[Period, ...], ...]  # seven entries, Monday first
    holiday_country: str
    holiday_subdivision: str | None = None
    extra_closures: tuple[Closure, ...] = ()
    extra_openings: tuple[ExtraOpening, ...] = ()
    # Also close the ordinary rest days lying between the days off of one holiday break.
    close_whole_breaks: bool = False

    def describe(self) -> str:
        """E.g. 'Asia/Shanghai, Mon–Sun 09:00–18:00, holidays CN'."""
        return _describe(self)


@lru_cache(maxsize=64)
def _describe(spec: CalendarSpec) -> str:
    # Cached: every deadline explanation names its calendar.
    groups: list[tuple[int, int, tuple[Period, ...]]] = []
    for i, hours in enumerate(spec.opening_hours):
        if groups and groups[-1][2] == hours and groups[-1][1] == i - 1:
            groups[-1] = (groups[-1][0], i, hours)
        else:
            groups.append((i, i, hours))
    parts = []
    for first, last, hours in groups:
        if not hours:
            continue
        days = WEEKDAYS[first].title()
        if last != first:
            days += "–" + WEEKDAYS[last].title()
        times = ", ".join(f"{format_minute(o)}–{format_minute(c)}" for o, c in hours)
        parts.append(f"{days} {times}")
    country = spec.holiday_country
    if spec.holiday_subdivision:
        country += f"-{spec.holiday_subdivision}"
    breaks = ", whole holiday breaks closed" if spec.close_whole_breaks else ""
    return f"{spec.timezone}, {'; '.join(parts) or 'never open'}, holidays {country}{breaks}"


@dataclass(frozen=True)
class SkippedDate:
    """A date that gave no working time, with why (holiday name, 'weekend' or 'closed')."""

    date: date
    reason: str


@dataclass(frozen=True)
class EstimatedHoliday:
    """A holiday a deadline rests on whose date the holiday data only guesses."""

    date: date
    name: str
    official_schedule: bool = True  # False: the year has no official schedule in the data

    def describe(self) -> str:
        note = "" if self.official_schedule else f" (no official schedule for {self.date.year})"
        return f"{self.date.isoformat()} {self.name}{note}"

    def to_json(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "name": self.name}


@dataclass(frozen=True)
class Explanation:
    """Why a deadline falls where it does, for the UI and for letters."""

    start: datetime
    rule: str
    calendar: str
    due: datetime
    skipped: tuple[SkippedDate, ...] = ()
    clock_start: datetime | None = None  # working hours: first instant of counted time
    start_event: str | None = None
    clause: str | None = None
    holiday_data: str = ""
    estimated: tuple[EstimatedHoliday, ...] = ()

    def lines(self) -> list[str]:
        start = when(self.start)
        if self.start_event:
            start += f" ({event_words(self.start_event)})"
        rule = self.rule + (f" (clause {self.clause})" if self.clause else "")
        out = [f"Start: {start}", f"Rule: {rule}; calendar {self.calendar}"]
        if self.clock_start is not None and self.clock_start != self.start:
            out.append(f"Clock starts at the next opening: {when(self.clock_start)}")
        if self.skipped:
            days = "; ".join(f"{day(s.date)} {s.reason}" for s in self.skipped)
            out.append(f"Skipped: {days}")
        if self.holiday_data:
            out.append(f"Holiday data: {self.holiday_data}")
        if self.estimated:
            days = "; ".join(e.describe() for e in self.estimated)
            out.append(f"Resting on estimated holidays: {days}")
        out.append(f"Due: {when(self.due)}")
        return out


@dataclass(frozen=True)
class DueDate:
    """A computed deadline: the due instant (in the pack's zone) and its explanation."""

    instant: datetime
    explanation: Explanation

    def isoformat(self) -> str:
        return iso(self.instant)


_Periods = tuple[tuple[datetime, datetime], ...]
# What a scan finds: the due instant, the skipped dates, (working time: the clock's start,)
# the estimated holidays it rests on.
_Worked = tuple[datetime, tuple["SkippedDate", ...], datetime, tuple["EstimatedHoliday", ...]]
_After = tuple[datetime, tuple["SkippedDate", ...], tuple["EstimatedHoliday", ...]]


def _remembered(memory: dict, key, scan: Callable[[], Any]) -> Any:
    """``scan()``, once per ``key`` while ``memory`` holds fewer than ``SCAN_MEMORY``."""
    found = memory.get(key)
    if found is None:
        if len(memory) >= SCAN_MEMORY:
            memory.clear()
        found = memory[key] = scan()
    return found


@dataclass(frozen=True)
class _Day:
    periods: _Periods  # UTC instants
    skip_reason: str | None
    estimated: EstimatedHoliday | None = None  # a holiday the data only guesses


@dataclass(eq=False)
class ServiceCalendar:
    """Opening hours, holidays and closures of one pack, with deadline arithmetic."""

    spec: CalendarSpec
    tz: ZoneInfo = field(init=False)
    _holidays: holidays.HolidayBase | None = field(init=False, default=None, repr=False)
    _days: dict[date, _Day] = field(init=False, default_factory=dict, repr=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock, repr=False)
    # The day-by-day scans of the deadline arithmetic, by what they depend on alone: many
    # cases start their deadlines on the same dates, and one case asks for the same
    # deadline several times (its assessment, its plan, an appeal's window).
    _worked: dict[tuple[datetime, timedelta], _Worked] = field(
        init=False, default_factory=dict, repr=False
    )
    _after: dict[tuple[date, int], _After] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.spec.timezone)
        self._closures = {c.date: c for c in self.spec.extra_closures}
        self._openings = {o.date: o for o in self.spec.extra_openings}
        self._description = self.spec.describe()

    @property
    def holiday_data(self) -> str:
        """The holiday data the calendar uses, e.g. 'holidays 0.85 (CN)'."""
        country = self.spec.holiday_country
        if self.spec.holiday_subdivision:
            country += f"-{self.spec.holiday_subdivision}"
        return f"{holiday_data.data_name()} ({country})"

    def _holiday_table(self) -> holidays.HolidayBase:
        """The country's holidays, loaded when a date first needs them (the package is
        large: a calendar that only describes itself, or a command that reads stored
        deadlines, never loads it)."""
        table = self._holidays
        if table is None:
            import holidays

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                table = holidays.country_holidays(
                    self.spec.holiday_country, subdiv=self.spec.holiday_subdivision
                )
            self._holidays = table
        return table

    def holiday_names(self, d: date) -> list[str]:
        """The holiday data's names for the date (no names: no holiday)."""
        # The holidays package warns on stderr for years beyond its data; the
        # command line promises one stderr line, and missing data just means no holiday.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self._holiday_table().get_list(d)

    # -- dates -------------------------------------------------------------

    def local(self, instant: datetime) -> datetime:
        """The instant as a wall time of the pack's zone (naive datetimes are refused)."""
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(f"instant without UTC offset: {instant!r}")
        return instant.astimezone(self.tz)

    def _day(self, d: date) -> _Day:
        day = self._days.get(d)
        if day is None:
            with self._lock:
                day = self._days.get(d)
                if day is None:
                    day = self._build_day(d)
                    self._days[d] = day
        return day

    def _build_day(self, d: date) -> _Day:
        opening = self._openings.get(d)
        if opening is not None:
            return _Day(self._instants(d, opening.hours), None)
        closure = self._closures.get(d)
        if closure is not None:
            return _Day((), closure.name)
        names = self.holiday_names(d)
        if names:
            name = "; ".join(names)
            country = self.spec.holiday_country
            guessed = any(holiday_data.is_estimated(country, d, n) for n in names)
            official = holiday_data.has_official_schedule(country, d.year)
            estimated = EstimatedHoliday(d, name, official) if guessed else None
            return _Day((), name, estimated)
        if self.spec.close_whole_breaks:
            holiday = self._break_around(d)
            if holiday is not None:
                return _Day((), f"rest day in the {holiday} break")
        hours = self.spec.opening_hours[d.weekday()]
        if not hours:
            return _Day((), "weekend" if d.weekday() >= 5 else "closed")
        return _Day(self._instants(d, hours), None)

    def _rest_day(self, d: date) -> bool:
        country = self.spec.holiday_country
        return d.weekday() in holiday_data.weekend_days(country) and (
            d not in holiday_data.makeup_working_days(country, d.year)
        )

    def _break_around(self, d: date) -> str | None:
        """The holiday whose break the rest day ``d`` belongs to (or None).

        A run of ordinary rest days belongs to a break when it touches a day off
        of the holiday data on either side: this gives exactly the breaks the
        State Council publishes (1-3 January, 15-23 February, 1-7 October 2026).
        """
        if not self._rest_day(d):
            return None
        step = timedelta(days=1)
        found: list[str] = []
        for direction in (-step, step):
            other = d + direction
            while self._rest_day(other) and not self.holiday_names(other):
                other += direction
            # The days off of the break, nearest first (a swapped day off names no holiday).
            while self.holiday_names(other) or self._rest_day(other):
                found += [_base_name(n) for n in self.holiday_names(other)]
                other += direction
        if not found:
            return None
        return next((n for n in found if n not in _SWAPPED_DAY_OFF), found[0])

    def _instants(self, d: date, hours: tuple[Period, ...]) -> _Periods:
        return tuple((self._wall(d, o), self._wall(d, c)) for o, c in hours)

    def _wall(self, d: date, minute: int) -> datetime:
        day = d + timedelta(days=minute // 1440)
        wall = datetime.combine(day, time(minute % 1440 // 60, minute % 60), tzinfo=self.tz)
        return wall.astimezone(UTC)

    def is_working_date(self, d: date) -> bool:
        """True when the date has opening hours (not a weekend, holiday or closure)."""
        return bool(self._day(d).periods)

    def closed_reason(self, d: date) -> str | None:
        """Why a date has no working time (holiday name, 'weekend', 'closed'), or None."""
        return self._day(d).skip_reason

    def opening_periods(self, d: date) -> list[tuple[datetime, datetime]]:
        """The date's opening periods as (open, close) instants in the pack's zone."""
        return [(o.astimezone(self.tz), c.astimezone(self.tz)) for o, c in self._day(d).periods]

    def is_open(self, instant: datetime) -> bool:
        """True inside an opening period; opening time included, closing time excluded."""
        local = self.local(instant)
        when = local.astimezone(UTC)
        return any(o <= when < c for o, c in self._day(local.date()).periods)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time inside [start, end): opening hours of working dates only."""
        total = timedelta(0)
        day, last = self.local(start).date(), self.local(end).date()
        while day <= last:
            for opens, closes in self.opening_periods(day):
                overlap = min(closes, end) - max(opens, start)
                if overlap > timedelta(0):
                    total += overlap
            day += timedelta(days=1)
        return total

    # -- deadlines ---------------------------------------------------------
    # ``start_event`` and ``clause`` only name things in the explanation.

    def calendar_days_from(
        self, t: datetime, n: int, *, start_event: str | None = None, clause: str | None = None
    ) -> DueDate:
        """End (23:59:59) of the local date of t plus n days."""
        if n < 0:
            raise ValueError(f"calendar days must not be negative: {n}")
        start = self.local(t)
        due = datetime.combine(start.date() + timedelta(days=n), END_OF_DAY, tzinfo=self.tz)
        rule = f"{n} calendar day{'s' if n != 1 else ''} from {start.date().isoformat()}"
        expl = Explanation(
            start,
            rule,
            self._description,
            due,
            start_event=start_event,
            clause=clause,
            holiday_data=self.holiday_data,
        )
        return DueDate(due, expl)

    def working_hours_from(
        self, t: datetime, n: float, *, start_event: str | None = None, clause: str | None = None
    ) -> DueDate:
        """The instant at which n hours of working time have elapsed from t."""
        if n <= 0:
            raise ValueError(f"working hours must be positive: {n}")
        rule = f"{n:g} working hour{'s' if n != 1 else ''}"
        return self.working_time_from(
            t, timedelta(hours=n), rule, start_event=start_event, clause=clause
        )

    def working_time_from(
        self,
        t: datetime,
        amount: timedelta,
        rule: str = "",
        *,
        start_event: str | None = None,
        clause: str | None = None,
    ) -> DueDate:
        """Like working_hours_from with any positive duration (exact to the microsecond)."""
        if amount <= timedelta(0):
            raise ValueError(f"working time must be positive: {amount}")
        start = self.local(t)
        key = (t, amount)  # an aware instant: equal and hashed as its UTC time
        found = _remembered(self._worked, key, lambda: self._work_through(start, amount))
        due, skipped, clock_start, estimated = found
        expl = Explanation(
            start,
            rule or f"{amount} of working time",
            self._description,
            due,
            skipped,
            clock_start,
            start_event=start_event,
            clause=clause,
            holiday_data=self.holiday_data,
            estimated=estimated,
        )
        return DueDate(due, expl)

    def _work_through(self, start: datetime, amount: timedelta) -> _Worked:
        """Step over the opening periods from ``start`` until ``amount`` has elapsed."""
        now = start.astimezone(UTC)
        remaining = amount
        d = start.date()
        clock_start: datetime | None = None
        skipped: list[SkippedDate] = []
        estimated: list[EstimatedHoliday] = []
        for _ in range(MAX_SCAN_DAYS):
            day = self._day(d)
            if day.skip_reason is not None:
                skipped.append(SkippedDate(d, day.skip_reason))
            if day.estimated is not None:
                estimated.append(day.estimated)
            for opens, closes in day.periods:
                if closes <= now:
                    continue
                begin = max(opens, now)
                if clock_start is None:
                    clock_start = begin.astimezone(self.tz)
                available = closes - begin
                # '<=' keeps a deadline that lands exactly on a closing time there.
                if remaining <= available:
                    due = (begin + remaining).astimezone(self.tz)
                    return due, tuple(skipped), clock_start, tuple(estimated)
                remaining -= available
            d += timedelta(days=1)
        raise ValueError(f"no working time within {MAX_SCAN_DAYS} days of {iso(start)}")

    def working_days_after(
        self, t: datetime, n: int, *, start_event: str | None = None, clause: str | None = None
    ) -> DueDate:
        """Closing time of the n-th working date after the local date of t (never that date)."""
        if n < 1:
            raise ValueError(f"working days must be at least 1: {n}")
        start = self.local(t)
        key = (start.date(), n)
        found = _remembered(self._after, key, lambda: self._count_working_dates(start, n))
        due, skipped, estimated = found
        rule = f"{n} working day{'s' if n != 1 else ''} after {start.date().isoformat()}"
        expl = Explanation(
            start,
            rule,
            self._description,
            due,
            skipped,
            start_event=start_event,
            clause=clause,
            holiday_data=self.holiday_data,
            estimated=estimated,
        )
        return DueDate(due, expl)

    def _count_working_dates(self, start: datetime, n: int) -> _After:
        """Step over the dates after ``start``'s until the n-th with opening hours."""
        d = start.date()
        count = 0
        skipped: list[SkippedDate] = []
        estimated: list[EstimatedHoliday] = []
        for _ in range(MAX_SCAN_DAYS):
            d += timedelta(days=1)
            day = self._day(d)
            if day.estimated is not None:
                estimated.append(day.estimated)
            if not day.periods:
                skipped.append(SkippedDate(d, day.skip_reason or "closed"))
                continue
            count += 1
            if count == n:
                due = day.periods[-1][1].astimezone(self.tz)
                return due, tuple(skipped), tuple(estimated)
        raise ValueError(f"no working date within {MAX_SCAN_DAYS} days of {iso(start)}")

    def compute(
        self,
        rule: str,
        t: datetime,
        amount: int,
        *,
        start_event: str | None = None,
        clause: str | None = None,
    ) -> DueDate:
        """Dispatch on a pack deadline rule name ('calendar_days', 'working_hours', ...)."""
        methods = {
            "calendar_days": self.calendar_days_from,
            "working_hours": self.working_hours_from,
            "working_days": self.working_days_after,
        }
        if rule not in methods:
            raise ValueError(f"unknown deadline rule {rule!r}")
        return methods[rule](t, amount, start_event=start_event, clause=clause)


# The holiday data's name of a day off swapped by decree ("Day off (substituted from …)").
_SWAPPED_DAY_OFF = ("Day off", "休息日")


def _base_name(name: str) -> str:
    """'National Day (observed)' -> 'National Day': the holiday a break belongs to."""
    return name.split(" (")[0].split("（")[0]


@lru_cache(maxsize=64)
def calendar_for(spec: CalendarSpec) -> ServiceCalendar:
    """One shared calendar per spec, so its per-date cache serves every case."""
    return ServiceCalendar(spec)
