"""Errors nobody caught: logged with their traceback, then shown, one dialog at a time.

``install`` replaces ``sys.excepthook`` (exceptions in slots and in Qt's pool
threads end there) and ``threading.excepthook`` (Python threads). The hook may
run on any thread: it writes the log at once, then hands the dialog to the GUI
thread through a queued signal. While one dialog is open, later errors only
add a count to it, so a failing timer cannot bury the window in dialogs.
"""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from casemanager import APP_NAME
from casemanager.errors import DomainError
from casemanager.services.admin import diagnostics

TITLE = f"{APP_NAME}: error"


class ErrorReporter(QObject):
    """Owns the hooks it installed and the one dialog it may be showing."""

    arrived = Signal(str, str, bool)  # text, traceback, whether it is a domain error

    def __init__(self, log_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.box: QMessageBox | None = None
        self.more = 0  # errors that arrived while the dialog was open
        self._first = ""
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.arrived.connect(self._show)

    # -- hooks (any thread) --------------------------------------------------

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        try:
            diagnostics.log_unexpected(exc_type, exc, tb, threading.current_thread().name)
        except Exception:  # a full disk must not hide the error itself
            self._previous_hook(exc_type, exc, tb)
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        if isinstance(exc, DomainError):
            self.arrived.emit(str(exc), details, True)
        else:
            self.arrived.emit(f"{exc_type.__name__}: {exc}", details, False)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def uninstall(self) -> None:
        """Put back the hooks found at ``install`` (tests, shutdown)."""
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self.thread_hook:
            threading.excepthook = self._previous_thread_hook

    # -- the dialog (GUI thread) ---------------------------------------------------

    def _show(self, text: str, details: str, refused: bool) -> None:
        if self.box is not None:
            self.more += 1
            self.box.setInformativeText(self._informative(self._first) + self._more_line())
            return
        self._first = text
        heading = "This was not done." if refused else "Something went wrong."
        icon = QMessageBox.Icon.Warning if refused else QMessageBox.Icon.Critical
        box = QMessageBox(icon, TITLE, heading)
        box.setObjectName("errorDialog")
        box.setInformativeText(self._informative(text))
        box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self.box = box
        box.show()  # not exec(): the hook may run inside another dialog's event loop

    def _informative(self, text: str) -> str:
        return f"{text}\n\nThe details were written to {self.log_file}"

    def _more_line(self) -> str:
        return f"\n\n{self.more} more error(s) since then; all are in the log."

    def _closed(self, _result: int) -> None:
        self.box = None
        self.more = 0


def install(log_file: Path | None = None) -> ErrorReporter:
    """Start the log file (default: in the data folder) and route every uncaught
    exception to it and to a dialog; call on the GUI thread, after the QApplication."""
    reporter = ErrorReporter(diagnostics.configure_logging(log_file))
    sys.excepthook = reporter.excepthook
    threading.excepthook = reporter.thread_hook
    return reporter
