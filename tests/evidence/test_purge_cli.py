"""`purge-evidence`: says what the purge would delete, and deletes only with --yes."""

from __future__ import annotations

import datetime as dt
import sqlite3

from casemanager.commands.purge_evidence import NOTHING
from casemanager.services.cases import records
from casemanager.services.evidence import intake
from casemanager.services.evidence.intake import NewEvidence
from tests.cli_helpers import run_cli
from tests.evidence import files
from tests.factories import new_case

RECEIVED = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)


def _blobs(db_path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {sha for (sha,) in conn.execute("SELECT sha256 FROM blob")}


def test_purge_lists_first_and_deletes_only_with_yes(capsys, ctx, db_path):
    """The owner sees how many files and bytes would go; only --yes deletes them, once."""
    number = records.create_case(ctx, new_case()).number
    kept, gone = intake.add_evidence(
        ctx,
        number,
        [
            NewEvidence(files.png(), "kept.png", "error_screenshot", RECEIVED),
            NewEvidence(files.PDF, "gone.pdf", "payment_proof", RECEIVED),
        ],
    ).added
    intake.remove_evidence(ctx, gone.id, "sent by mistake")
    ctx.close()
    size = len(files.PDF)

    code, out, err = run_cli(capsys, "purge-evidence", "--db", str(db_path))
    assert code == 0, err
    assert out == (
        f"would purge 1 stored file(s) of removed evidence, {size:,} bytes "
        f"({intake.human_size(size)}); run again with --yes to delete them for good\n"
    )
    assert {kept.sha256, gone.sha256} <= _blobs(db_path)

    code, out, err = run_cli(capsys, "purge-evidence", "--yes", "--db", str(db_path))
    assert code == 0, err
    assert out.startswith(f"purged 1 stored file(s) of removed evidence, {size:,} bytes")
    assert out.count("\n") == 1
    assert gone.sha256 not in _blobs(db_path) and kept.sha256 in _blobs(db_path)

    assert run_cli(capsys, "purge-evidence", "--yes", "--db", str(db_path))[1] == NOTHING + "\n"
    assert run_cli(capsys, "verify", "--db", str(db_path))[0] == 0
