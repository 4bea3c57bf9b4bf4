"""Each context owns its database: two shops open in one process never mix their data."""

from __future__ import annotations

import threading

import pytest

from casemanager.clock import FixedClock
from casemanager.services.admin import integrity
from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.store.binding import NotBound
from casemanager.store.models import Case
from tests.conftest import NOW
from tests.factories import new_case


@pytest.fixture
def two_shops(tmp_path):
    a = AppContext.open(str(tmp_path / "a.sqlite3"), clock=FixedClock(NOW), actor="A")
    b = AppContext.open(str(tmp_path / "b.sqlite3"), clock=FixedClock(NOW), actor="B")
    yield a, b
    a.close()
    b.close()


def test_writes_and_reads_go_to_the_context_given(two_shops):
    """A case saved in shop A is in A's file only, whichever context was opened last."""
    a, b = two_shops
    records.create_case(a, new_case(order_ref="ONLY-IN-A"))
    records.create_case(b, new_case(order_ref="ONLY-IN-B"))
    records.create_case(a, new_case(order_ref="ALSO-IN-A"))
    assert {r.order_ref for r in records.list_cases(a)} == {"ONLY-IN-A", "ALSO-IN-A"}
    assert {r.order_ref for r in records.list_cases(b)} == {"ONLY-IN-B"}
    assert integrity.verify(a).ok and integrity.verify(b).ok  # each audit chain is whole


def test_two_threads_on_two_contexts_stay_apart(two_shops):
    """Two background jobs on two shops at once each see only their own shop."""
    a, b = two_shops
    seen: dict[str, set[str]] = {}

    def work(ctx: AppContext, prefix: str) -> None:
        with ctx.worker_session():
            for n in range(5):
                records.create_case(ctx, new_case(order_ref=f"{prefix}-{n}"))
            seen[prefix] = {r.order_ref[:1] for r in records.list_cases(ctx)}

    threads = [threading.Thread(target=work, args=(c, p)) for c, p in ((a, "A"), (b, "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"A": {"A"}, "B": {"B"}}


def test_a_background_job_releases_its_connection(two_shops):
    """After a job on a pool thread ends, that thread holds no connection to the file."""
    a, _ = two_shops
    state = {}

    def work() -> None:
        with a.worker_session():
            records.list_cases(a)
            state["open during"] = not a.db.is_closed()
        state["open after"] = not a.db.is_closed()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert state == {"open during": True, "open after": False}


def test_models_refuse_to_run_without_a_context():
    """Reaching the database without a context is an error, not a guess at which file."""
    with pytest.raises(NotBound, match="AppContext"):
        Case.select().count()
