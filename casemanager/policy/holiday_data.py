"""What the holiday data says about a date besides its name: how sure it is.

The ``holidays`` package lists some dates it cannot know yet: Islamic holidays
whose date depends on the sighting of the moon carry "(estimated)" in their
name (India's Eid al-Fitr, for instance), and for countries whose days off are
set each year by decree (China's State Council) a year without that decree in
the package's data lists the statutory days plus "observed" guesses, without
saying so. The rule implemented here:

- a holiday is *estimated* when its name says so ("estimated", or the Chinese
  "推定" of the package's own label), or when its year is one for which a
  country of ``DECREE_COUNTRIES`` has no schedule in the package (the years of
  the schedule are the keys of the country's ``special_public_holidays``, where
  the package keeps each decree's swapped days off and make-up working days);
- every other holiday is *official*.

Deadlines name the version of the data they used (``DATA_VERSION``), because a
newer version may move them.
"""

from __future__ import annotations

import sys
import warnings
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import holidays

# Countries whose days off (and make-up working days) are fixed by a yearly decree.
DECREE_COUNTRIES = frozenset({"CN"})
_ESTIMATED_MARKS = ("estimated", "推定")


@cache
def data_version() -> str:
    """The holidays package's version: its own when a date loaded it, else read from
    its metadata, so naming the data in an explanation never loads the large package."""
    loaded = sys.modules.get("holidays")
    if loaded is not None:
        return loaded.__version__
    from importlib import metadata

    return metadata.version("holidays")


def data_name() -> str:
    return f"holidays {data_version()}"


def __getattr__(name: str) -> Any:  # the constants these functions replaced
    if name == "DATA_VERSION":
        return data_version()
    if name == "DATA_NAME":
        return data_name()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _country(country: str) -> holidays.HolidayBase:
    import holidays

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return holidays.country_holidays(country)


@cache
def scheduled_years(country: str) -> frozenset[int] | None:
    """Years with an official decree in the data, or None when the country needs none."""
    if country not in DECREE_COUNTRIES:
        return None
    return frozenset(getattr(_country(country), "special_public_holidays", {}) or {})


def has_official_schedule(country: str, year: int) -> bool:
    """False for a decree country's year the data has no decree for (its dates are guesses)."""
    years = scheduled_years(country)
    return years is None or year in years


def is_estimated(country: str, day: date, name: str) -> bool:
    """True when the holiday ``name`` on ``day`` is a guess of the data (module docstring)."""
    lowered = name.lower()
    if any(mark in lowered for mark in _ESTIMATED_MARKS):
        return True
    return not has_official_schedule(country, day.year)


@cache
def makeup_working_days(country: str, year: int) -> frozenset[date]:
    """Weekend days a decree makes working days (the days whose rest moved to a holiday)."""
    table = getattr(_country(country), "special_public_holidays", {}) or {}
    out: set[date] = set()
    entries = table.get(year, ())
    if entries and not isinstance(entries[0], tuple):
        entries = (entries,)
    for entry in entries:
        if len(entry) == 4 and all(isinstance(x, int) for x in entry):
            # (month, day, from_month, from_day): the rest of from_day moved to day.
            month, _, from_month, from_day = entry
            from_year = year - 1 if from_month > month + 6 else year
            out.add(date(from_year, from_month, from_day))
    return frozenset(out)


def weekend_days(country: str) -> frozenset[int]:
    """The country's ordinary rest days (weekday numbers, Monday = 0)."""
    return frozenset(getattr(_country(country), "weekend", {5, 6}))
