"""Building a new SQLite file in bulk: fast while it is made, whole or absent after.

A file that does not exist yet holds nobody's data, so while it is filled it need
not survive a power cut: it is built beside its final name with ``synchronous=OFF``,
its rollback journal in memory instead of the write-ahead log (every page is written
once, into the file, instead of into the log and again at the checkpoint) and a
large page cache, then put back in WAL mode, checked, flushed to disk (fsync) and
renamed into place. A crash leaves only the ``.building`` file, never a
half-made database under the real name; the next build removes it first.
Existing files and server databases keep their ordinary durable settings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import Database, SqliteDatabase

from casemanager.store import database

BUILD_CACHE_KIB = 256 * 1024  # page cache while building: the indexes stay in memory
_SIDE_FILES = ("-wal", "-shm", "-journal", ".owner", ".lock")


def new_sqlite_file(spec: str | None) -> Path | None:
    """The SQLite file ``spec`` names when it does not exist yet (else None)."""
    path = database.resolve_target(spec).sqlite_path
    return path if path is not None and not path.exists() else None


def building_path(final: Path) -> Path:
    """Where ``final`` is built, its leftovers of an earlier, interrupted build removed."""
    building = final.with_name(final.name + ".building")
    discard(building)
    return building


def discard(building: Path) -> None:
    """Remove a build that failed, with its side files (close its connection first)."""
    for name in (building, *(Path(f"{building}{s}") for s in _SIDE_FILES)):
        name.unlink(missing_ok=True)


@contextmanager
def fast_writes(db: Database) -> Iterator[None]:
    """Skip the per-commit flush to disk and the write-ahead log inside the block.

    SQLite only; see the module doc. The journal stays (in memory), so a transaction
    that fails inside the block still rolls back. Call outside any transaction, with
    no other connection open on the file (leaving WAL mode needs it to itself)."""
    if not isinstance(db, SqliteDatabase):
        yield
        return
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the migrations' pages, into the file
    db.execute_sql("PRAGMA journal_mode = MEMORY")
    db.execute_sql("PRAGMA synchronous = OFF")
    db.execute_sql(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {database.SQLITE_PRAGMAS['cache_size']}")
        db.execute_sql(f"PRAGMA synchronous = {database.SQLITE_PRAGMAS['synchronous']}")
        db.execute_sql(f"PRAGMA journal_mode = {database.SQLITE_PRAGMAS['journal_mode']}")


@contextmanager
def indexes_deferred(db: Database) -> Iterator[None]:
    """Build the file's plain (non-unique) indexes once, after the block, not row by row.

    Inserting into a table with ten indexes costs a B-tree update per index and row;
    building each index afterwards is one sort. Unique indexes stay, so every
    uniqueness rule is enforced as the rows go in, and the block's queries order
    their results explicitly, so none depends on an index. The indexes come back only
    when the block succeeds (a failed build is discarded whole). SQLite only.
    """
    if not isinstance(db, SqliteDatabase):
        yield
        return
    plain = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND sql NOT LIKE 'CREATE UNIQUE INDEX%' ORDER BY name"
    ).fetchall()
    for name, _sql in plain:
        db.execute_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in plain:
        db.execute_sql(sql)


def problems(db: Database) -> list[str]:
    """What SQLite's quick check finds wrong with the built file (empty: nothing).

    It reads every page once (the structure, every record, NOT NULL). The full check
    also looks every row up in each of its indexes, which took 14 minutes of a
    300,000-case build, waiting on the disk; the indexes were just built from the
    tables, and ``verify`` still runs the full check."""
    rows = db.execute_sql("PRAGMA quick_check").fetchall()
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else found


def put_in_place(building: Path, final: Path) -> None:
    """Flush the closed, built file to disk and rename it to its final name."""
    for leftover in _SIDE_FILES[:-1]:
        side = Path(f"{building}{leftover}")
        if side.exists() and side.stat().st_size:
            raise RuntimeError(f"{side}: the built database was not closed cleanly")
        side.unlink(missing_ok=True)
    Path(f"{building}.lock").unlink(missing_ok=True)
    _fsync(building)
    os.replace(building, final)
    _fsync(final.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
