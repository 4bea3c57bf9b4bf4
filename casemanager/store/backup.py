"""Copies of a live SQLite database through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from peewee import Database

from casemanager.errors import DomainError

T = TypeVar("T")


class BackupError(DomainError):
    """A backup or restore that cannot be made; the message says why."""


class CheckStopped(DomainError):
    """A whole-file check stopped before its end: it found nothing either way."""


class BackupStopped(DomainError):
    """A copy stopped before its end (its owner skipped it): no file was kept."""

    def __init__(self) -> None:
        super().__init__("the backup was stopped before its end; no copy was kept")


class CheckStop:
    """Stops a running whole-file check (or a copy, ``online_backup``) from another thread:
    an application quitting would otherwise wait for it (minutes at a million cases read
    from the disk)."""

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


def stoppable(check: Callable[[CheckStop], T], stop: CheckStop | None = None) -> T:
    """``check(stop)``; on the main thread (a command) it runs beside it, so that Ctrl-C
    stops it at once (SQLite's interrupt, through ``stop``) instead of after the minutes
    a whole-file check takes on a large file: while SQLite works, Python hears no signal.
    """
    stop = stop or CheckStop()
    if threading.current_thread() is not threading.main_thread():
        return check(stop)
    outcome: list = []
    # An Event, not join(timeout): in Python 3.11 a join interrupted by Ctrl-C can take
    # its thread for ended, and the check would run on, unwatched.
    ended = threading.Event()

    def run() -> None:
        try:
            outcome.append(check(stop))
        except BaseException as exc:  # handed to the waiting thread below
            outcome.append(exc)
        finally:
            ended.set()

    threading.Thread(target=run, name="whole-file check", daemon=True).start()
    try:
        while not ended.wait(0.2):
            pass
    except KeyboardInterrupt:
        stop.request()
        ended.wait()
        raise
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


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


# Pages copied per step: about 4 MB, so progress moves and a stop is heard within milliseconds.
STEP_PAGES = 1024

Progress = Callable[[int, int], None]

# What a file holds, in a few index reads: every change writes an audit event, each
# chained by hash to all before it, so the newest one names the whole history.
NEWEST_EVENT = "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1"
SCHEMA_VERSION = "SELECT max(name) FROM schema_migration"


def content_mark(execute: Callable[[str], Any]) -> tuple[int, str, str] | None:
    """(newest audit event id, its hash, schema version) through ``execute(sql)``, a
    DB-API connection's or a Peewee database's; None before the first event."""
    newest = execute(NEWEST_EVENT).fetchone()
    if newest is None:
        return None
    return (newest[0], newest[1], execute(SCHEMA_VERSION).fetchone()[0])


def copy_mark(path: Path) -> tuple[int, str, str] | None:
    """``content_mark`` of a backup file, read without writing anything beside it; None
    when it cannot be read or was opened as a database since (its log may hold more)."""
    if Path(f"{path}-wal").exists():
        return None
    try:
        # immutable: a finished copy never changes, and no -shm is created next to it.
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        return content_mark(conn.execute)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def online_backup(
    db: Database,
    dest: Path,
    quick: bool = False,
    progress: Progress | None = None,
    stop: CheckStop | None = None,
) -> Path:
    """Write a consistent copy of ``db`` to ``dest`` and check it; never a file copy.

    The check is ``integrity_check``, or with ``quick`` the ``quick_check`` (every page
    and record read once, indexes not looked up). ``progress(pages_done, pages)`` hears
    each step of the copy; ``stop`` ends copy or check early (``BackupStopped``). A copy
    that fails, fails its check or is stopped leaves no file behind.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(db.connection(), partial, progress, stop)
        problems = integrity_problems(partial, quick=quick, stop=stop)
    except CheckStopped:
        _remove(partial)
        raise BackupStopped() from None
    except BaseException:
        _remove(partial)  # a full disk must not leave half a copy behind
        raise
    # The read-only check of a WAL-mode copy leaves its (empty) -wal and -shm behind.
    _remove_sidecars(partial)
    if problems:
        partial.unlink(missing_ok=True)
        check = "quick check" if quick else "integrity check"
        raise BackupError(f"backup {dest} failed its {check}: {problems[0]}")
    partial.replace(dest)
    return dest


def _copy(
    source: sqlite3.Connection, partial: Path, progress: Progress | None, stop: CheckStop | None
) -> None:
    def step(_status: int, remaining: int, pages: int) -> None:
        if stop is not None and stop.requested:
            raise BackupStopped()  # raised in the callback, it makes SQLite end the copy
        if progress is not None:
            progress(pages - remaining, pages)

    target = sqlite3.connect(partial)
    # One read transaction over all the steps: a write by another connection between two
    # steps would otherwise start the copy over from its first page (forever, under a
    # busy seat). In WAL mode the transaction blocks no writer.
    began = not source.in_transaction
    try:
        if began:
            source.execute("BEGIN")
            source.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        source.backup(target, pages=STEP_PAGES, progress=step)
    finally:
        if began and source.in_transaction:
            source.execute("COMMIT")
        target.close()


def _remove_sidecars(path: Path) -> None:
    for sidecar in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + sidecar).unlink(missing_ok=True)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    _remove_sidecars(path)
