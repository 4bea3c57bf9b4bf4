"""Backups of the database: on demand, on start and quit, rotation, restore.

Every copy of a SQLite file goes through SQLite's online backup API and passes
its check before it gets its final name (see ``store.backup``): ``integrity_check``
on demand, ``quick_check`` for the automatic copies on start and quit (every page
read once, no index looked up: a fifth of the time at 20,000 cases; the full check
of a large cold file ran for minutes). A restore still checks its file in full.
A server database is dumped with ``pg_dump -Fc`` and read back with ``pg_restore
--list`` (see ``store.server_backup``), the same way on start, on quit and on
demand, into the same folder. Automatic copies are
named ``auto-*`` and are the only ones rotation deletes; copies made on demand,
before a migration or before a restore stay until the owner removes them.

An automatic copy of a SQLite file is skipped while an automatic copy still in the
folder holds the database as it is: the same newest audit event (every change
writes one, chained by hash to all before it) and schema version, read from the
copy itself, so a copy deleted or rotated away no longer counts and nothing else
has to be kept in step with the folder.

A restore never overwrites the only copy of anything: the current database is
first copied aside next to it (``<db>.before-restore-<stamp>.sqlite3``; a server
database is dumped into the backup folder), or, when it is too damaged to open,
renamed aside untouched (``.damaged-<stamp>``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from casemanager.clock import SystemClock
from casemanager.exchange.rotation import Retention, to_delete
from casemanager.paths import backup_dir
from casemanager.services import audit
from casemanager.services.admin import settings
from casemanager.services.context import AppContext, DatabaseDamaged, uses_database
from casemanager.store import faults, schema, server_backup
from casemanager.store.backup import (
    BackupError,
    BackupStopped,
    CheckStop,
    CheckStopped,
    Progress,
    content_mark,
    copy_mark,
    integrity_problems,
    online_backup,
    stoppable,
)
from casemanager.store.database import DatabaseTarget

__all__ = [
    "BackupError",
    "BackupStopped",
    "CheckStop",
    "CheckStopped",
    "DatabaseDamaged",
    "Retention",
    "backup_folder",
    "backup_now",
    "auto_backup",
    "covering_auto_copy",
    "get_retention",
    "set_retention",
    "list_backups",
    "newest_good_backup",
    "validate_backup",
    "restore",
    "restore_damaged",
    "record_restored",
    "quick_check",
    "stoppable",
]

RETENTION_KEY = "backups.retention"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
SUFFIX = ".sqlite3"
AUTO_PREFIX = "auto-"
_STAMP = re.compile(r"(\d{8}T\d{6}Z)")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    automatic: bool


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime(STAMP_FORMAT)


def _suffix(target: DatabaseTarget) -> str:
    return SUFFIX if target.is_sqlite else server_backup.SUFFIX


def _stem(target: DatabaseTarget) -> str:
    """What backup names start with: the file's stem, or the server database's name."""
    if target.sqlite_path is not None:
        return target.sqlite_path.stem
    return target.spec.rsplit("/", 1)[-1].split("?", 1)[0] or "database"


def _require_sqlite(target: DatabaseTarget, what: str) -> Path:
    if target.sqlite_path is None:
        raise BackupError(
            f"{what}: only a SQLite database file can be {what}d here; "
            f"{target.describe()} is a server database (use its own backup tools)"
        )
    return target.sqlite_path


@uses_database
def backup_folder(ctx: AppContext) -> Path:
    """The folder set in Settings, else the one the context was opened with, else the default."""
    chosen = settings.get(ctx, settings.BACKUP_DIR_KEY, "") or ""
    if chosen:
        return Path(chosen).expanduser()
    return ctx.backups if ctx.backups is not None else backup_dir()


def _free_name(folder: Path, stem: str, suffix: str = SUFFIX) -> Path:
    path = folder / f"{stem}{suffix}"
    n = 1
    while path.exists():  # two copies in one second (start and quit, tests)
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def _write(
    ctx: AppContext,
    folder: Path,
    prefix: str,
    reason: str,
    quick: bool = False,
    progress: Progress | None = None,
    stop: CheckStop | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder, ctx.target.sqlite_path)
    stem = f"{prefix}{_stem(ctx.target)}-{_stamp(ctx.clock.now())}-{reason}"
    dest = _free_name(folder, stem, _suffix(ctx.target))
    try:
        if not ctx.target.is_sqlite:
            # Read before the dump begins: the archive holds at least this much.
            mark = content_mark(ctx.db.execute_sql)
            return server_backup.dump(ctx.target, dest, mark, stop)
        return online_backup(ctx.db, dest, quick=quick, progress=progress, stop=stop)
    except faults.STORAGE_ERRORS as exc:
        fault = faults.fault_of(exc, f"backup to {folder}")
        if fault is None or fault.kind not in ("full", "failing"):
            raise
        raise fault from exc


# Files a write leaves while it runs: a backup or export in progress, a restore.
LEFTOVER_SUFFIXES = (".partial", ".partial-wal", ".partial-shm", ".restoring")
LEFTOVER_AGE_S = 60  # a copy still being written keeps touching its file


def remove_leftovers(
    folder: Path, db_path: Path | None = None, min_age_s: float = LEFTOVER_AGE_S
) -> list[Path]:
    """Delete half-written copies a killed backup, export or restore left in ``folder``
    (and beside the database): untouched for ``min_age_s``, they are nobody's any more."""
    now = time.time()
    found: list[Path] = []
    for place in {folder, *([db_path.parent] if db_path else [])}:
        try:
            entries = list(place.iterdir())
        except OSError:
            continue
        for path in entries:
            if not path.name.endswith(LEFTOVER_SUFFIXES):
                continue
            try:
                if path.is_file() and now - path.stat().st_mtime >= min_age_s:
                    path.unlink()
                    found.append(path)
            except OSError:
                continue  # another seat's folder we may not touch: leave it
    return found


@uses_database
def backup_now(ctx: AppContext, dest_dir: Path | None = None) -> Path:
    """The "Back up now" command: a checked copy in ``dest_dir`` (default: the backup folder)."""
    path = _write(ctx, Path(dest_dir) if dest_dir else backup_folder(ctx), "", "manual")
    with ctx.transaction():
        audit.record(ctx, "backup_made", None, {"file": str(path)})
    return path


@uses_database
def auto_backup(
    ctx: AppContext,
    reason: str = "start",
    progress: Progress | None = None,
    stop: CheckStop | None = None,
) -> Path | None:
    """The automatic copy on start or quit (a ``pg_dump`` on a server), then rotation;
    None when an automatic copy already holds the database as it is (``covering_auto_copy``).

    ``progress(pages_done, pages)`` hears the copy's steps; ``stop`` ends it early
    (``BackupStopped``), leaving no file and the earlier copies as they were.
    """
    if covering_auto_copy(ctx) is not None:
        return None
    folder = backup_folder(ctx)
    path = _write(ctx, folder, AUTO_PREFIX, reason, quick=True, progress=progress, stop=stop)
    rotate(folder, get_retention(ctx), _stem(ctx.target))
    return path


@uses_database
def covering_auto_copy(ctx: AppContext) -> Path | None:
    """The automatic copy in the backup folder holding the database as it is now, if any:
    a few index reads of each file (of a server's archive, the mark written beside it),
    newest first. None before the first audit event (two new databases look alike)."""
    now = content_mark(ctx.db.execute_sql)
    if now is None:
        return None
    read = copy_mark if ctx.target.is_sqlite else server_backup.archive_mark
    suffix = _suffix(ctx.target)
    for found in list_backups(backup_folder(ctx), _stem(ctx.target)):
        if found.automatic and found.path.suffix == suffix and read(found.path) == now:
            return found.path
    return None


def _taken_at(path: Path) -> dt.datetime:
    found = _STAMP.search(path.name)
    if found:
        return dt.datetime.strptime(found.group(1), STAMP_FORMAT).replace(tzinfo=dt.UTC)
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def _of_database(name: str, stem: str | None) -> bool:
    # Several databases may share one backup folder; each only sees its own copies.
    return stem is None or name.startswith((f"{stem}-", f"{AUTO_PREFIX}{stem}-"))


def list_backups(folder: Path, stem: str | None = None) -> list[BackupFile]:
    """Backup files in ``folder`` (of the database named ``stem``, if given), newest first."""
    if not folder.is_dir():
        return []
    found = [
        BackupFile(p, _taken_at(p), p.name.startswith(AUTO_PREFIX))
        for suffix in (SUFFIX, server_backup.SUFFIX)
        for p in folder.glob(f"*{suffix}")
        if p.is_file() and _of_database(p.name, stem)
    ]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def rotate(folder: Path, retention: Retention, stem: str | None = None) -> list[Path]:
    """Delete the automatic backups (of database ``stem``) the retention lets go."""
    autos = [(b.path, b.taken_at) for b in list_backups(folder, stem) if b.automatic]
    doomed = to_delete(autos, retention)
    for path in doomed:
        path.unlink(missing_ok=True)
        server_backup.mark_path(path).unlink(missing_ok=True)
    return doomed


@uses_database
def get_retention(ctx: AppContext) -> Retention:
    stored = settings.get(ctx, RETENTION_KEY) or {}
    try:
        return Retention(**{k: v for k, v in stored.items() if k in asdict(Retention())})
    except (ValueError, TypeError):
        return Retention()  # a hand-edited bad value must not stop backups


@uses_database
def set_retention(ctx: AppContext, retention: Retention) -> None:
    """Store how many daily, weekly and monthly backups to keep (one audited change)."""
    value = asdict(Retention(**asdict(retention)))  # re-validated
    with ctx.transaction():
        if settings.get(ctx, RETENTION_KEY) == value:
            return
        settings._put(RETENTION_KEY, value)
        audit.record(ctx, "backup_retention_changed", None, value)


# -- checks -------------------------------------------------------------------


def quick_check(target: DatabaseTarget, stop: CheckStop | None = None) -> list[str]:
    """``PRAGMA quick_check`` through a read-only connection; [] when sound or absent.

    Never writes the database file; a server database is not checked here. ``stop``
    may end it early from another thread (``CheckStopped``).
    """
    path = target.sqlite_path
    if path is None or not path.exists() or path.stat().st_size == 0:
        return []
    return integrity_problems(path, quick=True, stop=stop)


def validate_backup(path: Path) -> None:
    """Raise BackupError unless ``path`` is a sound Case Manager database this release knows."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"backup: no such file {path}")
    if path.suffix == server_backup.SUFFIX:
        _refuse_unknown(path, server_backup.check(path))
        return
    problems = integrity_problems(path)
    if problems:
        raise BackupError(f"backup: {path.name} is damaged: {problems[0]}")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM schema_migration")]
    except sqlite3.DatabaseError:
        raise BackupError(f"backup: {path.name} is not a Case Manager database") from None
    finally:
        conn.close()
    if not names:
        raise BackupError(f"backup: {path.name} has no schema version")
    _refuse_unknown(path, names)


def _refuse_unknown(path: Path, names: list[str]) -> None:
    unknown = sorted(set(names) - set(schema._runner_names()))
    if unknown:
        raise BackupError(
            f"backup: {path.name} comes from a newer release (schema {unknown[-1]}); "
            "update Case Manager first"
        )


def newest_good_backup(folder: Path, stem: str | None = None) -> Path | None:
    """The newest backup in ``folder`` (of database ``stem``) that passes ``validate_backup``."""
    for found in list_backups(folder, stem):
        try:
            validate_backup(found.path)
        except BackupError:
            continue
        return found.path
    return None


# -- restore -------------------------------------------------------------------


def _sidecars(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal")]


def _replace_file(db_path: Path, backup: Path) -> None:
    """Copy ``backup`` next to ``db_path`` and move it into place; no connection may be open."""
    tmp = db_path.with_name(db_path.name + ".restoring")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    problems = integrity_problems(tmp)
    if problems:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"restore: the copy of {backup.name} failed its check: {problems[0]}")
    # A stale write-ahead log would be replayed onto the restored file.
    for side in _sidecars(db_path):
        side.unlink(missing_ok=True)
    os.replace(tmp, db_path)
    _fsync_dir(db_path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on Windows; os.replace is still atomic there
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@uses_database
def restore(ctx: AppContext, backup: Path) -> Path:
    """Replace the database's content with ``backup``; returns where the current one was kept.

    The copy goes through SQLite's backup API into the open database, in one
    write transaction: every connection (other threads, other seats) sees either
    the old or the restored content, a crash half-way rolls back, and no file is
    swapped underneath an open connection (whose closing could otherwise delete
    the new file's write-ahead log). The schema is then brought up to date and
    the restore recorded in the restored audit trail.
    """
    if not ctx.target.is_sqlite:
        return _restore_on_server(ctx, Path(backup).resolve())
    db_path = _require_sqlite(ctx.target, "restore")
    backup = Path(backup).resolve()
    if backup == db_path:
        raise BackupError("restore: that file is the database itself")
    validate_backup(backup)
    aside = _free_name(db_path.parent, f"{db_path.stem}.before-restore-{_stamp(ctx.clock.now())}")
    online_backup(ctx.db, aside)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        if _page_size(src) != _page_size(ctx.db.connection()):
            raise BackupError(f"restore: {backup.name} uses another page size; cannot copy it in")
        src.backup(ctx.db.connection(), sleep=0.05)
    finally:
        src.close()
    schema.upgrade(ctx.db, backup_dir=backup_folder(ctx))
    record_restored(ctx, backup, aside)
    return aside


def _restore_on_server(ctx: AppContext, backup: Path) -> Path:
    """``pg_restore --single-transaction --clean`` of a checked archive, the current content
    dumped into the backup folder first; returns that dump."""
    if backup.suffix != server_backup.SUFFIX:
        raise BackupError(
            f"restore: {backup.name} is not a server backup ({server_backup.SUFFIX}, from "
            f"`backup` on a server database); a SQLite backup is opened with --db FILE"
        )
    versions = server_backup.check(backup)
    _refuse_unknown(backup, versions)
    current = schema.current_version(ctx.db)
    if current is not None and max(versions) < current:
        # --clean drops only what the archive has: newer tables would stay behind.
        raise BackupError(
            f"restore: {backup.name} has an older schema ({max(versions)}) than the database "
            f"({current}); restore it into a new empty database (createdb) and point --db at it"
        )
    folder = backup_folder(ctx)
    aside = server_backup.dump(
        ctx.target,
        _free_name(
            folder,
            f"{_stem(ctx.target)}.before-restore-{_stamp(ctx.clock.now())}",
            server_backup.SUFFIX,
        ),
    )
    server_backup.restore(ctx.target, backup)
    # Fresh connection: nothing cached about the tables the restore replaced.
    ctx.db.close()
    ctx.db.connect()
    schema.upgrade(ctx.db)
    record_restored(ctx, backup, aside)
    return aside


def _page_size(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA page_size").fetchone()[0]


def restore_damaged(target: DatabaseTarget, backup: Path, now: dt.datetime | None = None) -> Path:
    """Put ``backup`` in place of a damaged database that could not be opened.

    Nothing may have the file open (the startup check refused it). The damaged
    file (and its log files) is renamed aside byte for byte, never read or
    repaired; the backup is copied into the same folder and moved into place
    with ``os.replace``. Returns where the damaged file went.
    """
    now = now or SystemClock().now()
    db_path = _require_sqlite(target, "restore")
    backup = Path(backup).resolve()
    validate_backup(backup)
    aside = _free_name(db_path.parent, f"{db_path.stem}.damaged-{_stamp(now)}")
    if db_path.exists():
        os.replace(db_path, aside)
        for side in _sidecars(db_path):
            if side.exists():
                os.replace(side, aside.with_name(aside.name + side.name[len(db_path.name) :]))
    _replace_file(db_path, backup)
    return aside


@uses_database
def record_restored(ctx: AppContext, backup: Path, aside: Path) -> None:
    with ctx.transaction():
        audit.record(
            ctx, "database_restored", None, {"from": str(backup), "kept_aside": str(aside)}
        )
