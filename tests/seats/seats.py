"""Seats as real parallel processes on one database, released together by a barrier.

Each seat is a spawned process with its own ``AppContext`` (its own connection),
running one of the work functions below; what it returns comes back to the test.
An exception other than a ``DomainError`` comes back as ``crash: ...`` text, so a
traceback in a seat fails the test with its cause.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import traceback
from collections.abc import Callable, Sequence

from casemanager.clock import FixedClock
from casemanager.errors import DomainError
from casemanager.services.context import AppContext

Work = Callable[[AppContext, object], object]
SEAT_TIMEOUT_S = 90


def run_seats(spec: str, now: dt.datetime, work: Work, inputs: Sequence[object]) -> list[object]:
    """Run ``work(ctx, input)`` in one process per input at once; their results, in order."""
    mp = multiprocessing.get_context("spawn")
    barrier = mp.Barrier(len(inputs))
    results = mp.Queue()
    seats = [
        mp.Process(target=_seat, args=(i, spec, now, work, given, barrier, results))
        for i, given in enumerate(inputs)
    ]
    for seat in seats:
        seat.start()
    try:
        got = dict(results.get(timeout=SEAT_TIMEOUT_S) for _ in seats)
    finally:
        for seat in seats:
            seat.join(10)
            if seat.is_alive():
                seat.kill()
    return [got[i] for i in range(len(seats))]


def _seat(index, spec, now, work, given, barrier, results) -> None:
    try:
        with AppContext.open(spec, clock=FixedClock(now), actor=f"seat{index + 1}") as ctx:
            barrier.wait(SEAT_TIMEOUT_S)
            outcome = work(ctx, given)
    except BaseException:  # noqa: BLE001 (reported to the test, which fails on it)
        outcome = f"crash: {traceback.format_exc()}"
    results.put((index, outcome))


def attempt(step: Callable[[], object]) -> str:
    """'done', the refusal's text for a DomainError, or 'crash: ...' for anything else."""
    try:
        step()
    except DomainError as exc:
        return f"refused: {exc}"
    except Exception:  # noqa: BLE001 (a traceback is what these tests look for)
        return f"crash: {traceback.format_exc()}"
    return "done"


# --- work for the seats (module level: a spawned process imports them by name) ----------


def append_events(ctx: AppContext, count: object) -> list[str]:
    from casemanager.services import audit

    return [
        attempt(lambda i=i: audit.record(ctx, "seat_check", None, {"seat": ctx.actor, "i": i}))
        for i in range(int(count))
    ]


REJECTED_AT = dt.datetime(2026, 3, 11, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=5.5)))


def decide(ctx: AppContext, numbers: object) -> list[str]:
    from casemanager.services.lifecycle.decisions import DecisionInput, record_decision

    def one(number: str) -> object:
        given = DecisionInput(
            outcome="rejected",
            clauses=["3.1"],
            explanation=f"Reported after the report window ({ctx.actor}).",
            decided_by=ctx.actor,
            at=REJECTED_AT,
        )
        return record_decision(ctx, number, given)

    return [attempt(lambda n=n: one(n)) for n in numbers]


def attach(ctx: AppContext, numbers: object) -> list[str]:
    from casemanager.services.evidence.intake import NewEvidence, add_evidence

    data = b"Payment receipt\nTransaction 4471\nStatus: OK\n"

    def one(number: str) -> None:
        item = NewEvidence(data, f"receipt-{ctx.actor}.txt", "payment_proof", REJECTED_AT)
        result = add_evidence(ctx, number, [item])
        if result.refused:
            raise DomainError(result.refused[0].reason)

    return [attempt(lambda n=n: one(n)) for n in numbers]


def save_from_form(ctx: AppContext, given: object) -> str:
    """Save a correction of the case as a form opened on version ``opened`` would."""
    from casemanager.services.cases.records import update_case
    from tests.factories import new_case

    number, opened, description = given
    change = new_case(description=description)
    return attempt(lambda: update_case(ctx, number, change, "seen on the call", opened))
