"""Opening a database: a whole-file check only after an unclean shutdown, else in the background."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from casemanager.services.cases import records
from casemanager.services.context import OPENING_STEPS, AppContext, DatabaseDamaged
from casemanager.store import shutdown
from casemanager.store.faults import StorageFault
from casemanager.store.instance_lock import InstanceLock
from tests.factories import left_unclean, new_case


def _filled(ctx, tmp_path: Path) -> Path:
    for n in range(40):
        records.create_case(ctx, new_case(order_ref=f"C-{n}", description="z" * 400))
    ctx.close()
    copy = tmp_path / "copy" / "cases.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(ctx.target.sqlite_path, copy)
    return copy


def _damage(path: Path, pages: int = 3) -> None:
    """Overwrite the last data pages (the cases' text), as a failing disk would."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for offset in range(size - pages * 4096, size, 4096):
            handle.seek(offset + 8)
            handle.write(b"\xde\xad\xbe\xef" * 16)


@pytest.mark.sqlite_only("the SQLite file's own check and crash signs")
def test_clean_file_opens_without_a_check_and_the_background_check_refuses_writes(ctx, tmp_path):
    """A damaged file closed cleanly opens at once; the background check then stops every save."""
    db = _filled(ctx, tmp_path)
    _damage(db)
    assert shutdown.unclean_signs(db) is None
    opened = AppContext.open(str(db), backups=tmp_path / "backups")  # no whole-file scan
    try:
        before = db.read_bytes()
        problems = opened.check_in_background()
        assert problems and opened.damage == problems
        with pytest.raises(StorageFault) as refused:
            records.create_case(opened, new_case(order_ref="AFTER"))
        assert refused.value.kind == "damaged" and "nothing was saved" in str(refused.value)
        assert db.read_bytes() == before
    finally:
        opened.close()


@pytest.mark.sqlite_only("the SQLite file's own check and crash signs")
def test_sound_file_passes_the_background_check_and_stays_writable(ctx, tmp_path):
    """A sound file is not marked damaged by the background check and saves as usual."""
    db = _filled(ctx, tmp_path)
    with AppContext.open(str(db), backups=tmp_path / "backups") as opened:
        assert opened.check_in_background() == [] and opened.damage == []
        records.create_case(opened, new_case(order_ref="AFTER"))


@pytest.mark.sqlite_only("the SQLite file's own check and crash signs")
def test_damaged_file_after_a_crash_is_still_refused_at_open(ctx, tmp_path):
    """After a killed window (its owner file left behind) a damaged file is not opened at all."""
    db = _filled(ctx, tmp_path)
    _damage(db)
    left_unclean(db)
    assert shutdown.unclean_signs(db)
    before = db.read_bytes()
    with pytest.raises(DatabaseDamaged):
        AppContext.open(str(db), backups=tmp_path / "backups")
    assert db.read_bytes() == before


@pytest.mark.sqlite_only("the SQLite file's own check and crash signs")
def test_damage_that_stops_opening_offers_the_backup(ctx, tmp_path):
    """A file too damaged to open, even after a clean close, is reported as damaged."""
    db = _filled(ctx, tmp_path)
    _damage(db, pages=db.stat().st_size // 4096 - 1)
    with pytest.raises(DatabaseDamaged):
        AppContext.open(str(db), backups=tmp_path / "backups")


@pytest.mark.sqlite_only("the SQLite file's own check and crash signs")
def test_full_check_on_request_finds_damage_of_a_clean_file(ctx, tmp_path):
    """`verify` (check="full") finds damage even when the last close was clean."""
    db = _filled(ctx, tmp_path)
    _damage(db)
    with pytest.raises(DatabaseDamaged):
        AppContext.open(str(db), backups=tmp_path / "backups", check="full")


@pytest.mark.sqlite_only("the SQLite file's own check and crash signs")
def test_a_write_ahead_log_left_behind_is_a_sign_of_a_crash(ctx, tmp_path):
    """Log pages left by a process that died before checkpointing make the next open check."""
    db = _filled(ctx, tmp_path)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("PRAGMA user_version = 7")  # one page written to the log
    conn.commit()
    for suffix in ("", "-wal"):  # what the disk holds at the moment of a power cut
        shutil.copyfile(f"{db}{suffix}", crashed / f"cases.sqlite3{suffix}")
    conn.close()
    assert shutdown.unclean_signs(db) is None  # closed: checkpointed and removed
    assert shutdown.unclean_signs(crashed / "cases.sqlite3") is not None


def test_a_live_owner_is_no_sign_of_a_crash(tmp_path):
    """While another Case Manager holds the file its owner file is in use, not left behind."""
    db = tmp_path / "cases.sqlite3"
    sqlite3.connect(db).close()
    with _held_by_another_program(db):
        assert shutdown.owner_path(db).exists()
        assert shutdown.unclean_signs(db) is None
    left_unclean(db)
    assert shutdown.unclean_signs(db) is not None


def test_the_window_lock_notices_its_predecessor_crashed(tmp_path):
    """A window started after a killed one checks the file first; after a clean exit it does not."""
    db = tmp_path / "cases.sqlite3"
    sqlite3.connect(db).close()
    with InstanceLock(db) as lock:
        assert not lock.found_unclean
    left_unclean(db)
    with InstanceLock(db) as lock:
        assert lock.found_unclean


@pytest.mark.sqlite_only("the SQLite file's own check")
def test_a_stopped_check_says_so_and_finds_nothing(ctx, tmp_path):
    """A check stopped from another thread ends with CheckStopped, not with damage."""
    import threading

    from casemanager.services.files.backups import CheckStop, CheckStopped

    for n in range(40):
        records.create_case(ctx, new_case(order_ref=f"S-{n}", description="s" * 900))
    stop = CheckStop()
    stop.request()  # before the check: it ends as soon as it starts
    with pytest.raises(CheckStopped):
        ctx.check_in_background(stop)
    assert ctx.damage == []
    late = CheckStop()
    timer = threading.Timer(0.0, late.request)
    timer.start()
    try:
        problems = ctx.check_in_background(late)  # stopped or finished: never damage
    except CheckStopped:
        problems = []
    timer.join()
    assert problems == [] and ctx.damage == []


@pytest.mark.sqlite_only("the SQLite file's own check and crash signs")
def test_a_crash_costs_one_check_not_one_per_command(ctx, tmp_path):
    """After a killed window every command checked the whole file again, for good: the
    owner file it left was only ever removed by the next window. A sound check forgets it."""
    db = _filled(ctx, tmp_path)
    left_unclean(db)
    steps: list[str] = []
    AppContext.open(str(db), backups=tmp_path / "backups", on_step=steps.append).close()
    assert steps == [OPENING_STEPS["check"]]
    assert shutdown.unclean_signs(db) is None and not shutdown.owner_path(db).exists()
    AppContext.open(str(db), backups=tmp_path / "backups", on_step=steps.append).close()
    assert steps == [OPENING_STEPS["check"]]  # the second open read no page to check


@pytest.mark.sqlite_only("the SQLite file's own check and crash signs")
def test_a_damaged_file_keeps_its_crash_signs(ctx, tmp_path):
    """Found damaged, the signs stay: every later open refuses the file again."""
    db = _filled(ctx, tmp_path)
    _damage(db)
    left_unclean(db)
    for _ in range(2):
        with pytest.raises(DatabaseDamaged):
            AppContext.open(str(db), backups=tmp_path / "backups")
        assert shutdown.owner_path(db).exists()


def test_forgetting_the_signs_leaves_a_live_owner_alone(tmp_path):
    """A window that took the file between the check and the forgetting keeps its owner file."""
    db = tmp_path / "cases.sqlite3"
    sqlite3.connect(db).close()
    with _held_by_another_program(db):
        shutdown.forget_signs(db)
        assert shutdown.owner_path(db).exists()


@contextmanager
def _held_by_another_program(db: Path) -> Iterator[None]:
    """The seat lock of ``db`` held by a second process (a running window) for the block."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path;"
            "from casemanager.store.instance_lock import InstanceLock;"
            "lock = InstanceLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True);"
            "sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.communicate("", timeout=30)


def test_ctrl_c_stops_the_check_a_command_waits_for(tmp_path):
    """While SQLite checks, Python hears no signal: Ctrl-C waited for the end of a check
    that takes many minutes on a large file. Now it stops the check and is raised at once."""
    import _thread
    import threading

    from casemanager.services.files.backups import stoppable

    heard: list[bool] = []

    def check(stop) -> list[str]:  # stands for SQLite's check: runs until stopped
        while not stop.requested:
            time.sleep(0.01)
        heard.append(True)
        return []

    threading.Timer(0.3, _thread.interrupt_main).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        stoppable(check)
    assert heard == [True] and time.monotonic() - started < 5
