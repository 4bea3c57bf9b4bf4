"""'Opening cases.sqlite3 …' with the step and the time so far, while a long open runs.

Opening a sound, current file takes milliseconds and shows nothing here. The
whole-file check after an unclean end, the backup before an upgrade, the upgrade
itself and filling what it added can take minutes on a large file (filling the
reminder flags of a million cases took five), and until now the screen stayed
empty meanwhile. The open runs on a thread of its own; if it has not finished
after ``SHOW_AFTER_MS``, a small window names the step it is on (the context says
each as it begins) and counts the time. Only the check can be stopped, and
stopping it quits (it only reads, and the next start checks again); every other
step either finishes or leaves the file as it was. What the open raised is raised again on the GUI
thread, so the caller handles a damaged file as before.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from casemanager import APP_NAME, display
from casemanager.services.context import OPENING_STEPS

if TYPE_CHECKING:
    from casemanager.services.files.backups import CheckStop

SHOW_AFTER_MS = 400
T = TypeVar("T")


class OpeningNotice(QWidget):
    """The small window itself: which file, which step, how long so far."""

    def __init__(self, name: str, stop: CheckStop | None = None) -> None:
        super().__init__(None, Qt.WindowType.Dialog)
        self.setWindowTitle(APP_NAME)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.started = time.monotonic()
        layout = QVBoxLayout(self)
        title = QLabel(f"Opening {name}")
        title.setStyleSheet("font-weight: bold")
        self.step = QLabel("Opening the database…")
        self.step.setWordWrap(True)
        bar = QProgressBar()
        bar.setRange(0, 0)  # the steps cannot say how far they are: a busy bar
        bar.setTextVisible(False)
        self.clock = QLabel()
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight)
        for widget in (title, self.step, bar, self.clock):
            layout.addWidget(widget)
        # Shown only while the whole file is checked: the one step that can be stopped.
        self.stop_button = QPushButton("&Stop Checking and Quit")
        self.stop_button.setToolTip("The check only reads the file; the next start checks again.")
        self.stop_button.hide()
        self._stop = stop
        if stop is not None:
            self.stop_button.clicked.connect(self._stop_check)
            layout.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(440)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_time)
        self._show_time()

    def show_step(self, sentence: str) -> None:
        self.step.setText(sentence)
        self.stop_button.setVisible(self._stop is not None and sentence == OPENING_STEPS["check"])

    def _stop_check(self) -> None:
        self.stop_button.setEnabled(False)
        self.step.setText("Stopping the check…")
        self._stop.request()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._tick.start()
        area = self.screen().availableGeometry()  # no window of ours to centre on yet
        self.move(area.center() - self.rect().center())
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._tick.isActive():  # the user's close: the open goes on, so does the notice
            event.ignore()
            return
        super().closeEvent(event)

    def finish(self) -> None:
        self._tick.stop()
        self.close()

    def _show_time(self) -> None:
        seconds = dt.timedelta(seconds=time.monotonic() - self.started)
        self.clock.setText(f"{display.span(seconds)} so far")


class _Relay(QObject):
    """Lives on the GUI thread: the opening thread's emits arrive queued."""

    step = Signal(str)
    done = Signal()


def open_with_notice(
    opening: Callable[[Callable[[str], None]], T],
    name: str,
    show_after_ms: int = SHOW_AFTER_MS,
    stop: CheckStop | None = None,
) -> T:
    """``opening(on_step)`` on its own thread, with the notice shown if it takes long;
    ``stop``: the one the opening's whole-file check listens to (the notice's button)."""
    relay = _Relay()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["value"] = opening(relay.step.emit)
        except BaseException as exc:  # raised again below, on the GUI thread
            outcome["error"] = exc
        finally:
            relay.done.emit()

    notice = OpeningNotice(name, stop)
    loop = QEventLoop()
    relay.step.connect(notice.show_step)
    relay.done.connect(loop.quit)
    later = QTimer(singleShot=True, interval=show_after_ms)
    later.timeout.connect(notice.show)
    thread = threading.Thread(target=work, name="opening the database", daemon=True)
    later.start()
    thread.start()
    loop.exec()
    thread.join()
    later.stop()
    notice.finish()
    notice.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
