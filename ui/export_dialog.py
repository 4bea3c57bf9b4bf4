"""Export cases as a case-file bundle: choose the file, watch the progress, cancel.

The export runs in the thread pool (services.files.bundles.export_cases on the
worker's own connection); the progress dialog's Cancel sets a flag the export
polls between 1 MiB chunks, and a cancelled export leaves no file behind.
The main window hooks ``export_cases`` to Ctrl+E.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from casemanager.services.context import AppContext
from casemanager.services.files import bundles
from ui import file_dialogs
from ui.workers import run_in_background

STEPS = 1000  # the dialog's range; byte counts can pass a C int


class ExportRun(QObject):
    """One export in progress; ``finished`` carries the written path, or None."""

    finished = Signal(object)

    def __init__(self, parent: QWidget, ctx: AppContext, numbers: list[str], out: Path) -> None:
        super().__init__(parent)
        self.ctx, self.numbers, self.out = ctx, list(numbers), Path(out)
        self._cancel = threading.Event()
        self.message: QMessageBox | None = None
        self.progress = QProgressDialog(
            f"Exporting {self._what()} to {self.out.name}…", "Cancel", 0, STEPS, parent
        )
        self.progress.setWindowTitle("Export case file")
        self.progress.setMinimumWidth(420)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)  # a quick export shows no dialog at all
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)

    def _what(self) -> str:
        return self.numbers[0] if len(self.numbers) == 1 else f"{len(self.numbers)} cases"

    def cancel(self) -> None:
        self._cancel.set()
        self.progress.setLabelText("Cancelling…")

    def start(self) -> None:
        ctx, numbers, out, flag = self.ctx, self.numbers, self.out, self._cancel

        def work(progress):  # noqa: ANN001, ANN202 (runs in the pool)
            return bundles.export_cases(ctx, numbers, out, progress, flag.is_set)

        run_in_background(ctx, work, self._succeeded, self._failed, self._progressed)

    def _progressed(self, done: int, total: int) -> None:
        if total and not self._cancel.is_set():
            self.progress.setValue(int(done * STEPS / total))

    def _succeeded(self, path: Path) -> None:
        self.progress.close()
        self._tell(QMessageBox.Icon.Information, f"Exported {self._what()} to\n{path}")
        self.finished.emit(path)

    def _failed(self, exc: Exception) -> None:
        self.progress.close()
        if not isinstance(exc, bundles.ExportCancelled):
            self._tell(QMessageBox.Icon.Warning, f"The export failed: {exc}")
        self.finished.emit(None)

    def _tell(self, icon: QMessageBox.Icon, text: str) -> None:
        self.message = QMessageBox(icon, "Export case file", text, parent=self.parent())
        self.message.open()  # not exec(): the window stays responsive


def default_name(numbers: list[str]) -> str:
    return f"{numbers[0]}.zip" if len(numbers) == 1 else f"cases-{len(numbers)}.zip"


def export_cases(
    parent_window: QWidget, ctx: AppContext, numbers: list[str], out: Path | None = None
) -> ExportRun | None:
    """Ask where to save (unless ``out`` is given) and start exporting ``numbers``."""
    if not numbers:
        QMessageBox.information(parent_window, "Export case file", "Select a case to export.")
        return None
    if out is None:
        chosen = file_dialogs.save_file(
            parent_window, "Export case file", default_name(numbers), "Case bundle (*.zip)"
        )
        if not chosen:
            return None
        out = Path(chosen if chosen.lower().endswith(".zip") else chosen + ".zip")
    run = ExportRun(parent_window, ctx, numbers, out)
    run.start()
    return run
