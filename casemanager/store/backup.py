"""Copies of a live SQLite database through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import Database

from casemanager.errors import DomainError


class BackupError(DomainError):
    """A backup or restore that cannot be made; the message says why."""


def integrity_problems(path: Path, quick: bool = False) -> list[str]:
    """``PRAGMA integrity_check`` (or the faster ``quick_check``) of a database file,
    read-only; an empty list means sound."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
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
