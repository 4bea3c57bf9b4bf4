"""Due today / tomorrow / overdue across cases, and when a desktop notice is owed."""

from __future__ import annotations

import datetime as dt

from casemanager.policy.urgency import LAST_HOURS
from casemanager.services.demo import generate
from casemanager.services.lifecycle import reminders, transitions
from tests.lifecycle.walk import CN, antnum_case


def _case(ctx, clock, ref="AN-1"):
    clock.set(dt.datetime(2026, 4, 3, 16, 30, tzinfo=CN).astimezone(dt.UTC))
    return antnum_case(
        ctx,
        order_ref=ref,
        purchased_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        delivered_at=dt.datetime(2026, 4, 2, 10, 1, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
    )


def test_buckets_follow_the_policy_calendar_day(ctx, clock):
    """acknowledge_by (04-08 13:00) is 'today' that morning and 'overdue' the next day."""
    case = _case(ctx, clock)
    clock.set(dt.datetime(2026, 4, 8, 10, 0, tzinfo=CN))
    due = reminders.due_reminders(ctx, clock.now())
    assert [(r.number, r.deadline, r.bucket) for r in due] == [
        (case.number, "acknowledge_by", "today")
    ]
    clock.set(dt.datetime(2026, 4, 9, 10, 0, tzinfo=CN))
    due = reminders.due_reminders(ctx, clock.now())
    assert [(r.deadline, r.bucket) for r in due] == [
        ("acknowledge_by", "overdue"),
        ("review_by", "tomorrow"),  # 04-10 18:00
    ]


def test_met_and_closed_deadlines_do_not_remind(ctx, clock):
    """An acknowledged or withdrawn case stops reminding about acknowledgement."""
    case = _case(ctx, clock)
    other = _case(ctx, clock, ref="AN-2")
    transitions.transition(ctx, case.number, "acknowledge")
    transitions.transition(ctx, other.number, "withdraw")
    clock.set(dt.datetime(2026, 4, 8, 10, 0, tzinfo=CN))
    assert reminders.due_reminders(ctx, clock.now()) == []


def test_notices_once_in_last_hours_and_once_when_missed(ctx, clock):
    """A deadline gives one 'last 4 hours' notice and later one 'missed' notice."""
    _case(ctx, clock)
    clock.set(dt.datetime(2026, 4, 8, 8, 0, tzinfo=CN))  # 5 h before: nothing yet
    assert (
        reminders.notices_due(reminders.due_reminders(ctx, clock.now()), clock.now(), set()) == []
    )
    clock.set(dt.datetime(2026, 4, 8, 9, 30, tzinfo=CN))
    first = reminders.notices_due(reminders.due_reminders(ctx, clock.now()), clock.now(), set())
    assert [n.kind for n in first] == ["last_hours"]
    given = {n.key for n in first}
    assert (
        reminders.notices_due(reminders.due_reminders(ctx, clock.now()), clock.now(), given) == []
    )
    clock.set(dt.datetime(2026, 4, 8, 13, 0, 1, tzinfo=CN))
    missed = reminders.notices_due(reminders.due_reminders(ctx, clock.now()), clock.now(), given)
    assert [(n.kind, n.title) for n in missed] == [
        ("missed", "RC-2026-00001: Confirm receipt of the application missed")
    ]


def _announced(due: list, now: dt.datetime, since: dt.datetime) -> list[tuple]:
    """What the notifier announces from ``due``: notices whose moment lies after ``since``."""
    out = []
    for n in reminders.notices_due(due, now, set()):
        moment = n.reminder.due_at if n.kind == "missed" else n.reminder.due_at - LAST_HOURS
        if moment > since:
            out.append((n.key, n.kind))
    return out


def test_the_notifier_reads_only_what_crossed_since_its_last_look(ctx, clock):
    """Each minute's look read every deadline due today and tomorrow (thousands at a
    million cases) to announce the one or two that had just crossed a threshold."""
    generate.generate(ctx, 150, seed=11)
    now = clock.now()
    everything = reminders.due_reminders(ctx, now)
    assert len(everything) > 20
    for back in (dt.timedelta(minutes=1), dt.timedelta(hours=3), dt.timedelta(hours=5),
                 dt.timedelta(days=3)):  # fmt: skip
        since = now - back
        crossed = reminders.newly_crossed(ctx, now, since)
        assert _announced(crossed, now, since) == _announced(everything, now, since), back
        # Nothing outside the two spans is read: no deadline of tomorrow's end, say.
        for r in crossed:
            assert since < r.due_at <= now or since + LAST_HOURS < r.due_at <= now + LAST_HOURS
    minute = reminders.newly_crossed(ctx, now, now - dt.timedelta(minutes=1))
    assert len(minute) < len(everything) / 5
