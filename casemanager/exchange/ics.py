"""iCalendar (RFC 5545) text of deadlines, one event each, from plain values.

Written by hand: the format is small and the rules that matter are exact --
CRLF line ends, content lines folded at 75 octets without splitting a UTF-8
character, and ``\\``, ``;``, ``,`` and newlines escaped in text values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from casemanager import __version__

PRODID = f"-//Case Manager//Case Manager {__version__}//EN"
EVENT_MINUTES = 15  # a deadline is an instant; calendars show it as a short slot
MAX_OCTETS = 75


@dataclass(frozen=True)
class DueEvent:
    """One open deadline as the calendar shows it."""

    uid: str
    number: str
    name: str
    label: str
    due_at: dt.datetime
    customer: str
    status: str


def escape_text(value: str) -> str:
    """RFC 5545 TEXT escaping: backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continued with CRLF + space."""
    chunks: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # continuation lines start with one space
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _utc(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


HEADER = (
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    f"PRODID:{PRODID}",
    "CALSCALE:GREGORIAN",
    "X-WR-CALNAME:Case Manager deadlines",
)
FOOTER = ("END:VCALENDAR",)


def event_lines(event: DueEvent, stamp: dt.datetime) -> list[str]:
    """The unfolded content lines of one event."""
    end = event.due_at + dt.timedelta(minutes=EVENT_MINUTES)
    summary = f"{event.number} {event.name}: {event.label}"
    description = (
        f"Case {event.number} ({event.customer})\n"
        f"Due: {event.label} ({event.name})\n"
        f"Status: {event.status.replace('_', ' ')}"
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(event.due_at)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_lines(events: Iterable[DueEvent], stamp: dt.datetime) -> list[str]:
    """The unfolded content lines of the calendar."""
    lines = list(HEADER)
    for event in events:
        lines += event_lines(event, stamp)
    return [*lines, *FOOTER]


def _encoded(lines: Iterable[str]) -> bytes:
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def chunks(events: Iterable[DueEvent], stamp: dt.datetime) -> Iterator[bytes]:
    """The calendar's bytes event by event, for writing a long calendar in flat memory."""
    yield _encoded(HEADER)
    for event in events:
        yield _encoded(event_lines(event, stamp))
    yield _encoded(FOOTER)


def render(events: Iterable[DueEvent], stamp: dt.datetime) -> bytes:
    return b"".join(chunks(events, stamp))
