"""Work that waits for a widget's first paint, so start-up shows the list first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, steps: tuple[Callable[[], None], ...]) -> None:
        super().__init__(widget)
        self.widget, self.steps = widget, steps
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if obj is self.widget and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is on the screen
        return False

    def _run(self) -> None:
        for step in self.steps:
            step()
        self.deleteLater()


def after_first_paint(widget: QWidget, *steps: Callable[[], None]) -> None:
    """Run ``steps`` in order, on the GUI thread, just after ``widget`` first paints."""
    _FirstPaint(widget, steps)
