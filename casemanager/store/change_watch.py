"""Noticing that another seat changed the database, cheaply enough to ask every second.

Every change writes an audit event, so "something changed" means "the audit
trail grew". On PostgreSQL the trigger of migration 0011 sends a notification
on ``casemanager_changes`` with each new event: one idle connection listens.
On SQLite a reader connection asks ``PRAGMA data_version`` (it moves when any
other connection commits), and only then looks at the newest event's id, so a
commit that changed no case (a seat's heartbeat) does not count.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Protocol

CHANNEL = "casemanager_changes"


class ChangeWatch(Protocol):
    def changed(self) -> bool: ...

    def close(self) -> None: ...


class SqliteChangeWatch:
    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._version = self._data_version()
        self._newest = self._newest_event()

    def _data_version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def _newest_event(self) -> int:
        return self._conn.execute("SELECT coalesce(max(id), 0) FROM audit_event").fetchone()[0]

    def changed(self) -> bool:
        version = self._data_version()
        if version == self._version:
            return False
        self._version = version
        newest = self._newest_event()
        grew, self._newest = newest != self._newest, newest
        return grew

    def close(self) -> None:
        self._conn.close()


class PostgresChangeWatch:
    def __init__(self, url: str) -> None:
        self._url = url
        self._conn = None
        self._listen()

    def _listen(self) -> None:
        import psycopg

        self._conn = psycopg.connect(self._url, autocommit=True, connect_timeout=5)
        self._conn.execute(f"LISTEN {CHANNEL}")

    def changed(self) -> bool:
        import psycopg

        try:
            if self._conn is None or self._conn.closed:
                self._listen()  # the server came back: anything may have changed meanwhile
                return True
            return any(True for _ in self._conn.notifies(timeout=0))
        except psycopg.OperationalError:
            self.close()
            return False

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def watch(spec: str, sqlite_path: Path | None) -> ChangeWatch:
    if sqlite_path is not None:
        return SqliteChangeWatch(sqlite_path)
    return PostgresChangeWatch(spec)
