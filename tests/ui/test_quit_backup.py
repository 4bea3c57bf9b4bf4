"""The automatic copies of a running window: on start, and when it closes, with progress,
Skip, and nothing copied twice or while nothing changed."""

from __future__ import annotations

import base64
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.services.evidence import intake
from casemanager.services.files import backups
from casemanager.services.files.backups import BackupStopped
from casemanager.store import backup as store_backup
from tests.binding import bind_for_test
from tests.factories import copy_with_a_damaged_last_page, new_case
from ui import app as ui_app
from ui import quit_backup
from ui.main_window import MainWindow
from ui.workers import active_jobs


def _window(qtbot, ctx: AppContext) -> MainWindow:
    """A window taking the automatic copies, as the application opens it."""
    ui_app.make_application()
    window = MainWindow(ctx, welcome=False, automatic_backups=True)
    qtbot.addWidget(window)
    window.show()
    return window


def _autos(ctx: AppContext) -> list[Path]:
    found = backups.list_backups(backups.backup_folder(ctx), backups._stem(ctx.target))
    return sorted(b.path for b in found if b.automatic)


def _start_copy(qtbot, window: MainWindow) -> list[Path]:
    """The start copy, taken now rather than five seconds after the window opened."""
    window.backups.automatic_in_background()
    qtbot.waitUntil(lambda: not active_jobs(), timeout=20000)
    return _autos(window.ctx)


def _big_change(ctx: AppContext) -> None:
    """A saved change large enough (12 MB of evidence) that the copy takes a while."""
    number = records.create_case(ctx, new_case(order_ref="BIG")).number
    text = base64.b64encode(os.urandom(9 * 1024 * 1024)) + b"\n"
    item = intake.NewEvidence(text, "capture.txt", "other", ctx.clock.now())
    intake.add_evidence(ctx, number, [item])


def _quit_menu(window: MainWindow) -> None:
    window.quit_action.trigger()


def _close_button(window: MainWindow) -> None:
    window.windowHandle().close()  # what the title bar's close button sends


def _app_quit(_window: MainWindow) -> None:
    QApplication.instance().aboutToQuit.emit()  # what QApplication.quit() sends first


WAYS: dict[str, Callable[[MainWindow], None]] = {
    "File > Quit": _quit_menu,
    "close button": _close_button,
    "app.quit": _app_quit,
}


@pytest.mark.parametrize("way", list(WAYS))
def test_every_way_out_copies_a_change_once_and_nothing_unchanged(qtbot, ctx, clock, way):
    """Quitting without a change adds no copy; after a change exactly one copy holds it,
    however the application ends (File ▸ Quit, the close button, or a quit from outside)."""
    records.create_case(ctx, new_case())
    first = _window(qtbot, ctx)
    before = _start_copy(qtbot, first)
    assert len(before) == 1
    clock.advance(dt.timedelta(hours=2))
    WAYS[way](first)
    if way != "app.quit":
        qtbot.waitUntil(lambda: not first.isVisible())
        assert first.backups.quit_backup is None  # no dialog: nothing to copy
    assert _autos(ctx) == before

    second = _window(qtbot, ctx)
    records.create_case(ctx, new_case(order_ref="LAST-CHANGE"))
    WAYS[way](second)
    if way != "app.quit":
        qtbot.waitUntil(lambda: not second.isVisible(), timeout=20000)
        _app_quit(second)  # the application ends after its last window closed
    else:
        second.close()  # nothing more is copied as the window goes
        assert not second.isVisible()
    new = sorted(set(_autos(ctx)) - set(before))
    assert len(new) == 1 and new[0].name.endswith("-quit.sqlite3")
    with AppContext.open(str(new[0]), backups=new[0].parent / "b2") as copy:
        assert "LAST-CHANGE" in {r.order_ref for r in records.list_cases(copy)}


def test_next_start_copies_only_after_a_change(qtbot, ctx, clock, tmp_path):
    """Opening the application again on an unchanged file takes no copy; after a change it does."""
    records.create_case(ctx, new_case())
    first = _start_copy(qtbot, _window(qtbot, ctx))
    assert len(first) == 1
    path = ctx.target.sqlite_path
    again = AppContext.open(str(path), clock=clock, actor="tester", backups=tmp_path / "backups")
    bind_for_test(again)
    try:
        clock.advance(dt.timedelta(days=1))
        window = _window(qtbot, again)
        assert _start_copy(qtbot, window) == first
        assert "Backed up" not in window.statusBar().currentMessage()
        records.create_case(again, new_case(order_ref="NEXT-DAY"))
        assert len(_start_copy(qtbot, window)) == 2
        assert "Backed up" in window.statusBar().currentMessage()
        window.close()
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        again.close()


def test_the_quit_copy_shows_progress_while_the_window_keeps_running(
    qtbot, ctx, clock, monkeypatch
):
    """Closing after a change shows "Backing up before closing…" counting up while the
    screen keeps answering; the window closes once the copy is in the folder."""
    monkeypatch.setattr(quit_backup, "SHOW_AFTER_MS", 0)
    monkeypatch.setattr(store_backup, "STEP_PAGES", 1)  # many small steps: a long copy
    window = _window(qtbot, ctx)
    before = _start_copy(qtbot, window)
    clock.advance(dt.timedelta(hours=2))
    _big_change(ctx)
    assert window.close() is False  # the close waits for the copy
    running = window.backups.quit_backup
    assert running is not None
    seen: list[tuple[bool, int]] = []  # what the GUI thread saw while the copy ran

    def look() -> None:
        if running.result is None:
            seen.append((running.dialog.isVisible(), running.dialog.value()))

    ticks = QTimer(interval=1)
    ticks.timeout.connect(look)
    ticks.start()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    ticks.stop()
    shown = [value for visible, value in seen if visible]
    assert len(shown) >= 3, seen[:5]
    assert len(set(shown)) >= 2  # the bar moved while the copy ran
    assert running.dialog.labelText().startswith(quit_backup.TEXT)
    assert isinstance(running.result, Path) and running.result.exists()
    assert sorted(set(_autos(ctx)) - set(before)) == [running.result]


def test_skip_leaves_no_partial_file_and_the_window_closes(qtbot, ctx, clock, monkeypatch):
    """Skip stops the quit copy: no half-written file, the earlier copies kept, window closed."""
    monkeypatch.setattr(store_backup, "STEP_PAGES", 1)
    window = _window(qtbot, ctx)
    before = _start_copy(qtbot, window)
    clock.advance(dt.timedelta(hours=2))
    _big_change(ctx)
    window.close()
    running = window.backups.quit_backup
    skip = next(b for b in running.dialog.findChildren(QPushButton) if b.text() == "Skip")
    skip.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    assert isinstance(running.result, BackupStopped)
    folder = backups.backup_folder(ctx)
    assert _autos(ctx) == before and all(p.exists() for p in before)
    assert not [p.name for p in folder.iterdir() if ".partial" in p.name]


def test_a_failed_quit_copy_is_reported_and_the_window_still_closes(qtbot, ctx, tmp_path):
    """A copy refused by its check says so before the window goes, and leaves no file."""
    db = copy_with_a_damaged_last_page(ctx, tmp_path)
    damaged = AppContext.open(str(db), backups=tmp_path / "damaged-backups")
    bind_for_test(damaged)
    try:
        window = _window(qtbot, damaged)
        window.close()
        qtbot.waitUntil(lambda: window.findChild(QMessageBox, "quitBackupFailed") is not None)
        box = window.findChild(QMessageBox, "quitBackupFailed")
        assert "quick check" in box.text() and window.isVisible()
        box.button(QMessageBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not window.isVisible())
        folder = tmp_path / "damaged-backups"
        assert not [p.name for p in folder.iterdir() if p.name.startswith("auto-")]
    finally:
        damaged.close()


@pytest.mark.postgresql
def test_a_server_seat_dumps_on_close_only_after_a_change(qtbot, ctx, clock):
    """Every close of a server seat dumped the whole shop at aboutToQuit, on the GUI
    thread, changed or not. Now it closes at once when nothing changed, and otherwise
    dumps under the dialog before the window goes."""
    records.create_case(ctx, new_case())
    first = _window(qtbot, ctx)
    before = _start_copy(qtbot, first)
    assert [p.suffix for p in before] == [".pgdump"]
    clock.advance(dt.timedelta(hours=2))
    _quit_menu(first)
    qtbot.waitUntil(lambda: not first.isVisible())
    assert first.backups.quit_backup is None and _autos(ctx) == before

    second = _window(qtbot, ctx)
    records.create_case(ctx, new_case(order_ref="LAST-CHANGE"))
    _quit_menu(second)
    assert second.backups.quit_backup is not None  # the dump runs under the dialog
    qtbot.waitUntil(lambda: not second.isVisible(), timeout=30000)
    _app_quit(second)
    new = sorted(set(_autos(ctx)) - set(before))
    assert len(new) == 1 and new[0].name.endswith("-quit.pgdump")
