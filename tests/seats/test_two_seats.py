"""Two seats at once on one database: nothing forked, doubled or lost, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest

from casemanager.clock import FixedClock
from casemanager.services import audit
from casemanager.services.context import SEAT_CONFLICT, AppContext, SeatConflict, StorageFault
from casemanager.services.lifecycle import transitions
from casemanager.store import locking
from casemanager.store.models import AuditEvent, Case, Decision, Evidence
from tests.conftest import NOW
from tests.letters.helpers import under_review
from tests.seats import seats
from tests.seats.seats import run_seats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": ROOT}
    return subprocess.run(
        [sys.executable, "-m", "casemanager", *args],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def _no_crash(outcomes: list) -> list[str]:
    flat = [o for seat in outcomes for o in (seat if isinstance(seat, list) else [seat])]
    crashes = [o for o in flat if str(o).startswith("crash")]
    assert not crashes, crashes[0]
    return flat


def test_audit_events_from_two_seats_form_one_chain(shared):
    """Two seats writing 400 events each at once: the audit trail still verifies, no fork."""
    outcomes = run_seats(shared.spec, NOW, seats.append_events, [400, 400])
    assert Counter(_no_crash(outcomes)) == {"done": 800}
    with shared.ctx.reading():
        assert AuditEvent.select().where(AuditEvent.kind == "seat_check").count() == 800
        prevs = [e.prev_hash for e in AuditEvent.select(AuditEvent.prev_hash)]
    assert len(prevs) == len(set(prevs))  # no two events follow the same one
    assert audit.verify_chain(shared.ctx) == []
    done = _cli("verify", "--db", shared.spec)
    assert done.returncode == 0, done.stdout + done.stderr


def test_two_seats_deciding_one_case_give_one_decision(shared):
    """Both seats decide the same cases at once: each case gets one decision, the other
    seat one clear refusal."""
    numbers = [under_review(shared.ctx, order_ref=f"AN-{i}").number for i in range(8)]
    outcomes = run_seats(shared.spec, NOW, seats.decide, [numbers, numbers])
    _no_crash(outcomes)
    for i, number in enumerate(numbers):
        pair = sorted(o.split(":")[0] for o in (outcomes[0][i], outcomes[1][i]))
        assert pair == ["done", "refused"], (number, outcomes[0][i], outcomes[1][i])
    with shared.ctx.reading():
        per_case = Counter(d.case_id for d in Decision.select(Decision.case))
        assert sorted(per_case.values()) == [1] * len(numbers)
        assert {c.status for c in Case.select().where(Case.number.in_(numbers))} == {"rejected"}
    assert audit.verify_chain(shared.ctx) == []


def test_two_seats_attaching_one_file_store_it_once(shared):
    """Both seats attach the same file to the same cases at once: it is attached once,
    the other seat is told it is already there."""
    numbers = [under_review(shared.ctx, order_ref=f"AN-{i}").number for i in range(8)]
    outcomes = run_seats(shared.spec, NOW, seats.attach, [numbers, numbers])
    _no_crash(outcomes)
    for i in range(len(numbers)):
        pair = sorted((outcomes[0][i], outcomes[1][i]))
        assert pair[0] == "done" and "already attached" in pair[1], pair
    with shared.ctx.reading():
        per_case = Counter(e.case_id for e in Evidence.select(Evidence.case))
        assert sorted(per_case.values()) == [1] * len(numbers)


def test_two_seats_generating_demo_data_at_once_verify(shared):
    """Two seats each adding 500 demo cases at once: 1000 cases and a trail that verifies."""
    env = {**os.environ, "PYTHONPATH": ROOT}
    command = [sys.executable, "-m", "casemanager", "demo-data", "--cases", "500"]
    runs = [
        subprocess.Popen(
            [*command, "--seed", str(seed), "--db", shared.spec],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for seed in (1, 2)
    ]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, out + err
    with shared.ctx.reading():
        assert Case.select().count() == 1000
    done = _cli("verify", "--db", shared.spec)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_case_held_by_another_seat_is_one_clear_line(shared, tmp_path):
    """A case another seat keeps locked: the change is retried, then refused with one
    sentence (no traceback), and goes through once the other seat is done."""
    number = under_review(shared.ctx).number
    other = AppContext.open(shared.spec, clock=FixedClock(NOW), actor="seat2", backups=tmp_path)
    other.busy_wait_s = 0.5
    try:
        with shared.ctx.transaction():
            locking.locked_case(shared.ctx.db, number=number)
            if shared.engine == "sqlite":  # its write lock covers the file: busy, one line
                refusal, sentence = StorageFault, "another Case Manager is writing"
            else:
                refusal, sentence = SeatConflict, SEAT_CONFLICT
            with pytest.raises(refusal, match=sentence) as refused:
                transitions.request_info(other, number, "the order's e-mail")
            assert "\n" not in str(refused.value)
        case = transitions.request_info(other, number, "the order's e-mail")
        assert case.status == "awaiting_customer"
    finally:
        other.close()


def test_two_forms_opened_on_one_version_save_once(shared):
    """Two seats saving forms opened on the same version at once: one is saved, the other
    refused as stale naming the first seat, and the first seat's change is kept."""
    from casemanager.services.cases import drafts
    from casemanager.services.cases.records import create_case
    from tests.factories import new_case

    number = create_case(shared.ctx, new_case()).number
    _, opened = drafts.open_draft(shared.ctx, number)
    inputs = [(number, opened, "Seat one's note"), (number, opened, "Seat two's note")]
    outcomes = run_seats(shared.spec, NOW, seats.save_from_form, inputs)
    _no_crash(outcomes)
    assert sorted(o.split(":")[0] for o in outcomes) == ["done", "refused"], outcomes
    winner = outcomes.index("done") + 1
    refusal = outcomes[2 - winner]
    assert "changed by someone else" in refusal and f"seat{winner}" in refusal
    assert "description" in refusal
    with shared.ctx.reading():
        kept = Case.get(Case.number == number).description
    assert kept == ("Seat one's note" if winner == 1 else "Seat two's note")


def test_a_case_held_briefly_by_another_seat_is_waited_out(shared, tmp_path, monkeypatch):
    """Another seat holding the case for a moment: the change waits (on a server, is
    retried) and goes through, with no message at all."""
    import threading
    import time

    number = under_review(shared.ctx).number
    other = AppContext.open(shared.spec, clock=FixedClock(NOW), actor="seat2", backups=tmp_path)
    other.busy_wait_s = 2.0  # 0.4 s per attempt on a server: the hold outlasts the first
    held = threading.Event()

    def hold() -> None:
        with shared.ctx.transaction():
            locking.locked_case(shared.ctx.db, number=number)
            held.set()
            time.sleep(0.8)

    conflicts = []
    original = SeatConflict.__init__
    monkeypatch.setattr(SeatConflict, "__init__", lambda self: conflicts.append(original(self)))
    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        started = time.monotonic()
        case = transitions.request_info(other, number, "the order's e-mail")
        assert case.status == "awaiting_customer" and time.monotonic() - started > 0.3
        # On a server the first attempt timed out on the lock and was run again.
        assert len(conflicts) == (0 if shared.engine == "sqlite" else 1)
    finally:
        holder.join()
        other.close()
