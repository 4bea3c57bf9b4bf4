"""Disk full, read-only file, folder removed, lock held: one clear sentence, nothing half-saved,
nothing acknowledged lost."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from casemanager.cli import main
from casemanager.services.cases import records
from casemanager.services.context import AppContext, StorageFault
from casemanager.services.files import backups
from casemanager.store.backup import integrity_problems
from tests.factories import new_case
from tests.faults.helpers import ROOT, read_only_folder, run_child

FILL = textwrap.dedent(
    """
    import sys
    from casemanager.services.cases import records
    from casemanager.services.context import AppContext
    from tests.factories import new_case
    ctx = AppContext.open(sys.argv[1], actor="writer", backups=None)
    n = 0
    try:
        while True:
            n += 1
            case = records.create_case(ctx, new_case(order_ref=f"F-{n}", description="d" * 1900))
            print("saved", case.number, flush=True)
    except Exception as exc:
        print("error", type(exc).__name__, str(exc), flush=True)
    """
)


def _verify(db: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["verify", "--db", str(db)]) == 0, capsys.readouterr()


def _numbers(db: Path, tmp_path: Path) -> set[str]:
    with AppContext.open(str(db), backups=tmp_path / "b") as ctx:
        return {row.number for row in records.list_cases(ctx)}


def test_disk_full_says_so_and_keeps_every_saved_case(db_path, tmp_path, capsys):
    """A full disk would show a rollback error or a traceback, or lose a saved case."""
    with AppContext.open(str(db_path), backups=tmp_path / "b") as ctx:
        records.create_case(ctx, new_case(order_ref="before"))
    size = db_path.stat().st_size
    done = run_child(FILL, str(db_path), fsize=size + 256 * 1024)
    lines = done.stdout.splitlines()
    saved = {line.split()[1] for line in lines if line.startswith("saved")}
    (error,) = [line for line in lines if line.startswith("error")]
    assert error.startswith("error StorageFault "), (error, done.stderr)
    assert "nothing was saved from this step" in error and "rollback" not in error
    assert saved, "the limit left no room to save anything: the test proves nothing"
    assert integrity_problems(db_path) == []
    present = _numbers(db_path, tmp_path)
    assert saved <= present and len(present) == len(saved) + 1  # no half-saved case
    _verify(db_path, capsys)


CLI = "import sys; from casemanager.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.mark.parametrize("command", ["demo-data", "backup"])
def test_disk_full_in_demo_data_and_backup_is_one_line(db_path, tmp_path, command, capsys):
    """`demo-data` and `backup` on a full disk would end in a traceback or leave a .partial."""
    with AppContext.open(str(db_path), backups=tmp_path / "b") as ctx:
        records.create_case(ctx, new_case())
    args = ["--cases", "400"] if command == "demo-data" else ["--to", str(tmp_path / "copies")]
    done = run_child(CLI, command, "--db", str(db_path), *args, fsize=64 * 1024)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert "the disk is full" in done.stderr or "failing" in done.stderr, done.stderr
    assert "nothing was saved from this step" in done.stderr
    assert not list(tmp_path.rglob("*.partial"))
    _verify(db_path, capsys)


READ_ONLY_WRITE = textwrap.dedent(
    """
    import sys
    from casemanager.cli import main
    sys.exit(main(["demo-data", "--db", sys.argv[1], "--cases", "3"]))
    """
)


def test_read_only_database_is_named_not_a_traceback(template_db, tmp_path):
    """A read-only database would end `demo-data` in a traceback or be called damaged."""
    with read_only_folder(tmp_path / "ro", {"cases.sqlite3": template_db.read_bytes()}) as ro:
        db = ro / "cases.sqlite3"
        before = db.read_bytes()
        done = run_child(READ_ONLY_WRITE, str(db))
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
        assert "read-only" in done.stderr and "damaged" not in done.stderr, done.stderr
        assert "nothing was saved from this step" in done.stderr
        assert db.read_bytes() == before


@pytest.mark.parametrize("how", ["folder removed", "file moved away", "file replaced"])
def test_database_file_gone_while_open_refuses_to_write(tmp_path, template_db, how):
    """Writes to a removed or replaced file would be acknowledged and then lost."""
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "cases.sqlite3"
    shutil.copyfile(template_db, db)
    ctx = AppContext.open(str(db), backups=tmp_path / "b")
    try:
        records.create_case(ctx, new_case(order_ref="kept"))
        if how == "folder removed":
            shutil.move(folder, tmp_path / "elsewhere")
        elif how == "file moved away":
            db.rename(folder / "moved.sqlite3")
        else:
            db.rename(folder / "old.sqlite3")
            shutil.copyfile(template_db, db)
        with pytest.raises(StorageFault) as caught:
            records.create_case(ctx, new_case(order_ref="lost?"))
        assert caught.value.kind == "moved"
        assert "nothing was saved from this step" in str(caught.value)
    finally:
        ctx.close()


HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
    """
)


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_lock_held_too_long_is_one_line_after_waiting(ctx, db_path):
    """Another program holding the write lock would end the step in a traceback."""
    heard: list[str] = []
    ctx.on_wait, ctx.busy_wait_s = heard.append, 2.0
    holder = _hold_lock(db_path, 30)
    try:
        started = time.monotonic()
        with pytest.raises(StorageFault) as caught:
            records.create_case(ctx, new_case())
        assert 2.0 <= time.monotonic() - started < 6
    finally:
        holder.kill()
        holder.wait()
    assert caught.value.kind == "busy"
    assert str(caught.value) == "another Case Manager is writing to this database; try again"
    assert heard and heard[0].startswith("waiting for another Case Manager")
    records.create_case(ctx, new_case())  # free again: the next step works


def test_import_waits_for_a_lock_held_past_the_old_timeout(db_path, tmp_path, template_db):
    """`import` would fail after 10 s with a traceback while another seat held the lock."""
    from casemanager.services.files import bundles

    source = tmp_path / "source.sqlite3"
    shutil.copyfile(template_db, source)
    with AppContext.open(str(source), backups=tmp_path / "b") as src:
        number = records.create_case(src, new_case()).number
        bundle = bundles.export_cases(src, [number], tmp_path / "one.zip")
    shutil.copyfile(template_db, db_path)
    holder = _hold_lock(db_path, 11)  # the import used to fail after 10 s
    try:
        done = run_child(CLI, "import", "--db", str(db_path), str(bundle), timeout=90)
    finally:
        holder.wait()
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("casemanager: waiting for another Case Manager"), done.stderr
    assert "Traceback" not in done.stderr and done.stdout.startswith("imported")


def test_leftover_partial_copies_are_removed_at_the_next_backup(ctx, tmp_path):
    """Copies half-written by a killed backup would pile up in the backup folder forever."""
    folder = tmp_path / "copies"
    folder.mkdir()
    old = folder / "cases-20260301T000000Z-manual.sqlite3.partial"
    fresh = folder / "cases-20260312T055959Z-manual.sqlite3.partial"
    old.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    made = backups.backup_now(ctx, folder)
    assert not old.exists()
    assert fresh.exists()  # another seat may still be writing it
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, fresh.name])


def test_rollback_error_names_the_cause():
    """A failed write would surface SQLite's 'cannot rollback' instead of what happened."""
    from peewee import OperationalError

    from casemanager.store.faults import fault_of

    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise OperationalError("cannot rollback - no transaction is active") from None
    except OperationalError as exc:
        fault = fault_of(exc)
    assert fault is not None and fault.kind == "full"
    assert fault_of(ValueError("an ordinary bug")) is None
