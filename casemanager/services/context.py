"""The application context handed to every service, window and command.

It owns its database: the models reach that database only inside
``ctx.reading()`` or ``ctx.transaction()``, so two contexts on two files in
one process never see each other's data.
"""

from __future__ import annotations

import functools
import getpass
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from peewee import Database

from casemanager.clock import Clock, SystemClock
from casemanager.paths import backup_dir
from casemanager.store import binding, database, schema
from casemanager.store.database import DatabaseTarget, resolve_target
from casemanager.store.models import Setting

__all__ = ["AppContext", "DatabaseDamaged", "DatabaseTarget", "resolve_target", "uses_database"]

USER_NAME_KEY = "user.name"


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

    @classmethod
    def open(
        cls,
        spec: str | None = None,
        clock: Clock | None = None,
        actor: str | None = None,
        backups: Path | None = None,
    ) -> AppContext:
        """Connect, bring the schema up to date (backing up first) and name the actor."""
        target = database.resolve_target(spec)
        _refuse_damaged(target, backups)
        db = database.connect(target)
        schema.upgrade(db, backup_dir=backups or (backup_dir() if target.is_sqlite else None))
        ctx = cls(target=target, db=db, clock=clock or SystemClock(), backups=backups)
        ctx.actor = actor or ctx.configured_user_name() or _os_user()
        return ctx

    def reading(self) -> AbstractContextManager[Database]:
        """Bind the models to this context's database for the block (re-entrant)."""
        return binding.bound(self.db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write on this context's database; nested calls join the outer one."""
        with binding.bound(self.db), self.db.atomic():
            yield

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
    """Mark a service that reads or writes data: it runs bound to its context's database."""

    @functools.wraps(service)
    def bound_service(ctx: AppContext, *args: P.args, **kwargs: P.kwargs) -> R:
        with binding.bound(ctx.db):
            return service(ctx, *args, **kwargs)

    return bound_service


def _refuse_damaged(target: DatabaseTarget, backups: Path | None) -> None:
    """Startup check: raise DatabaseDamaged before anything can write to a damaged file."""
    from casemanager.services.files.backups import newest_good_backup, quick_check

    problems = quick_check(target)
    if problems:
        folder = backups or backup_dir()
        raise DatabaseDamaged(target, problems, newest_good_backup(folder, target.sqlite_path.stem))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "user"
