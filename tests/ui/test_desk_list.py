"""The case desk window: search, filters, sorting by deadline, dashboard, welcome."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from casemanager.services.cases import case_list, records
from casemanager.store.models import Case
from tests.conftest import NOW
from tests.factories import new_case
from ui.case_list import model as m
from ui.case_list.widget import search_delay_ms
from ui.main_window import MainWindow
from ui.workers import wait_for_all


@pytest.fixture
def window(qtbot, ctx):
    def make(welcome: bool = False) -> MainWindow:
        win = MainWindow(ctx, welcome=welcome)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None, timeout=2000)
        return win

    yield make
    wait_for_all()


def _case(ctx, hours: float | None, **overrides) -> str:
    case = records.create_case(ctx, new_case(**overrides))
    due = NOW + dt.timedelta(hours=hours) if hours is not None else None
    Case.update(next_due_at=due).where(Case.id == case.id).execute()
    return case.number


def _numbers(win: MainWindow) -> list[str]:
    model = win.case_list.model
    return [model.index(r, m.COL_NUMBER).data() for r in range(model.rowCount())]


def test_search_box_narrows_the_list(qtbot, ctx, window):
    """Typing a customer's name shows only their cases, and clearing shows all again."""
    _case(ctx, 5)
    wei = _case(ctx, 9, customer_name="张伟", customer_email="zw@example.cn", order_ref="AN-5")
    win = window()
    assert len(_numbers(win)) == 2
    qtbot.keyClick(win.case_list.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.focusWidget() is win.case_list.search
    qtbot.keyClicks(win.case_list.search, "zw@example")
    qtbot.waitUntil(lambda: _numbers(win) == [wei], timeout=3000)
    assert "1 case(s)" in win.case_list.summary.text()
    win.case_list.search.clear()
    qtbot.waitUntil(lambda: len(_numbers(win)) == 2, timeout=3000)


def test_filters_and_saved_views(qtbot, ctx, window):
    """Choosing a reason, or the Overdue view, lists just those cases with live counts."""
    late = _case(ctx, -2, reason="non_delivery", order_ref="A")
    _case(ctx, 30, order_ref="B")
    win = window()
    box = win.case_list.reason_box
    box.setCurrentIndex(box.findData("non_delivery"))
    assert _numbers(win) == [late]
    box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: bool(win.counts), timeout=3000)
    overdue_row = next(
        i for i in range(win.sidebar.count()) if win.sidebar.item(i).text().startswith("Overdue")
    )
    assert win.sidebar.item(overdue_row).text() == "Overdue  (1)"
    win.sidebar.setCurrentRow(overdue_row)
    assert _numbers(win) == [late]
    assert "1 case overdue" in win.counts_label.text()
    assert late in win.next_due_label.text()


def test_sorting_by_next_deadline_from_the_header(qtbot, ctx, window):
    """Clicking the deadline header sorts most urgent first, then the other way round."""
    later = _case(ctx, 48, order_ref="A")
    undated = _case(ctx, None, order_ref="B")
    soon = _case(ctx, 1, order_ref="C")
    win = window()
    table = win.case_list.table
    header = table.horizontalHeader()
    table.sortByColumn(m.COL_NUMBER, Qt.SortOrder.AscendingOrder)
    assert _numbers(win) == [later, undated, soon]
    x = header.sectionViewportPosition(m.COL_DUE) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == m.COL_DUE
    first = _numbers(win)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert {tuple(first), tuple(_numbers(win))} == {(soon, later, undated), (later, soon, undated)}
    assert "left" in table.model().index(0, m.COL_DUE).data()


def test_dashboard_bar_opens_the_filtered_list(qtbot, ctx, window):
    """Clicking the Overdue bar of the dashboard shows the overdue cases."""
    late = _case(ctx, -3, order_ref="A")
    _case(ctx, 50, order_ref="B")
    win = window()
    with qtbot.waitSignal(win.dashboard.figures_shown, timeout=5000):
        win.show_dashboard()
    assert "1 case overdue" in win.dashboard.headline.text()
    win.dashboard.due_chart.repaint()
    win.dashboard.due_chart.click_bar(0)
    assert win.tabs.currentWidget() is win.case_list
    assert _numbers(win) == [late]
    assert win.case_list.due_box.currentData() == "overdue"


def test_new_case_shortcut_and_open_case(qtbot, ctx, window):
    """Ctrl+N opens an empty form; opening a listed case shows that case."""
    number = _case(ctx, 3)
    win = window()
    qtbot.keyClick(win.case_list.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert win.forms and win.forms[-1].number is None
    win.forms[-1].reject()
    opened = win.open_case(number)
    assert opened.property("case_number") == number or getattr(opened, "number", None) == number


def test_first_run_offers_sample_data(qtbot, ctx, window):
    """A new, empty database greets the owner and can fill itself with sample cases."""
    win = window(welcome=True)
    qtbot.waitUntil(lambda: getattr(win, "welcome_dialog", None) is not None, timeout=3000)
    dialog = win.welcome_dialog
    dialog.count.setValue(50)
    with qtbot.waitSignal(dialog.sample_loaded, timeout=30000):
        dialog.sample_button.click()
    qtbot.waitUntil(lambda: win.counts.get("all") == 50, timeout=5000)
    assert win.case_list.model.rowCount() > 0
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    qtbot.wait(50)
    assert getattr(again, "welcome_dialog", None) is None


def test_enter_searches_at_once_and_longer_text_waits_less(qtbot, ctx, window):
    """Enter shows the matches without the typing pause; the pause shrinks as text grows."""
    _case(ctx, 5)
    wei = _case(ctx, 9, customer_name="张伟", customer_email="zw@example.cn", order_ref="AN-5")
    win = window()
    win.case_list.search.setText("张伟")
    assert win.case_list._search_timer.isActive()
    qtbot.keyClick(win.case_list.search, Qt.Key.Key_Return)
    assert _numbers(win) == [wei] and not win.case_list._search_timer.isActive()
    delays = [search_delay_ms(t) for t in ("a", "abc", "abcdefg", "abcdefghijkl")]
    assert delays == sorted(delays, reverse=True) and delays[0] > delays[-1] > 0
    assert search_delay_ms("  ") == 0


def test_list_paints_before_it_is_counted(qtbot, ctx, window, monkeypatch):
    """A long list says it is still counting, then shows how many cases it holds."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 2)
    for hours in range(5):
        _case(ctx, hours + 1, order_ref=f"AN-{hours}")
    win = window()
    qtbot.waitUntil(lambda: "5 case(s)" in win.case_list.summary.text(), timeout=5000)
    with qtbot.waitSignal(win.case_list.model.counted, timeout=5000):
        win.case_list.set_view("all")
        assert "counting" in win.case_list.summary.text()
        assert win.case_list.model.rowCount() == 2
    assert "5 case(s)" in win.case_list.summary.text()
    assert win.case_list.model.rowCount() == 5
