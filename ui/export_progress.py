"""A long export (CSV of the list, the calendar) with a progress dialog and Cancel.

The work runs in the pool as ``work(progress, cancelled)``; Cancel sets a flag it
polls every thousand rows, and a cancelled export leaves no file behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from casemanager.services.context import AppContext
from casemanager.services.files.streaming import ExportCancelled
from ui.workers import run_in_background

SHOW_AFTER_MS = 400  # a quick export shows no dialog at all


def progress_dialog(
    parent: QWidget, title: str, text: str, button: str, show_after_ms: int, width: int
) -> QProgressDialog:
    """A window-modal progress dialog that appears only if the work outlasts
    ``show_after_ms`` and stays open until closed (its owner decides when it is over)."""
    dialog = QProgressDialog(text, button, 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(width)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


class ExportProgress:
    """One running export; ``dialog`` is its progress dialog (hidden while quick)."""

    def __init__(self, parent: QWidget, title: str, text: str) -> None:
        self._cancel = threading.Event()
        self.last: tuple[int, int] = (0, 0)  # the latest (done, total) heard
        self.dialog = progress_dialog(parent, title, text, "Cancel", SHOW_AFTER_MS, 420)
        self.dialog.canceled.connect(self.cancel)

    def cancel(self) -> None:
        self._cancel.set()
        self.dialog.setLabelText("Cancelling…")

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(
        self,
        ctx: AppContext,
        work: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
        gave_up: Callable[[], None],
    ) -> None:
        """Run ``work``; then ``done(result)``, ``gave_up()`` after Cancel, or ``failed(exc)``."""

        def finished(result: Any) -> None:
            self._close()
            done(result)

        def broke(exc: Exception) -> None:
            self._close()
            if isinstance(exc, ExportCancelled):
                gave_up()
            else:
                failed(exc)

        cancelled = self.cancelled
        run_in_background(
            ctx,
            lambda progress: work(progress, cancelled),
            finished,
            broke,
            self._progressed,
        )

    def _close(self) -> None:
        self.dialog.canceled.disconnect(self.cancel)  # closing it is no Cancel
        self.dialog.close()

    def _progressed(self, done: int, total: int) -> None:
        if self.cancelled():
            return
        self.last = (done, total)
        self.dialog.setLabelText(f"{done:,} of {total:,} written…")
        self.dialog.setMaximum(max(total, 1))
        # Last: on a modal dialog setValue runs queued events, later reports among them.
        self.dialog.setValue(min(done, total))
