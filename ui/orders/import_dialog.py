"""File ▸ Import Orders: preview what a file adds and changes, then import it in the background."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from casemanager.services.orders import importing, mappings
from ui import file_dialogs
from ui.base_dialog import BaseDialog
from ui.workers import run_in_background

ZONES = ("", "UTC", "Asia/Kolkata", "Asia/Shanghai", "Europe/Berlin", "America/New_York")


class OrderImportDialog(BaseDialog):
    """Reads the file once for a preview (nothing written), then imports on request."""

    default_size = (560, 380)

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.report: importing.ImportReport | None = None
        self._cancel = threading.Event()
        self.setWindowTitle(f"Import orders: {path.name}")
        self.summary = QLabel("Reading the file…")
        self.summary.setObjectName("orderPreview")
        self.summary.setWordWrap(True)
        self.zone = QComboBox(editable=True)
        self.zone.setObjectName("orderZone")
        self.zone.addItems(ZONES)
        self.zone.setItemText(0, "")
        self.zone.setToolTip("The zone of times the file gives without one (default: the shop's)")
        self.zone.activated.connect(lambda _i: self.start_preview())
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.message = self.error_label("orderImportError")
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("importOrders")
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.map_button = QPushButton("Map columns…")
        self.map_button.setObjectName("mapColumns")
        self.map_button.setToolTip("Say which column holds what, for files no reader knows")
        self.buttons.addButton(self.map_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.map_button.hide()  # after adding: the button box shows what it is given
        self.map_button.clicked.connect(self.map_columns)
        self.mapping_dialog = None
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel)
        form = QFormLayout()
        form.addRow("Times without a zone in", self.zone)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._busy = False

    def _zone(self) -> str | None:
        return self.zone.currentText().strip() or None

    def _run(self, service, on_success) -> None:
        self._busy = True
        self._cancel.clear()
        self.import_button.setEnabled(False)
        self.message.clear()
        path, zone, cancel = self.path, self._zone(), self._cancel

        def work(progress):
            return service(self.ctx, path, zone=zone, progress=progress, cancelled=cancel.is_set)

        run_in_background(self.ctx, work, on_success, self._failed, self._progressed, owner=self)

    def start_preview(self) -> None:
        self.summary.setText("Reading the file…")
        self._run(importing.preview_import, self._previewed)

    def start_import(self) -> None:
        self.summary.setText(self.summary.text() + "\n\nImporting…")
        self._run(importing.import_orders, self._imported)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(int(1000 * done / total) if total else 1000)

    def _previewed(self, preview: importing.ImportPreview) -> None:
        self._busy = False
        self.summary.setText(describe(preview, done=False))
        self.map_button.setVisible(preview.format == "mapped")
        news = preview.added + preview.changed + preview.keys_attached + preview.disputes_attached
        self.import_button.setEnabled(news > 0)

    def _imported(self, report: importing.ImportReport) -> None:
        self._busy = False
        self.report = report
        self.summary.setText(describe(report, done=True))
        self.cancel_button.setText("Close")
        parent = self.parent()
        if parent is not None and hasattr(parent, "refresh"):
            parent.refresh()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.progress.setValue(0)
        text = str(exc) if isinstance(exc, DomainError) else f"Unexpected problem: {exc}"
        self.message.setText(f"Nothing was written. {text}")
        if isinstance(exc, mappings.UnknownExport):
            self.summary.setText("Choose Map columns… to say which column holds what.")
            self.map_button.show()

    def map_columns(self) -> None:
        """The mapping dialog; once saved, the preview reads the file through it."""
        from ui.orders.mapping_dialog import ColumnMappingDialog

        try:
            self.mapping_dialog = ColumnMappingDialog(self.ctx, self.path, self)
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.mapping_dialog.mapping_saved.connect(lambda _s: self.start_preview())
        self.mapping_dialog.show()

    def cancel(self) -> None:
        if self._busy:
            self._cancel.set()  # the job stops at its next row and rolls back
            return
        self.reject()


def describe(result: importing.ImportPreview, done: bool) -> str:
    verb = ("added", "changed") if done else ("to add", "to change")
    lines = [
        f"{result.format_label} — {result.path}",
        f"Orders {verb[0]}: {result.added}; {verb[1]}: {result.changed}; "
        f"already here: {result.unchanged}; not sales (skipped): {result.skipped}",
    ]
    if result.zone:
        lines.append(f"Times without a zone read in {result.zone}.")
    if result.keys_attached or result.keys_unmatched:
        lines.append(
            f"Licence keys matched to orders: {result.keys_attached}; "
            f"without an imported order: {result.keys_unmatched}"
        )
    if result.disputes_attached or result.disputes_unmatched:
        lines.append(
            f"Disputes {'recorded' if done else 'to record'} on payments: "
            f"{result.disputes_attached}; of payments not imported: {result.disputes_unmatched}"
            + ("  (Find Orders… › Case from this dispute)" if done and result.disputes else "")
        )
    for change in result.changes[:8]:
        lines.append(f"• {change.order_id} line {change.line_id}: {', '.join(change.fields)}")
    if not done:
        lines.append("\nNothing is written until you choose Import (one transaction).")
    return "\n".join(lines)


def import_orders_file(parent: QWidget, ctx: AppContext, path: Path | None = None):
    """Ask for the export file, then open the preview dialog on it."""
    if path is None:
        chosen = file_dialogs.open_file(
            parent, "Import orders", "Order exports (*.csv *.txt *.tsv);;All files (*)"
        )
        if not chosen:
            return None
        path = Path(chosen)
    dialog = OrderImportDialog(ctx, path, parent)
    dialog.show()
    dialog.start_preview()
    return dialog
