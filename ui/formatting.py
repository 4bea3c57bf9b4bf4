"""How times left are written on screen (no Qt: plain text for any widget)."""

from __future__ import annotations

import datetime as dt


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
