"""Bulk row insertion: ``store.bulk.bulk_insert`` against Peewee's ``insert_many``.

Generates its own rows (deadline rows with UTC instants and JSON explanations,
as demo data and imports write them) into fresh SQLite files, repeats each
method, and prints medians and the ratio against the baseline of the same run.

    .venv/bin/python benchmarks/bulk_insert.py [ROWS] [REPEATS]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casemanager.services.context import AppContext  # noqa: E402
from casemanager.store.bulk import bulk_insert  # noqa: E402
from casemanager.store.models import Deadline  # noqa: E402


def rows(n: int) -> list[dict]:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return [
        {
            "case": 1 + i // 3,
            "name": f"review_by_{i % 3}",
            "due_at": start + dt.timedelta(minutes=i),
            "state": "open",
            "met_at": None,
            "explanation": [f"Start: {start.isoformat()}", "Rule: 5 working days", f"n={i}"],
        }
        for i in range(n)
    ]


def peewee_insert_many(data: list[dict]) -> None:
    for i in range(0, len(data), 500):
        Deadline.insert_many(data[i : i + 500]).execute()


def timed(method, n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(str(Path(tmp) / "bench.sqlite3"))
        # Deadlines need a case; the benchmark measures insertion, so relax the FK.
        ctx.db.execute_sql("PRAGMA foreign_keys = OFF")
        data = rows(n)
        started = time.perf_counter()
        with ctx.transaction():
            method(data)
        elapsed = time.perf_counter() - started
        assert Deadline.select().count() == n
        ctx.close()
    return elapsed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    results = {}
    for name, method in (
        ("peewee insert_many (baseline)", peewee_insert_many),
        ("store.bulk.bulk_insert", bulk_insert_deadlines),
    ):
        results[name] = statistics.median(timed(method, n) for _ in range(repeats))
    base = results["peewee insert_many (baseline)"]
    print(f"{n:,} deadline rows, median of {repeats} runs")
    print(f"{'method':<32}{'median s':>10}{'rows/s':>12}{'vs baseline':>13}")
    for name, secs in results.items():
        print(f"{name:<32}{secs:>10.3f}{n / secs:>12,.0f}{base / secs:>12.2f}x")


def bulk_insert_deadlines(data: list[dict]) -> None:
    bulk_insert(Deadline, data)


if __name__ == "__main__":
    main()
