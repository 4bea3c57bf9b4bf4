"""The bar a case form shows when another seat saved the case after the form was opened."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from ui import theme


class StaleBar(QFrame):
    """What changed and by whom, and the two ways on: reload the case or keep these values."""

    reload_requested = Signal()
    keep_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("staleBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(self)
        self.text.setObjectName("staleText")
        self.text.setWordWrap(True)
        self.text.setStyleSheet(theme.error_style())
        self.reload = QPushButton("Reload", self)
        self.reload.setObjectName("staleReload")
        self.reload.setToolTip("Show the case as it is now saved; what you typed is dropped")
        self.keep = QPushButton("Keep my values", self)
        self.keep.setObjectName("staleKeep")
        self.keep.setToolTip("Save what this form shows over the other change")
        self.reload.clicked.connect(self.reload_requested)
        self.keep.clicked.connect(self.keep_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.reload)
        layout.addWidget(self.keep)
        self.hide()

    def show_change(self, sentence: str) -> None:
        self.text.setText(sentence)
        self.show()
