"""Half-written exports a kill left behind are removed at the next export there, or at start."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from casemanager.services.cases import records
from casemanager.services.files import bundles, calendar_export, case_csv, leftovers
from tests.factories import new_case

ROOT = Path(__file__).resolve().parents[2]


def _stale(path: Path, age_s: float = 600) -> Path:
    path.write_bytes(b"PK\x03\x04 half a zip")
    old = time.time() - age_s
    os.utime(path, (old, old))
    return path


def test_each_export_clears_stale_partials_in_its_folder(ctx, tmp_path):
    """A killed export's NAME.partial goes at the next export there; one being written stays."""
    number = records.create_case(ctx, new_case()).number
    folder = tmp_path / "exports"
    folder.mkdir()
    stale = [_stale(folder / f"old{i}.zip.partial") for i in range(3)]
    fresh = folder / "another-seat.zip.partial"
    fresh.write_bytes(b"being written")
    mine = folder / "notes.txt"
    _stale(mine)
    bundles.export_cases(ctx, [number], folder / "case.zip")
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and mine.exists() and (folder / "case.zip").exists()
    _stale(folder / "list.csv.partial")
    case_csv.export_case_list(ctx, folder / "list.csv")
    assert not (folder / "list.csv.partial").exists()
    _stale(folder / "due.ics.partial")
    calendar_export.export_deadlines(ctx, folder / "due.ics")
    assert not (folder / "due.ics.partial").exists()
    assert leftovers.known_folders()[0] == folder.resolve()


def test_start_clears_every_remembered_export_folder(tmp_path):
    """Folders exports went to are cleared at start, even with no export there since."""
    home, a, b = tmp_path / "home", tmp_path / "a", tmp_path / "b"
    for folder in (home, a, b):
        folder.mkdir()
    leftovers.remember(a, home)
    leftovers.remember(b, home)
    leftovers.remember(a, home)  # once in the list, newest first
    assert leftovers.known_folders(home) == [a.resolve(), b.resolve()]
    left = [_stale(a / "x.zip.partial"), _stale(b / "y.csv.partial")]
    b_gone = tmp_path / "b-renamed"
    b.rename(b_gone)  # a folder no longer there is skipped, not an error
    assert leftovers.clean_known_folders(home) == [left[0]]
    (home / leftovers.FOLDERS_FILE).write_text("{not json")
    assert leftovers.known_folders(home) == [] and leftovers.clean_known_folders(home) == []


def test_a_killed_command_line_export_leaves_nothing_after_the_next(ctx, db_path, tmp_path):
    """SIGKILL during `export` leaves FILE.partial; the next export into the folder removes it."""
    from casemanager.services.evidence import intake

    number = records.create_case(ctx, new_case()).number
    # Enough text that the export is still writing when it is killed.
    big = base64.b64encode(os.urandom(15 * 1024 * 1024)) + b"\n"
    when = ctx.clock.now()
    intake.add_evidence(ctx, number, [intake.NewEvidence(big, "capture.txt", "other", when)])
    folder = tmp_path / "out"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "casemanager", "export", number, "--out", str(folder / "a.zip"),
         "--db", str(db_path)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    partial = folder / "a.zip.partial"
    deadline = time.monotonic() + 60
    while not partial.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert partial.exists(), "the export finished before it could be killed"
    old = time.time() - 120
    os.utime(partial, (old, old))
    bundles.export_cases(ctx, [number], folder / "b.zip")
    assert not partial.exists() and (folder / "b.zip").exists()
