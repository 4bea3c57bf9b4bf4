"""Backup rotation: which automatic copies are kept and which are deleted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casemanager.exchange.rotation import Retention, to_delete, to_keep

START = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def _daily(days: int, per_day: int = 1) -> list[tuple[Path, dt.datetime]]:
    return [
        (Path(f"b-{d:03}-{k}"), START + dt.timedelta(days=d, hours=k))
        for d in range(days)
        for k in range(per_day)
    ]


def test_empty_list_deletes_nothing():
    """An empty backup folder is left alone."""
    assert to_delete([], Retention()) == []


def test_default_keeps_seven_days_four_weeks_six_months():
    """A year of daily backups shrinks to the 7 newest days, 4 weeks and 6 months."""
    backups = _daily(365)
    kept = to_keep(backups, Retention())
    by_path = dict(backups)
    newest = max(by_path.values())
    days = sorted((by_path[p] for p in kept), reverse=True)
    # The 7 newest days are all there.
    assert [newest - dt.timedelta(days=i) for i in range(7)] == days[:7]
    weeks = {by_path[p].isocalendar()[:2] for p in kept}
    months = {(by_path[p].year, by_path[p].month) for p in kept}
    assert len(months) == 6  # July to December 2026
    assert len(weeks) >= 4
    assert len(kept) <= 7 + 4 + 6
    deleted = to_delete(backups, Retention())
    assert set(deleted) | kept == set(by_path)
    assert not set(deleted) & kept


def test_several_a_day_keep_newest_of_each_day():
    """With start and quit copies, the later copy of each day is the one kept."""
    backups = _daily(3, per_day=2)
    kept = to_keep(backups, Retention(daily=7, weekly=0, monthly=0))
    assert kept == {Path("b-000-1"), Path("b-001-1"), Path("b-002-1")}


def test_zero_retention_still_keeps_newest():
    """Even with every count at zero the latest backup survives."""
    backups = _daily(10)
    assert to_keep(backups, Retention(0, 0, 0)) == {Path("b-009-0")}
    assert len(to_delete(backups, Retention(0, 0, 0))) == 9


def test_monthly_reaches_back_past_daily_and_weekly():
    """A backup from months ago survives as that month's copy."""
    backups = [
        (Path("march"), dt.datetime(2026, 3, 15, tzinfo=dt.UTC)),
        (Path("april"), dt.datetime(2026, 4, 15, tzinfo=dt.UTC)),
        (Path("april-late"), dt.datetime(2026, 4, 20, tzinfo=dt.UTC)),
        (Path("june"), dt.datetime(2026, 6, 1, tzinfo=dt.UTC)),
    ]
    kept = to_keep(backups, Retention(daily=1, weekly=1, monthly=3))
    assert kept == {Path("june"), Path("april-late"), Path("march")}
    assert to_delete(backups, Retention(daily=1, weekly=1, monthly=3)) == [Path("april")]


def test_days_are_utc_days():
    """Two copies either side of UTC midnight count as two days."""
    late = dt.datetime(2026, 2, 1, 23, 59, tzinfo=dt.UTC)
    early = late + dt.timedelta(minutes=2)
    kept = to_keep([(Path("a"), late), (Path("b"), early)], Retention(2, 0, 0))
    assert kept == {Path("a"), Path("b")}


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True, 1001])
def test_bad_retention_is_refused(bad):
    """A nonsense retention count is refused with the field named."""
    with pytest.raises(ValueError, match="weekly"):
        Retention(weekly=bad)


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=400 * 24), max_size=60, unique=True),
    daily=st.integers(0, 10),
    weekly=st.integers(0, 6),
    monthly=st.integers(0, 8),
)
def test_rotation_properties(offsets, daily, weekly, monthly):
    """Rotation never deletes the newest copy, never keeps more than the counts allow."""
    backups = [(Path(f"h{o}"), START + dt.timedelta(hours=o)) for o in offsets]
    retention = Retention(daily, weekly, monthly)
    kept = to_keep(backups, retention)
    deleted = to_delete(backups, retention)
    assert set(deleted) | kept == {p for p, _ in backups}
    assert not set(deleted) & kept
    if backups:
        assert max(backups, key=lambda b: b[1])[0] in kept
        assert len(kept) <= max(1, daily + weekly + monthly)
        # Idempotent: rotating what was kept deletes nothing more.
        assert to_delete([b for b in backups if b[0] in kept], retention) == []
