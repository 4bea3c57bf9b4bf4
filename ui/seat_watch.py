"""Seats see each other: the window refreshes when another seat changed something, and an
open case says who else has it open.

The change check runs on the GUI thread every second because it costs one tiny
query that never waits for a lock (a read on SQLite's WAL, a non-blocking look
at PostgreSQL's notifications). Announcing this seat's case writes, so it runs
in the background, where a busy database delays only the heartbeat.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from casemanager.services.admin import presence
from casemanager.services.admin.change_feed import ChangeFeed
from casemanager.services.context import AppContext
from ui.workers import run_in_background

POLL_MS = 1000
HEARTBEAT_MS = int(presence.HEARTBEAT.total_seconds() * 1000)


class SeatWatch(QObject):
    """Watches for other seats' changes on behalf of the main window."""

    changed_elsewhere = Signal()

    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.seat = presence.new_seat_id()
        self.feed: ChangeFeed | None = None
        self.poll_timer = QTimer(self, interval=POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.heartbeat_timer = QTimer(self, interval=HEARTBEAT_MS)
        self.heartbeat_timer.timeout.connect(self.heartbeat)
        self._announcing = False
        self._again = False  # a heartbeat asked for while one was on its way

    def start(self) -> None:
        self.feed = ChangeFeed(self.ctx)
        self.poll_timer.start()
        self.heartbeat_timer.start()
        self.window.tabs.currentChanged.connect(lambda _i: self.heartbeat())
        self.heartbeat()

    def stop(self) -> None:
        self.poll_timer.stop()
        self.heartbeat_timer.stop()
        if self.feed is not None:
            self.feed.close()
            self.feed = None
            # Closing: a row left behind by a failure expires by itself.
            with contextlib.suppress(Exception):
                presence.leave(self.ctx, self.seat)

    def poll(self) -> bool:
        """Refresh what the window shows when another seat changed the database."""
        if self.feed is None or not self.feed.changed():
            return False
        self.window.refresh()
        for view in self.case_views():
            view.refresh()
        self.heartbeat()  # whoever changed it may have opened a case too
        self.changed_elsewhere.emit()
        return True

    def case_views(self) -> list:
        tabs = self.window.tabs
        views = (tabs.widget(i) for i in range(tabs.count()))
        return [v for v in views if v.property("case_number")]

    def heartbeat(self) -> None:
        """Tell the other seats which case this one shows; learn who shows ours."""
        if self.feed is None:
            return
        if self._announcing:  # its answer may predate what made this one ask: ask again
            self._again = True
            return
        current = self.window.tabs.currentWidget()
        shown = current.property("case_number") if current is not None else None
        numbers = [v.property("case_number") for v in self.case_views()]
        ctx, seat = self.ctx, self.seat
        self._announcing = True

        def work() -> dict[str, list[str]]:
            presence.announce(ctx, seat, shown)
            return {n: presence.others_on_case(ctx, seat, n) for n in numbers}

        run_in_background(ctx, work, self._show_presence, self._announce_failed, owner=self)

    def _show_presence(self, others: dict[str, list[str]]) -> None:
        self._announcing = False
        for view in self.case_views():
            view.show_presence(others.get(view.property("case_number"), []))
        if self._again:
            self._again = False
            self.heartbeat()

    def _announce_failed(self, _exc: BaseException) -> None:
        self._announcing = False  # the next heartbeat tries again
