"""Layouts remembered per screen size: a window, its splitters and its columns.

A layout left on a 1920 × 1080 monitor does not fit a 1280 × 800 laptop, so each
saved state is kept under the size of the screen the widget is shown on and
comes back only on a screen of that size.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def screen_size(widget: QWidget | None = None) -> str:
    """'1280x800': the available size of the widget's screen (else the primary one)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return "0x0"
    size = screen.availableGeometry().size()
    return f"{size.width()}x{size.height()}"


def key(name: str, widget: QWidget | None = None) -> str:
    return f"layout/{screen_size(widget)}/{name}"


def save(name: str, widget: QWidget, state: QByteArray) -> None:
    QSettings().setValue(key(name, widget), state)


def restore(name: str, widget: QWidget) -> QByteArray | None:
    """The state saved for this screen size, or None."""
    state = QSettings().value(key(name, widget))
    if isinstance(state, QByteArray) and not state.isEmpty():
        return state
    return None
