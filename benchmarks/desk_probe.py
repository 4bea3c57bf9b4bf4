"""The real main window, timed to its paints (used by ``case_desk.py``).

An application-wide event filter records when each widget is painted. An
action is timed from just before it starts to the end of the paint that shows
its result: the first paint of the target after the action for the case list
(its rows are read before it paints), and for views that load in the
background, the last paint of the target once every background job has
reported back and nothing repainted for a while. Waiting is a ``QEventLoop``.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

QUIET_MS = 150  # no repaint for this long after the jobs reported back: settled
TIMEOUT_MS = 180_000  # a loaded machine can hold a job back for a minute


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class _PaintLog(QObject):
    """Times at which each watched widget (or anything inside it) finished painting."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[tuple[float, float]] = []  # (ended, began) of each paint
        self.target: QWidget | None = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        target = self.target
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(obj, QWidget)
            and target is not None
            and (obj is target or target.isAncestorOf(obj))
        ):
            # Posted now, run once this paint (and the event it is part of) is done.
            began = time.perf_counter()
            QTimer.singleShot(0, lambda: self.painted.append((time.perf_counter(), began)))
        return False


class DeskProbe:
    def __init__(self, db: str) -> None:
        from casemanager.services.context import AppContext
        from ui.app import make_application
        from ui.main_window import MainWindow

        self.app = make_application()
        self.log = _PaintLog()
        self.app.installEventFilter(self.log)
        self.ctx = AppContext.open(db)
        self.window = MainWindow(self.ctx, welcome=False)
        self.log.target = self.window.case_list.table.viewport()
        model = self.window.case_list.model
        self.window.resize(1280, 760)
        self.window.show()
        self._wait(lambda: bool(self.log.painted) and model.total() > 0)
        self.first_painted = time.time() - (time.perf_counter() - self.log.painted[0][0])

    # -- waiting -------------------------------------------------------------------

    def _wait(self, done: Callable[[], bool], timeout_ms: int = TIMEOUT_MS) -> None:
        """Run the event loop until ``done()``: checked each time the loop is idle."""
        loop = QEventLoop()
        check = QTimer(interval=1)
        check.timeout.connect(lambda: loop.quit() if done() else None)
        deadline = QTimer(singleShot=True, interval=timeout_ms)
        deadline.timeout.connect(loop.quit)
        check.start()
        deadline.start()
        if not done():
            loop.exec()
        check.stop()
        if not done():
            raise TimeoutError("the window did not settle in time")

    def settle(self) -> None:
        """Every background job done and reported back (not timed)."""
        from ui.workers import active_jobs, pending_work

        self._wait(lambda: active_jobs() == 0 and not pending_work())

    def first_paint(self, target: QWidget, action: Callable[[], None]) -> float:
        """Milliseconds from ``action`` to the end of the next paint of ``target``."""
        self.log.target, self.log.painted = target, []
        start = time.perf_counter()
        action()
        target.update()
        # Only a paint that began after the action shows its result.
        self._wait(lambda: any(began >= start for _end, began in self.log.painted))
        return (next(end for end, began in self.log.painted if began >= start) - start) * 1000

    def settled_paint(self, target: QWidget, action: Callable[[], None]) -> float:
        """Milliseconds from ``action`` to the last paint of ``target`` once it settled."""
        from ui.workers import active_jobs, pending_work

        self.log.target, self.log.painted = target, []
        start = time.perf_counter()
        action()

        def settled() -> bool:
            if active_jobs() or pending_work() or not self.log.painted:
                return False
            return (time.perf_counter() - self.log.painted[-1][0]) * 1000 >= QUIET_MS

        self._wait(settled)
        own = [end for end, began in self.log.painted if began >= start]  # not earlier paints
        return (own[-1] - start) * 1000 if own else 0.0

    # -- the sequence ------------------------------------------------------------------

    def run_all(self, repeats: int, queries: dict[str, str | None]) -> dict:
        from PySide6.QtTest import QTest  # the typing; not a module the window loads

        from casemanager.services.cases import case_list
        from casemanager.services.cases.case_list import CaseFilter
        from ui.case_list import model as m

        lst = self.window.case_list
        table, model = lst.table, lst.model
        view = table.viewport()
        self.settle()
        out: dict = {"rss_open_mb": rss_mb()}
        out["rows_open"] = case_list.count(self.ctx, CaseFilter(view="open"))
        number = model.number_at(0)
        out["case_number"] = number
        queries = dict(queries)
        order_ref = model.row(0).order_ref
        queries["one order id"] = order_ref

        def search(text: str) -> Callable[[], None]:
            def act() -> None:
                lst.search.blockSignals(True)  # the text as typed; Enter searches at once
                lst.search.setText(text)
                lst.search.blockSignals(False)
                QTest.keyClick(lst.search, Qt.Key.Key_Return)

            return act

        out["search_ms"] = {}
        for kind, text in queries.items():
            times = []
            for _ in range(repeats):
                times.append(self.first_paint(view, search(text)))
                self.settle()
                self.first_paint(view, search(""))
                self.settle()
            out["search_ms"][kind] = statistics.median(times)

        out["sort_ms"] = {}
        header = table.horizontalHeader()
        for column, (label, _key) in enumerate(m.COLUMNS):
            times = []
            for i in range(repeats):
                down = i % 2 == 0  # the default order is ascending: the first click changes it
                order = Qt.SortOrder.DescendingOrder if down else Qt.SortOrder.AscendingOrder
                click = lambda c=column, o=order: header.setSortIndicator(c, o)  # noqa: E731
                times.append(self.first_paint(view, click))
                self.settle()
            out["sort_ms"][label] = statistics.median(times)
        header.setSortIndicator(m.COL_DUE, Qt.SortOrder.AscendingOrder)
        self.settle()

        times = []
        for _ in range(repeats):
            table.scrollToTop()
            model.reload()  # cached pages forgotten: the end is read afresh
            self.settle()
            times.append(self.first_paint(view, table.scrollToBottom))
        out["scroll_end_ms"] = statistics.median(times)

        bar = table.verticalScrollBar()
        steps = [
            self.first_paint(view, lambda i=i: bar.setValue(bar.maximum() * i // 19))
            for i in range(20)
        ]
        out["drag_step_ms"] = statistics.median(steps)
        out["drag_total_ms"] = sum(steps)
        table.scrollToTop()

        numbers = [model.number_at(r) for r in range(40)]
        opened = []
        for n in numbers[:20]:
            opened.append(
                self.settled_paint(self.window.tabs, lambda n=n: self.window.open_case(n))
            )
            self._close_current()
        out["case_view_ms"] = statistics.median(opened)
        self.window.show_cases()  # closing a tab may have left the dashboard current
        self.settle()
        out["dashboard_ms"] = self.settled_paint(self.window.dashboard, self.window.show_dashboard)
        tools = self.window.tools
        out["reminders_ms"] = self.settled_paint(self.window.tabs, tools.show_reminders)
        out["rss_sequence_mb"] = rss_mb()

        self.window.show_cases()
        before = rss_mb()
        for i in range(200):
            n = numbers[i % len(numbers)]
            self.window.open_case(n)
            self.settle()
            self._close_current()
        self.settle()
        out["rss_growth_mb"] = rss_mb() - before
        return out

    def _close_current(self) -> None:
        tabs = self.window.tabs
        self.window._close_tab(tabs.currentIndex())
        self.settle()
        # The closed view is deleted later, when control returns to the event loop level
        # it was closed at; the window's own loop does that, this script's nested waits
        # may not, and a view still waiting for it would count as memory kept.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
