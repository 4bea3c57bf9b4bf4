"""Audit trail: every change leaves one chained event; tampering shows."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from casemanager.services import audit
from casemanager.services.cases import records
from casemanager.store.models import AuditEvent
from tests.factories import new_case


def test_each_case_creation_appends_one_chained_event(ctx):
    """The history of a case starts with who recorded it, and when."""
    first = records.create_case(ctx, new_case())
    second = records.create_case(ctx, new_case(order_ref="AM-2"))
    events = list(AuditEvent.select().order_by(AuditEvent.id))
    assert [(e.kind, e.case_id, e.actor) for e in events] == [
        ("case_created", first.id, "tester"),
        ("case_created", second.id, "tester"),
    ]
    assert events[0].prev_hash == audit.GENESIS
    assert events[1].prev_hash == events[0].hash
    assert audit.verify_chain(ctx) == []


def test_edited_event_breaks_the_chain(ctx, db_path):
    """Someone changing a recorded event by hand is detected."""
    records.create_case(ctx, new_case())
    records.create_case(ctx, new_case(order_ref="AM-2"))
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE audit_event SET actor = 'mallory' WHERE id = 1")
    conn.commit()
    conn.close()
    breaks = audit.verify_chain(ctx)
    assert [(b.event_id, b.problem) for b in breaks] == [
        (1, "content differs from what was recorded")
    ]


def test_deleted_event_breaks_the_chain(ctx, db_path):
    """Removing an event from the middle of the trail is detected."""
    for n in range(3):
        records.create_case(ctx, new_case(order_ref=f"AM-{n}"))
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM audit_event WHERE id = 2")
    conn.commit()
    conn.close()
    assert [b.event_id for b in audit.verify_chain(ctx)] == [3]


def test_failed_change_leaves_no_event(ctx):
    """A change that fails half-way leaves neither the change nor its event behind."""
    with pytest.raises(ValueError):
        records.create_case(ctx, new_case(amount_paid=Decimal("1.001")))
    assert AuditEvent.select().count() == 0
    assert records.list_cases(ctx) == []


@pytest.mark.sqlite_only(reason="the trail is edited through the file")
def test_the_chain_is_walked_in_key_ranges_and_says_how_far(ctx, db_path, monkeypatch):
    """Read a chunk at a time (flat memory at millions of events), a break where one
    chunk meets the next is still found, and the progress reaches the whole trail."""
    monkeypatch.setattr(audit, "CHAIN_CHUNK", 2)
    for n in range(5):
        records.create_case(ctx, new_case(order_ref=f"AM-{n}"))
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM audit_event WHERE id = 3")  # the first of the second chunk
    conn.commit()
    conn.close()
    heard: list[tuple[int, int]] = []
    assert [b.event_id for b in audit.verify_chain(ctx, lambda *p: heard.append(p))] == [4]
    assert heard == [(2, 4), (4, 4)]


def test_a_verification_asked_to_stop_ends_without_a_verdict(ctx):
    """A window quitting mid-verify stops it (minutes at a million cases): no report that
    would claim the file sound or damaged."""
    from casemanager.services.admin import integrity
    from casemanager.services.files.backups import CheckStop, CheckStopped

    records.create_case(ctx, new_case())
    stop = CheckStop()
    stop.request()
    with pytest.raises(CheckStopped):
        integrity.verify(ctx, stop=stop)
    assert integrity.verify(ctx).ok
