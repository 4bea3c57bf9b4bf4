"""The application context handed to every service, window and command.

It owns its database: the models reach that database only inside
``ctx.reading()`` or ``ctx.transaction()``, so two contexts on two files in
one process never see each other's data.
"""

from __future__ import annotations

import functools
import getpass
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from peewee import Database

from casemanager.clock import Clock, SystemClock
from casemanager.errors import DomainError
from casemanager.paths import backup_dir
from casemanager.store import binding, database, faults, locking, schema, shutdown
from casemanager.store.database import DatabaseTarget, resolve_target
from casemanager.store.models import Deadline, Setting

if TYPE_CHECKING:
    from casemanager.store.backup import CheckStop

__all__ = [
    "WAITING",
    "AppContext",
    "DatabaseDamaged",
    "DatabaseTarget",
    "SeatConflict",
    "StorageFault",
    "resolve_target",
    "uses_database",
]

StorageFault = faults.StorageFault

USER_NAME_KEY = "user.name"
WAIT_STEP_MS = 1000
WAITING = "waiting for another Case Manager to finish writing to this database…"
# A service whose transaction lost a race with another seat is run again this often.
SEAT_RETRIES = 5
SEAT_CONFLICT = "another seat is changing this case — try again"
# What opening a file does that can take minutes on a large one, as the window says it.
OPENING_STEPS = {
    # "May": a log another command still has open looks the same as one left by a crash.
    "check": "Checking the whole file: the last session may not have ended cleanly…",
    "full": "Checking the whole file before opening it…",
    "backup": "Backing up the database before upgrading it…",
    "migrate": "Upgrading the database to this version of Case Manager…",
    "fill": "Working out which deadlines remind you (once, after the upgrade)…",
}


class SeatConflict(DomainError):
    """Another seat's concurrent change made this one fail (a deadlock, a lock timeout,
    a serialisation failure); nothing of it was saved. The original is ``__cause__``."""

    def __init__(self) -> None:
        super().__init__(SEAT_CONFLICT, "database")

    def __str__(self) -> str:
        return self.message


class DatabaseDamaged(Exception):
    """The startup check found damage; nothing was written to the file."""

    def __init__(self, target: DatabaseTarget, problems: list[str], backup: Path | None) -> None:
        self.target, self.problems, self.backup = target, problems, backup
        super().__init__(f"{target.describe()} is damaged: {problems[0]}")


@dataclass
class AppContext:
    target: DatabaseTarget
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    actor: str = ""
    backups: Path | None = None
    # Told (with WAITING) each time a write waits for another program's lock.
    on_wait: Callable[[str], None] | None = None
    busy_wait_s: float = 30.0
    # Problems the background integrity check found: from then on nothing is written.
    damage: list[str] = field(default_factory=list)
    _identity: tuple[int, int] | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls,
        spec: str | None = None,
        clock: Clock | None = None,
        actor: str | None = None,
        backups: Path | None = None,
        check: str = "auto",
        unclean: bool = False,
        on_step: Callable[[str], None] | None = None,
        stop: CheckStop | None = None,
    ) -> AppContext:
        """Connect, bring the schema up to date (backing up first) and name the actor.

        ``on_step`` hears a sentence as each step that can take long begins (the whole-file
        check, the backup, the upgrade, filling what it added); a sound current file has none.

        ``check="full"`` checks the whole file first, always; ``"auto"`` only when the last
        program did not shut down cleanly (``unclean``, or signs of it beside the file), so
        opening a sound file costs nothing that grows with it (the window checks it in the
        background instead, see ``check_in_background``). ``stop`` ends that check early
        from another thread (``CheckStopped``; the signs stay, so the next open checks).
        """
        if check not in ("auto", "full"):
            raise ValueError(f"check: 'auto' or 'full', not {check!r}")
        target = database.resolve_target(spec)
        path = target.sqlite_path
        if path is not None and path.exists() and not _writable(path):
            # Not even WAL mode can be set up on a read-only file: say so, not "failing".
            raise faults.StorageFault("read-only", str(path))
        step = on_step or (lambda _sentence: None)
        left_unclean = _unclean(target)
        checked = check == "full" or unclean or left_unclean
        if checked:
            step(OPENING_STEPS["check" if unclean or left_unclean else "full"])
            _refuse_damaged(target, backups, stop)
            if left_unclean:  # sound: the signs left behind need no second check
                shutdown.forget_signs(path)
        try:
            db = database.connect(target)
            schema.upgrade(
                db,
                backup_dir=backups or (backup_dir() if target.is_sqlite else None),
                on_step=lambda name: step(OPENING_STEPS[name]),
            )
        except faults.STORAGE_ERRORS:
            if not checked:  # damage where opening reads (the schema): offer the backup
                _refuse_damaged(target, backups)
            raise
        ctx = cls(target=target, db=db, clock=clock or SystemClock(), backups=backups)
        ctx._identity = _identity(target)
        ctx.actor = actor or ctx.configured_user_name() or _os_user()
        _fill_derived(ctx, step)
        return ctx

    def reading(self) -> AbstractContextManager[Database]:
        """Bind the models to this context's database for the block (re-entrant)."""
        return binding.bound(self.db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write on this context's database; nested calls join the outer one.

        Before it begins, the file must still be the one opened. A full disk, a read-only
        file or an I/O error while writing becomes a ``StorageFault`` (a DomainError whose
        sentence says nothing was saved; the original is its ``__cause__``), never a
        rollback error. Another writer holding the lock is waited for (``on_wait`` hears
        of it) up to ``busy_wait_s``, then reported as one line.
        """
        if self.db.in_transaction():
            with binding.bound(self.db), self.db.atomic():
                yield
            return
        if self.damage:
            raise faults.StorageFault("damaged", self.damage[0])
        self.check_file()
        with binding.bound(self.db):
            tx = self._begin()
            try:
                yield
            except BaseException as exc:
                try:
                    tx.__exit__(type(exc), exc, exc.__traceback__)
                except faults.STORAGE_ERRORS as failed:
                    raise (faults.fault_of(failed) or failed) from exc
                if locking.is_retryable(exc):
                    raise SeatConflict() from exc
                fault = faults.fault_of(exc) if isinstance(exc, faults.STORAGE_ERRORS) else None
                if fault is not None:
                    raise fault from exc
                raise
            try:
                tx.__exit__(None, None, None)
            except faults.STORAGE_ERRORS as exc:
                if locking.is_retryable(exc):
                    raise SeatConflict() from exc
                fault = faults.fault_of(exc)
                if fault is None:
                    raise
                raise fault from exc

    def _begin(self) -> Any:
        """Open the outer transaction, waiting for another writer's lock with feedback.

        On SQLite the lock is waited for in steps of ``WAIT_STEP_MS`` (the connection's
        usual busy timeout is restored once the transaction holds the lock)."""
        sqlite = self.target.is_sqlite
        if sqlite:
            self.db.execute_sql(f"PRAGMA busy_timeout = {WAIT_STEP_MS}")
        started = time.monotonic()
        try:
            while True:
                tx = self.db.atomic()
                try:
                    tx.__enter__()
                    if not sqlite:  # a lock another seat holds is waited for this long
                        locking.limit_lock_wait(self.db, self.busy_wait_s / SEAT_RETRIES)
                    return tx
                except faults.STORAGE_ERRORS as exc:
                    fault = faults.fault_of(exc)
                    if fault is None:
                        raise
                    if fault.kind != "busy" or time.monotonic() - started >= self.busy_wait_s:
                        raise fault from exc
                    if self.on_wait is not None:
                        self.on_wait(WAITING)
        finally:
            if sqlite:
                self.db.execute_sql(f"PRAGMA busy_timeout = {database.BUSY_TIMEOUT_S * 1000}")

    def check_in_background(self, stop: CheckStop | None = None) -> list[str]:
        """The whole-file check, for a worker while the window is already usable: its own
        read-only connection, so it blocks nobody. Damage found refuses every later write.
        ``stop`` ends it early from another thread (``CheckStopped``)."""
        from casemanager.services.files.backups import quick_check

        problems = quick_check(self.target, stop)
        if problems:
            self.damage = problems
        return problems

    def check_file(self) -> None:
        """Refuse to write when the SQLite file is no longer the one opened (moved, replaced,
        or its folder removed): writes would go to a file nobody will ever open again."""
        path, opened = self.target.sqlite_path, self._identity
        if path is None or opened is None:
            return
        try:
            info = os.stat(path)
        except OSError:
            info = None
        if info is None or (info.st_dev, info.st_ino) != opened:
            raise faults.StorageFault("moved", str(path))

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A consistent read of several queries: a deferred transaction on SQLite, so a long
        read does not hold the write lock other writers wait for."""
        deferred = ("DEFERRED",) if self.target.is_sqlite else ()
        with binding.bound(self.db), self.db.atomic(*deferred):
            yield

    @contextmanager
    def worker_session(self) -> Iterator[AppContext]:
        """Background work on this context: bound for the job, the thread's connection
        released when it ends (peewee keeps one connection per thread)."""
        try:
            with binding.bound(self.db):
                yield self
        finally:
            database.close(self.db)

    def configured_user_name(self) -> str | None:
        with self.reading():
            row = Setting.get_or_none(Setting.key == USER_NAME_KEY)
        return row.value if row else None

    def close(self) -> None:
        database.close(self.db)

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


P = ParamSpec("P")
R = TypeVar("R")


def uses_database(
    service: Callable[Concatenate[AppContext, P], R],
) -> Callable[Concatenate[AppContext, P], R]:
    """Mark a service that reads or writes data: it runs bound to its context's database.

    Called outside any transaction, a service that lost a race with another seat
    (``SeatConflict``: its transaction was rolled back) runs again from the start, a few
    times with a short random pause, before the conflict is reported."""

    @functools.wraps(service)
    def bound_service(ctx: AppContext, *args: P.args, **kwargs: P.kwargs) -> R:
        with binding.bound(ctx.db):
            running = _running_services()
            if ctx.db.in_transaction() or id(ctx) in running:
                return service(ctx, *args, **kwargs)
            running.add(id(ctx))
            try:
                for attempt in range(SEAT_RETRIES):
                    try:
                        return service(ctx, *args, **kwargs)
                    except SeatConflict:
                        if attempt == SEAT_RETRIES - 1:
                            raise
                        time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
                raise AssertionError("unreachable")
            finally:
                running.discard(id(ctx))

    return bound_service


_threads = threading.local()


def _running_services() -> set[int]:
    """Contexts (by id) whose outermost service runs on this thread: only that one retries."""
    running = getattr(_threads, "running", None)
    if running is None:
        running = _threads.running = set()
    return running


def _refuse_damaged(
    target: DatabaseTarget, backups: Path | None, stop: CheckStop | None = None
) -> None:
    """Startup check: raise DatabaseDamaged before anything can write to a damaged file."""
    from casemanager.services.files.backups import newest_good_backup, quick_check, stoppable

    problems = stoppable(lambda stop: quick_check(target, stop), stop)
    if problems and not _writable(target.sqlite_path):
        # A file on a read-only drive cannot even be opened in WAL mode: not damage.
        raise faults.StorageFault("read-only", str(target.sqlite_path))
    if problems:
        folder = backups or backup_dir()
        raise DatabaseDamaged(target, problems, newest_good_backup(folder, target.sqlite_path.stem))


def _unclean(target: DatabaseTarget) -> bool:
    return target.sqlite_path is not None and shutdown.unclean_signs(target.sqlite_path) is not None


def _fill_derived(ctx: AppContext, step: Callable[[str], None]) -> None:
    """Columns an upgrade added that only the services can fill (they need the packs).

    The probe is one index read; the filling module loads only when there is work."""
    with ctx.reading():
        unknown = Deadline.select(Deadline.id).where(Deadline.reminds.is_null()).exists()
    if unknown:
        from casemanager.services.lifecycle import reminder_flags

        step(OPENING_STEPS["fill"])
        reminder_flags.fill_unknown(ctx)


def _writable(path: Path | None) -> bool:
    return path is None or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _identity(target: DatabaseTarget) -> tuple[int, int] | None:
    """Device and inode of the SQLite file, to notice it being moved or replaced."""
    if target.sqlite_path is None:
        return None
    info = os.stat(target.sqlite_path)
    return info.st_dev, info.st_ino


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "user"
