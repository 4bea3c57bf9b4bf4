"""Reminders: what is due today, tomorrow or overdue across cases, and tray notices.

``RemindersView`` lists the shop's open deadlines by bucket with live countdowns
(re-read from the database once a minute, ticking from memory each second).
``TrayNotifier`` shows a desktop notice once when a deadline enters its last
4 hours and once when it is missed; what was notified is remembered per person
in the database, so neither a restart nor another seat repeats it. Without a system tray it still
records and emits the notices (``noticed``) and never fails.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain import Band
from casemanager.services.context import AppContext
from casemanager.services.lifecycle import notice_memory, reminders
from casemanager.services.lifecycle.reminders import Notice, Reminder
from ui import formatting
from ui.formatting import countdown_text
from ui.theme import band_colour
from ui.workers import run_in_background

HEADERS = ("When", "Case", "Deadline", "Due", "Countdown", "Customer")
COL_BUCKET, COL_CASE, COL_DEADLINE, COL_DUE, COL_COUNTDOWN, COL_CUSTOMER = range(6)
BUCKET_LABELS = {"overdue": "Overdue", "today": "Today", "tomorrow": "Tomorrow"}
_BUCKET_BAND = {"overdue": Band.OVERDUE, "today": Band.UNDER_DAY, "tomorrow": Band.AMPLE}
FIRST_CHECK_MS = 10_000  # leave start-up and the first screen to the user
MAX_SEPARATE_NOTICES = 3  # more at once become one summary notice
SIZED_BY_ROWS = 50  # columns fit the widest of the first rows, not of every row

_Index = QModelIndex | QPersistentModelIndex


class ReminderModel(QAbstractTableModel):
    """The rows' fixed texts are written once, when they arrive: the view asks for each
    cell several times per paint, and the countdown is the only text that changes."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Reminder] = []
        self._texts: list[tuple[str, ...]] = []
        self._now: dt.datetime | None = None

    def set_rows(self, rows: list[Reminder], now: dt.datetime) -> None:
        self.beginResetModel()
        self._rows, self._now = list(rows), now
        self._texts = [_texts(r) for r in rows]
        self.endResetModel()

    def add_rows(self, rows: list[Reminder]) -> None:
        """The next page, read in the background, after the rows already shown."""
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows += rows
            self._texts += [_texts(r) for r in rows]
            self.endInsertRows()

    def tick(self, now: dt.datetime, rows: range | None = None) -> None:
        """A new second; only ``rows`` (those on screen) are told to repaint."""
        self._now = now
        shown = range(len(self._rows)) if rows is None else rows
        if self._rows and shown:
            first, last = shown.start, min(shown.stop, len(self._rows)) - 1
            if first <= last:
                self.dataChanged.emit(
                    self.index(first, COL_COUNTDOWN), self.index(last, COL_COUNTDOWN)
                )

    def row_at(self, row: int) -> Reminder:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_COUNTDOWN:
                due = self._rows[row].due_at
                return countdown_text(due, self._now) if self._now else ""
            return self._texts[row][col]
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DUE:
            r = self._rows[row]
            return formatting.tooltip(r.due_at, formatting.policy_zone(r.policy_id))
        if role == Qt.ItemDataRole.ForegroundRole and col in (COL_BUCKET, COL_COUNTDOWN):
            r = self._rows[row]
            overdue = self._now is not None and r.due_at <= self._now
            return band_colour(Band.OVERDUE if overdue else _BUCKET_BAND[r.bucket])
        return None


def _texts(r: Reminder) -> tuple[str, ...]:
    """A row's texts by column (the countdown's place is filled at each paint)."""
    due = formatting.when(r.due_at, formatting.policy_zone(r.policy_id))
    return (BUCKET_LABELS[r.bucket], r.number, r.label, due, "", r.customer)


class RemindersView(QWidget):
    """Due today / tomorrow / overdue; double-click a row to open its case."""

    case_activated = Signal(str)
    first_page_shown = Signal()
    page_added = Signal()
    counts_shown = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("remindersView")
        self.setWindowTitle("Reminders")
        self.model = ReminderModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Sized to the first page once it is shown, not re-measured over every row at
        # every countdown tick (what ResizeToContents does).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(SIZED_BY_ROWS)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(
            lambda index: self.case_activated.emit(self.model.row_at(index.row()).number)
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("remindersSummary")
        refresh = QPushButton("&Refresh", self)
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.reloader = QTimer(self)
        self.reloader.setInterval(60_000)
        self.reloader.timeout.connect(self.refresh)
        self._after: reminders.After | None = None
        self._reading = False  # a page is being read in the background
        self._generation = 0  # pages of an older refresh are dropped
        self._sized = False  # columns fitted to the first rows shown
        self.table.verticalScrollBar().valueChanged.connect(self._maybe_more)
        self.summary.setText("Loading…")
        self.refresh()
        self.ticker.start()
        self.reloader.start()

    def refresh(self) -> None:
        """Read the first page and the counts in the background; later pages on scrolling.

        However long the backlog, the first rows paint after one short read, and the
        GUI thread never waits for the database."""
        self._generation += 1
        generation, ctx, now = self._generation, self.ctx, self.ctx.clock.now()
        self._reading = True

        def shown(result: reminders.ReminderPage) -> None:
            if generation != self._generation:
                return
            self._reading = False
            self.model.set_rows(result.rows, now)
            if not self._sized and result.rows:
                self._sized = True
                self.table.resizeColumnsToContents()
            self._after = result.after
            self.first_page_shown.emit()
            # Counted only now: the first rows are not kept waiting by the counting.
            run_in_background(
                ctx, lambda: reminders.counts(ctx, now), self._show_counts, self._failed, owner=self
            )
            QTimer.singleShot(0, self, self._maybe_more)  # once the table is laid out

        run_in_background(ctx, lambda: reminders.page(ctx, now), shown, self._failed, owner=self)

    def _show_counts(self, counts: dict[str, reminders.BucketCount]) -> None:
        # Deadlines, and the cases they belong to: one case may have several open,
        # while the sidebar and dashboard count each case once.
        parts = []
        for bucket, words in (
            ("overdue", "overdue"),
            ("today", "due today"),
            ("tomorrow", "due tomorrow"),
        ):
            due = counts[bucket]
            at_least = "+" if due.more else ""  # past the bound: "500+ deadlines"
            parts.append(
                f"{due.deadlines:,}{at_least} deadline{'' if due.deadlines == 1 else 's'} "
                f"{words} in {due.cases:,}{at_least} case{'' if due.cases == 1 else 's'}"
            )
        self.summary.setText(" · ".join(parts))
        self.summary.setToolTip(
            "Every open deadline of the open cases. The sidebar and the dashboard count "
            "each case once, under its soonest deadline, so a case overdue on one "
            "deadline and due today on another is counted there as overdue only."
        )
        self.counts_shown.emit()

    def _failed(self, exc: Exception) -> None:
        self._reading = False
        self.summary.setText(f"Reminders could not be read: {exc}")

    def _maybe_more(self, *_args) -> None:
        """Read the next page when the last rows come into view."""
        if self._reading or self._after is None:
            return
        bar = self.table.verticalScrollBar()
        height = self.table.viewport().height()
        if bar.maximum() == 0 and self.table.rowAt(height - 1) >= 0:
            return  # the rows fill the view, its scroll bar is not laid out yet
        if bar.maximum() - bar.value() > height:
            return
        self.fetch_more()

    def fetch_more(self) -> None:
        if self._reading or self._after is None:
            return
        generation, ctx, now, after = self._generation, self.ctx, self.model._now, self._after
        self._reading = True

        def added(result: reminders.ReminderPage) -> None:
            if generation != self._generation:
                return
            self._reading = False
            self._after = result.after
            self.model.add_rows(result.rows)
            self.page_added.emit()

        run_in_background(
            ctx, lambda: reminders.page(ctx, now, after), added, self._failed, owner=self
        )

    def _tick(self) -> None:
        top = self.table.rowAt(0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        first = max(top, 0)
        last = bottom if bottom >= 0 else self.model.rowCount() - 1
        self.model.tick(self.ctx.clock.now(), range(first, last + 1))


class TrayNotifier(QObject):
    """Desktop notices for deadlines entering their last 4 hours, and for missed ones.

    What the person signed in has already been told, and when they last looked, is
    kept in the database (``notice_memory``), so no seat of theirs repeats a notice.
    """

    noticed = Signal(str, str)  # title, message

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = 60_000
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QIcon.fromTheme("appointment-soon"), self)
            self.tray.setToolTip("Case Manager deadlines")
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Check every interval (the first soon after start-up), off the GUI thread."""
        self.timer.timeout.disconnect(self.check)
        self.timer.timeout.connect(self.check_in_background)
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check_in_background)
        self.timer.start()

    def check_in_background(self) -> None:
        ctx, now = self.ctx, self.ctx.clock.now()

        def work() -> list[Notice]:
            new, keys = self._new_notices(now)
            notice_memory.remember(ctx, keys, now)
            return new

        run_in_background(ctx, work, self._show_all, owner=self)

    def _since(self, now: dt.datetime) -> dt.datetime:
        """The last look; the first one looks back over the last-hours span only."""
        return notice_memory.last_check(self.ctx) or now - reminders.LAST_HOURS

    def notified(self) -> set[str]:
        return notice_memory.notified(self.ctx)

    def check(self) -> list[Notice]:
        """Show the notices not given yet and remember them."""
        now = self.ctx.clock.now()
        new, keys = self._new_notices(now)
        notice_memory.remember(self.ctx, keys, now)
        self._show_all(new)
        return new

    def _new_notices(self, now: dt.datetime) -> tuple[list[Notice], list[str]]:
        # Only what crossed its threshold since the last look: a backlog of old missed
        # deadlines (a long absence, a large import) is in Reminders, not announced.
        due = reminders.newly_crossed(self.ctx, now, self._since(now))
        new = reminders.notices_due(due, now, self.notified())
        return new, [n.key for n in new]

    def _show_all(self, new: list[Notice]) -> None:
        now = self.ctx.clock.now()
        if len(new) > MAX_SEPARATE_NOTICES:
            missed = sum(1 for n in new if n.kind == "missed")
            title = f"{len(new)} deadlines need attention"
            message = f"{missed} missed, {len(new) - missed} due within 4 hours: see Reminders"
            self._show(title, message, critical=missed > 0)
            return
        for notice in new:
            r = notice.reminder
            due = formatting.when(r.due_at, formatting.policy_zone(r.policy_id))
            message = f"{r.customer}: due {due} ({countdown_text(r.due_at, now)})"
            self._show(notice.title, message, critical=notice.kind == "missed")

    def _show(self, title: str, message: str, critical: bool) -> None:
        if self.tray is not None:
            icon = (
                QSystemTrayIcon.MessageIcon.Critical
                if critical
                else QSystemTrayIcon.MessageIcon.Warning
            )
            self.tray.showMessage(title, message, icon, 15_000)
        self.noticed.emit(title, message)
