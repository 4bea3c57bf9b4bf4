"""`correct-event`: the date of a recorded event corrected, deadlines following; bad input."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from casemanager.services.context import AppContext
from casemanager.services.lifecycle import decisions, transitions
from casemanager.store.models import Deadline
from tests.cli_helpers import run_cli
from tests.lifecycle.walk import CN, antnum_case, reject

NOTIFIED = dt.datetime(2026, 4, 9, 15, 0, tzinfo=CN)


def _set(clock, instant: dt.datetime) -> None:
    clock.set(instant.astimezone(dt.UTC))


@pytest.fixture
def notified(ctx, clock) -> str:
    """An ANTNUM case received 2026-04-03, rejected 04-09 11:00 and notified 04-09 15:00."""
    _set(clock, dt.datetime(2026, 4, 3, 16, 30, tzinfo=CN))
    number = antnum_case(
        ctx,
        purchased_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        delivered_at=dt.datetime(2026, 4, 2, 10, 1, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
    ).number
    transitions.transition(ctx, number, "acknowledge")
    transitions.transition(ctx, number, "start_review")
    _set(clock, dt.datetime(2026, 4, 9, 11, 0, tzinfo=CN))
    decisions.record_decision(ctx, number, reject())
    _set(clock, NOTIFIED)
    transitions.transition(ctx, number, "notify")
    return number


def test_recorded_events_are_the_ones_a_correction_accepts(ctx, notified):
    """The correction offers exactly the events the case has, in lifecycle order."""
    events = transitions.recorded_events(ctx, notified)
    assert [name for name, _at in events] == [
        "acknowledged_at", "review_started_at", "verified_at", "decided_at", "notified_at",
    ]  # fmt: skip
    assert dict(events)["notified_at"] == NOTIFIED


def test_correct_event_moves_the_deadlines_and_records_why(capsys, ctx, notified, db_path):
    """A corrected notification date moves appeal_by, and the history says what and why."""
    ctx.close()
    code, out, err = run_cli(
        capsys, "correct-event", notified, "notified", "2026-04-10T08:00:00+08:00",
        "--note", "first mail bounced", "--db", str(db_path),
    )  # fmt: skip
    assert code == 0, err
    assert out == (
        f"{notified}: notified_at corrected to 2026-04-10T08:00:00+08:00 "
        "(was 2026-04-09T15:00:00+08:00); deadlines recomputed\n"
    )
    with AppContext.open(str(db_path)) as again, again.reading():
        case = transitions.get_case(again, notified)
        assert case.notified_at == dt.datetime(2026, 4, 10, 0, 0, tzinfo=dt.UTC)
        appeal_by = case.deadlines.where(Deadline.name == "appeal_by").get()
        # Notified 04-10: 04-11 (1), 04-12 (2), 04-13 (3).
        assert appeal_by.due_at == dt.datetime(2026, 4, 13, 18, 0, tzinfo=CN)
        (event,) = [e for e in case.events if e.kind == "event_corrected"]
        assert event.data["note"] == "first mail bounced" and event.actor == again.actor


WHEN = "2026-04-10T08:00:00+08:00"
BAD = [
    ((), "case"),
    (("{n}",), "event"),
    (("{n}", "delivery", WHEN, "--note", "x"), "event"),
    (("{n}", "appealed_at", WHEN, "--note", "x"), "event"),  # not recorded yet
    (("{n}", "notified"), "when"),
    (("{n}", "notified", "2026-04-10 08:00", "--note", "x"), "when"),  # no offset
    (("{n}", "notified", "next Tuesday", "--note", "x"), "when"),
    (("{n}", "notified", "2199-01-01T00:00:00+08:00", "--note", "x"), "when"),  # future
    (("{n}", "notified", "2026-04-01T00:00:00+08:00", "--note", "x"), "when"),  # before receipt
    (("{n}", "notified", WHEN), "--note"),
    (("{n}", "notified", WHEN, "--note", "   "), "--note"),
    (("RC-1999-00001", "notified", WHEN, "--note", "x"), "case"),
]


def test_bad_input_is_one_line_naming_the_field_and_changes_nothing(capsys, ctx, notified, db_path):
    """A typo gives exit 2 and one line saying what to correct; the case stays as it was."""
    ctx.close()
    for args, field in BAD:
        argv = [a.format(n=notified) for a in args]
        code, out, err = run_cli(capsys, "correct-event", *argv, "--db", str(db_path))
        assert code == 2 and out == "", (argv, err)
        assert err.startswith(f"casemanager correct-event: {field}: "), (argv, err)
        assert err.count("\n") == 1, (argv, err)
    with sqlite3.connect(db_path) as conn:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM audit_event")]
    assert "event_corrected" not in kinds
