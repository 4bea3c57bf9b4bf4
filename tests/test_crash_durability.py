"""Killing the application mid-write never corrupts the file or loses a saved case."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.store.backup import integrity_problems

WRITER = textwrap.dedent(
    """
    import sys
    from casemanager.services.cases import records
    from casemanager.services.context import AppContext
    from tests.factories import new_case
    ctx = AppContext.open(sys.argv[1], actor="writer")
    n = 0
    while True:
        n += 1
        case = records.create_case(ctx, new_case(order_ref=f"K-{n}"))
        print(case.number, flush=True)  # only after the commit returned
    """
)


def test_sigkill_during_writes_loses_no_committed_case(db_path, tmp_path):
    """Each reopen passes integrity_check and holds every case reported as saved."""
    committed: set[str] = set()
    for round_no in range(6):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent),
        )
        first = writer.stdout.readline().strip()  # wait until it is writing
        assert first, f"writer produced nothing in round {round_no}"
        committed.add(first)
        time.sleep(0.05 + 0.03 * round_no)
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        committed.update(line for line in out.split() if line)

        assert integrity_problems(db_path) == []
        with AppContext.open(str(db_path), backups=tmp_path / "b") as ctx:
            present = {row.number for row in records.list_cases(ctx)}
            assert committed <= present
            assert ctx.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(committed) > 6
