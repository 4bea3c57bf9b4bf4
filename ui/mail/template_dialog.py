"""The shop's wording of the e-mail that carries an issued letter, with a live preview."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from casemanager.services.letters import letter_mail
from ui.base_dialog import BaseDialog

SAMPLE = {
    "customer": "Priya Sharma",
    "letter": "rejection letter",
    "case": "RC-2026-00042",
    "order": "AM-1001",
    "reference": "RC-2026-00042-L7",
}


class MailTemplateDialog(BaseDialog):
    """Edit the text; the preview fills the placeholders with a sample case's values."""

    default_size = (900, 520)

    def __init__(self, ctx: AppContext, shop: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sample = SAMPLE | {"shop": shop or "Your shop"}
        self.setWindowTitle("E-mail text for letters")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("mailTemplate")
        self.editor.setPlainText(letter_mail.mail_template(ctx))
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("mailTemplatePreview")
        self.preview.setReadOnly(True)
        names = "  ".join("{" + name + "}" for name in letter_mail.PLACEHOLDERS)
        hint = QLabel(
            f"Placeholders: {names}. The issued PDF is attached to every mail as it was issued."
        )
        hint.setWordWrap(True)
        self.message = self.error_label("mailTemplateError")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.RestoreDefaults
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.editor.setPlainText(letter_mail.DEFAULT_BODY)
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        panes = QHBoxLayout()
        panes.addWidget(self.editor, 1)
        panes.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(panes, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.editor.textChanged.connect(self.update_preview)
        self.update_preview()

    def update_preview(self) -> None:
        try:
            text = letter_mail.check_template(self.editor.toPlainText())
        except DomainError as exc:
            self.message.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        self.message.clear()
        self.save_button.setEnabled(True)
        self.preview.setPlainText(text.format(**self.sample))

    def save(self) -> bool:
        try:
            letter_mail.save_mail_template(self.ctx, self.editor.toPlainText())
        except DomainError as exc:
            self.message.setText(str(exc))
            return False
        self.accept()
        return True
