"""Sample cases store exactly what the shop's own services store for the same claims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casemanager.clock import FixedClock
from casemanager.services.admin.integrity import verify
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.demo import shop as sample_shop
from casemanager.services.demo.generate import SampleShop
from casemanager.services.lifecycle.history import Decide, DecideAppeal, Move
from casemanager.store.models import (
    ALL_MODELS,
    AuditEvent,
    Case,
    CaseCounter,
    Deadline,
    Setting,
)
from tests.demo.replay import replay

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)
# Few cases, yet every kind of step of the sample shop's lifecycle among them.
COUNT, SEED = 40, 22
STEP_KINDS = {
    "acknowledge", "start_review", "request_info", "extend", "withdraw", "cancel",
    "start_refund", "notify", "refund_paid", "send_replacement", "close", "Decide:approved",
    "Decide:rejected", "DecideAppeal:approved", "DecideAppeal:rejected", "FileAppeal",
    "ReviewAppeal", "Escalate", "AddEvidence",
}  # fmt: skip


def _open(path: Path, clock: FixedClock) -> AppContext:
    return AppContext.open(str(path), clock=clock, actor="tester", backups=path.parent / "b")


def _rows(model) -> list[dict]:
    """Every row of a table, as stored."""
    return [dict(r.__data__) for r in model.select().order_by(model._meta.primary_key)]


def _deadlines() -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = {}
    for d in Deadline.select().order_by(Deadline.case, Deadline.name):
        out.setdefault(d.case_id, []).append(
            (d.name, d.due_at, d.state, d.met_at, list(d.explanation))
        )
    return out


def _snapshot(ctx: AppContext) -> dict:
    """Everything the database holds about its cases (deadline row ids aside)."""
    with ctx.reading():
        tables = {
            m.__name__: _rows(m)
            for m in ALL_MODELS
            if m not in (Deadline, AuditEvent, Setting, CaseCounter)
        }
        tables["CaseCounter"] = _rows(CaseCounter)
        tables["Deadline"] = _deadlines()
        events = AuditEvent.select().where(AuditEvent.kind != "demo_data_generated")
        tables["AuditEvent"] = [dict(e.__data__) for e in events.order_by(AuditEvent.id)]
    return tables


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory) -> tuple[dict, dict]:
    """The sample shop recorded in bulk, and the same histories one service call at a time."""
    folder = tmp_path_factory.mktemp("both")
    with _open(folder / "bulk.sqlite3", FixedClock(NOW)) as ctx:
        generate.generate(ctx, COUNT, seed=SEED)
        bulk = _snapshot(ctx)
    clock = FixedClock(NOW)
    with _open(folder / "by-hand.sqlite3", clock) as ctx:
        sample_shop.ensure_profile(ctx)  # as ``generate`` does first
        for history in SampleShop(COUNT, SEED, NOW, "tester").histories():
            replay(ctx, clock, history)
        by_hand = _snapshot(ctx)
    return bulk, by_hand


def test_sample_cases_take_every_kind_of_step(both_ways):
    """The comparisons below are worth something: they see every step the sample shop takes."""
    seen = set()
    for history in SampleShop(COUNT, SEED, NOW, "tester").histories():
        for step in history.steps:
            if isinstance(step, Move):
                seen.add(step.action)
            elif isinstance(step, Decide | DecideAppeal):
                seen.add(f"{type(step).__name__}:{step.decision.outcome}")
            else:
                seen.add(type(step).__name__)
    assert seen == STEP_KINDS
    bulk, _ = both_ways
    assert {c["policy_id"] for c in bulk["Case"]} == {"antimart", "antnum"}


@pytest.mark.parametrize(
    "table",
    ["Customer", "Product", "Order", "Case", "Evidence", "Decision", "Appeal", "Escalation",
     "Blob", "CaseCounter"],
)  # fmt: skip
def test_sample_case_rows_equal_those_the_services_store(both_ways, table):
    """A sample case looks in every screen exactly as one the shop recorded by hand."""
    bulk, by_hand = both_ways
    assert bulk[table] == by_hand[table]


def test_sample_deadlines_and_next_due_equal_those_the_services_compute(both_ways):
    """Deadlines, their states and explanations, and the case list's next due column agree."""
    bulk, by_hand = both_ways
    assert bulk["Deadline"] == by_hand["Deadline"]
    due = [(c["number"], c["next_due_at"], c["next_due_name"]) for c in bulk["Case"]]
    assert due == [(c["number"], c["next_due_at"], c["next_due_name"]) for c in by_hand["Case"]]
    assert any(d[1] is not None for d in due)


def test_sample_audit_trail_equals_the_services_trail_hash_for_hash(both_ways):
    """Each sample case's history reads as the services would have written it, chained alike."""
    bulk, by_hand = both_ways
    assert len(bulk["AuditEvent"]) > 4 * COUNT
    assert bulk["AuditEvent"] == by_hand["AuditEvent"]


def test_verify_passes_on_a_sample_database(tmp_path):
    """``verify`` finds nothing wrong with a freshly generated sample shop."""
    with _open(tmp_path / "demo.sqlite3", FixedClock(NOW)) as ctx:
        summary = generate.generate(ctx, 300, seed=2)
        report = verify(ctx)
        with ctx.reading():
            cases = Case.select().count()
    assert report.ok, [str(p) for p in report.problems]
    assert cases == summary.cases == 300
    assert report.events_checked > 4 * 300
    assert report.blobs_checked >= summary.blobs > 0
