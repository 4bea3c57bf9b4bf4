"""Calendar preview: a year of the draft's calendar, and a deadline calculator."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.admin import policy_editing
from ui.datetime_field import DateTimeField

# Cell colours by kind of day (light enough for dark text in either theme).
KIND_COLOURS = {
    "working": "#e8f5e9",
    "weekend": "#eeeeee",
    "holiday": "#ffcdd2",
    "estimated": "#ffe0b2",
    "closure": "#d1c4e9",
    "opening": "#b3e5fc",
    "break": "#f8bbd0",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class CalendarPreview(QWidget):
    """Year grid (months by days) with names and official/estimated, then the calculator.

    Under the grid, the shop settles a holiday the data only estimates: closed on the
    selected day (confirming it, or moving it there) or open on it (correcting it).
    The form adds the extra closure or opening, so the preview and deadlines follow.
    """

    # [(date, name, open)]: the shop closes (open False) or opens on each date.
    days_settled = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPreview")
        self._draft: dict | None = None
        self._days: list = []
        self._cells: dict[tuple[int, int], object] = {}  # (row, col) -> the DayInfo drawn
        self._cells_year: int | None = None
        self._shown_year: int | None = None  # the year the grid shows, None while empty
        self.year = QSpinBox()
        self.year.setObjectName("previewYear")
        self.year.setRange(1971, 2199)
        self.year.setValue(2026)
        self.grid = QTableWidget(12, 31, self)
        self.grid.setObjectName("yearGrid")
        self.grid.setVerticalHeaderLabels(list(MONTHS))
        self.grid.setHorizontalHeaderLabels([str(d) for d in range(1, 32)])
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.horizontalHeader().setMinimumSectionSize(18)
        self.grid.setMinimumHeight(300)
        self.days = QPlainTextEdit(self)
        self.days.setObjectName("previewDays")
        self.days.setReadOnly(True)
        self.legend = QLabel(
            " ".join(
                f'<span style="background:{c}">&nbsp;{k}&nbsp;</span>'
                for k, c in KIND_COLOURS.items()
            )
        )
        # The same typed date-time field as the case form, in the pack's own zone.
        self.received = DateTimeField(parent=self)
        self.received.setObjectName("calcReceived")
        self.received.set_value(dt.datetime(2026, 2, 13, 20, 0))
        self.reason = QComboBox(self)
        self.reason.setObjectName("calcReason")
        self.reason.addItems(list(policy_editing.CHOICES["reasons"]))
        self.reason.setCurrentText("invalid_code")
        self.result = QPlainTextEdit(self)
        self.result.setObjectName("calcResult")
        self.result.setReadOnly(True)
        self.estimates = QLabel(self)
        self.estimates.setObjectName("estimatedNotice")
        self.estimates.setWordWrap(True)
        self.close_day = QPushButton("Closed on the selected day")
        self.close_day.setObjectName("closeDay")
        self.close_day.setToolTip("Confirm an estimated holiday, or move it to this date")
        self.open_day = QPushButton("Open on the selected day")
        self.open_day.setObjectName("openDay")
        self.open_day.setToolTip("Correct an estimated holiday that is not kept on this date")
        self.confirm_all = QPushButton("Confirm every estimated holiday of the year")
        self.confirm_all.setObjectName("confirmEstimated")
        settle = QHBoxLayout()
        settle.addWidget(self.estimates, 1)
        for button in (self.close_day, self.open_day, self.confirm_all):
            settle.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(QLabel("Year"))
        top.addWidget(self.year)
        top.addWidget(self.legend, 1)
        calc = QHBoxLayout()
        calc.addWidget(QLabel("A claim received at"))
        calc.addWidget(self.received)
        calc.addWidget(QLabel("for reason"))
        calc.addWidget(self.reason)
        calc.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(calc)
        lower_layout.addWidget(self.result)
        split = QSplitter(self)
        split.addWidget(self.days)
        split.addWidget(lower)
        split.setSizes([300, 500])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid, 2)
        layout.addLayout(settle)
        layout.addWidget(split, 1)
        self.close_day.clicked.connect(lambda: self._settle_selected(closed=True))
        self.open_day.clicked.connect(lambda: self._settle_selected(closed=False))
        self.confirm_all.clicked.connect(self._confirm_all)
        self._editable = True
        self.year.valueChanged.connect(lambda *_: self.refresh())
        self.received.changed.connect(self.refresh_calculator)
        self.reason.currentTextChanged.connect(lambda *_: self.refresh_calculator())

    def set_editable(self, editable: bool) -> None:
        """A built-in pack is previewed but not changed (copy it first)."""
        self._editable = editable
        self._update_settle()

    def selected_day(self) -> dt.date | None:
        row, col = self.grid.currentRow(), self.grid.currentColumn()
        if row < 0 or col < 0:
            return None
        try:
            return dt.date(self.year.value(), row + 1, col + 1)
        except ValueError:  # 30 February
            return None

    def estimated(self) -> list:
        """The holidays of the shown year the data only estimates (not yet settled)."""
        return [d for d in self._days if d.kind == "holiday" and d.estimated]

    def _info(self, day: dt.date):
        return next((d for d in self._days if d.date == day), None)

    def _settle_selected(self, closed: bool) -> None:
        day = self.selected_day()
        if day is None:
            return
        info = self._info(day)
        name = _plain(info.name) if info and info.name else ""
        if closed:
            self.days_settled.emit([(day, name or "closed", False)])
        else:
            self.days_settled.emit([(day, f"open, not {name}" if name else "open", True)])

    def _confirm_all(self) -> None:
        # One change for the whole year: the form revalidates and the grid redraws once.
        self.days_settled.emit([(d.date, _plain(d.name), False) for d in self.estimated()])

    def _update_settle(self) -> None:
        guesses = self.estimated()
        if guesses:
            self.estimates.setText(
                f"{len(guesses)} holiday(s) of {self.year.value()} are estimated by the holiday "
                "data: select a day to confirm or correct it."
            )
        else:
            self.estimates.setText(f"No estimated holidays in {self.year.value()}.")
        for button in (self.close_day, self.open_day):
            button.setEnabled(self._editable and bool(self._days))
        self.confirm_all.setEnabled(self._editable and bool(guesses))

    def show_draft(self, draft: dict) -> None:
        calendar_same = self._draft is not None and draft.get("calendar") == self._draft.get(
            "calendar"
        )
        self._draft = draft
        # The year grid depends on the calendar alone: redraw its 365 cells only when the
        # calendar changed (each edit of another tab revalidates the whole draft).
        if calendar_same and self._shown_year == self.year.value():
            self.refresh_calculator()
        else:
            self.refresh()

    def _clear_grid(self) -> None:
        self.grid.clearContents()
        self._cells.clear()
        self._cells_year = None

    def refresh(self) -> None:
        self._shown_year = None
        self._days = []
        if self._draft is None:
            self._clear_grid()
            return
        try:
            days = policy_editing.preview_year(self._draft, self.year.value())
        except DomainError as exc:
            self._clear_grid()
            self.days.setPlainText(f"No preview: {exc}")
            self.result.setPlainText("")
            self._update_settle()
            return
        if days and days[0].date.year != self._cells_year:
            self._clear_grid()  # 29 February must not stay from a leap year
            self._cells_year = days[0].date.year
        self._days = days
        notes = []
        for info in days:
            # Redraw only the cells whose day changed: a closure added redraws one cell.
            cell = (info.date.month - 1, info.date.day - 1)
            if self._cells.get(cell) != info:
                self._cells[cell] = info
                kind = "estimated" if info.estimated else info.kind
                item = QTableWidgetItem(info.date.strftime("%a")[:2])
                item.setBackground(QBrush(QColor(KIND_COLOURS[kind])))
                item.setForeground(QBrush(QColor("#202020")))
                item.setToolTip(info.describe())
                self.grid.setItem(*cell, item)
            if info.kind not in ("working", "weekend"):
                notes.append(info.describe())
        self._shown_year = self.year.value()
        self._update_settle()
        working = sum(1 for info in days if info.working)
        self.days.setPlainText(
            "\n".join([f"{working} working days in {self.year.value()}", *notes])
        )
        self.refresh_calculator()

    def refresh_calculator(self) -> None:
        if self._draft is None:
            return
        zone = (self._draft.get("calendar") or {}).get("timezone") or "UTC"
        if zone != self.received.zone:
            self.received.set_zone(zone)
        local = self.received.value()
        if local is None:
            self.result.setPlainText(
                f"No calculation: {self.received.problem() or 'type when the claim was received'}"
            )
            return
        try:
            received = local.replace(tzinfo=ZoneInfo(zone))
            rows = policy_editing.preview_deadlines(
                self._draft, received, self.reason.currentText()
            )
        except (DomainError, ValueError, KeyError) as exc:
            self.result.setPlainText(f"No calculation: {exc}")
            return
        lines: list[str] = []
        for d in rows:
            lines.append(f"{d.label} ({d.name}, {d.set_by}): {d.due}")
            lines += [f"    {line}" for line in d.explanation]
        self.result.setPlainText("\n".join(lines))


def _plain(name: str) -> str:
    """A holiday's name without the data's "(estimated)" mark, as the shop's closure."""
    return " ".join(name.replace("(estimated)", "").split())
