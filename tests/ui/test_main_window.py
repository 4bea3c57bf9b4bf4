"""The main window opens offscreen with its menus, About box and remembered layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from casemanager import __version__
from casemanager.services.admin import diagnostics
from casemanager.services.cases import records
from tests.factories import new_case
from ui.app import make_application
from ui.main_window import MainWindow
from ui.workers import wait_for_all


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def test_main_window_shows_menus_and_case_list(qtbot, ctx):
    """The owner sees File/Edit/View/Tools/Help, the open case and the database in use."""
    make_application()
    records.create_case(ctx, new_case())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert _menu_titles(window) == ["File", "Edit", "View", "Tools", "Help"]
    assert window.case_list.model.rowCount() == 1
    assert window.case_list.model.index(0, 6).data() == "Received"
    assert str(ctx.target.sqlite_path) in window.db_label.text()
    qtbot.waitUntil(lambda: "1 case ·" in window.counts_label.text(), timeout=3000)
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+S", "Ctrl+P", "Ctrl+E"} <= shortcuts
    wait_for_all()


def test_about_names_version_and_database(qtbot, ctx):
    """Support can ask which version and which database file the shop is using."""
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    text = window.about_text()
    assert __version__ in text
    assert str(ctx.target.sqlite_path) in text
    wait_for_all()


def test_about_shows_where_the_error_log_is(qtbot, ctx):
    """Support can ask for the log file: Help ▸ About names it and the data folder."""
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    text = window.about_text()
    assert str(diagnostics.log_path()) in text
    assert str(diagnostics.data_folder()) in text
    wait_for_all()


def test_window_geometry_and_columns_are_remembered(qtbot, ctx):
    """A resized window and a widened column come back the same next time."""
    QApplication.instance().setOrganizationName("CaseManagerTests")
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    window.show()
    window.resize(760, 520)
    window.case_list.table.setColumnWidth(2, 333)
    window.close()
    QSettings().sync()
    again = MainWindow(ctx, welcome=False)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 520)
    assert again.case_list.table.columnWidth(2) == 333
    wait_for_all()


def test_tools_menu_verifies_the_database_and_lists_reminders(qtbot, ctx, monkeypatch):
    """Verify Database reports a sound file; Reminders opens in a tab of the window."""
    from PySide6.QtWidgets import QMessageBox

    records.create_case(ctx, new_case())
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    shown: list[str] = []
    # The real box would block the test run; capture what it would say instead.
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.tools.verify()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown[0].startswith("No problems.")
    # What it is doing, and how far through the trail (minutes at a million cases).
    assert said[0] == "Verifying the database: checking every page of the file…"
    assert "Verifying the database: audit trail, 1 of 1 events…" in said
    view = window.tools.show_reminders()
    assert window.tabs.currentWidget() is view


def test_ctrl_p_opens_a_letter_for_the_selected_case(qtbot, ctx):
    """Print on a selected case opens it and previews one of its letters."""
    number = records.create_case(ctx, new_case()).number
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    window.show()
    assert window.case_list.select_number(number)
    window.print_action.trigger()
    view = window.tabs.currentWidget()
    assert view.property("case_number") == number
    assert view.letters.dialog is not None
    view.letters.dialog.reject()


def test_ctrl_e_exports_and_import_brings_the_case_back(qtbot, ctx, tmp_path, monkeypatch):
    """The selected case leaves as a bundle and comes back into another shop's database."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from casemanager.services.context import AppContext
    from ui import import_dialog

    number = records.create_case(ctx, new_case()).number
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    assert window.case_list.select_number(number)
    bundle = tmp_path / "case.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(bundle), ""))
    window.export_action.trigger()
    run = window.export_run
    with qtbot.waitSignal(run.finished, timeout=20000) as done:
        pass
    assert done.args == [bundle] and bundle.exists()
    run.message.close()  # "Exported RC-… to …"
    wait_for_all()  # the export job is over before the test moves on

    other = AppContext.open(str(tmp_path / "other.sqlite3"), actor="tester")
    try:
        shown: list[str] = []
        monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))

        def choose_skip() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                box.buttons()[0].click()
            else:
                QTimer.singleShot(50, choose_skip)

        QTimer.singleShot(50, choose_skip)
        assert import_dialog.import_case_file(window, other, bundle)
        qtbot.waitUntil(lambda: bool(shown), timeout=20000)
        assert shown[0].startswith("Imported 1 case(s)")
        assert [r.number for r in records.list_cases(ctx)] == [number]
    finally:
        other.close()
