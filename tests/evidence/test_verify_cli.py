"""`verify --case`: the hashes of one case's files from the command line."""

from __future__ import annotations

import datetime as dt
import sqlite3

from casemanager.services.cases import records
from casemanager.services.evidence import intake
from casemanager.services.evidence.intake import NewEvidence
from tests.cli_helpers import run_cli
from tests.evidence import files
from tests.factories import new_case

RECEIVED = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)


def test_verify_case_finds_a_tampered_file_and_names_it(capsys, ctx, db_path):
    """`verify --case` passes on intact files and names the altered one."""
    number = records.create_case(ctx, new_case()).number
    other = records.create_case(ctx, new_case(order_ref="AM-9")).number
    (shot,) = intake.add_evidence(
        ctx, number, [NewEvidence(files.png(), "shot.png", "error_screenshot", RECEIVED)]
    ).added
    ctx.close()

    def verify(*args: str) -> tuple[int, str, str]:
        return run_cli(capsys, "verify", "--db", str(db_path), *args)

    code, out, err = verify("--case", number)
    assert code == 0, err
    assert f"{number}: OK" in out and "1 stored files checked" in out
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE blob SET data = ? WHERE sha256 = ?", (b"changed", shot.sha256))
    code, _out, err = verify("--case", number)
    assert code == 1
    assert number in err and "shot.png" in err
    assert verify("--case", other)[0] == 0
    assert verify()[0] == 1
    code, _out, err = verify("--case", "RC-1999-00001")
    assert code == 2 and "--case" in err
