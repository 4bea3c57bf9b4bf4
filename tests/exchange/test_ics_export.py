"""iCalendar export of open deadlines: valid lines, folding, escaping, one event per deadline."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casemanager.clock import FixedClock
from casemanager.exchange import ics
from casemanager.policy import load_pack
from casemanager.policy.deadlines import label_of
from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.services.files import calendar_export
from tests.factories import new_case

ANTNUM = load_pack("antnum")


def unfold(data: bytes) -> list[str]:
    """RFC 5545 3.1: a CRLF followed by one space or tab continues the previous line."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(data: bytes) -> list[dict[str, str]]:
    """The VEVENTs as {property: unescaped value}; checks the calendar's frame."""
    lines = unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    events, current = [], None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = unescape(value)
    return events


@pytest.fixture
def early(tmp_path):
    """A context whose clock stands before the cases' deadlines, so they are open."""
    clock = FixedClock(dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC))
    with AppContext.open(str(tmp_path / "e.sqlite3"), clock=clock, backups=tmp_path / "b") as c:
        yield c


def test_open_deadlines_become_events(early, tmp_path):
    """Each open deadline is one event at its UTC instant, named by case number and what is due."""
    case = records.create_case(
        early,
        new_case(
            policy_id="antnum",
            policy_version=ANTNUM.version,
            customer_name='Sharma, Priya; \\ "PS"',
        ),
    )
    out = tmp_path / "d.ics"
    assert calendar_export.export_deadlines(early, out) == 2
    events = parse(out.read_bytes())
    assert [e["SUMMARY"] for e in events] == [
        f"{case.number} acknowledge_by: Confirm receipt of the application",
        f"{case.number} review_by: {label_of(ANTNUM, 'review_by')}",
    ]
    first = events[0]
    assert first["UID"] == f"{case.number}-acknowledge_by@casemanager"
    assert first["DTSTART"] == "20260307T023000Z"
    assert first["DTSTAMP"] == "20260304T060000Z"
    assert 'Sharma, Priya; \\ "PS"' in first["DESCRIPTION"]
    assert first["DESCRIPTION"].count("\n") == 2
    assert len({e["UID"] for e in events}) == 2


def test_met_deadlines_are_left_out(ctx, tmp_path):
    """Deadlines already met do not clutter the calendar."""
    records.create_case(ctx, new_case())  # its report window is met; the law's two run
    out = tmp_path / "none.ics"
    assert calendar_export.export_deadlines(ctx, out) == 2
    assert "report_window" not in out.read_text(encoding="utf-8")


def test_lines_are_folded_at_75_octets(early, tmp_path):
    """Long Devanagari and Chinese names are folded without splitting a character."""
    records.create_case(
        early,
        new_case(
            policy_id="antnum",
            policy_version=ANTNUM.version,
            customer_name="अनुराग कृष्णमूर्ति 王伟 " * 8,
        ),
    )
    out = tmp_path / "long.ics"
    calendar_export.export_deadlines(early, out)
    data = out.read_bytes()
    physical = data.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)
    for line in physical:
        line.decode("utf-8")  # every physical line is whole UTF-8
    assert "अनुराग कृष्णमूर्ति 王伟" in parse(data)[0]["DESCRIPTION"]


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_escape_and_fold_round_trip(text):
    """Any text survives escaping and folding unchanged (newlines become \\n)."""
    line = ics.fold("DESCRIPTION:" + ics.escape_text(text))
    physical = line.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in physical)
    [back] = unfold(line.encode("utf-8") + b"\r\n")
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert unescape(back.partition(":")[2]) == expected
