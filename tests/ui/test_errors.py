"""Uncaught errors in the GUI: written to the log with their traceback and shown, once."""

from __future__ import annotations

import threading
import uuid

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from casemanager.errors import DomainError
from casemanager.services.admin import diagnostics
from ui import errors
from ui.app import make_application

# pytest-qt would otherwise take the exceptions itself and fail the test.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def reporter(qtbot, tmp_path):
    make_application()
    installed = errors.install(tmp_path / "logs" / "casemanager.log")
    yield installed
    installed.uninstall()
    if installed.box is not None:
        installed.box.done(0)
    diagnostics.stop_logging()


def _error_dialogs() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]


def _log_text(reporter: errors.ErrorReporter) -> str:
    return reporter.log_file.read_text(encoding="utf-8")


def test_an_exception_in_a_slot_is_logged_and_shown(qtbot, reporter):
    """A bug behind a button gives a dialog naming the log, and the log has the traceback."""
    marker = f"boom-{uuid.uuid4().hex}"

    def broken_slot() -> None:
        raise RuntimeError(marker)

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: reporter.box is not None, timeout=3000)
    box = reporter.box
    assert "Something went wrong" in box.text()
    assert str(reporter.log_file) in box.informativeText() and marker in box.informativeText()
    assert _error_dialogs() == [box]
    log = _log_text(reporter)
    assert "Traceback (most recent call last)" in log
    assert f"RuntimeError: {marker}" in log and "broken_slot" in log
    box.button(QMessageBox.StandardButton.Close).click()
    qtbot.waitUntil(lambda: reporter.box is None, timeout=3000)
    assert _error_dialogs() == []


def test_a_storm_of_errors_shows_one_dialog_and_logs_them_all(qtbot, reporter):
    """A timer failing again and again leaves one dialog that counts the rest."""

    def failing() -> None:
        raise ValueError("again")

    for _ in range(5):
        QTimer.singleShot(0, failing)
    qtbot.waitUntil(lambda: reporter.more == 4, timeout=3000)
    assert len(_error_dialogs()) == 1
    assert "4 more error(s)" in reporter.box.informativeText()
    assert _log_text(reporter).count("ValueError: again") == 5
    reporter.box.done(0)
    QTimer.singleShot(0, failing)  # after closing, the next error is shown again
    qtbot.waitUntil(lambda: reporter.box is not None, timeout=3000)
    assert reporter.more == 0


def test_an_exception_in_a_worker_thread_reaches_the_dialog(qtbot, reporter):
    """A thread that dies of a bug is not silent: logged there, shown on the GUI thread."""

    def work() -> None:
        raise KeyError("lost-in-thread")

    thread = threading.Thread(target=work, name="export-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.box is not None, timeout=3000)
    assert "lost-in-thread" in reporter.box.informativeText()
    log = _log_text(reporter)
    assert "export-worker" in log and "KeyError: 'lost-in-thread'" in log


def test_an_uncaught_refusal_is_shown_as_its_message(qtbot, reporter):
    """A domain error no slot caught shows its one-line message, not 'something went wrong'."""

    def refuse() -> None:
        raise DomainError("needs a time zone", field="received_at")

    QTimer.singleShot(0, refuse)
    qtbot.waitUntil(lambda: reporter.box is not None, timeout=3000)
    assert reporter.box.text() == "This was not done."
    assert "received_at: needs a time zone" in reporter.box.informativeText()


def test_uninstall_puts_the_previous_hooks_back(qtbot, tmp_path):
    """Closing the application leaves Python's hooks as they were."""
    import sys

    make_application()
    before, before_thread = sys.excepthook, threading.excepthook
    installed = errors.install(tmp_path / "x.log")
    assert sys.excepthook == installed.excepthook
    installed.uninstall()
    diagnostics.stop_logging()
    assert (sys.excepthook, threading.excepthook) == (before, before_thread)
