"""Work that waits for a widget's first paint, so start-up shows the list first.

A widget that is not painted soon (the window started minimised, another tab shown
first) does not hold the work back for ever: it runs after ``LATEST_MS`` anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LATEST_MS = 3000


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, steps: tuple[Callable[[], None], ...]) -> None:
        super().__init__(widget)
        self.widget, self.steps = widget, steps
        self.done = False
        widget.installEventFilter(self)
        QTimer.singleShot(LATEST_MS, self, self._run)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if obj is self.widget and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is on the screen
        return False

    def _run(self) -> None:
        if self.done:  # painted first, then the latest time came (or the other way round)
            return
        self.done = True
        self.widget.removeEventFilter(self)
        for step in self.steps:
            step()
        self.deleteLater()


def after_first_paint(widget: QWidget, *steps: Callable[[], None]) -> None:
    """Run ``steps`` in order, on the GUI thread, just after ``widget`` first paints."""
    _FirstPaint(widget, steps)
