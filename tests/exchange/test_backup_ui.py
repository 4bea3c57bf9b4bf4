"""The File menu's backup and export entries, and the damaged-database prompt at start."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from casemanager.services.cases import records
from casemanager.services.context import AppContext, DatabaseDamaged
from casemanager.services.files import backups
from tests.factories import left_unclean, new_case
from ui import app as ui_app
from ui import backup_menu
from ui.main_window import MainWindow
from ui.workers import wait_for_all


def _window(qtbot, ctx) -> MainWindow:
    ui_app.make_application()
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    return window


def test_menu_entries_and_start_backup(qtbot, ctx, tmp_path):
    """File shows the backup and export entries, and opening the app leaves an automatic copy."""
    ui_app.make_application()
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    backup_menu.install(window, start_delay_ms=0)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions() if a.text()]
    assert texts.index("Back Up Now") < texts.index("Settings…")
    assert {"Restore from Backup…", "Export List as CSV…", "Export Deadlines to Calendar…"} <= set(
        texts
    )

    def autos():
        return [b for b in backups.list_backups(tmp_path / "backups") if b.automatic]

    qtbot.waitUntil(lambda: len(autos()) == 1, timeout=15000)
    assert autos()[0].path.name.endswith("start.sqlite3")
    wait_for_all()


def _finish(qtbot, menu) -> object:
    """Wait until the background job ran and its callback re-enabled the entries."""
    qtbot.waitUntil(lambda: menu.backup_action.isEnabled(), timeout=10000)
    return menu.last_result


def test_back_up_restore_and_exports_from_the_menu(qtbot, ctx, tmp_path):
    """Back up, change, restore from the menu: the list shows the restored cases again."""
    records.create_case(ctx, new_case(order_ref="KEPT"))
    window = _window(qtbot, ctx)
    menu = backup_menu.install(window, automatic=False)
    menu.back_up_now()
    assert not menu.restore_action.isEnabled()  # one job at a time
    saved = _finish(qtbot, menu)
    assert saved is not None and saved.exists()
    records.create_case(ctx, new_case(order_ref="GONE"))
    window.refresh()
    assert window.case_list.model.total() == 2
    menu.restore_from(saved)
    aside = _finish(qtbot, menu)
    assert aside is not None and aside.exists()
    assert window.case_list.model.total() == 1
    assert "Restored" in window.statusBar().currentMessage()

    window.case_list.table.horizontalHeader().hideSection(1)  # hide "Received"
    out = tmp_path / "list.csv"
    menu.export_csv_to(out)
    assert _finish(qtbot, menu) == 1
    with open(out, encoding="utf-8-sig", newline="") as handle:
        head = next(csv.reader(handle))
    assert "Received" not in head and head[0] == "Case"
    menu.export_ics_to(tmp_path / "d.ics")
    assert _finish(qtbot, menu) == 2  # the law's two clocks of the Anti Mart case
    wait_for_all()


def test_restore_of_a_bad_file_warns_and_keeps_data(qtbot, ctx, tmp_path, monkeypatch):
    """Choosing a file that is not a backup shows why, and the cases stay as they were."""
    records.create_case(ctx, new_case())
    window = _window(qtbot, ctx)
    menu = backup_menu.install(window, automatic=False)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database" * 300)
    menu.restore_from(junk)
    assert _finish(qtbot, menu) is None
    assert shown and "junk.sqlite3" in shown[0]
    window.refresh()
    assert window.case_list.model.total() == 1
    wait_for_all()


def _press_when_shown(button_text: str) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        box.close()

    QTimer.singleShot(20, press)


def test_damaged_database_offers_the_newest_backup(qtbot, ctx, tmp_path):
    """After a crash a damaged file is not opened; "Restore newest backup" brings the cases back."""
    ui_app.make_application()
    records.create_case(ctx, new_case(order_ref="SAFE"))
    good = backups.backup_now(ctx)
    for n in range(40):
        records.create_case(ctx, new_case(order_ref=f"D-{n}", description="y" * 400))
    db = ctx.target.sqlite_path
    ctx.close()
    with open(db, "r+b") as handle:
        handle.seek(3 * 4096)
        handle.write(b"\x00\xff" * 3000)
    left_unclean(db)
    damaged_bytes = db.read_bytes()
    with pytest.raises(DatabaseDamaged) as caught:
        AppContext.open(str(db), backups=tmp_path / "backups")
    damaged = caught.value
    assert damaged.backup == good
    _press_when_shown("Quit")
    assert ui_app.offer_restore(damaged, str(db)) is None
    assert db.read_bytes() == damaged_bytes  # Quit leaves the file exactly as it was

    _press_when_shown("Restore newest backup")
    QTimer.singleShot(400, lambda: _press_when_shown("OK"))
    restored = ui_app.offer_restore(damaged, str(db))
    assert restored is not None
    try:
        assert {r.order_ref for r in records.list_cases(ctx)} == {"SAFE"}
        kept = list(db.parent.glob("cases.damaged-*.sqlite3"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
    finally:
        restored.close()


def test_csv_export_shows_progress_and_cancel_leaves_no_file(qtbot, ctx, tmp_path, monkeypatch):
    """A long CSV export counts up in its dialog, and Cancel stops it without a file."""
    from casemanager.services.demo import generate
    from ui import export_progress

    generate.generate(ctx, 60, seed=3)
    monkeypatch.setattr("casemanager.services.files.streaming.EVERY", 10)
    monkeypatch.setattr(export_progress, "SHOW_AFTER_MS", 0)
    window = _window(qtbot, ctx)
    menu = backup_menu.install(window, automatic=False)
    window.show_filter(window.case_list.model.filter.with_(view="all"))
    out = tmp_path / "all.csv"
    menu.export_csv_to(out)
    assert _finish(qtbot, menu) == 60
    assert menu.export_progress.last == (60, 60)
    assert "60 of 60" in menu.export_progress.dialog.labelText()

    gone = tmp_path / "gone.csv"
    menu.export_csv_to(gone)
    menu.export_progress.cancel()  # before the first thousand-row check: stops there
    assert _finish(qtbot, menu) is None
    assert not gone.exists() and not list(tmp_path.glob("*.partial"))
    assert "cancelled" in window.statusBar().currentMessage()
    wait_for_all()
