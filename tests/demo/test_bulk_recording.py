"""Recording many cases at once stores what recording them one by one stores."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from casemanager.clock import FixedClock
from casemanager.services import audit
from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.store.bulk import NewRows, insert_if_new
from casemanager.store.models import ALL_MODELS, AuditEvent, Blob, Deadline
from tests.factories import new_case

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
HOUR = dt.timedelta(hours=1)


def _claims() -> list[records.NewCase]:
    """Claims of returning and new customers, both policies, one e-mail in other letters."""
    return [
        new_case(),
        new_case(order_ref="AM-1002", customer_email="PRIYA@example.in", reason="change_of_mind"),
        new_case(
            order_ref="AN-20260309-0001",
            customer_name="王伟",
            customer_email="wei@example.cn",
            policy_id="antnum",
            policy_version="2025-08-13",
            product_name="Steam Wallet Code CNY 100",
            product_kind="gift_card",
            third_party=True,
            currency="CNY",
            amount_paid=Decimal("100.00"),
            purchased_at=dt.datetime(2026, 3, 9, 10, 0, tzinfo=IST),
            reported_at=dt.datetime(2026, 3, 10, 10, 0, tzinfo=IST),
        ),
        new_case(order_ref="AM-1004", customer_email="", customer_name="Walk-in customer"),
    ]


def _stored(ctx: AppContext) -> dict:
    with ctx.reading():
        out = {
            m.__name__: [dict(r.__data__) for r in m.select().order_by(m._meta.primary_key)]
            for m in ALL_MODELS
            if m is not Deadline
        }
        out["Deadline"] = sorted(
            (d.case_id, d.name, d.due_at, d.state, d.met_at, tuple(d.explanation))
            for d in Deadline.select()
        )
    return out


def _open(path: Path) -> AppContext:
    return AppContext.open(str(path), clock=FixedClock(NOW), actor="tester", backups=None)


def test_create_cases_stores_what_create_case_stores_one_by_one(tmp_path):
    """Importing a batch of claims gives the same cases, numbers, deadlines and trail."""
    with _open(tmp_path / "one.sqlite3") as ctx:
        singles = [records.create_case(ctx, claim) for claim in _claims()]
        one_by_one = _stored(ctx)
    with _open(tmp_path / "batch.sqlite3") as ctx:
        batch = records.create_cases(ctx, _claims())
        at_once = _stored(ctx)
        assert audit.verify_chain(ctx) == []
    assert [c.number for c in batch] == [c.number for c in singles]
    assert len(one_by_one["Customer"]) == 3  # Priya twice, whatever the letter case
    assert at_once == one_by_one


def test_a_batch_of_events_chains_as_events_recorded_one_by_one(tmp_path):
    """The trail written in bulk verifies, and equals the one written event by event."""
    events = [
        audit.Event("settings_changed", None, {"b": 1, "a": Decimal("2.50")}, NOW),
        audit.Event("note", None, {"nested": {2: "two", 10: "ten"}}, NOW),
        audit.Event("note", None, {"quote": 'a "b" \\ é'}, NOW + dt.timedelta(seconds=1)),
    ]
    with _open(tmp_path / "one.sqlite3") as ctx, ctx.transaction():
        for e in events:
            ctx.clock.set(e.at)
            audit.record(ctx, e.kind, e.case_id, e.data)
        one_by_one = [dict(e.__data__) for e in AuditEvent.select().order_by(AuditEvent.id)]
    with _open(tmp_path / "many.sqlite3") as ctx, ctx.transaction():
        assert audit.record_many(ctx, events) == 3
        at_once = [dict(e.__data__) for e in AuditEvent.select().order_by(AuditEvent.id)]
        assert audit.verify_chain(ctx) == []
    assert at_once == one_by_one
    assert at_once[1]["data"] == {"nested": {"10": "ten", "2": "two"}}


def test_event_hashes_are_those_trails_were_written_with():
    """``verify`` keeps accepting a trail recorded before the hash was computed faster."""
    at = dt.datetime(2026, 3, 12, 6, 0, 1, 250, tzinfo=IST)
    for actor, case_id, kind, data in [
        ("tester", 5, "case_created", {"number": "RC-2026-00001", "policy": "antimart"}),
        ('O"Brien \\ 张伟', None, "kind\nwith newline", {"é": ["ü", {"k": None}], "n": 1.5}),
        ("tester", 7, "evidence_added", {}),
    ]:
        body = json.dumps(
            {
                "prev": audit.GENESIS,
                "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                "actor": actor,
                "case": case_id,
                "kind": kind,
                "data": data,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        written = hashlib.sha256(body.encode("utf-8")).hexdigest()
        assert audit.event_hash(audit.GENESIS, at, actor, case_id, kind, data) == written


def test_a_file_stored_in_bulk_is_stored_once_and_says_whether_it_was_new(ctx):
    """A sample file shared by many cases would be stored twice, or claim to be new twice."""
    row = {
        "sha256": "ab" * 32,
        "size": 3,
        "mime": "text/plain",
        "data": b"one",
        "created_at": NOW,
    }
    with ctx.transaction():
        assert insert_if_new(Blob, row) is True
        assert insert_if_new(Blob, {**row, "data": b"two", "created_at": NOW + HOUR}) is False
    stored = Blob.get_by_id(row["sha256"])
    assert (bytes(stored.data), stored.created_at, Blob.select().count()) == (b"one", NOW, 1)


def test_rows_added_as_values_are_the_rows_their_instances_would_be(ctx):
    """Deadlines recorded in bulk would differ from those recorded one case at a time."""
    (case,) = records.create_cases(ctx, [new_case()])
    values = {"name": "extra_by", "due_at": NOW + HOUR, "explanation": ["Start: now"]}
    with ctx.transaction():
        for bulk in (True, False):
            rows = NewRows(bulk)
            rows.add(Deadline, {"case": case, **values, "name": f"by_{bulk}"})
            assert rows.count(Deadline) == 1
            rows.write()
    stored = {
        d.name: (d.case_id, d.due_at, d.state, d.met_at, d.explanation, d.reminds)
        for d in Deadline.select().where(Deadline.name.startswith("by_"))
    }
    assert stored["by_True"] == stored["by_False"] == (case.id, NOW + HOUR, "open", None,
                                                        ["Start: now"], None)  # fmt: skip


def test_customers_known_from_call_to_call_are_those_the_file_would_give(tmp_path):
    """A large sample shop would merge or split returning customers differently."""

    def claims(*emails: str) -> list[records.CaseHistory]:
        return [
            records.CaseHistory(new_case(order_ref=f"AM-{n}-{e}", customer_email=e), NOW)
            for n, e in enumerate(emails)
        ]

    # SQLite folds only ASCII letters: 'ÉLISE' and 'élise' are one customer within a
    # call, two across calls, as a query of the file finds them.
    batches = [
        claims("priya@example.in", "ÉLISE@example.fr", ""),
        claims("PRIYA@example.in", "élise@example.fr", " ÉLISE@example.fr", "new@example.cn"),
    ]
    stored = []
    for known in (None, records.KnownCustomers()):
        with _open(tmp_path / f"{known is None}.sqlite3") as ctx:
            for batch in batches:
                records.record_cases(ctx, batch, customers=known)
            stored.append(_stored(ctx))
    assert stored[0] == stored[1]
    emails = [c["email"] for c in stored[0]["Customer"]]
    assert emails == [
        "priya@example.in", "ÉLISE@example.fr", "", "élise@example.fr", "new@example.cn"
    ]  # fmt: skip
