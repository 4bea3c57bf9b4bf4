"""'Waiting for another Case Manager…' with Cancel, while another program holds the write lock.

The context calls ``on_wait`` about once a second while a write waits for the
lock (see ``AppContext._begin``). A write made on the GUI thread blocks the
event loop, so the notice keeps itself painted and its Cancel clickable by
processing events from inside that call (the notice is application-modal: no
other window takes input meanwhile). A write from a background job only asks
the GUI thread, through a queued signal, to show the notice. Either way Cancel
makes the next call raise ``WaitCancelled``: the step ends with nothing saved
and the user's input is still in the form. The notice hides itself once the
waits stop coming.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from ui.base_dialog import BaseDialog

QUIET_S = 2.5  # no wait heard for this long (the context asks every second): the write got in


class WaitCancelled(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Cancelled while another Case Manager was writing: nothing was saved from this "
            "step; your input is still here, try again in a moment."
        )


class WaitDialog(BaseDialog):
    modality = Qt.WindowModality.ApplicationModal
    default_size = (460, 140)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitNotice")
        self.setWindowTitle("Waiting")
        self.text = QLabel()
        self.text.setObjectName("waitText")
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


class WaitNotice(QObject):
    """Set as ``ctx.on_wait``; shows the notice while writes wait, raises once cancelled."""

    _heard = Signal(str)  # from a worker thread: show the notice on the GUI thread

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialog = WaitDialog(parent)
        self.dialog.cancel_button.clicked.connect(self.cancel)
        self.dialog.rejected.connect(self.cancel)  # Escape or the close box
        self._cancelled = threading.Event()
        self._last = 0.0
        self._started = 0.0
        self._heard.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._maybe_hide)

    def install(self, ctx: AppContext) -> WaitNotice:
        ctx.on_wait = self
        return self

    def __call__(self, message: str) -> None:
        now = time.monotonic()
        if now - self._last > QUIET_S:  # a new wait: an old Cancel does not carry over
            self._cancelled.clear()
            self._started = now
        self._last = now
        if self._cancelled.is_set():
            raise WaitCancelled()
        if QThread.currentThread() is self.thread():
            self._show(message)
            # The loop is blocked in this write: keep the notice alive for the next second.
            deadline = time.monotonic() + 0.2
            while time.monotonic() < deadline and not self._cancelled.is_set():
                QCoreApplication.processEvents()
                time.sleep(0.02)
            if self._cancelled.is_set():
                raise WaitCancelled()
        else:
            self._heard.emit(message)

    def _show(self, message: str) -> None:
        waited = int(time.monotonic() - self._started)
        text = message[0].upper() + message[1:]
        self.dialog.text.setText(
            f"{text}\n\nWaited {waited} s. Cancel to stop this step without saving it."
        )
        if not self.dialog.isVisible() and not self._cancelled.is_set():
            self.dialog.show()
            self.timer.start()

    def cancel(self) -> None:
        self._cancelled.set()
        self.dialog.hide()

    def _maybe_hide(self) -> None:
        if time.monotonic() - self._last > QUIET_S:
            self.timer.stop()
            self.dialog.hide()

    @property
    def showing(self) -> bool:
        return self.dialog.isVisible()
