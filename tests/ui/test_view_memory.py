"""Opening and closing case views leaves nothing behind: memory does not grow with use."""

from __future__ import annotations

import gc
from collections import Counter

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication

from casemanager.services.cases import case_list
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.demo import generate
from ui.main_window import MainWindow
from ui.workers import active_jobs


def _settle(qtbot) -> None:
    """Let background jobs report back and closed views be deleted."""
    qtbot.waitUntil(lambda: active_jobs() == 0, timeout=20000)
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()


def _wrappers() -> Counter:
    """Python objects of Qt classes still alive, by class (a closed view kept by a callback
    or a cache would show here even after Qt deleted its widgets)."""
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, QObject))


def _open_and_close(qtbot, window, numbers) -> None:
    for number in numbers:
        view = window.open_case(number)
        qtbot.waitUntil(lambda: active_jobs() == 0, timeout=20000)
        window._close_tab(window.tabs.indexOf(view))
        _settle(qtbot)


def test_closing_case_views_releases_their_widgets(qtbot, ctx):
    """Forty case views opened and closed leave as many live Qt objects as the first few."""
    generate.generate(ctx, 45, seed=8)
    numbers = [r.number for r in case_list.page(ctx, CaseFilter(view="all"), "number", limit=45)]
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    window.show()
    _open_and_close(qtbot, window, numbers[:5])  # first use loads modules and caches
    children, widgets, wrappers = (
        len(window.findChildren(QObject)),
        len(QApplication.allWidgets()),
        _wrappers(),
    )
    _open_and_close(qtbot, window, numbers[5:45])
    assert len(window.findChildren(QObject)) <= children + 5
    assert len(QApplication.allWidgets()) <= widgets + 5
    grown = _wrappers() - wrappers
    assert sum(grown.values()) <= 10, grown.most_common(8)


def test_closing_reminders_and_the_dashboard_releases_them(qtbot, ctx):
    """Reminders opened and closed, and the dashboard shown, ten times over leave as many
    live Qt objects and wrappers as the first time."""
    generate.generate(ctx, 60, seed=9)
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    window.show()

    def round_trip() -> None:
        view = window.tools.show_reminders()
        _settle(qtbot)
        window.show_dashboard()
        _settle(qtbot)
        window._close_tab(window.tabs.indexOf(view))
        window.show_cases()
        _settle(qtbot)

    for _ in range(2):  # first use loads modules and caches
        round_trip()
    children, widgets, wrappers = (
        len(window.findChildren(QObject)),
        len(QApplication.allWidgets()),
        _wrappers(),
    )
    for _ in range(10):
        round_trip()
    assert len(window.findChildren(QObject)) <= children + 5
    assert len(QApplication.allWidgets()) <= widgets + 5
    grown = _wrappers() - wrappers
    assert sum(grown.values()) <= 10, grown.most_common(8)
