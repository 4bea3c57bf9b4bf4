"""Opening the database: choosing it and connecting with safe settings."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, OperationalError, SqliteDatabase
from playhouse import db_url

from casemanager.paths import default_database_path

ENV_VAR = "CASEMANAGER_DB"
BUSY_TIMEOUT_S = 10

# Durability over speed: a refund record lost to a power cut is worse than a
# slower save. WAL lets the GUI read while another process writes.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_S * 1000,
    # 64 MB page cache: large lists and bulk imports stay off the disk.
    "cache_size": -64000,
}


@dataclass(frozen=True)
class DatabaseTarget:
    """Which database to open: a SQLite file, or a server URL."""

    spec: str
    sqlite_path: Path | None

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None

    def describe(self) -> str:
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        # Never show a password from the URL.
        head, sep, tail = self.spec.partition("@")
        if sep and "://" in head:
            scheme, _, userinfo = head.partition("://")
            user = userinfo.split(":", 1)[0]
            return f"{scheme}://{user}@{tail}"
        return self.spec


def resolve_target(spec: str | None = None) -> DatabaseTarget:
    """The database named by ``--db``, else ``$CASEMANAGER_DB``, else the default file."""
    spec = spec or os.environ.get(ENV_VAR) or str(default_database_path())
    if "://" not in spec:
        return DatabaseTarget(spec, Path(spec).expanduser().resolve())
    if spec.startswith("sqlite:///"):
        path = spec[len("sqlite:///") :]
        return DatabaseTarget(spec, Path("/" + path if not path.startswith("/") else path))
    return DatabaseTarget(spec, None)


def connect(target: DatabaseTarget) -> Database:
    """Open a connection; the context that owns it binds the models (``store.binding``)."""
    if target.sqlite_path is not None:
        target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        db: Database = SqliteDatabase(
            str(target.sqlite_path),
            pragmas=SQLITE_PRAGMAS,
            timeout=BUSY_TIMEOUT_S,
            # Take the write lock at BEGIN, so two writers queue instead of one
            # failing mid-transaction after it has read the audit chain head.
            lock_type="IMMEDIATE",
        )
    else:
        db = db_url.connect(target.spec)
    db.connect(reuse_if_open=True)
    return db


def close(db: Database) -> None:
    """Close this thread's connection; on SQLite the WAL is folded into the file first,
    so a clean end (quit, log-out, SIGTERM) leaves the database as one file."""
    if db.is_closed():
        return
    if isinstance(db, SqliteDatabase):  # engine-specific: PostgreSQL has no WAL file of ours
        # Busy (another program reading): SQLite checkpoints when the last one closes.
        with contextlib.suppress(OperationalError):
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
