"""LetterPreviewDialog: see a letter as it will be issued, issue it, print it, save it.

Rendering and issuing run off the GUI thread (ReportLab takes tens of
milliseconds, the first time about a second for the fonts). An issued letter
is shown from its stored bytes, exactly as sent.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from casemanager.services.letters import issuing, printing
from ui import file_dialogs
from ui.base_dialog import BaseDialog
from ui.workers import run_in_background

MAX_PRINT_DPI = 600  # a page image at the printer's full 1200 dpi would take ~0.5 GB


class LetterPreviewDialog(BaseDialog):
    """Preview of one case's letter; Issue stores it immutably (and notifies for decisions)."""

    preview_rendered = Signal()
    letter_issued = Signal(int)
    render_failed = Signal(str)
    default_size = (820, 900)

    def __init__(
        self, ctx: AppContext, case_number: str, kind: str | None = None,
        parent: QWidget | None = None, issued_id: int | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx = ctx
        self.case_number = case_number
        self.pdf = b""
        self.issued_id = issued_id
        self.setWindowTitle(f"Letter — {case_number}")
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None

        self.kind_box = QComboBox(self)
        kinds = issuing.available_kinds(self.ctx, case_number) if issued_id is None else []
        for k in kinds:
            self.kind_box.addItem(issuing.KIND_LABELS[k], k)
        if kind is not None and kind in kinds:
            self.kind_box.setCurrentIndex(kinds.index(kind))
        self.kind_box.currentIndexChanged.connect(self.refresh)
        self.kind_box.setVisible(issued_id is None)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel("Rendering…", self)
        self.status.setWordWrap(True)

        self.issue_button = QPushButton("&Issue…", self)
        self.print_button = QPushButton("&Print…", self)
        self.print_preview_button = QPushButton("Print pre&view…", self)
        self.save_button = QPushButton("&Save as PDF…", self)
        self.eml_button = QPushButton("Save as e-mail draft…", self)
        self.eml_button.setEnabled(False)  # only an issued letter goes out by mail
        self.eml_button.clicked.connect(self.save_eml)
        self.mail_text_button = QPushButton("E-mail te&xt…", self)
        self.mail_text_button.setToolTip("The shop's wording of the mail that carries a letter")
        self.mail_text_button.clicked.connect(self.edit_mail_text)
        self.settings_button = QPushButton("Open Se&ttings…", self)
        self.settings_button.hide()
        self.settings_button.clicked.connect(self.open_settings)
        close = QPushButton("Close", self)
        self.issue_button.clicked.connect(self.issue_letter)
        self.print_button.clicked.connect(self.print_letter)
        self.print_preview_button.clicked.connect(self.print_preview)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel("Letter:", self))
        top.addWidget(self.kind_box, 1)
        buttons = QHBoxLayout()
        for b in (
            self.issue_button,
            self.print_button,
            self.print_preview_button,
            self.save_button,
            self.settings_button,
            self.eml_button,
            self.mail_text_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._set_busy(True)
        if issued_id is not None:
            self._show_issued(issued_id)
        elif not kinds:
            self.status.setText("No letter can be written for this case yet.")
        else:
            self.refresh()

    @property
    def kind(self) -> str | None:
        return self.kind_box.currentData()

    def _set_busy(self, busy: bool) -> None:
        ready = not busy and bool(self.pdf)
        self.issue_button.setEnabled(ready and self.issued_id is None)
        for b in (self.print_button, self.print_preview_button, self.save_button):
            b.setEnabled(ready)

    def refresh(self) -> None:
        """Render the chosen letter in the background."""
        kind = self.kind
        if kind is None:
            return
        self._set_busy(True)
        self.status.setText("Rendering…")
        ctx, number = self.ctx, self.case_number
        run_in_background(
            ctx,
            lambda: issuing.preview(ctx, number, kind),
            self._rendered,
            self._failed,
            owner=self,
        )

    def _rendered(self, result) -> None:  # noqa: ANN001 (RenderResult)
        self._load(result.pdf)
        note = f"{result.pages} page(s). Preview: nothing is stored until you issue it."
        if result.missing:
            note += f" No font can draw these characters: {''.join(sorted(result.missing))}"
        self.status.setText(note)
        self._set_busy(False)
        self.preview_rendered.emit()

    def _failed(self, exc: Exception) -> None:
        message = getattr(exc, "message", None) or str(exc)
        self.status.setText(f"Cannot write this letter: {message}")
        self.pdf = b""
        self._set_busy(False)
        self.render_failed.emit(message)

    def _load(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)

    def _show_issued(self, letter_id: int) -> None:
        self._load(issuing.letter_pdf(self.ctx, letter_id))
        self.issued_id = letter_id
        self.status.setText(f"Issued letter {letter_id}: the exact bytes sent.")
        self._set_busy(False)
        self.eml_button.setEnabled(True)

    def save_eml(self) -> None:
        """The issued letter as a mail draft to the customer, opened in the mail program."""
        from ui.letters.mail_draft import save_letter_draft

        save_letter_draft(self, self.ctx, self.issued_id, self.case_number)

    def edit_mail_text(self) -> None:
        from casemanager.services.admin import settings
        from ui.mail.template_dialog import MailTemplateDialog

        self.mail_text_dialog = MailTemplateDialog(
            self.ctx, settings.shop_profile(self.ctx).name, self
        )
        self.mail_text_dialog.show()

    def confirm_issue(self) -> bool:
        label = issuing.KIND_LABELS.get(self.kind or "", "letter")
        answer = QMessageBox.question(
            self,
            "Issue letter",
            f"Issue this {label.lower()} for {self.case_number}? An issued letter cannot be "
            "changed; a correction is a new letter.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_again(self, message: str) -> bool:
        answer = QMessageBox.question(self, "Issue again", f"{message}\n\nIssue it again?")
        return answer == QMessageBox.StandardButton.Yes

    def issue_letter(self, again: bool = False) -> None:
        kind = self.kind
        if kind is None or (not again and not self.confirm_issue()):
            return
        self._set_busy(True)
        self.settings_button.hide()
        self.status.setText("Issuing…")
        ctx, number = self.ctx, self.case_number
        run_in_background(
            ctx,
            lambda: issuing.issue(ctx, number, kind, again=again),
            self._issued,
            self._issue_failed,
            owner=self,
        )

    def _issue_failed(self, exc: Exception) -> None:
        """Name what is missing (with a way to Settings), or ask before issuing again."""
        self._set_busy(False)
        if isinstance(exc, issuing.LetterAlreadyIssued):
            self.status.setText(exc.message)
            if self.confirm_again(exc.message):
                self.issue_letter(again=True)
            return
        if isinstance(exc, issuing.LetterIncomplete):
            self.status.setText(exc.message)
            self.settings_button.show()
            self.render_failed.emit(exc.message)
            return
        self._failed(exc)
        self.refresh()  # the preview stays on screen after a refused issue

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog  # noqa: PLC0415 (opened on demand)

        dialog = SettingsDialog(self.ctx, self)
        dialog.settings_saved.connect(self.settings_button.hide)
        dialog.open()

    def _issued(self, issued) -> None:  # noqa: ANN001 (IssuedLetter)
        self._show_issued(issued.id)
        self.kind_box.setEnabled(False)
        if issued.notified:
            self.status.setText(self.status.text() + " The customer is recorded as notified.")
        self.letter_issued.emit(issued.id)

    # Printing: each PDF page as an image drawn into the printer's painter.
    def print_to(self, printer: QPrinter) -> int:
        """Print every page to ``printer``; returns the number of pages printed."""
        pages = self.document.pageCount()
        painter = QPainter()
        if pages == 0 or not painter.begin(printer):
            return 0
        try:
            for index in range(pages):
                if index:
                    printer.newPage()
                target = painter.viewport()
                dpi = min(printer.resolution(), MAX_PRINT_DPI)
                points = self.document.pagePointSize(index)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(index, size)
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
        finally:
            painter.end()
        return pages

    def send(self, printer: QPrinter) -> str:
        """Keep the letter as it is: a print to a PDF file writes the exact bytes, a CUPS
        printer gets the PDF itself; only elsewhere are pages drawn (at printer resolution).
        Returns how it was sent: 'file', 'cups' or 'raster'."""
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            self.save_to(Path(printer.outputFileName()))
            return "file"
        if printing.cups_available() and printer.printerName():
            printing.send_pdf(
                self.pdf, printer.printerName(), printer.copyCount(), self.case_number
            )
            return "cups"
        self.print_to(printer)
        return "raster"

    def print_letter(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                how = self.send(printer)
            except DomainError as exc:
                QMessageBox.warning(self, "Print letter", exc.message)
                return
            self.status.setText(f"Sent to the printer ({how}).")

    def print_preview(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.paintRequested.connect(self.print_to)
        dialog.exec()

    def save_to(self, path: Path) -> None:
        Path(path).write_bytes(self.pdf)

    def save_as(self) -> None:
        name = f"{self.case_number}-{self.kind or 'letter'}.pdf"
        path = file_dialogs.save_file(self, "Save letter", name, "PDF (*.pdf)")
        if path:
            try:
                self.save_to(Path(path))
            except OSError as exc:
                QMessageBox.warning(self, "Save letter", f"Cannot write {path}: {exc}")
