"""Light and dark palettes following the system, the deadline band and error colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from casemanager.domain import Band

# Text colours of the countdown column per band, readable on either palette.
BAND_COLOURS = {
    False: {
        Band.OVERDUE: "#c62828",
        Band.UNDER_4H: "#d84315",
        Band.UNDER_DAY: "#b26a00",
        Band.AMPLE: "#2e7d32",
    },
    True: {
        Band.OVERDUE: "#ff6b6b",
        Band.UNDER_4H: "#ff9e64",
        Band.UNDER_DAY: "#ffd166",
        Band.AMPLE: "#7bd88f",
    },
}


# Refusals and per-field problems; the overdue band's red, so "wrong" looks one way.
ERROR_COLOURS = {False: BAND_COLOURS[False][Band.OVERDUE], True: BAND_COLOURS[True][Band.OVERDUE]}


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def band_colour(band: Band | None) -> QColor | None:
    if band is None:
        return None
    return QColor(BAND_COLOURS[is_dark()][band])


def error_colour() -> str:
    """The text colour of error messages on the current palette."""
    return ERROR_COLOURS[is_dark()]


def error_style() -> str:
    """Style sheet of a label that shows what was refused or needs correcting."""
    return f"color: {error_colour()};"


def _dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#26282b")),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Highlight, QColor("#3574f0")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.PlaceholderText, QColor("#8c8f94")),
        (QPalette.ColorRole.Link, QColor("#589df6")),
    ):
        p.setColor(role, colour)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6f737a"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6f737a"))
    return p


def apply(app: QApplication) -> None:
    """Use Fusion with a palette matching the system's scheme, and follow its changes."""
    app.setStyle("Fusion")

    def update(*_args) -> None:
        app.setPalette(_dark_palette() if is_dark() else app.style().standardPalette())

    update()
    if not getattr(app, "_casemanager_theme_connected", False):
        app.styleHints().colorSchemeChanged.connect(update)
        app._casemanager_theme_connected = True  # type: ignore[attr-defined]
