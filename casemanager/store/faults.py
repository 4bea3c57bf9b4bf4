"""Storage faults in the user's words: a full disk, a read-only file, a failing disk,
a database another program is writing, a file moved away while open, a connection
to the database server lost mid-step.

SQLite reports these as ``OperationalError`` text, and after a failed write the
rollback itself may fail ("cannot rollback - no transaction is active"), hiding
the cause. ``fault_of`` reads the whole chain of exceptions and names the cause;
the context raises the result (the original kept as ``__cause__``).
"""

from __future__ import annotations

import errno
import sqlite3

from peewee import DatabaseError, OperationalError

from casemanager.errors import DomainError

NOTHING_SAVED = "nothing was saved from this step"

# Phrases of SQLite's messages (sqlite3_errstr), and OS error numbers, per fault.
_PHRASES = (
    ("full", ("database or disk is full", "disk is full")),
    ("read-only", ("readonly database", "read-only", "readonly")),
    ("busy", ("database is locked", "database is busy", "database table is locked")),
    (
        "failing",
        ("disk i/o error", "unable to open database file", "database disk image is malformed"),
    ),
    # psycopg's words when the server restarted or ended the session.
    (
        "lost",
        (
            "server closed the connection",
            "terminating connection",
            "the connection is closed",
            "consuming input failed",
        ),
    ),
)
_ERRNOS = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EFBIG: "full",
    errno.EROFS: "read-only",
    errno.EACCES: "read-only",
    errno.EPERM: "read-only",
    errno.EIO: "failing",
}
_SAID = {
    "full": "the disk is full",
    "read-only": "the database is read-only",
    "failing": "the disk is failing (an input/output error)",
    "busy": "another Case Manager is writing to this database; try again",
    "moved": "the database file was moved, replaced or its folder removed",
    "lost": "the connection to the database server was lost",
}
_WHAT_TO_DO = {
    "full": "free some space and try again",
    "read-only": "check the file's permissions or the drive, then try again",
    "failing": "copy your backups elsewhere and check the drive",
    "busy": "",
    "moved": "put the file back or restart Case Manager on it",
    "lost": "try again (Case Manager reconnects)",
}


class StorageFault(DomainError):
    """The step could not be stored; the database file is as it was before the step.

    ``kind`` is one of full, read-only, failing, busy, moved, lost.
    """

    def __init__(self, kind: str, where: str = "") -> None:
        self.kind = kind
        said = _SAID[kind]
        if kind == "busy":
            text = said
        else:
            todo = _WHAT_TO_DO[kind]
            text = f"{said}: {NOTHING_SAVED}" + (f"; {todo}" if todo else "")
        if where:
            text = f"{text} ({where})"
        super().__init__(text, "database")

    def __str__(self) -> str:  # no "database:" prefix: the sentence names it already
        return " ".join(self.message.splitlines())


STORAGE_ERRORS: tuple[type[BaseException], ...] = (DatabaseError, sqlite3.Error, OSError)


def kind_of(exc: BaseException) -> str | None:
    """Which storage fault ``exc`` (or an exception it arose from) reports, if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    rollback_failed = False
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StorageFault):
            return current.kind
        if isinstance(current, OSError) and current.errno in _ERRNOS:
            return _ERRNOS[current.errno]
        if isinstance(current, OperationalError | sqlite3.OperationalError | DatabaseError):
            text = str(current).lower()
            if "cannot rollback" in text or "no transaction is active" in text:
                rollback_failed = True
            for kind, phrases in _PHRASES:
                if any(p in text for p in phrases):
                    return kind
        current = current.__cause__ or current.__context__
    # SQLite rolled the transaction back itself: only a storage fault does that.
    return "failing" if rollback_failed else None


def fault_of(exc: BaseException, where: str = "") -> StorageFault | None:
    """The StorageFault to raise for ``exc`` (with ``raise ... from exc``), or None."""
    kind = kind_of(exc)
    return StorageFault(kind, where) if kind else None
