"""The whole-file check of the database, run after the window is up instead of before.

Opening stays as fast at 300,000 cases as at 100; the check reads every page in a
worker through its own read-only connection and reports in the status bar. Damage
found refuses every later write (the context raises a storage fault naming it).
Quitting stops it: a million cases read from the disk take minutes to check, and
the application would wait for it, then end with the check still running.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from casemanager.services.context import AppContext
from casemanager.services.files.backups import CheckStop, CheckStopped
from ui import theme
from ui.workers import run_in_background

CHECKING = "Checking the database…"
SOUND = "Database checked: sound."
MESSAGE_MS = 8000


def damaged_text(problems: list[str]) -> str:
    return (
        f"The database is damaged ({problems[0]}): nothing more will be saved. "
        "Restore the newest backup."
    )


def start(window: QMainWindow, ctx: AppContext) -> CheckStop:
    """Check in the background; the status bar says when it is done and what it found.
    The returned stop ends the check early (the application quitting requests it)."""
    bar = window.statusBar()
    bar.showMessage(CHECKING)

    def done(problems: list[str]) -> None:
        if problems:
            bar.clearMessage()
            label = QLabel(damaged_text(problems))  # permanent: every later save is refused
            label.setObjectName("damageLabel")
            label.setStyleSheet(theme.error_style())
            bar.addPermanentWidget(label)
        else:
            bar.showMessage(SOUND, MESSAGE_MS)

    def failed(exc: Exception) -> None:
        if not isinstance(exc, CheckStopped):  # stopped: the application is ending
            bar.showMessage(f"The database check could not run: {exc}", MESSAGE_MS)

    stop = CheckStop()
    QApplication.instance().aboutToQuit.connect(stop.request)
    run_in_background(ctx, lambda: ctx.check_in_background(stop), done, failed, owner=window)
    return stop
