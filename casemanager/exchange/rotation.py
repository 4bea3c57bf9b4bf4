"""Which backups to keep: the newest of each recent day, week and month.

Pure: given ``(path, taken_at)`` pairs and the retention, it only names the
files to delete. Buckets are calendar days, ISO weeks and months in UTC; the
newest backup of a bucket represents it (as restic's ``forget --keep-*``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Retention:
    """How many daily, weekly and monthly backups to keep."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 6

    def __post_init__(self) -> None:
        for name in ("daily", "weekly", "monthly"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
                raise ValueError(f"{name}: a whole number from 0 to 1000, not {value!r}")


def _day(at: dt.datetime) -> Hashable:
    return at.astimezone(dt.UTC).date()


def _week(at: dt.datetime) -> Hashable:
    return at.astimezone(dt.UTC).isocalendar()[:2]


def _month(at: dt.datetime) -> Hashable:
    utc = at.astimezone(dt.UTC)
    return utc.year, utc.month


def _newest_per_bucket(
    ordered: list[tuple[Path, dt.datetime]], bucket: Callable[[dt.datetime], Hashable], count: int
) -> set[Path]:
    kept: set[Path] = set()
    seen: set[Hashable] = set()
    for path, at in ordered:
        if len(seen) >= count:
            break
        key = bucket(at)
        if key not in seen:
            seen.add(key)
            kept.add(path)
    return kept


def to_keep(backups: Iterable[tuple[Path, dt.datetime]], retention: Retention) -> set[Path]:
    """The backups the retention keeps; the newest one is always kept."""
    ordered = sorted(backups, key=lambda item: (item[1], str(item[0])), reverse=True)
    if not ordered:
        return set()
    kept = {ordered[0][0]}  # never leave the shop without its latest copy
    kept |= _newest_per_bucket(ordered, _day, retention.daily)
    kept |= _newest_per_bucket(ordered, _week, retention.weekly)
    kept |= _newest_per_bucket(ordered, _month, retention.monthly)
    return kept


def to_delete(backups: Iterable[tuple[Path, dt.datetime]], retention: Retention) -> list[Path]:
    """The backups the retention lets go, oldest first."""
    items = sorted(backups, key=lambda item: (item[1], str(item[0])))
    kept = to_keep(items, retention)
    return [path for path, _ in items if path not in kept]
