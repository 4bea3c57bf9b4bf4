"""Work deferred to the list's first paint still runs when that paint does not come."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui import first_paint


def test_work_runs_after_the_first_paint_once(qtbot):
    """The counts started twice, or never, after the list was drawn."""
    widget = QWidget()
    qtbot.addWidget(widget)
    ran: list[str] = []
    first_paint.after_first_paint(widget, lambda: ran.append("counts"))
    widget.show()
    qtbot.waitUntil(lambda: ran == ["counts"], timeout=first_paint.LATEST_MS // 2)
    qtbot.wait(first_paint.LATEST_MS)
    assert ran == ["counts"]


def test_work_runs_even_if_the_widget_is_never_painted(qtbot):
    """A window started minimised never showed its counts or answered a second launch."""
    widget = QWidget()
    qtbot.addWidget(widget)  # never shown: never painted
    ran: list[str] = []
    first_paint.after_first_paint(widget, lambda: ran.append("listener"))
    qtbot.waitUntil(lambda: ran == ["listener"], timeout=first_paint.LATEST_MS * 2)
