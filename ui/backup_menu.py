"""File menu entries for backups and exports, and the automatic backups on start and quit.

``install(window)`` adds Back Up Now, Restore…, Export CSV… and Export
Calendar… to the main window's File menu (before Settings) and takes the
automatic copies. The work runs off the GUI thread; each ``*_to`` / ``*_from``
method starts it for a path already chosen, so tests need no file dialogs.

The quit copy is taken once: when the window closes (``before_close``, with a
progress dialog, see ``ui.quit_backup``), else at ``aboutToQuit`` when the
application ends without closing it (SIGTERM at log-out). Either is skipped when
nothing changed since the newest automatic copy still in the folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

from casemanager.errors import DomainError
from casemanager.services.files import backups
from ui import file_dialogs
from ui.case_list.model import COLUMNS
from ui.export_progress import ExportProgress
from ui.quit_backup import QuitBackup
from ui.workers import run_in_background

if TYPE_CHECKING:
    from ui.main_window import MainWindow

STATUS_MS = 8000
START_BACKUP_DELAY_MS = 5000


class BackupMenu:
    """Owns the backup and export actions of one main window."""

    def __init__(self, window: MainWindow, automatic: bool = False) -> None:
        self.window = window
        self.ctx = window.ctx
        self.automatic_copies = automatic
        self.last_result: object = None  # of the last finished job (for tests)
        self.export_progress: ExportProgress | None = None
        self.start_stop = backups.CheckStop()  # the start copy gives way to the quit copy
        self.quit_backup: QuitBackup | None = None
        self.quit_copy_taken = False
        self.backup_action = self._action("&Back Up Now", self.back_up_now)
        self.restore_action = self._action("&Restore from Backup…", self.restore_chosen)
        self.csv_action = self._action("Export List as &CSV…", self.export_csv_chosen)
        self.ics_action = self._action("Export &Deadlines to Calendar…", self.export_ics_chosen)
        file_menu = window.menuBar().actions()[0].menu()
        before = window.settings_action
        for action in (self.backup_action, self.restore_action, self.csv_action, self.ics_action):
            file_menu.insertAction(before, action)
        file_menu.insertSeparator(self.csv_action)
        file_menu.insertSeparator(before)

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        return action

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    def _failed(self, title: str, exc: Exception) -> None:
        QMessageBox.warning(self.window, title, str(exc))

    # -- automatic copies ------------------------------------------------------

    def automatic(self, reason: str) -> Path | None:
        """The start or quit copy; a failure is reported but never stops the app."""
        try:
            path = backups.auto_backup(self.ctx, reason)
        except (DomainError, OSError) as exc:
            self._status(f"Automatic backup failed: {exc}")
            return None
        if path is not None:
            self._status(f"Backed up to {path}")
        return path

    def automatic_in_background(self) -> None:
        """The start copy, in the pool; nothing is said when nothing changed since the last."""
        if self.quit_copy_taken or self.quit_backup is not None:
            return  # closing already: the quit copy holds everything
        ctx, stop = self.ctx, self.start_stop
        run_in_background(
            ctx,
            lambda: backups.auto_backup(ctx, "start", stop=stop),
            lambda path: self._status(f"Backed up to {path}") if path else None,
            lambda exc: (
                None
                if isinstance(exc, backups.BackupStopped)
                else self._status(f"Automatic backup failed: {exc}")
            ),
        )

    def before_close(self) -> bool:
        """Called as the window closes: True to close now; False while the quit copy runs
        (the window is closed again when it is over)."""
        if not self.automatic_copies or self.quit_copy_taken or self.ctx.db.is_closed():
            return True
        if self.quit_backup is not None:
            return False  # a second close while the copy runs
        self.start_stop.request()  # a start copy still running: the quit copy replaces it
        try:
            due = backups.covering_auto_copy(self.ctx) is None
        except Exception:  # a damaged file, a lost folder: the copy itself says what is wrong
            due = True
        if not due:
            self.quit_copy_taken = True
            return True
        self.quit_backup = QuitBackup(self.window, self.ctx, self._quit_copy_over)
        self.quit_backup.start()
        return False

    def _quit_copy_over(self) -> None:
        self.quit_copy_taken = True
        self.window.close()

    def _quitting(self) -> None:
        """aboutToQuit: the quit copy, unless the window's close took it (or is taking it)."""
        self.start_stop.request()
        if self.quit_backup is not None and not self.quit_copy_taken:
            self.quit_backup.stop.request()  # the loop is gone: its dialog can show no more
        if self.quit_copy_taken or self.quit_backup is not None or self.ctx.db.is_closed():
            return
        self.quit_copy_taken = True
        self.automatic("quit")

    # -- on demand (off the GUI thread) ---------------------------------------

    def _run(self, title: str, work, done) -> None:
        """Run ``work`` in the pool with the entries disabled; ``done(result)`` on success."""
        for action in self.actions():
            action.setEnabled(False)
        self._status(f"{title}…")

        def finished(result) -> None:
            self._enable()
            self.last_result = result
            done(result)

        def failed(exc: Exception) -> None:
            self._enable()
            self.last_result = None
            self.window.statusBar().clearMessage()
            self._failed(title, exc)

        run_in_background(self.window.ctx, work, finished, failed)

    def _run_export(self, title: str, work, done) -> None:
        """Like ``_run``, with a progress dialog whose Cancel stops the export."""
        for action in self.actions():
            action.setEnabled(False)
        self.export_progress = ExportProgress(self.window, title, f"{title}…")

        def finished(result) -> None:
            self._enable()
            self.last_result = result
            done(result)

        def failed(exc: Exception) -> None:
            self._enable()
            self.last_result = None
            self._failed(title, exc)

        def gave_up() -> None:
            self._enable()
            self.last_result = None
            self._status(f"{title}: cancelled; no file was written")

        self.export_progress.start(self.ctx, work, finished, failed, gave_up)

    def _enable(self) -> None:
        for action in self.actions():
            action.setEnabled(True)

    def actions(self) -> tuple[QAction, ...]:
        return (self.backup_action, self.restore_action, self.csv_action, self.ics_action)

    def back_up_now(self) -> None:
        ctx = self.ctx
        self._run(
            "Back up now",
            lambda: backups.backup_now(ctx),
            lambda path: self._status(f"Backed up to {path}"),
        )

    def restore_chosen(self) -> None:
        folder = str(backups.backup_folder(self.ctx))
        name = file_dialogs.open_file(
            self.window,
            "Restore from backup",
            "Case Manager backups (*.sqlite3 *.pgdump)",
            folder,
        )
        if not name:
            return
        answer = QMessageBox.question(
            self.window,
            "Restore from backup",
            f"Replace every case with the contents of {Path(name).name}?\n\n"
            "The current database is kept aside first, so nothing is lost.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_from(Path(name))

    def restore_from(self, path: Path) -> None:
        """Restore ``path`` (current data kept aside), then show the restored cases."""
        ctx = self.ctx

        def done(aside: Path) -> None:
            self.window.refresh()
            self._status(f"Restored {path.name}; the previous database is kept as {aside.name}")

        self._run("Restore from backup", lambda: backups.restore(ctx, path), done)

    # -- exports ---------------------------------------------------------------

    def visible_columns(self) -> list[str]:
        """The list's columns as shown (hidden ones left out, moved ones in their place)."""
        header = self.window.case_list.table.horizontalHeader()
        shown = [i for i in range(len(COLUMNS)) if not header.isSectionHidden(i)]
        return [COLUMNS[i][1] for i in sorted(shown, key=header.visualIndex)]

    def export_csv_chosen(self) -> None:
        name = file_dialogs.save_file(self.window, "Export list as CSV", "cases.csv", "CSV (*.csv)")
        if name:
            self.export_csv_to(Path(name))

    def export_csv_to(self, path: Path) -> None:
        from casemanager.services.files import case_csv  # imported on first export

        """The list as shown now (filter, order, visible columns) to ``path``."""
        ctx, model, columns = self.ctx, self.window.case_list.model, self.visible_columns()
        flt, key, descending = model.filter, model.sort_key, model.descending
        self._run_export(
            "Export list as CSV",
            lambda progress, cancelled: case_csv.export_case_list(
                ctx, path, flt, columns, key, descending, progress, cancelled
            ),
            lambda count: self._status(f"{count:,} case(s) exported to {path}"),
        )

    def export_ics_chosen(self) -> None:
        name = file_dialogs.save_file(
            self.window, "Export deadlines to calendar", "deadlines.ics", "iCalendar (*.ics)"
        )
        if name:
            self.export_ics_to(Path(name))

    def export_ics_to(self, path: Path) -> None:
        from casemanager.services.files import calendar_export  # imported on first export

        ctx = self.ctx
        self._run_export(
            "Export deadlines to calendar",
            lambda progress, cancelled: calendar_export.export_deadlines(
                ctx, path, progress, cancelled
            ),
            lambda count: self._status(f"{count:,} open deadline(s) exported to {path}"),
        )


def install(
    window: MainWindow, automatic: bool = True, start_delay_ms: int = START_BACKUP_DELAY_MS
) -> BackupMenu:
    """Add the menu entries; with ``automatic``, back up now and again when the app quits."""
    menu = BackupMenu(window, automatic)
    if automatic:
        # The start copy waits until the window is up and runs in the pool: copying a
        # large database must not delay the first screen.
        QTimer.singleShot(start_delay_ms, window, menu.automatic_in_background)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(menu._quitting)
    return menu
