"""Opening the database: choosing it and connecting with safe settings."""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, InterfaceError, OperationalError, PostgresqlDatabase, SqliteDatabase
from playhouse.shortcuts import ReconnectMixin

from casemanager.errors import DomainError
from casemanager.paths import default_database_path

ENV_VAR = "CASEMANAGER_DB"
BUSY_TIMEOUT_S = 10
CONNECT_TIMEOUT_S = 10
SERVER_SCHEMES = ("postgresql", "postgres")

# Durability over speed: a refund record lost to a power cut is worse than a
# slower save. WAL lets the GUI read while another process writes.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_S * 1000,
    # The main thread's page cache (KiB; negative in SQLite's terms): its connection lives
    # as long as the window or command and rereads the pages of the list it shows.
    # 32 MB holds the pages a sort, a search or a scroll rereads (no faster at 64 MB).
    "cache_size": -32000,
    # No memory-mapped reads: mapped pages of the file count in the resident size, and a
    # large file would map as much of itself as was ever read.
    "mmap_size": 0,
}
# A background job's connection is closed when the job ends, so its cache serves that
# one job only: a large one would only raise the peak (a count or a page layout reads
# each page once).
WORKER_CACHE_KIB = 8000


class DeskDatabase(SqliteDatabase):
    """A SQLite database whose connections outside the main thread keep a small cache."""

    def _set_pragmas(self, conn) -> None:  # noqa: ANN001 (a sqlite3 connection)
        super()._set_pragmas(conn)
        if threading.current_thread() is not threading.main_thread():
            conn.execute(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")


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
        # Never show a password from the URL (in its user part or its options).
        scheme, sep, rest = self.spec.partition("://")
        if not sep:
            return self.spec
        rest, _, query = rest.partition("?")
        netloc, slash, path = rest.partition("/")
        userinfo, at, host = netloc.rpartition("@")
        shown = f"{scheme}://{userinfo.split(':', 1)[0]}{at}{host}{slash}{path}"
        options = [o for o in query.split("&") if o and not o.startswith("password=")]
        return shown + ("?" + "&".join(options) if options else "")


def resolve_target(spec: str | None = None) -> DatabaseTarget:
    """The database named by ``--db``, else ``$CASEMANAGER_DB``, else the default file."""
    spec = spec or os.environ.get(ENV_VAR) or str(default_database_path())
    if "://" not in spec:
        return DatabaseTarget(spec, Path(spec).expanduser().resolve())
    if spec.startswith("sqlite:///"):
        path = spec[len("sqlite:///") :]
        return DatabaseTarget(spec, Path("/" + path if not path.startswith("/") else path))
    return DatabaseTarget(spec, None)


class CannotConnect(DomainError):
    """The database server cannot be reached or refuses us; the message names the URL."""

    def __init__(self, target: DatabaseTarget, reason: str) -> None:
        super().__init__(f"cannot connect to {target.describe()}: {reason}", "database")

    def __str__(self) -> str:  # the sentence names the database already
        return " ".join(self.message.splitlines())


class ServerDatabase(ReconnectMixin, PostgresqlDatabase):
    """A PostgreSQL connection that reconnects once after the server dropped it.

    Only outside a transaction (peewee's rule): a statement or BEGIN sent on a
    connection the server closed (restart, ``pg_terminate_backend``) reconnects
    and runs again; a transaction cut short still fails, and nothing of it is saved.
    """

    reconnect_errors = (
        (OperationalError, "server closed the connection"),
        (OperationalError, "terminating connection"),
        (OperationalError, "the connection is closed"),
        (OperationalError, "consuming input failed"),
        (InterfaceError, "the connection is closed"),
        (InterfaceError, "connection already closed"),
    )


def load_postgresql_driver() -> None:
    """Give Peewee the psycopg driver its own import left out (see ``casemanager``).

    The same names Peewee sets when it finds psycopg at import time, set once the
    first PostgreSQL database is opened; a SQLite shop never loads the driver.
    """
    import peewee

    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.TransactionStatus, peewee.Json_pg3, peewee.Jsonb_pg3 = TransactionStatus, Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.psycopg = psycopg  # last: the flag the lines above are done


def server_database(target: DatabaseTarget) -> ServerDatabase:
    """The (unconnected) database of a ``postgresql://user[:password]@host[:port]/name`` URL."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    load_postgresql_driver()

    parts = urlsplit(target.spec)
    if parts.scheme not in SERVER_SCHEMES:
        raise CannotConnect(target, f"unknown kind of database {parts.scheme!r} (postgresql://)")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise CannotConnect(target, "the URL names no database (postgresql://user@host/NAME)")
    options: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S, "prefer_psycopg3": True}
    for key, value in (
        ("user", parts.username),
        ("password", parts.password),
        ("host", parts.hostname),
        ("port", parts.port),
    ):
        if value:
            options[key] = unquote(value) if isinstance(value, str) else value
    # Connection options such as ?sslmode=require go to the driver as they are.
    options.update(parse_qsl(parts.query))
    return ServerDatabase(name, **options)


def _reason(exc: BaseException) -> str:
    """The server's or driver's own words, e.g. 'password authentication failed ...'."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    # psycopg prefixes the address it tried ("connection to server at ... failed: "):
    # the URL is named already.
    while True:
        head, sep, rest = text.partition(" failed: ")
        if not (sep and head.startswith("connection")):
            break
        text = rest
    text = text.removeprefix("FATAL:  ").strip()
    if text.lower() == "connection refused":
        text += " (is the server running there and accepting connections?)"
    return text


def connect(target: DatabaseTarget) -> Database:
    """Open a connection; the context that owns it binds the models (``store.binding``)."""
    if target.sqlite_path is not None:
        target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        db: Database = DeskDatabase(
            str(target.sqlite_path),
            pragmas=SQLITE_PRAGMAS,
            timeout=BUSY_TIMEOUT_S,
            # Take the write lock at BEGIN, so two writers queue instead of one
            # failing mid-transaction after it has read the audit chain head.
            lock_type="IMMEDIATE",
        )
    else:
        db = server_database(target)
        try:
            db.connect(reuse_if_open=True)
        except (OperationalError, InterfaceError) as exc:
            raise CannotConnect(target, _reason(exc)) from exc
        return db
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
