"""`verify --case`: the hashes of one case's files from the command line."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

from casemanager.services.cases import records
from casemanager.services.evidence import intake
from casemanager.services.evidence.intake import NewEvidence
from tests.evidence import files
from tests.factories import new_case

ROOT = Path(__file__).resolve().parents[2]
RECEIVED = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)


def verify(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casemanager", "verify", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_verify_case_finds_a_tampered_file_and_names_it(ctx, db_path):
    """`verify --case` passes on intact files and names the altered one."""
    number = records.create_case(ctx, new_case()).number
    other = records.create_case(ctx, new_case(order_ref="AM-9")).number
    (shot,) = intake.add_evidence(
        ctx, number, [NewEvidence(files.png(), "shot.png", "error_screenshot", RECEIVED)]
    ).added
    ctx.close()
    ok = verify(db_path, "--case", number)
    assert ok.returncode == 0, ok.stderr
    assert f"{number}: OK" in ok.stdout and "1 stored files checked" in ok.stdout
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE blob SET data = ? WHERE sha256 = ?", (b"changed", shot.sha256))
    bad = verify(db_path, "--case", number)
    assert bad.returncode == 1
    assert number in bad.stderr and "shot.png" in bad.stderr
    assert verify(db_path, "--case", other).returncode == 0
    assert verify(db_path).returncode == 1
    unknown = verify(db_path, "--case", "RC-1999-00001")
    assert unknown.returncode == 2 and "--case" in unknown.stderr
