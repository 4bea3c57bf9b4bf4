"""A long session does not abort because Qt's bindings drop references to None and True."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True,
        cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip


CALLS = textwrap.dedent(
    """
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QWidget

    class Sender(QObject):
        done = Signal(int)

    widget, sender = QWidget(), Sender()
    for _ in range(calls):
        widget.update()  # returns nothing: the binding drops a reference to None
        sender.done.emit(1)  # the binding drops a reference to True
    print("alive")
    """
)


def test_the_application_survives_more_calls_than_none_had_references():
    """After make_application, more void Qt calls and signals than None and True had
    references do not abort the application."""
    done = _run(
        "import sys\ncalls = max(sys.getrefcount(None), sys.getrefcount(True)) + 20_000\n"
        "from ui.app import make_application\napp = make_application()\n" + CALLS
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["alive"]


def test_without_the_guard_the_same_calls_abort():
    """The bindings still drop references (else the guard would be dead code to remove)."""
    done = _run(
        "import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
        "calls = max(sys.getrefcount(None), sys.getrefcount(True)) + 20_000\n" + CALLS
    )
    assert done.returncode != 0 and "deallocating" in done.stderr
