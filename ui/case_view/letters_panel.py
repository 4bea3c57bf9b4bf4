"""Letters of one case: the issued ones (immutable) and writing a new one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.services.context import AppContext
from casemanager.services.letters import issuing
from casemanager.services.lifecycle import next_step
from ui import formatting
from ui.letters import LetterPreviewDialog


class LettersPanel(QWidget):
    letter_issued = Signal(int)

    def __init__(self, ctx: AppContext, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone: str | None = None  # the case's policy zone, once the case view knows it
        self.ctx = ctx
        self.number = case_number
        self.dialog: LetterPreviewDialog | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("issuedLetters")
        self.list.itemActivated.connect(self._open_item)
        self.write_button = QPushButton("&Write letter…", self)
        self.write_button.setObjectName("writeLetter")
        self.write_button.clicked.connect(lambda: self.write())
        self.open_button = QPushButton("&Open issued", self)
        self.open_button.clicked.connect(lambda: self._open_item(self.list.currentItem()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for letter in issuing.list_letters(self.ctx, self.number):
            when = formatting.when(letter.issued_at, self.zone)
            label = issuing.KIND_LABELS.get(letter.kind, letter.kind)
            item = QListWidgetItem(
                f"{when}  {label}  ·  {letter.issued_by}  ·  {letter.sha256[:12]}…"
            )
            item.setData(Qt.ItemDataRole.UserRole, letter.id)
            item.setToolTip(formatting.tooltip(letter.issued_at, self.zone))
            self.list.addItem(item)
        self.open_button.setEnabled(self.list.count() > 0)
        self.write_button.setEnabled(bool(issuing.available_kinds(self.ctx, self.number)))

    def write(self, kind: str | None = None) -> LetterPreviewDialog:
        """Preview a new letter (Ctrl+P in the case view); issuing it refreshes the case.

        Without ``kind`` it opens on the letter the case's state needs now.
        """
        if kind is None:
            kind = next_step.letter_to_write(self.ctx, self.number)
        dialog = LetterPreviewDialog(self.ctx, self.number, kind, self)
        dialog.letter_issued.connect(self._issued)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        letter_id = item.data(Qt.ItemDataRole.UserRole)
        self.dialog = LetterPreviewDialog(self.ctx, self.number, parent=self, issued_id=letter_id)
        self.dialog.open()

    def _issued(self, letter_id: int) -> None:
        self.refresh()
        self.letter_issued.emit(letter_id)
