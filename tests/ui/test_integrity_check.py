"""The window checks the database in the background and says what it found."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.store.faults import StorageFault
from tests.binding import bind_for_test
from tests.factories import copy_with_a_damaged_last_page, new_case
from ui import integrity_check
from ui.main_window import MainWindow


def test_sound_database_is_reported_sound(qtbot, ctx):
    """After the window opens, the status bar says the database was checked and is sound."""
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    integrity_check.start(window, ctx)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == integrity_check.SOUND)
    assert window.findChild(QLabel, "damageLabel") is None
    assert ctx.damage == []


def test_damage_found_later_is_shown_and_refuses_saves(qtbot, ctx, tmp_path):
    """Damage the open skipped is shown in the status bar, and a save after it is refused."""
    db = copy_with_a_damaged_last_page(ctx, tmp_path)
    damaged = AppContext.open(str(db), backups=tmp_path / "backups")
    bind_for_test(damaged)
    try:
        window = MainWindow(damaged, welcome=False)
        qtbot.addWidget(window)
        integrity_check.start(window, damaged)
        qtbot.waitUntil(lambda: window.findChild(QLabel, "damageLabel") is not None)
        label = window.findChild(QLabel, "damageLabel")
        assert "damaged" in label.text() and "backup" in label.text()
        with pytest.raises(StorageFault) as refused:
            records.create_case(damaged, new_case(order_ref="LATE"))
        assert refused.value.kind == "damaged"
    finally:
        damaged.close()


def test_quitting_stops_the_check_at_once(qtbot, ctx, tmp_path):
    """Quitting waited for the whole-file check (minutes at a million cases read from the
    disk), then ended with it still running; now the quit stops it and nothing is said."""
    from PySide6.QtWidgets import QApplication

    from ui.workers import active_jobs

    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    stop = integrity_check.start(window, ctx)
    QApplication.instance().aboutToQuit.emit()  # what QApplication.quit() sends first
    assert stop.requested
    qtbot.waitUntil(lambda: not active_jobs())
    assert "could not run" not in window.statusBar().currentMessage()
    assert ctx.damage == []
