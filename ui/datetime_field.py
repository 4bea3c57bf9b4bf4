"""Fields every form shares: a typed-or-picked date and time with its zone, a problem line.

``DateTimeField`` reads what a person types (``2026-11-28 10:00``, ``28/11/2026``,
``today``, ``yesterday 14:30``, see ``casemanager.display.parse_typed``), offers a
calendar, and shows the zone its wall time is in beside it. ``ProblemLabel`` is a
one-line error text of fixed height: showing or clearing a problem never moves
the fields around it (the full text is in its tooltip when it does not fit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from casemanager import display
from casemanager.errors import DomainError
from ui import theme


class ProblemLabel(QLabel):
    """An error line that always takes its height, shown or not; long text is elided."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setStyleSheet(theme.error_style())
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_problem(self, message: str) -> None:
        self._full = message
        self.setToolTip(message)
        self._elide()

    def problem(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(20, self.width())
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


class DateTimeField(QWidget):
    """A wall-clock date and time in ``zone``; an optional one may be left empty."""

    changed = Signal()

    def __init__(
        self,
        optional: bool = False,
        zone: str = "UTC",
        now_wall: Callable[[], dt.datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self.zone = zone
        self._now_wall = now_wall or (lambda: dt.datetime.now().replace(microsecond=0))
        self.edit = QLineEdit(self)
        hint = "e.g. 28/11/2026 10:00, today, yesterday 14:30"
        self.edit.setPlaceholderText(("unknown; " if optional else "") + hint)
        self.edit.setToolTip(
            f"Type a date and time ({display.TYPED_EXAMPLES}), or Alt+Down for a calendar"
        )
        # Wide enough for the longest time the desk writes, so nothing is cut off.
        widest = display.wall(dt.datetime(2026, 9, 30, 23, 59))
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(widest) + 24)
        self.pick = QToolButton(self)
        self.pick.setText("\u25be")  # a small drop-down mark: the calendar opens below
        self.pick.setToolTip("Pick the date from a calendar")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # Off the Tab chain: from the keyboard, Alt+Down in the field opens the calendar.
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar = QCalendarWidget()
        menu = QMenu(self.pick)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._calendar_opens)
        self.pick.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        self.zone_label = QLabel(self)
        self.zone_label.setObjectName("zoneLabel")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        row.addWidget(self.zone_label)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.installEventFilter(self)
        self._show_zone()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.pick.showMenu()
            return True
        return super().eventFilter(watched, event)

    # -- value ------------------------------------------------------------------

    def _read(self) -> tuple[dt.datetime | None, str]:
        typed = self.edit.text().strip()
        if not typed:
            return None, ""
        try:
            return display.parse_typed(typed, self._now_wall()), ""
        except display.TypedDateError as exc:
            return None, exc.message

    def value(self) -> dt.datetime | None:
        """The wall time typed (naive, in ``zone``), or None when empty or unreadable."""
        return self._read()[0]

    def problem(self) -> str:
        """Why the typed text is not a date ('' when it is one or the field is empty)."""
        return self._read()[1]

    def set_value(self, value: dt.datetime | None, default: dt.datetime | None = None) -> None:
        """Show ``value`` (or ``default`` for a required field left without one)."""
        shown = value if value is not None or self.optional else default
        self.edit.setText(display.wall(shown) if shown is not None else "")
        self._show_zone()

    def set_instant(self, instant: dt.datetime) -> None:
        """Show an aware instant as the wall time it is in this field's zone."""
        local = instant.astimezone(display.zone_of(self.zone))
        self.set_value(local.replace(tzinfo=None), None)

    def instant(self, field: str = "") -> dt.datetime:
        """The aware instant typed; DomainError naming ``field`` when there is none."""
        wall, problem = self._read()
        if wall is None:
            raise DomainError(problem or "a date and time is needed", field or None)
        return wall.replace(tzinfo=display.zone_of(self.zone))

    def set_zone(self, zone: str) -> None:
        self.zone = zone
        self._show_zone()

    # -- reactions ----------------------------------------------------------------

    def _show_zone(self) -> None:
        try:
            at = self.value() or self._now_wall()
            local = at.replace(tzinfo=display.zone_of(self.zone))
            self.zone_label.setText(display.zone_text(local))
            self.zone_label.setToolTip(f"Times in {self.zone}")
        except (KeyError, ValueError, OverflowError):  # an unknown zone is the form's problem
            self.zone_label.setText(self.zone)

    def _tidy(self) -> None:
        """Once the field is left, a readable entry is rewritten as the desk writes times."""
        value = self.value()
        if value is not None:
            text = display.wall(value)
            if text != self.edit.text():
                self.edit.setText(text)
        self._show_zone()

    def _calendar_opens(self) -> None:
        at = self.value() or self._now_wall()
        self.calendar.setSelectedDate(QDate(at.year, at.month, at.day))

    def _picked(self, date: QDate) -> None:
        current = self.value()
        at = current.time() if current is not None else dt.time(0, 0)
        self.edit.setText(display.wall(dt.datetime.combine(date.toPython(), at)))
        self.pick.menu().hide()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_zone()
