"""Bring the window that already has a database open to the front.

The file lock in ``casemanager.store.instance_lock`` decides who owns a
database; this local socket only lets a second start ask the owner to show
itself instead of leaving the user guessing.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"


def server_name(db_key: str) -> str:
    return "casemanager-" + hashlib.sha256(db_key.encode("utf-8")).hexdigest()[:20]


class InstanceServer(QObject):
    """Listens for later starts on the same database."""

    raise_requested = Signal()

    def __init__(self, db_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        name = server_name(db_key)
        QLocalServer.removeServer(name)  # a crashed owner may have left its socket file
        self._server.listen(name)
        self._server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        socket = self._server.nextPendingConnection()
        if socket is None:
            return
        socket.readyRead.connect(lambda: self._on_ready(socket))

    def _on_ready(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()
        socket.disconnectFromServer()


def ask_owner_to_raise(db_key: str, timeout_ms: int = 500) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_key))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True
