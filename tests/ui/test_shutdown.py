"""Ending the application by SIGTERM (log-out, shutdown) leaves the database clean."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start(tmp_path: Path, db: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CASEMANAGER_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(check, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("the application did not start in time")
        time.sleep(0.1)


def test_sigterm_checkpoints_the_wal_and_removes_the_locks(tmp_path):
    """After SIGTERM the file holds everything: no WAL, no shared memory, no lock files."""
    db = tmp_path / "shop.sqlite3"
    process = _start(tmp_path, db)
    try:
        owner = Path(str(db) + ".owner")
        wal = Path(str(db) + "-wal")
        _wait_for(lambda: owner.exists() and wal.exists() or process.poll() is not None)
        assert process.poll() is None, process.stderr.read()
        time.sleep(2)  # the window is up and the database written (migrations, settings)
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("shop.sqlite3"))
    assert left == ["shop.sqlite3"] or (
        left == ["shop.sqlite3", "shop.sqlite3-wal"] and wal.stat().st_size == 0
    ), left
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"case", "evidence", "letter"} <= tables  # the migrations reached the file itself
