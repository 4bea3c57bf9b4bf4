"""The main window opens offscreen with its menus, About box and remembered layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from casemanager import __version__
from casemanager.services import cases
from tests.factories import new_case
from ui.app import make_application
from ui.main_window import MainWindow


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def test_main_window_shows_menus_and_case_counts(qtbot, ctx):
    """The owner sees File/Edit/View/Help and how many cases are in each status."""
    make_application()
    cases.create_case(ctx, new_case())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert _menu_titles(window) == ["File", "Edit", "View", "Help"]
    assert window.headline.text() == "1 case(s)"
    assert window.status_table.item(0, 0).text() == "Received"
    assert str(ctx.target.sqlite_path) in window.statusBar().currentMessage()


def test_about_names_version_and_database(qtbot, ctx):
    """Support can ask which version and which database file the shop is using."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    text = window.about_text()
    assert __version__ in text
    assert str(ctx.target.sqlite_path) in text


def test_window_geometry_is_remembered(qtbot, ctx):
    """A resized window opens at the same size next time."""
    QApplication.instance().setOrganizationName("CaseManagerTests")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.resize(760, 520)
    window.close()
    QSettings().sync()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 520)
