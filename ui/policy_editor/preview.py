"""Calendar preview: a year of the draft's calendar, and a deadline calculator."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.admin import policy_editing

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
    """Year grid (months by days) with names and official/estimated, then the calculator."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPreview")
        self._draft: dict | None = None
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
        self.received = QDateTimeEdit(self)
        self.received.setObjectName("calcReceived")
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received.setDateTime(QDateTime(dt.datetime(2026, 2, 13, 20, 0)))
        self.reason = QComboBox(self)
        self.reason.setObjectName("calcReason")
        self.reason.addItems(list(policy_editing.CHOICES["reasons"]))
        self.reason.setCurrentText("invalid_code")
        self.result = QPlainTextEdit(self)
        self.result.setObjectName("calcResult")
        self.result.setReadOnly(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Year"))
        top.addWidget(self.year)
        top.addWidget(self.legend, 1)
        calc = QHBoxLayout()
        calc.addWidget(QLabel("A claim received at"))
        calc.addWidget(self.received)
        calc.addWidget(QLabel("(pack's time zone) for reason"))
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
        layout.addWidget(split, 1)
        self.year.valueChanged.connect(lambda *_: self.refresh())
        self.received.dateTimeChanged.connect(lambda *_: self.refresh_calculator())
        self.reason.currentTextChanged.connect(lambda *_: self.refresh_calculator())

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

    def refresh(self) -> None:
        self.grid.clearContents()
        self._shown_year = None
        if self._draft is None:
            return
        try:
            days = policy_editing.preview_year(self._draft, self.year.value())
        except DomainError as exc:
            self.days.setPlainText(f"No preview: {exc}")
            self.result.setPlainText("")
            return
        notes = []
        for info in days:
            kind = "estimated" if info.estimated else info.kind
            item = QTableWidgetItem(info.date.strftime("%a")[:2])
            item.setBackground(QBrush(QColor(KIND_COLOURS[kind])))
            item.setForeground(QBrush(QColor("#202020")))
            item.setToolTip(info.describe())
            self.grid.setItem(info.date.month - 1, info.date.day - 1, item)
            if info.kind not in ("working", "weekend"):
                notes.append(info.describe())
        self._shown_year = self.year.value()
        working = sum(1 for info in days if info.working)
        self.days.setPlainText(
            "\n".join([f"{working} working days in {self.year.value()}", *notes])
        )
        self.refresh_calculator()

    def refresh_calculator(self) -> None:
        if self._draft is None:
            return
        zone = (self._draft.get("calendar") or {}).get("timezone") or "UTC"
        local = self.received.dateTime().toPython()
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
