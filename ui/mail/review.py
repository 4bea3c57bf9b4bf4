"""Reviewing a customer's mail before it becomes a case (or joins one).

The mail (headers, text, attachments with their guessed evidence kinds) sits
beside the case form filled from it and the live assessment; nothing is stored
until Save. The mail's text is shown as plain text: no HTML, nothing fetched.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casemanager import display
from casemanager.errors import DomainError
from casemanager.services.admin import settings
from casemanager.services.cases import drafts, mail_intake
from casemanager.services.cases.drafts import DraftError
from casemanager.services.context import AppContext
from casemanager.services.evidence import intake
from ui.base_dialog import BaseDialog
from ui.case_form.fields import CaseFields
from ui.case_form.panel import AssessmentPanel

ASSESS_DELAY_MS = 300


class MailReviewDialog(BaseDialog):
    """One mail's draft: Save makes the case; "Add to case" puts the mail in the one it names."""

    case_saved = Signal(str)
    modality = Qt.WindowModality.NonModal
    default_size = (1260, 760)

    def __init__(self, ctx: AppContext, draft: mail_intake.MailDraft, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mail_draft = draft
        self.setObjectName("mailReview")
        self.setWindowTitle(f"Mail from {draft.mail.sender or 'unknown sender'}")
        shop = settings.shop_profile(ctx)
        self.fields = CaseFields(ctx, drafts.pack_choices(), shop.timezone, self)
        self.panel = AssessmentPanel(self)
        self._build()
        self.fields.load(draft.case, drafts.wall_now(ctx, draft.case.zone))
        self._timer = QTimer(self, singleShot=True, interval=ASSESS_DELAY_MS)
        self._timer.timeout.connect(self.refresh_assessment)
        self.fields.changed.connect(self._timer.start)
        self.refresh_assessment()

    # -- construction ---------------------------------------------------------------

    def _build(self) -> None:
        mail = self.mail_draft.mail
        headers = QGroupBox("Mail")
        form = QFormLayout(headers)
        when = self.mail_draft.received_at
        for label, value in (
            ("From", mail.sender),
            ("To", mail.to),
            ("Subject", mail.subject),
            ("Date", display.when(when) if when else "no trustworthy date"),
            ("Message-ID", mail.message_id),
        ):
            field = QLabel(value)  # plain text: a name cannot smuggle markup in
            field.setTextFormat(Qt.TextFormat.PlainText)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}:", field)
        self.notes = QLabel()
        self.notes.setObjectName("mailNotes")
        self.notes.setWordWrap(True)
        lines = list(self.mail_draft.notes)
        if self.mail_draft.existing_case:
            lines.insert(0, f"Belongs to {self.mail_draft.existing_case}: "
                         f"{self.mail_draft.existing_why}")  # fmt: skip
        self.notes.setText("<br>".join(escape(n, quote=False) for n in lines))
        self.notes.setVisible(bool(lines))
        self.text = QPlainTextEdit(mail.body)
        self.text.setObjectName("mailText")
        self.text.setReadOnly(True)
        # The mail is read beside the form: Tab walks the form and its buttons only.
        self.text.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.attachments = QListWidget()
        self.attachments.setObjectName("mailAttachments")
        self.attachments.setMaximumHeight(140)
        self.attachments.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for att in self.mail_draft.attachments:
            size = intake.human_size(att.size)
            if att.refused:
                text = f"✗ {att.name} ({size}): not stored: {att.refused}"
            else:
                text = f"{att.name} ({att.label}, {size}) → {att.kind.replace('_', ' ')}"
            self.attachments.addItem(QListWidgetItem(text))
        self.attachments.addItem(QListWidgetItem("the mail itself → customer communication"))
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(headers)
        column.addWidget(self.notes)
        column.addWidget(self.text, 1)
        column.addWidget(QLabel("<b>Attachments</b> (stored as evidence)"))
        column.addWidget(self.attachments)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.addWidget(self.panel)
        splitter.setSizes([330, 640, 300])
        self.message = self.error_label("reviewMessage")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Save as new case", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveMailCase")
        self.save_button.clicked.connect(self.save)
        self.add_button: QPushButton | None = None
        if self.mail_draft.existing_case:
            self.add_button = self.buttons.addButton(
                f"Add to {self.mail_draft.existing_case}", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.add_button.setObjectName("addMailToCase")
            self.add_button.clicked.connect(self.add_to_existing)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    # -- behaviour --------------------------------------------------------------------

    def draft(self) -> drafts.CaseDraft:
        return self.fields.draft(self.mail_draft.case.evidence)

    def refresh_assessment(self) -> None:
        self.panel.show_view(drafts.assess_draft(self.draft()))

    def _refused(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def save(self) -> str | None:
        """Create the case with the mail and its files; the number, or None when refused."""
        try:
            result = mail_intake.create_case_from_mail(self.ctx, self.mail_draft, self.draft())
        except DraftError as exc:
            self.fields.show_problems(exc.problems)
            self._refused(f"{len(exc.problems)} field(s) to complete before saving.")
            return None
        except DomainError as exc:
            self._refused(str(exc))
            return None
        self.case_saved.emit(result.number)
        self.accept()
        return result.number

    def add_to_existing(self) -> str | None:
        number = self.mail_draft.existing_case
        try:
            result = mail_intake.add_mail_to_case(self.ctx, number, self.mail_draft)
        except DomainError as exc:
            self._refused(str(exc))
            return None
        self.case_saved.emit(result.number)
        self.accept()
        return result.number


def open_mail_files(
    parent: QWidget, ctx: AppContext, paths: list[str], on_saved=None
) -> list[MailReviewDialog]:  # noqa: ANN001 (a slot taking the case number)
    """A review dialog for each mail file; refusals and already-imported mails are said."""

    def read(path: str) -> bytes:
        return intake.read_upload(ctx, Path(path))

    return open_mails(parent, ctx, [(Path(p).name, lambda p=p: read(p)) for p in paths], on_saved)


def open_mails(
    parent: QWidget, ctx: AppContext, mails: list, on_saved=None
) -> list[MailReviewDialog]:  # noqa: ANN001 (a slot taking the case number)
    """A review dialog for each ``(name, read)`` pair, ``read()`` giving the mail's bytes."""
    dialogs, problems = [], []
    for name, read in mails:
        try:
            draft = mail_intake.draft_from_mail(ctx, read())
        except DomainError as exc:
            problems.append(f"{name}: {exc}")
            continue
        if draft.imported_in:
            problems.append(f"{name}: already in case {draft.imported_in}")
            continue
        dialog = MailReviewDialog(ctx, draft, parent)
        if on_saved is not None:
            dialog.case_saved.connect(on_saved)
        dialog.show()
        dialogs.append(dialog)
    if problems:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Import mail", "\n".join(problems), parent=parent
        )
        box.setObjectName("mailImportProblems")
        box.open()  # not exec(): the review dialogs opened beside it stay usable
    return dialogs
