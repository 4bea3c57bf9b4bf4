"""The Deadlines panel's table: one row per deadline, its countdown ticking each second."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from casemanager.domain import Band
from casemanager.services.cases.case_detail import BandThresholds, DeadlineView
from ui import formatting
from ui.formatting import countdown_text
from ui.theme import band_colour

COL_NAME, COL_DUE, COL_COUNTDOWN, COL_STATE = range(4)
HEADERS = ("Deadline", "Due", "Countdown", "State")
BAND_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class DeadlineModel(QAbstractTableModel):
    """Deadlines of one case; ``tick`` recomputes countdowns from memory only."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: tuple[DeadlineView, ...] = ()
        self._now: dt.datetime | None = None
        self._thresholds: BandThresholds | None = None
        self._zone: str | None = None

    def set_rows(
        self, rows: tuple[DeadlineView, ...], thresholds: BandThresholds, zone: str | None = None
    ) -> None:
        """Show ``rows``; their times in ``zone`` (the case's policy zone)."""
        self.beginResetModel()
        self._rows = rows
        self._zone = zone
        self._thresholds = thresholds
        self._now = thresholds.now
        self.endResetModel()

    def tick(self, thresholds: BandThresholds) -> None:
        self._thresholds = thresholds
        self._now = thresholds.now
        if self._rows:
            top = self.index(0, COL_COUNTDOWN)
            bottom = self.index(len(self._rows) - 1, COL_COUNTDOWN)
            self.dataChanged.emit(top, bottom)

    def row_at(self, row: int) -> DeadlineView:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def band(self, row: int) -> Band | None:
        """The colour band of a running deadline (None when met, missed, paused...)."""
        d = self._rows[row]
        if self._thresholds is None or not d.is_running:
            return None
        if d.not_before:
            return Band.AMPLE if d.due_at <= self._thresholds.now else Band.UNDER_DAY
        return self._thresholds.band(d.due_at)

    def countdown(self, row: int) -> str:
        d = self._rows[row]
        now = self._now
        if now is None:
            return ""
        if d.not_before:
            return "can be decided now" if d.due_at <= now else countdown_text(d.due_at, now)
        if d.state == "paused":
            return "paused (awaiting customer)"
        if not d.is_running:
            return "—"
        return countdown_text(d.due_at, now)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                law = "The law: " if d.statutory else ""
                guess = " (rests on estimated holidays)" if d.estimated_note else ""
                return law + d.label + (" (customer)" if d.customer_side else "") + guess
            if col == COL_DUE:
                return formatting.when(d.due_at, self._zone)
            if col == COL_COUNTDOWN:
                return self.countdown(index.row())
            if col == COL_STATE:
                return d.state_text()
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_DUE:
                return formatting.tooltip(d.due_at, self._zone)
            return "\n".join(d.explanation)
        if role == BAND_ROLE:
            return self.band(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_COUNTDOWN:
            return band_colour(self.band(index.row()))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATE and d.state == "missed":
            return band_colour(Band.OVERDUE)
        if role == Qt.ItemDataRole.FontRole and col == COL_COUNTDOWN:
            font = QFont()
            font.setBold(True)
            return font
        return None
