"""The automatic copy when the window closes: off the GUI thread, with progress and Skip.

At ``aboutToQuit`` the event loop has already ended, so a copy taken there froze the
screen with no word and no way out (past 40 s on a file of several GB). The main
window's close therefore waits here instead: the copy runs in the pool, a small modal
dialog counts its pages, Skip stops it (no file is kept, earlier copies stay), and the
window closes when it is over, whatever happened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from casemanager.services.context import AppContext
from casemanager.services.files import backups
from casemanager.services.files.backups import BackupStopped, CheckStop
from ui.export_progress import progress_dialog
from ui.workers import run_in_background

TITLE = "Backing up"
TEXT = "Backing up before closing…"
SHOW_AFTER_MS = 300  # a copy this quick closes the window without a dialog


class QuitBackup:
    """One quit copy; ``finished`` is called once, on the GUI thread, when it is over."""

    def __init__(self, parent: QWidget, ctx: AppContext, finished: Callable[[], None]) -> None:
        self.ctx = ctx
        self.parent = parent
        self._finished = finished
        self.stop = CheckStop()
        self.result: Path | Exception | None = None  # the copy, or why there is none
        self.failure_box: QMessageBox | None = None
        self.dialog = progress_dialog(parent, TITLE, TEXT, "Skip", SHOW_AFTER_MS, 380)
        self.dialog.canceled.connect(self.skip)

    def start(self) -> None:
        ctx, stop = self.ctx, self.stop
        run_in_background(
            ctx,
            lambda progress: backups.auto_backup(ctx, "quit", progress, stop),
            self._done,
            self._broke,
            self._progressed,
        )

    def skip(self) -> None:
        """Stop the copy: its partial file is removed, the earlier copies stay."""
        self.stop.request()
        self.dialog.setLabelText("Skipping the backup…")

    def _progressed(self, done: int, pages: int) -> None:
        if self.stop.requested:
            return
        if done >= pages:  # every page copied: the quick check of the copy reads them again
            self.dialog.setLabelText(f"{TEXT}\nChecking the copy…")
            self.dialog.setRange(0, 0)
            return
        self.dialog.setLabelText(f"{TEXT}\nCopying the database…")
        self.dialog.setMaximum(max(pages, 1))
        # Last: on a modal dialog setValue runs queued events, later reports among them.
        self.dialog.setValue(done)

    def _done(self, path: Path | None) -> None:
        self.result = path
        self._close()
        self._finished()

    def _broke(self, exc: Exception) -> None:
        self.result = exc
        self._close()
        if isinstance(exc, BackupStopped):
            self._finished()
            return
        # Said, never in the way: the window closes once this is read.
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            TITLE,
            f"The backup before closing failed: {exc}\n\nThe earlier backups are kept.",
            QMessageBox.StandardButton.Ok,
            self.parent,
        )
        box.setObjectName("quitBackupFailed")
        box.finished.connect(lambda _result: self._finished())
        box.open()
        self.failure_box = box

    def _close(self) -> None:
        self.dialog.canceled.disconnect(self.skip)  # closing it is no Skip
        self.dialog.close()
