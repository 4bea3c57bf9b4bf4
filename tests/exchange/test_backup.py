"""Back up now, automatic copies with rotation, and a copy taken under load."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casemanager.services.admin import settings
from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.services.files import backups
from casemanager.services.files.backups import Retention
from casemanager.store.backup import integrity_problems
from casemanager.store.models import AuditEvent
from tests.factories import new_case

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.sqlite_only("reads the copy as a SQLite file (tests/exchange/test_server_backup.py)")
def test_backup_now_writes_a_sound_audited_copy(ctx, tmp_path):
    """ "Back up now" leaves a checked copy holding every case, and says so in the trail."""
    records.create_case(ctx, new_case())
    path = backups.backup_now(ctx)
    assert path.parent == tmp_path / "backups"
    assert path.name.startswith("cases-20260312T060000Z-manual")
    assert integrity_problems(path) == []
    backups.validate_backup(path)
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert event.kind == "backup_made" and event.data["file"] == str(path)
    with AppContext.open(str(path), backups=tmp_path / "b2") as copy:
        assert [r.order_ref for r in records.list_cases(ctx)] == ["AM-1001"]
        assert copy.target.sqlite_path == path


def test_backup_now_to_chosen_folder_and_same_second(ctx, tmp_path):
    """Two copies in the same second get two names; neither overwrites the other."""
    first = backups.backup_now(ctx, tmp_path / "usb")
    second = backups.backup_now(ctx, tmp_path / "usb")
    assert first != second and first.exists() and second.exists()
    assert first.parent == tmp_path / "usb"


def test_settings_folder_wins(ctx, tmp_path):
    """The backup folder chosen in Settings is where copies go."""
    chosen = tmp_path / "chosen"
    settings.save(ctx, dataclasses.replace(settings.load(ctx), backup_folder=str(chosen)))
    assert backups.backup_folder(ctx) == chosen
    assert backups.backup_now(ctx).parent == chosen


def test_auto_backups_rotate(ctx, clock, tmp_path):
    """Thirty days of start and quit copies leave only what the retention keeps."""
    backups.set_retention(ctx, Retention(daily=3, weekly=2, monthly=1))
    manual = backups.backup_now(ctx)
    for day in range(30):
        backups.auto_backup(ctx, "start")
        clock.advance(dt.timedelta(hours=8))
        records.create_case(ctx, new_case(order_ref=f"DAY-{day}"))  # the day's work
        backups.auto_backup(ctx, "quit")
        clock.advance(dt.timedelta(hours=16))
    found = backups.list_backups(tmp_path / "backups")
    autos = [b for b in found if b.automatic]
    assert manual.exists()  # copies made on demand are never rotated away
    assert 3 <= len(autos) <= 6
    newest_days = sorted({b.taken_at.date() for b in autos}, reverse=True)[:3]
    assert newest_days == [(clock.now() - dt.timedelta(days=d + 1)).date() for d in range(3)]
    suffix = ".sqlite3" if ctx.target.is_sqlite else ".pgdump"
    assert all(b.path.name.endswith(f"quit{suffix}") for b in autos)


def test_retention_setting_round_trip(ctx):
    """The retention set in Settings is the one rotation uses; bad values are refused."""
    assert backups.get_retention(ctx) == Retention(7, 4, 6)
    backups.set_retention(ctx, Retention(2, 3, 4))
    assert backups.get_retention(ctx) == Retention(2, 3, 4)
    assert AuditEvent.select().where(AuditEvent.kind == "backup_retention_changed").count() == 1
    with pytest.raises(ValueError, match="daily"):
        backups.set_retention(ctx, Retention(daily=-1))


WRITER = textwrap.dedent(
    """
    import sys
    import time
    from casemanager.services.cases import records
    from casemanager.services.context import AppContext
    from tests.factories import new_case
    ctx = AppContext.open(sys.argv[1], actor="writer", backups=None)
    n = 0
    while True:
        n += 1
        records.create_case(ctx, new_case(order_ref=f"W-{n}"))
        print(n, flush=True)
        time.sleep(0.002)  # a busy seat, not a tight loop that starves other writers
    """
)


def test_backup_while_another_process_writes(ctx, db_path, tmp_path):
    """Copies taken while another seat keeps saving cases are all sound and restorable."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert writer.stdout.readline().strip() == "1"
        taken = []
        for _ in range(5):
            for _ in range(3):  # let the other seat save a few more cases
                writer.stdout.readline()
            taken.append(backups.backup_now(ctx, tmp_path / "live"))
    finally:
        writer.kill()
        writer.communicate()
    counts = []
    for path in taken:
        assert integrity_problems(path) == []
        backups.validate_backup(path)
        with AppContext.open(str(path), backups=tmp_path / "b3") as copy:
            counts.append(len(records.list_cases(copy)))
    assert counts[0] >= 1 and counts == sorted(counts) and counts[-1] > counts[0]


def test_rotation_leaves_other_databases_copies(ctx, clock, tmp_path):
    """Two shops' databases sharing one backup folder never rotate away each other's copies."""
    folder = tmp_path / "backups"
    folder.mkdir(exist_ok=True)
    other = folder / "auto-other-20200101T000000Z-start.sqlite3"
    other.write_bytes(b"")
    backups.set_retention(ctx, Retention(daily=1, weekly=0, monthly=0))
    for _ in range(3):
        backups.auto_backup(ctx, "start")
        clock.advance(dt.timedelta(days=1))
    assert other.exists()
    assert len(backups.list_backups(folder, backups._stem(ctx.target))) == 1
