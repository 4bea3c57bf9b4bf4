"""Killing the application mid-write never corrupts the file or loses a saved case.

The writer reports each commit on its standard output; the test kills it with
SIGKILL at a chosen point, never after a guessed sleep: either while it saves
cases flat out (after N reported commits), or while a transaction is open.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.store.backup import integrity_problems

ROOT = Path(__file__).resolve().parents[1]

WRITER = textwrap.dedent(
    """
    import sys
    from casemanager.services.cases import records
    from casemanager.services.context import AppContext
    from tests.factories import new_case
    db, prefix, mode, commits = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ctx = AppContext.open(db, actor="writer")
    n = 0

    def save():
        global n
        n += 1
        return records.create_case(ctx, new_case(order_ref=f"{prefix}-{n}")).number

    for _ in range(commits):
        print("saved", save(), flush=True)  # only after the commit returned
    if mode == "open":
        with ctx.transaction():
            print("open", save(), flush=True)  # inside a transaction not yet committed
            sys.stdin.readline()  # wait here to be killed
    while True:  # "loop": keep saving until killed
        print("saved", save(), flush=True)
    """
)

# (mode, commits reported before the kill) per round.
ROUNDS = (("loop", 3), ("open", 4), ("loop", 10))


def _kill_writer(db_path: Path, round_no: int, mode: str, commits: int) -> tuple[set, str | None]:
    """Run the writer until the chosen point, SIGKILL it; the cases it reported and the open one."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), f"R{round_no}", mode, str(commits)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    saved: set[str] = set()
    in_flight = None
    try:
        while in_flight is None and not (mode == "loop" and len(saved) >= commits):
            line = writer.stdout.readline().split()
            assert line, f"writer stopped early in round {round_no}"
            if line[0] == "open":
                in_flight = line[1]
            else:
                saved.add(line[1])
    finally:
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
    assert writer.returncode == -signal.SIGKILL
    # Commits reported between the chosen point and the kill were acknowledged too.
    saved.update(line.split()[1] for line in out.splitlines() if line.startswith("saved"))
    return saved, in_flight


def test_sigkill_during_writes_loses_no_committed_case(db_path, tmp_path):
    """Each reopen passes integrity_check, holds every case reported as saved and no half one."""
    committed: set[str] = set()
    for round_no, (mode, commits) in enumerate(ROUNDS):
        saved, in_flight = _kill_writer(db_path, round_no, mode, commits)
        assert len(saved) >= commits
        committed |= saved

        assert integrity_problems(db_path) == []
        with AppContext.open(str(db_path), backups=tmp_path / "b") as ctx:
            present = {row.number for row in records.list_cases(ctx)}
            assert ctx.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert committed <= present
        if mode == "open":
            assert in_flight is not None
            assert in_flight not in present, "a case from an uncommitted transaction was kept"
