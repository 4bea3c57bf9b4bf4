"""How times and amounts are written for people, and how typed dates are read back.

Pure (no Qt, no clock reads: ``now`` is handed in), so the desk, letters,
exports and the command line all write a time or an amount the same way:

- ``when(instant, zone)`` -> ``Sat 5 Dec 2026, 23:59 IST (UTC+05:30)``;
- ``iso(instant)`` -> ``2026-12-05T23:59:59+05:30`` for tooltips and exports;
- ``money(amount, "INR")`` -> ``1,499.00 INR`` (the currency's own decimals);
- ``parse_typed(text, now_wall)`` reads ``2026-11-28 10:00``, ``28/11/2026``,
  ``today``, ``yesterday 14:30`` or a time written by ``wall()`` as a wall time.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from casemanager.errors import DomainError

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The forms a person may type, shown when a typed date cannot be read.
TYPED_EXAMPLES = "2026-11-28 10:00, 28/11/2026, 28 Nov 2026, today, yesterday 14:30"


# Currencies whose amounts have no minor unit (ISO 4217); all others have two decimals.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV"}
)
DEFAULT_DECIMALS = 2


def currency_decimals(code: str | None) -> int:
    """How many decimals an amount in this currency may have."""
    return 0 if code in ZERO_DECIMAL_CURRENCIES else DEFAULT_DECIMALS


class TypedDateError(DomainError, ValueError):
    """A typed date or time that cannot be read."""


# --- writing -------------------------------------------------------------------------


def money(amount: Decimal | int | float | None, currency: str | None) -> str:
    """'1,499.00 INR', '3,000 JPY'; empty when there is no amount."""
    if amount is None:
        return ""
    places = currency_decimals(currency)
    number = f"{Decimal(str(amount)):,.{places}f}"
    return f"{number} {currency}" if currency else number


def zone_of(zone: str | dt.tzinfo | None) -> dt.tzinfo:
    if zone is None:
        return dt.UTC
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def offset_text(offset: dt.timedelta | None) -> str:
    """'UTC+05:30', 'UTC−03:00', 'UTC+00:00'."""
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def zone_text(instant: dt.datetime) -> str:
    """'IST (UTC+05:30)', 'UTC', or '(UTC+04:00)' where the zone has no letters of its own."""
    return _zone_text(instant.tzname() or "", instant.utcoffset())


@functools.lru_cache(maxsize=256)  # a shop's deadlines name few zones and offsets
def _zone_text(name: str, utcoffset: dt.timedelta | None) -> str:
    offset = offset_text(utcoffset)
    if name in ("UTC", "GMT") and not utcoffset:
        return "UTC"
    if not name or not name.isalpha():  # '+04', '-03': the offset says it already
        return f"({offset})"
    return f"{name} ({offset})"


def zone_name_text(zone: str, at: dt.datetime) -> str:
    """The zone as shown beside a field: 'Asia/Kolkata · IST (UTC+05:30)' at ``at``."""
    local = at.astimezone(zone_of(zone))
    return f"{zone} \u00b7 {zone_text(local)}" if zone != "UTC" else "UTC"


def day(value: dt.date) -> str:
    """'Sat 5 Dec 2026'."""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


def wall(value: dt.datetime) -> str:
    """'Sat 5 Dec 2026, 23:59' (a wall time, no zone)."""
    return f"{day(value.date())}, {value.hour:02d}:{value.minute:02d}"


def when(instant: dt.datetime | None, zone: str | dt.tzinfo | None = None) -> str:
    """'Sat 5 Dec 2026, 23:59 IST (UTC+05:30)'; the instant in ``zone`` (its own when None)."""
    if instant is None:
        return ""
    local = instant.astimezone(zone_of(zone)) if zone is not None else instant
    return f"{wall(local)} {zone_text(local)}"


def when_short(instant: dt.datetime | None, zone: str | dt.tzinfo | None = None) -> str:
    """'5 Dec 2026, 23:59' for narrow table columns (the zone is in the header or tooltip)."""
    if instant is None:
        return ""
    local = instant.astimezone(zone_of(zone)) if zone is not None else instant
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def iso(instant: dt.datetime | None) -> str:
    """The exact instant for tooltips and exports: '2026-12-05T23:59:59+05:30'."""
    return instant.isoformat(timespec="seconds") if instant is not None else ""


def span(delta: dt.timedelta) -> str:
    """A length of time as the desk says it: '2 days 4 h', '5 h 12 min', '42:09'.

    Seconds only under an hour, whole hours beyond a day.
    """
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        unit = "day" if days == 1 else "days"
        return f"{days} {unit} {hours} h" if hours else f"{days} {unit}"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes:02d}:{secs:02d}"


def countdown(due: dt.datetime, now: dt.datetime) -> str:
    """Time left or late: '3 days left', '2 days 4 h overdue' ... '42:09 left'."""
    text = span(due - now)
    return f"{text} overdue" if due < now else f"{text} left"


# --- reading -------------------------------------------------------------------------

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(am|pm)?", re.I)
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_NAMED = re.compile(r"(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})", re.I)
_RELATIVE = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
_ZONE_TAIL = re.compile(r"\s+(?:[A-Z]{2,5}\s*)?\(?UTC[+\-\u2212]\d{2}:\d{2}\)?$|\s+UTC$")


def _month(name: str) -> int | None:
    key = name[:3].title()
    return _MONTHS.index(key) + 1 if key in _MONTHS else None


def _time_of(rest: str, typed: str) -> dt.time | None:
    rest = rest.strip(" ,T")
    if not rest:
        return None
    found = _TIME.fullmatch(rest)
    if not found:
        raise TypedDateError(f"cannot read the time {rest!r} (for example 14:30)")
    hour, minute = int(found.group(1)), int(found.group(2))
    second = int(found.group(3) or 0)
    half = (found.group(4) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise TypedDateError(f"no hour {hour} {half} in {typed!r}")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise TypedDateError(f"no such time in {typed!r}")
    return dt.time(hour, minute, second)


def _date(year: int, month: int, day_: int, typed: str) -> dt.date:
    try:
        return dt.date(year, month, day_)
    except ValueError:
        raise TypedDateError(f"no such date: {typed!r}") from None


def parse_typed(
    text: str, now_wall: dt.datetime, default_time: dt.time | None = None
) -> dt.datetime:
    """The wall time a person typed (naive), or TypedDateError saying what is accepted.

    Numeric dates are year first (``2026-11-28``) or day first (``28/11/2026``,
    ``28.11.2026``); months may be named (``28 Nov 2026``, ``Sat 28 Nov 2026``).
    ``today``, ``yesterday``, ``now`` take ``now_wall``'s date. Without a time the
    day starts at ``default_time`` (midnight), except ``now``, which is ``now_wall``.
    A trailing zone as the desk writes it (``IST (UTC+05:30)``) is ignored: the
    field's zone applies.
    """
    typed = " ".join(text.split())
    value = _ZONE_TAIL.sub("", typed).strip()
    if not value:
        raise TypedDateError(f"no date given (for example {TYPED_EXAMPLES})")
    lower = value.lower()
    if lower == "now":
        return now_wall.replace(second=0, microsecond=0)
    word = lower.split(" ", 1)[0].rstrip(",")
    if word in _RELATIVE:
        date = now_wall.date() + dt.timedelta(days=_RELATIVE[word])
        rest = value[len(word) :].lstrip(",")
    else:
        if value[:3].title() in _DAYS and not value[:1].isdigit():  # 'Sat 28 Nov 2026, 10:00'
            value = value.split(" ", 1)[1] if " " in value else ""
        date, rest = _date_part(value, typed)
    at = _time_of(rest, typed) or default_time or dt.time(0, 0)
    return dt.datetime.combine(date, at)


def _date_part(value: str, typed: str) -> tuple[dt.date, str]:
    for pattern in (_ISO_DAY, _DMY, _NAMED):
        found = pattern.match(value)
        if not found:
            continue
        a, b, c = found.groups()
        if pattern is _ISO_DAY:
            date = _date(int(a), int(b), int(c), typed)
        elif pattern is _DMY:
            date = _date(int(c), int(b), int(a), typed)
        else:
            month = _month(b)
            if month is None:
                raise TypedDateError(f"no month called {b!r} in {typed!r}")
            date = _date(int(c), month, int(a), typed)
        return date, value[found.end() :]
    raise TypedDateError(f"cannot read {typed!r} as a date (for example {TYPED_EXAMPLES})")
