"""SIGKILL at many points while cases, evidence, decisions, letters, imports and backups are
written: no acknowledged write is lost and every reopen passes the integrity checks.

CI runs ``KILL_POINTS`` (100) kill points; ``CASEMANAGER_KILL_POINTS=1000`` runs the long
one (``scripts/kill9_long_run.sh``), with ``CASEMANAGER_KILL_SEED`` choosing the points.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casemanager.services.admin import integrity
from casemanager.services.context import AppContext
from casemanager.services.files import backups, bundles
from casemanager.store.backup import integrity_problems
from casemanager.store.models import Case, Decision, Evidence, Letter
from tests.binding import bind_for_test
from tests.factories import new_case

ROOT = Path(__file__).resolve().parents[2]
KILL_POINTS = int(os.environ.get("CASEMANAGER_KILL_POINTS", "100"))
SEED = int(os.environ.get("CASEMANAGER_KILL_SEED", "16"))
VERIFY_EVERY = 25  # the full audit-chain and file check; integrity_check runs every round


def _bundle(template_db: Path, folder: Path) -> Path:
    from casemanager.services.cases.records import create_case

    source = folder / "source.sqlite3"
    shutil.copyfile(template_db, source)
    with AppContext.open(str(source), backups=folder / "b") as ctx:
        number = create_case(ctx, new_case(order_ref="IMPORTED")).number
        return bundles.export_cases(ctx, [number], folder / "one.zip")


class Acknowledged:
    """Everything the writers reported as done, to be found after every kill."""

    def __init__(self) -> None:
        self.cases: set[str] = set()
        self.reviewed: set[str] = set()
        self.evidence: set[tuple[str, str]] = set()
        self.decided: set[str] = set()
        self.letters: set[tuple[str, str]] = set()
        self.backups: list[Path] = []
        self.writes = 0
        self.kinds: dict[str, int] = {}

    def add(self, ack: str) -> None:
        kind, *parts = ack.split()
        self.writes += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind in ("case", "import"):
            self.cases.update(parts)
        elif kind == "status":
            self.reviewed.add(parts[0])
        elif kind == "evidence":
            self.evidence.add((parts[0], parts[1]))
        elif kind == "decision":
            self.decided.add(parts[0])
        elif kind == "letter":
            self.letters.add((parts[0], parts[1]))
        elif kind == "backup":
            self.backups.append(Path(parts[0]))

    def lost(self, ctx: AppContext) -> list[str]:
        with bind_for_test(ctx):
            cases = {c.number: c for c in Case.select()}
            evidence = {(e.case.number, e.blob_id) for e in Evidence.select()}
            decided = {d.case.number for d in Decision.select()}
            letters = {(x.case.number, x.blob_id) for x in Letter.select()}
        missing = [f"case {n}" for n in self.cases - cases.keys()]
        missing += [f"review {n}" for n in self.reviewed if cases[n].status == "received"]
        missing += [f"evidence {e}" for e in self.evidence - evidence]
        missing += [f"decision {n}" for n in self.decided - decided]
        missing += [f"letter {x}" for x in self.letters - letters]
        return missing


# Each kill, reopening and check takes about half a second alone, a few on a loaded machine
# (the marker overrides the command line's --timeout, so it grows with the long run's points).
@pytest.mark.timeout(6 * KILL_POINTS)
def test_kill9_at_many_points_loses_no_acknowledged_write(template_db, tmp_path):
    """A crash at the wrong moment would lose a saved case, letter or backup, or corrupt it."""
    db = tmp_path / "cases.sqlite3"
    shutil.copyfile(template_db, db)
    copies = tmp_path / "copies"
    copies.mkdir()
    bundle = _bundle(template_db, tmp_path)
    killer = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.kill9", str(db), str(bundle), str(copies), str(SEED)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    done = Acknowledged()
    integrity_failures: list[str] = []
    lost: list[str] = []
    try:
        for round_no in range(KILL_POINTS):
            killer.stdin.write(f"kill {round_no}\n")
            killer.stdin.flush()
            report = json.loads(killer.stdout.readline())
            assert report["killed"], f"the writer died by itself in round {round_no}"
            for ack in report["acks"]:
                done.add(ack)
            integrity_failures += integrity_problems(db)
            with AppContext.open(str(db), backups=tmp_path / "b") as ctx:
                lost += done.lost(ctx)
                if report["open"]:
                    with bind_for_test(ctx):
                        assert Case.get_or_none(Case.number == report["open"]) is None
                if round_no % VERIFY_EVERY == VERIFY_EVERY - 1 or round_no == KILL_POINTS - 1:
                    problems = integrity.verify(ctx).problems
                    integrity_failures += [str(p) for p in problems]
            for copy in done.backups:  # every acknowledged backup is a sound database
                backups.validate_backup(copy)
                copy.unlink()  # (a thousand rounds of copies would fill the disk)
            done.backups.clear()
            assert not lost and not integrity_failures, (round_no, lost, integrity_failures)
    finally:
        killer.stdin.close()
        killer.wait(timeout=30)
    print(
        f"kill-9: {KILL_POINTS} kill points, {done.writes} acknowledged writes, "
        f"{len(lost)} lost, {len(integrity_failures)} integrity failures; {done.kinds}"
    )
    assert done.writes >= KILL_POINTS
    assert set(done.kinds) == {"case", "evidence", "status", "decision", "letter", "import",
                               "backup"}  # fmt: skip
