"""Schema version and upgrades, through the numbered files in ``migrations/``.

The newest migration file name is the schema version; nothing else records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from peewee import Database, SqliteDatabase
from playhouse.migrations import Runner

from casemanager.store.backup import online_backup

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _runner(db: Database) -> Runner:
    return Runner(db, str(MIGRATIONS_DIR))


def latest_version() -> str:
    """Name of the newest migration shipped with this release."""
    return _runner_names()[-1]


def _runner_names() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def current_version(db: Database) -> str | None:
    applied = _runner(db).applied()
    return max(applied) if applied else None


def pending(db: Database) -> list[str]:
    return [m.name for m in _runner(db).status() if not m.applied and m.path]


def upgrade(
    db: Database,
    backup_dir: Path | None = None,
    target: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> list[str]:
    """Apply pending migrations, after an online backup of a non-empty SQLite database.

    ``on_step`` hears ``"backup"`` and ``"migrate"`` as each begins (both can take minutes
    on a large file), and nothing when the schema is current or the database new."""
    todo = pending(db)
    if not todo:
        return []
    step = on_step or (lambda _name: None)
    existing = bool(current_version(db))  # a new database is made, not upgraded: no notice
    if backup_dir is not None and isinstance(db, SqliteDatabase) and existing:
        step("backup")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        online_backup(db, backup_dir / f"before-{todo[0]}-{stamp}.sqlite3")
    if existing:
        step("migrate")
    return _runner(db).up(target)
