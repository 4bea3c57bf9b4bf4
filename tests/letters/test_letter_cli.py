"""``python -m casemanager letter``: render or issue a letter from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.letters import helpers, pdf

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casemanager", "letter", *args],
        capture_output=True, text=True, cwd=ROOT, env=dict(os.environ), timeout=120,
    )  # fmt: skip


def test_letter_command_renders_and_issues(ctx, db_path, tmp_path):
    """The shop can write a rejection to a file, then issue it, from the command line."""
    number = helpers.rejected(ctx).number
    ctx.close()
    out = tmp_path / "rejection.pdf"
    done = cli(number, "--kind", "rejection", "--out", str(out), "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert "Clause 3.1" in pdf.text(out.read_bytes())
    done = cli(number, "--kind", "rejection", "--out", str(out), "--issue", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert "customer notified" in done.stdout
    summary = tmp_path / "summary.pdf"
    done = cli(number, "--kind", "summary", "--out", str(summary), "--db", str(db_path))
    assert done.returncode == 0 and "Letters issued" in pdf.text(summary.read_bytes())


def test_letter_command_bad_input_names_the_field(ctx, db_path, tmp_path):
    """Wrong input gives exit 2 and one line saying what to correct; no file is written."""
    number = helpers.received(ctx).number
    ctx.close()
    out = tmp_path / "x.pdf"
    done = cli(number, "--kind", "rejection", "--out", str(out), "--db", str(db_path))
    assert done.returncode == 2 and done.stderr.startswith("casemanager letter: kind:")
    assert len(done.stderr.strip().splitlines()) == 1 and not out.exists()
    done = cli("RC-2000-00001", "--kind", "approval", "--out", str(out), "--db", str(db_path))
    assert done.returncode == 2 and "case:" in done.stderr
    done = cli(number, "--kind", "approval", "--out", str(tmp_path / "no" / "x.pdf"))
    assert done.returncode == 2 and "--out:" in done.stderr
