"""Backups of a server database: ``pg_dump -Fc`` checked by reading it back, and restores."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from casemanager.services.cases import case_list, records
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.files import backups
from casemanager.services.files.backups import BackupError, Retention
from casemanager.store import server_backup
from casemanager.store.models import AuditEvent, Case
from tests.cli_helpers import run_cli
from tests.factories import new_case

pytestmark = pytest.mark.postgresql


def test_backup_now_is_a_checked_dump_the_server_tools_read(ctx, tmp_path):
    """ "Back up now" on a server leaves an archive pg_restore reads, holding every case."""
    records.create_case(ctx, new_case())
    path = backups.backup_now(ctx)
    assert path.parent == tmp_path / "backups" and path.suffix == ".pgdump"
    assert path.name.startswith(f"{ctx.db.database}-20260312T060000Z-manual")
    listing = subprocess.run(
        [server_backup.tool("pg_restore"), "--list", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "TABLE DATA public case " in listing and "INDEX public case_search_text_trgm" in listing
    backups.validate_backup(path)
    assert not list(path.parent.glob("*.partial"))
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert event.kind == "backup_made" and event.data["file"] == str(path)


def test_restore_puts_the_dump_back_and_keeps_the_current_content(ctx, tmp_path):
    """Restoring a server backup brings back its cases, search included; the replaced
    content is dumped first and the restore is in the restored trail."""
    records.create_case(ctx, new_case(order_ref="KEPT-1"))
    saved = backups.backup_now(ctx)
    records.create_case(ctx, new_case(order_ref="LATER-2"))
    aside = backups.restore(ctx, saved)
    with ctx.reading():
        assert [c.order.order_ref for c in Case.select()] == ["KEPT-1"]
        assert AuditEvent.select().order_by(AuditEvent.id.desc()).first().kind == (
            "database_restored"
        )
    assert case_list.count(ctx, CaseFilter(view="all", text="kept")) == 1
    assert aside.suffix == ".pgdump" and aside.parent == tmp_path / "backups"
    backups.restore(ctx, aside)  # the replaced content is really there
    with ctx.reading():
        assert sorted(c.order.order_ref for c in Case.select()) == ["KEPT-1", "LATER-2"]
    # A case created after a restore gets a fresh id: the sequences came back too.
    records.create_case(ctx, new_case(order_ref="NEW-3"))


def test_restore_refuses_what_is_not_a_server_backup(ctx, tmp_path):
    """A SQLite backup, a truncated archive or a stray file is refused; nothing changes."""
    records.create_case(ctx, new_case())
    good = backups.backup_now(ctx)
    cut = tmp_path / "cut.pgdump"
    cut.write_bytes(good.read_bytes()[:200])
    stray = tmp_path / "notes.pgdump"
    stray.write_text("not an archive")
    sqlite_copy = tmp_path / "cases.sqlite3"
    sqlite_copy.write_bytes(b"SQLite format 3\x00")
    for bad, said in ((cut, "pg_restore failed"), (stray, "pg_restore failed"),
                      (sqlite_copy, "not a server backup")):  # fmt: skip
        with pytest.raises(BackupError, match=said):
            backups.restore(ctx, bad)
    with ctx.reading():
        assert Case.select().count() == 1
    assert not list((tmp_path / "backups").glob("*before-restore*"))


def test_automatic_backups_run_and_rotate_on_a_server(ctx, clock, tmp_path):
    """Start and quit copies are dumps too, and the retention keeps only its share (the
    marks beside the dumps it deletes go with them)."""
    backups.set_retention(ctx, Retention(daily=2, weekly=1, monthly=1))
    for n in range(5):
        records.create_case(ctx, new_case(order_ref=f"DAY-{n}"))  # unchanged: no dump
        backups.auto_backup(ctx, "start")
        clock.advance(dt.timedelta(days=1))
    autos = [b for b in backups.list_backups(tmp_path / "backups") if b.automatic]
    assert 2 <= len(autos) <= 4
    assert all(b.path.name.endswith("-start.pgdump") for b in autos)
    marks = sorted(p.name for p in (tmp_path / "backups").glob("*.mark"))
    assert marks == sorted(f"{b.path.name}.mark" for b in autos)


def test_an_unchanged_server_database_is_not_dumped_again(ctx, clock, tmp_path):
    """Every seat dumped the whole server at every start and quit (minutes for a large
    shop). The mark written beside an automatic dump says what it holds."""
    records.create_case(ctx, new_case())
    first = backups.auto_backup(ctx, "start")
    assert first is not None and server_backup.archive_mark(first) is not None
    assert backups.auto_backup(ctx, "quit") is None
    records.create_case(ctx, new_case(order_ref="AM-2"))
    clock.advance(dt.timedelta(hours=1))  # the day's newest copy is the one kept
    second = backups.auto_backup(ctx, "quit")
    assert second is not None and second != first
    second.unlink()  # a dump deleted by hand no longer counts, its mark left or not
    assert backups.auto_backup(ctx, "start") is not None


def test_a_dump_asked_to_stop_leaves_nothing(ctx, tmp_path):
    """Skip on the quit dialog ends a server's dump too: no archive, no mark, no partial."""
    records.create_case(ctx, new_case())
    stop = backups.CheckStop()
    stop.request()
    with pytest.raises(backups.BackupStopped):
        backups.auto_backup(ctx, "quit", stop=stop)
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_running_dump_is_killed_when_stopped(tmp_path):
    """The stop reaches a tool already running (a dump of a large shop takes minutes)."""
    import sys
    import threading
    import time

    stop = backups.CheckStop()
    threading.Timer(0.3, stop.request).start()
    started = time.monotonic()
    with pytest.raises(backups.BackupStopped):
        server_backup._run([sys.executable, "-c", "import time; time.sleep(30)"], None, "x", stop)
    assert time.monotonic() - started < 5


def test_backup_and_restore_commands_on_a_server(capsys, ctx, db_spec, tmp_path):
    """`backup --db postgresql://…` prints the archive; `restore` puts it back."""
    records.create_case(ctx, new_case(order_ref="CLI-1"))
    code, out, err = run_cli(capsys, "backup", "--to", str(tmp_path / "usb"), "--db", db_spec)
    assert code == 0, err
    archive = tmp_path / "usb" / out.strip().rsplit("/", 1)[-1]
    assert archive.is_file() and archive.suffix == ".pgdump"
    records.create_case(ctx, new_case(order_ref="CLI-2"))
    code, out, err = run_cli(capsys, "restore", str(archive), "--db", db_spec)
    assert code == 0, err
    assert out.startswith(f"restored {archive}; the previous database was kept as ")
    assert [r.order_ref for r in records.list_cases(ctx)] == ["CLI-1"]


def test_backup_as_a_role_with_a_password(pg, tmp_path, clock):
    """A seat whose URL carries the password backs up and restores (pg_dump gets it
    through the environment, never on its command line)."""
    from casemanager.services.context import AppContext

    pg.role("till", "s3cret-pw")
    pg.execute("CREATE DATABASE till_shop OWNER till")
    try:
        url = pg.url("till_shop", user="till", password="s3cret-pw")
        with AppContext.open(url, clock=clock, backups=tmp_path / "b") as till:
            records.create_case(till, new_case(order_ref="TILL-1"))
            archive = backups.backup_now(till)
            records.create_case(till, new_case(order_ref="TILL-2"))
            backups.restore(till, archive)
            assert [r.order_ref for r in records.list_cases(till)] == ["TILL-1"]
    finally:
        pg.drop_database("till_shop")
