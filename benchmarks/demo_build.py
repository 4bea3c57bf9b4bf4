"""`demo-data` into a new file, timed by phase, and two built files compared table by table.

The build runs the real command with the clock fixed, so two builds of one seed (before
and after a change to the recording) must hold the very same rows; ``compare`` says
which tables differ and shows the first differing row of each.

    .venv/bin/python benchmarks/demo_build.py build FILE [--cases N] [--seed S]
    .venv/bin/python benchmarks/demo_build.py compare FILE FILE
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import os
import resource
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
# Written with the real time whatever the clock says: when each migration ran.
UNCOMPARED_COLUMNS = {"schema_migration": {"applied"}}


def build(path: str, cases: int, seed: int) -> None:
    from casemanager import clock

    clock.SystemClock.now = lambda self: NOW  # the command's clock, fixed
    from casemanager.cli import main
    from casemanager.services.cases import tallies
    from casemanager.services.demo import generate
    from casemanager.store import bulk_load

    marks: list[tuple[str, float, float]] = []

    def timed(module, name: str) -> None:
        inner = getattr(module, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                marks.append((name, time.perf_counter() - start[0], time.process_time() - start[1]))

        setattr(module, name, wrapper)

    for module, name in (
        (generate, "generate"),
        (tallies, "ensure_built"),
        (bulk_load, "problems"),
    ):
        timed(module, name)
    deferred = bulk_load.indexes_deferred

    @contextlib.contextmanager
    def indexes(db) -> Iterator[None]:
        with deferred(db):
            yield
            start = time.perf_counter(), time.process_time()
        spent = time.perf_counter() - start[0], time.process_time() - start[1]
        marks.append(("plain indexes", *spent))

    bulk_load.indexes_deferred = indexes
    load = [os.getloadavg()[0]]
    started = time.perf_counter()
    code = main(["demo-data", "--db", path, "--cases", str(cases), "--seed", str(seed)])
    wall = time.perf_counter() - started
    load.append(os.getloadavg()[0])
    for name, spent, cpu in marks:
        print(f"{name:16s} {spent:8.1f} s wall {cpu:8.1f} s CPU")
    own = resource.getrusage(resource.RUSAGE_SELF)
    drawing = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"in all {wall:.1f} s wall; CPU {own.ru_utime + own.ru_stime:.1f} s recording, "
        f"{drawing.ru_utime + drawing.ru_stime:.1f} s drawing; "
        f"load average {load[0]:.2f} at the start, {load[1]:.2f} at the end"
    )
    sys.exit(code)


def _rows(con: sqlite3.Connection, table: str) -> Iterator[tuple]:
    info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
    skipped = UNCOMPARED_COLUMNS.get(table, set())
    columns = ", ".join(f'"{r[1]}"' for r in info if r[1] not in skipped)
    key = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]] or [r[1] for r in info]
    order = ", ".join(f'"{c}"' for c in key)
    yield from con.execute(f'SELECT {columns} FROM "{table}" ORDER BY {order}')


def compare(first: str, second: str) -> int:
    a, b = sqlite3.connect(first), sqlite3.connect(second)
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    if a.execute(schema).fetchall() != b.execute(schema).fetchall():
        print("the schemas differ")
        return 1
    tables = [
        r[0]
        for r in a.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not r[0].startswith("sqlite_")
    ]
    differ = 0
    for table in tables:
        rows = 0
        for rows, (x, y) in enumerate(itertools.zip_longest(_rows(a, table), _rows(b, table)), 1):
            if x != y:
                print(f"{table}: row {rows} differs:\n  {x!r}\n  {y!r}")
                differ += 1
                break
        else:
            print(f"{table}: {rows:,} rows, the same")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    b = sub.add_parser("build")
    b.add_argument("file")
    b.add_argument("--cases", type=int, default=20_000)
    b.add_argument("--seed", type=int, default=2026)
    c = sub.add_parser("compare")
    c.add_argument("files", nargs=2)
    args = parser.parse_args()
    if args.what == "build":
        build(args.file, args.cases, args.seed)
    sys.exit(compare(*args.files))


if __name__ == "__main__":
    main()
