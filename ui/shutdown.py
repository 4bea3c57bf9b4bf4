"""A clean end however the application is ended: Quit, log-out or SIGTERM (shutdown).

The session manager's ``commitDataRequest`` and a SIGTERM/SIGHUP both save the
window's layout and quit the event loop; ``run`` then closes the database (the
SQLite WAL checkpointed into the file) and releases the seat lock. A signal is
seen by Python only when it runs, so the signal's byte is written to a socket
that the event loop watches.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QGuiApplication

SIGNALS = tuple(s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


class Shutdown(QObject):
    """Ends the application cleanly on SIGTERM/SIGHUP and at the end of the session."""

    def __init__(self, app: QGuiApplication, save: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self.app = app
        self.save = save
        self.saved = False
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {s: signal.signal(s, lambda *_: None) for s in SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._signalled)
        app.commitDataRequest.connect(lambda _manager: self.save_once())
        app.aboutToQuit.connect(self.save_once)

    def save_once(self) -> None:
        if not self.saved and self.save is not None:
            self.saved = True
            self.save()

    def _signalled(self, *_: object) -> None:
        try:
            self._reader.recv(64)
        except BlockingIOError:
            return
        self.save_once()
        self.app.quit()

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()
