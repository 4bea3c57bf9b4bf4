"""Automatic copies on start and quit: skipped while nothing changed, quick-checked,
counted in pages, and stoppable without leaving anything behind."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.services.files import backups
from casemanager.store import backup as store_backup
from casemanager.store.backup import BackupError, BackupStopped, CheckStop
from tests.binding import bind_for_test
from tests.factories import copy_with_a_damaged_last_page, new_case

pytestmark = pytest.mark.sqlite_only("reads the copies as SQLite files; a server dumps every time")


def _autos(ctx: AppContext) -> list[Path]:
    folder = backups.backup_folder(ctx)
    return [b.path for b in backups.list_backups(folder, backups._stem(ctx.target)) if b.automatic]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".partial" in p.name)


def test_unchanged_database_takes_no_second_copy(ctx, tmp_path):
    """Quitting, or starting again, without a change adds no copy of the same data."""
    records.create_case(ctx, new_case())
    first = backups.auto_backup(ctx, "start")
    assert first is not None and first.exists()
    assert backups.auto_backup(ctx, "quit") is None
    assert backups.covering_auto_copy(ctx) == first
    path = ctx.target.sqlite_path
    ctx.close()
    with AppContext.open(str(path), backups=tmp_path / "backups") as again:  # the next start
        bind_for_test(again)
        assert backups.auto_backup(again, "start") is None
        assert _autos(again) == [first]


def test_a_change_takes_a_new_copy(ctx, clock):
    """Anything saved since the newest automatic copy gets a copy that holds it."""
    first = backups.auto_backup(ctx, "start")
    clock.advance(dt.timedelta(hours=8))  # rotation keeps the newest copy of each day
    records.create_case(ctx, new_case(order_ref="LATER"))
    second = backups.auto_backup(ctx, "quit")
    assert second is not None and second != first
    assert backups.covering_auto_copy(ctx) == second
    with AppContext.open(str(second), backups=second.parent / "b2") as copy:
        assert "LATER" in {r.order_ref for r in records.list_cases(copy)}


def test_a_deleted_copy_counts_no_more(ctx):
    """The copy holding the last change deleted (by hand, by rotation): a new one is taken."""
    records.create_case(ctx, new_case())
    first = backups.auto_backup(ctx, "start")
    assert backups.auto_backup(ctx, "quit") is None  # while it is there, it holds everything
    first.unlink()
    second = backups.auto_backup(ctx, "quit")
    assert second is not None and second.exists()
    assert backups.covering_auto_copy(ctx) == second


def test_a_copy_opened_as_a_database_counts_no_more(ctx):
    """A copy opened with --db since (its own log beside it) may hold other data: copy again."""
    records.create_case(ctx, new_case())
    first = backups.auto_backup(ctx, "start")
    Path(f"{first}-wal").write_bytes(b"")
    assert backups.covering_auto_copy(ctx) is None
    assert backups.auto_backup(ctx, "quit") is not None


def test_a_damaged_page_fails_the_automatic_copy(ctx, tmp_path):
    """Damage the copy carries over is refused by its quick check: no copy, no partial file."""
    db = copy_with_a_damaged_last_page(ctx, tmp_path)
    folder = tmp_path / "damaged-backups"
    damaged = AppContext.open(str(db), backups=folder)
    bind_for_test(damaged)
    try:
        with pytest.raises(BackupError, match="failed its quick check"):
            backups.auto_backup(damaged, "quit")
        assert _autos(damaged) == [] and _leftovers(folder) == []
    finally:
        damaged.close()


def test_index_damage_is_left_to_back_up_now_and_restore(ctx, tmp_path):
    """The automatic copy reads every page but looks up no index; Back Up Now and a restore
    still run the full check, so an index out of step is refused there."""
    for n in range(20):
        records.create_case(ctx, new_case(order_ref=f"I-{n}"))
    path = ctx.target.sqlite_path
    ctx.close()
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(
        'UPDATE sqlite_master SET sql = \'CREATE INDEX "case_reason_id" ON "case" '
        '("status", "id")\' WHERE name = \'case_reason_id\''
    )
    raw.close()
    with AppContext.open(str(path), backups=tmp_path / "backups") as again:
        bind_for_test(again)
        auto = backups.auto_backup(again, "quit")
        assert auto is not None and auto.exists()
        with pytest.raises(BackupError, match="integrity check"):
            backups.backup_now(again)
        with pytest.raises(BackupError, match="damaged"):
            backups.validate_backup(auto)


def test_progress_counts_pages_and_a_write_does_not_restart_the_copy(ctx, monkeypatch):
    """The copy reports its pages up to the last; a save made meanwhile by another
    connection neither starts it over nor gets half into it."""
    for n in range(20):
        records.create_case(ctx, new_case(order_ref=f"P-{n}", description="p" * 800))
    monkeypatch.setattr(store_backup, "STEP_PAGES", 4)
    other = sqlite3.connect(ctx.target.sqlite_path, isolation_level=None)
    heard: list[tuple[int, int]] = []

    def progress(done: int, pages: int) -> None:
        heard.append((done, pages))
        if len(heard) == 2:  # between two steps of the copy
            other.execute("UPDATE \"case\" SET description = 'changed meanwhile'")

    try:
        path = backups.auto_backup(ctx, "quit", progress=progress)
    finally:
        other.close()
    pages = heard[-1][1]
    assert heard[-1] == (pages, pages) and pages > 8
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)  # never back to the start
    assert len(heard) == -(-pages // 4)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as copy:
        kept = {r[0] for r in copy.execute('SELECT description FROM "case"')}
    assert kept == {"p" * 800}


def test_a_stopped_copy_leaves_nothing_and_keeps_the_earlier_ones(ctx, monkeypatch):
    """Skipping the quit copy removes its partial file; the copies from before stay."""
    earlier = backups.auto_backup(ctx, "start")
    for n in range(20):
        records.create_case(ctx, new_case(order_ref=f"S-{n}", description="s" * 800))
    monkeypatch.setattr(store_backup, "STEP_PAGES", 4)
    stop = CheckStop()
    with pytest.raises(BackupStopped):
        backups.auto_backup(ctx, "quit", progress=lambda _d, _n: stop.request(), stop=stop)
    folder = backups.backup_folder(ctx)
    assert _autos(ctx) == [earlier] and _leftovers(folder) == []
