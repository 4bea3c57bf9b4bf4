"""BaseDialog: what every dialog of the application shares.

Each dialog class remembers its size and place (QSettings, one key per class,
as the main window remembers its layout), opens window-modal unless the class
says otherwise, and shows refusals in one error-label style from the theme.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from ui import theme


class BaseDialog(QDialog):
    """A dialog that comes back where the user left it; ``error_label`` for refusals."""

    # Blocks its own window only: other windows (and other open cases) stay usable.
    modality = Qt.WindowModality.WindowModal
    default_size: tuple[int, int] | None = None  # first opening, before anything is remembered
    geometry_key: str | None = None  # default: dialogs/<class name>/geometry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowModality(self.modality)
        if self.default_size is not None:
            self.resize(*self.default_size)
        self._geometry_restored = False
        self._return_focus: QWidget | None = None

    @classmethod
    def settings_key(cls) -> str:
        return cls.geometry_key or f"dialogs/{cls.__name__}/geometry"

    def error_label(self, object_name: str = "error") -> QLabel:
        """A word-wrapped label in the error style, for the dialog's refusals.

        It keeps a line's height whether shown or hidden, so a one-line refusal
        appearing does not push the buttons away from under the pointer.
        """
        label = QLabel(self)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setStyleSheet(theme.error_style())
        label.setMinimumHeight(label.fontMetrics().lineSpacing() + 2)
        policy = label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        label.setSizePolicy(policy)
        return label

    # -- remembered geometry ------------------------------------------------------

    def restore_geometry(self) -> bool:
        """Back to the remembered size and place; False when there is none."""
        geometry = QSettings().value(self.settings_key())
        return (
            isinstance(geometry, QByteArray)
            and not geometry.isEmpty()
            and self.restoreGeometry(geometry)
        )

    def save_geometry(self) -> None:
        QSettings().setValue(self.settings_key(), self.saveGeometry())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        # Restored on the first show, when the subclass has built its whole layout.
        if not self._geometry_restored:
            self._geometry_restored = True
            self.restore_geometry()
        focused = QApplication.focusWidget()  # where the keyboard goes back to on close
        if focused is not None and focused.window() is not self:
            self._return_focus = focused
        super().showEvent(event)

    def done(self, result: int) -> None:
        # OK, Cancel, Escape and the close box all end here.
        self.save_geometry()
        super().done(result)
        self.return_focus()

    def return_focus(self) -> None:
        """Give the keyboard back to where it was (else the parent window), so the window's
        shortcuts work at once and not only after a click."""
        parent = self.parentWidget()
        candidates = [self._return_focus, parent, parent.window() if parent else None]
        for target in candidates:
            try:
                usable = target is not None and target.isVisible() and target.isEnabled()
            except RuntimeError:  # deleted meanwhile
                usable = False
            if usable:
                target.window().activateWindow()
                target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
                return
