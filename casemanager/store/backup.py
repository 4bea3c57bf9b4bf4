"""Copies of a live SQLite database through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from peewee import Database

from casemanager.errors import DomainError


class BackupError(DomainError):
    """A backup or restore that cannot be made; the message says why."""


class CheckStopped(DomainError):
    """A whole-file check stopped before its end: it found nothing either way."""


class CheckStop:
    """Stops a running whole-file check from another thread: an application quitting
    would otherwise wait for it (minutes at a million cases read from the disk)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self.requested = False

    def request(self) -> None:
        with self._lock:
            self.requested = True
            if self._conn is not None:
                self._conn.interrupt()  # SQLite's own: the check ends within milliseconds

    def _watch(self, conn: sqlite3.Connection | None) -> None:
        with self._lock:
            self._conn = conn


def integrity_problems(path: Path, quick: bool = False, stop: CheckStop | None = None) -> list[str]:
    """``PRAGMA integrity_check`` (or the faster ``quick_check``) of a database file,
    read-only; an empty list means sound. ``stop`` may end it early (``CheckStopped``)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        return [str(exc)]
    pragma = "quick_check" if quick else "integrity_check"
    if stop is not None:
        stop._watch(conn)
    try:
        # SQLite ignores an interrupt while no statement runs: a stop asked before is seen here.
        if stop is not None and stop.requested:
            raise sqlite3.OperationalError("interrupted")
        rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        if stop is not None and stop.requested:
            raise CheckStopped("the database check was stopped before its end") from None
        return [str(exc)]
    finally:
        if stop is not None:
            stop._watch(None)
        conn.close()
    if rows == ["ok"]:
        return []
    # One problem per line: SQLite may pack several into one row under a
    # "*** in database main ***" banner, and error messages are one line each.
    lines = [line for row in rows for line in str(row).splitlines() if line.strip()]
    return [line for line in lines if not line.startswith("*** in database")] or lines


def online_backup(db: Database, dest: Path) -> Path:
    """Write a consistent copy of ``db`` to ``dest`` and check it; never a file copy."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(partial)
        try:
            db.connection().backup(target)
        finally:
            target.close()
    except BaseException:
        partial.unlink(missing_ok=True)  # a full disk must not leave half a copy behind
        raise
    problems = integrity_problems(partial)
    # The read-only check of a WAL-mode copy leaves its (empty) -wal and -shm behind.
    for sidecar in ("-wal", "-shm"):
        partial.with_name(partial.name + sidecar).unlink(missing_ok=True)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup {dest} failed its integrity check: {problems[0]}")
    partial.replace(dest)
    return dest
