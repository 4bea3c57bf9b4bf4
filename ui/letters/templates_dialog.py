"""LetterTemplatesDialog: the shop edits the wording of its letters; each save is a new version."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from casemanager.services.letters import issuing
from ui.base_dialog import BaseDialog

PARTIAL_LABELS = {
    "next_steps_appeal": "Rejection: what you can do next (appeal allowed)",
    "next_steps_final": "Rejection: what you can do next (no appeal)",
}


class LetterTemplatesDialog(BaseDialog):
    """Pick a template, edit its text, save; a bad placeholder is named and nothing is lost."""

    template_saved = Signal(str, str)  # name, version
    default_size = (760, 620)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Letter wording")
        self.name_box = QComboBox(self)
        for name in issuing.template_names():
            self.name_box.addItem(issuing.KIND_LABELS.get(name) or PARTIAL_LABELS[name], name)
        self.editor = QPlainTextEdit(self)
        self.editor.setFont(QFont("DejaVu Sans Mono", 10))
        self.fields = QLabel(self)
        self.fields.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.save_button = QPushButton("&Save as new version", self)
        close = QPushButton("Close", self)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        self.name_box.currentIndexChanged.connect(self.load)

        top = QHBoxLayout()
        top.addWidget(QLabel("Template:", self))
        top.addWidget(self.name_box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.fields)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.load()

    @property
    def name(self) -> str:
        return self.name_box.currentData()

    def load(self) -> None:
        info = issuing.template_info(self.ctx, self.name)
        self.editor.setPlainText(info.text)
        self.fields.setText(
            "Placeholders: " + ", ".join(f"{{{f}}}" for f in info.fields)
            + ". A paragraph that is only [[reasons]], [[facts]] or [[explanation]] "
            "is replaced by that block. Write {{ and }} for literal braces."
        )  # fmt: skip
        self.status.setText(f"Version in use: {info.version}")

    def save(self) -> None:
        try:
            saved = issuing.save_template(self.ctx, self.name, self.editor.toPlainText())
        except DomainError as exc:
            # The text stays in the editor, so nothing the user typed is lost.
            self.status.setText(f"Not saved: {exc.message}")
            return
        self.status.setText(f"Saved as version {saved.version}; new letters use it.")
        self.template_saved.emit(self.name, saved.version)
