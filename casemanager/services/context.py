"""The application context handed to every service, window and command."""

from __future__ import annotations

import contextlib
import getpass
from dataclasses import dataclass, field
from pathlib import Path

from peewee import Database

from casemanager.clock import Clock, SystemClock
from casemanager.paths import backup_dir
from casemanager.store import database, schema
from casemanager.store.database import DatabaseTarget
from casemanager.store.models import Setting

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

    def configured_user_name(self) -> str | None:
        row = Setting.get_or_none(Setting.key == USER_NAME_KEY)
        return row.value if row else None

    def transaction(self):
        return self.db.atomic()

    def reading(self):
        return contextlib.nullcontext()

    def close(self) -> None:
        database.close(self.db)

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
