"""Restoring a backup, and the startup check that refuses a damaged database."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from casemanager.services.cases import records
from casemanager.services.context import AppContext, DatabaseDamaged
from casemanager.services.files import backups
from casemanager.services.files.backups import BackupError
from casemanager.store.models import AuditEvent
from tests.factories import new_case


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _orders(ctx) -> set[str]:
    return {row.order_ref for row in records.list_cases(ctx)}


def test_restore_round_trip(ctx, db_path, tmp_path):
    """After a restore the later change is gone, and the kept-aside file still holds it."""
    records.create_case(ctx, new_case(order_ref="BEFORE"))
    saved = backups.backup_now(ctx)
    records.create_case(ctx, new_case(order_ref="AFTER"))
    aside = backups.restore(ctx, saved)
    assert _orders(ctx) == {"BEFORE"}
    assert aside.parent == db_path.parent
    assert aside.name.startswith("cases.before-restore-20260312T060000Z")
    last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert last.kind == "database_restored" and last.data["kept_aside"] == str(aside)
    records.create_case(ctx, new_case(order_ref="LATER"))  # the restored file takes writes
    assert _orders(ctx) == {"BEFORE", "LATER"}
    ctx.close()
    with AppContext.open(str(aside), backups=tmp_path / "x") as aside_ctx:
        assert _orders(aside_ctx) == {"BEFORE", "AFTER"}
    with AppContext.open(str(db_path), backups=tmp_path / "x") as again:
        assert _orders(again) == {"BEFORE", "LATER"}
        assert again.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("kind", ["missing", "not_sqlite", "foreign", "newer", "itself"])
def test_restore_refuses_bad_backups(ctx, db_path, tmp_path, kind):
    """A wrong or unknown file is refused with a reason, and the database is not touched."""
    records.create_case(ctx, new_case(order_ref="KEEP"))
    bad = tmp_path / "bad.sqlite3"
    if kind == "not_sqlite":
        bad.write_bytes(b"hello, this is a text file" * 200)
    elif kind == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    elif kind == "newer":
        bad = backups.backup_now(ctx)
        conn = sqlite3.connect(bad)
        conn.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', 0)")
        conn.commit()
        conn.close()
    elif kind == "itself":
        bad = db_path
    messages = {
        "missing": "no such file",
        "not_sqlite": "damaged|not a Case Manager",
        "foreign": "not a Case Manager database",
        "newer": "newer release",
        "itself": "database itself",
    }
    with pytest.raises(BackupError, match=messages[kind]):
        backups.restore(ctx, bad)
    assert _orders(ctx) == {"KEEP"}
    assert not list(db_path.parent.glob("*.before-restore-*"))


def test_restore_with_a_full_write_ahead_log(ctx, db_path, tmp_path):
    """Cases still in the write-ahead log do not reappear after the restore or a reopen."""
    saved = backups.backup_now(ctx)
    for n in range(20):
        records.create_case(ctx, new_case(order_ref=f"N-{n}"))
    backups.restore(ctx, saved)
    assert _orders(ctx) == set()
    ctx.close()
    assert backups.quick_check(ctx.target) == []


def test_other_connections_see_the_restored_data(ctx, db_path):
    """Another seat with the database open reads the restored cases, not the replaced ones."""
    records.create_case(ctx, new_case(order_ref="OLD"))
    saved = backups.backup_now(ctx)
    records.create_case(ctx, new_case(order_ref="NEW"))
    other = sqlite3.connect(db_path)
    try:
        query = 'SELECT order_ref FROM "order" ORDER BY order_ref'
        assert [r[0] for r in other.execute(query)] == ["NEW", "OLD"]
        backups.restore(ctx, saved)
        assert [r[0] for r in other.execute(query)] == ["OLD"]
        assert other.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        other.close()
    ctx.close()
    assert backups.quick_check(ctx.target) == []


def _damage(path: Path) -> None:
    """Overwrite bytes in the middle of the file, as a failing disk would."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for offset in range(4096, size - 100, 4096):  # every page after the header page
            handle.seek(offset + 8)
            handle.write(b"\xde\xad\xbe\xef" * 16)


def _damaged_copy(ctx, tmp_path: Path) -> Path:
    for n in range(60):
        records.create_case(ctx, new_case(order_ref=f"D-{n}", description="x" * 500))
    copy = backups.backup_now(ctx, tmp_path / "work")
    damaged = tmp_path / "damaged" / "cases.sqlite3"
    damaged.parent.mkdir()
    shutil.copyfile(copy, damaged)
    _damage(damaged)
    return damaged


@pytest.mark.sqlite_only("damage to the SQLite file")
def test_startup_check_refuses_damaged_file_and_leaves_it_untouched(ctx, tmp_path):
    """A damaged database is not opened for writing, keeps its bytes, and a backup is offered."""
    good = backups.backup_now(ctx)  # in tmp_path/backups, the folder the app would search
    damaged = _damaged_copy(ctx, tmp_path)
    before = _sha(damaged)
    with pytest.raises(DatabaseDamaged) as caught:
        AppContext.open(str(damaged), backups=tmp_path / "backups")
    assert caught.value.problems
    assert caught.value.backup is not None and caught.value.backup.parent == good.parent
    assert _sha(damaged) == before
    assert backups.quick_check(caught.value.target)  # still damaged, still reported


@pytest.mark.sqlite_only("damage to the SQLite file")
def test_restore_damaged_puts_backup_in_place(ctx, tmp_path):
    """Choosing "Restore newest backup" opens the backup's data; the damaged file is kept aside."""
    records.create_case(ctx, new_case(order_ref="GOOD"))
    good = backups.backup_now(ctx, tmp_path / "usb")
    damaged = _damaged_copy(ctx, tmp_path)
    before = _sha(damaged)
    with pytest.raises(DatabaseDamaged) as caught:
        AppContext.open(str(damaged), backups=tmp_path / "usb")
    assert caught.value.backup == good
    aside = backups.restore_damaged(caught.value.target, good, ctx.clock.now())
    assert _sha(aside) == before
    ctx.close()
    with AppContext.open(str(damaged), backups=tmp_path / "usb") as fixed:
        assert _orders(fixed) == {"GOOD"}
        backups.record_restored(fixed, good, aside)


def test_sound_database_passes_quick_check(ctx):
    """An ordinary database opens without a complaint from the startup check."""
    records.create_case(ctx, new_case())
    assert backups.quick_check(ctx.target) == []
